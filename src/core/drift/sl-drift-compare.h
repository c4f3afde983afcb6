/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two runs, or two sessions, side by side (docs/drift.md):
 *
 * - Two runs of one session (after changing a parameter or a model): the
 *   events added, removed and changed (pipeline/sl-what-if.h pairs them),
 *   and each signal's difference over the frames both analysed.
 * - Two sessions (one person on two days, or two people): each signal of
 *   the second's newest run measured against the first's as one window
 *   (sl-drift-session.h with the first session as the baseline and no
 *   window length), and their events per minute, kind by kind.
 */
#pragma once

#include "library/sl-store.h"
#include "pipeline/sl-what-if.h"
#include "sl-drift-session.h"

G_BEGIN_DECLS

typedef struct
{
  char *signal;
  gint64 both;              /* frames where both runs have a value */
  gint64 only_a, only_b;    /* frames where one has */
  gint64 differ;            /* of @both, frames whose values differ */
  double mean_abs, max_abs; /* |b − a| over @both; NaN when none */
  double mean_a, mean_b;
} SlSignalDiff;

typedef struct
{
  gint64 run_a, run_b, session_id;
  SlWhatIf *events; /* a's events as stored, b's as found */
  GArray *signals;  /* SlSignalDiff, by name */
} SlRunsComparison;

void sl_runs_comparison_free (SlRunsComparison *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRunsComparison, sl_runs_comparison_free)

/* Runs @run_a and @run_b of one session compared; NULL with an error for
 * a run that is not there, or runs of two sessions. */
SlRunsComparison *sl_drift_compare_runs (SlStore *store, gint64 run_a, gint64 run_b,
                                         GError **error);

typedef struct
{
  char *kind;
  guint n_a, n_b;
  double per_minute_a, per_minute_b;
} SlEventRate;

typedef struct
{
  SlDriftReport *drift; /* b against a, one window per signal */
  double minutes_a, minutes_b;
  GArray *rates; /* SlEventRate, by kind */
} SlSessionsComparison;

void sl_sessions_comparison_free (SlSessionsComparison *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSessionsComparison, sl_sessions_comparison_free)

/* Session @session_b against @session_a (their newest runs) in
 * @signals (NULL: the defaults both stored); NULL with an error a person
 * can act on. */
SlSessionsComparison *sl_drift_compare_sessions (SlStore *store, gint64 session_a, gint64 session_b,
                                                 const char *const *signals,
                                                 const SlDriftParams *params, GError **error);

/* The same two on a worker thread with a read-only connection of its
 * own to @library; no source object (as the library's jobs). */
void sl_drift_compare_runs_async (const char *library, gint64 run_a, gint64 run_b,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
SlRunsComparison *sl_drift_compare_runs_finish (GAsyncResult *result, GError **error);
void sl_drift_compare_sessions_async (const char *library, gint64 session_a, gint64 session_b,
                                      const char *const *signals, const SlDriftParams *params,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
SlSessionsComparison *sl_drift_compare_sessions_finish (GAsyncResult *result, GError **error);

G_END_DECLS
