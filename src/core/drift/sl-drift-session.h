/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drift over a session's stored signals (docs/drift.md): the series of
 * each chosen signal read from a run, a baseline (the session's first
 * seconds, or other sessions' runs), and the decision of
 * sl-drift-detect.h over all of them together.
 */
#pragma once

#include <gio/gio.h>

#include "base/sl-explanation.h"
#include "library/sl-store.h"
#include "sl-drift-detect.h"

G_BEGIN_DECLS

/* The signal the face-found share is measured on: 1 on a frame with a
 * face, 0 on an analysed frame without one. */
#define SL_DRIFT_FACE_FOUND "face.found"

/* The signals measured when none are chosen. */
extern const char *const sl_drift_default_signals[];

typedef struct
{
  /* The session's first @first_s seconds; or (when @sessions holds any)
   * those sessions' newest runs, whole; or (@person) the newest runs of
   * the same person's sessions recorded before this one. */
  double first_s;
  GArray *sessions; /* gint64 */
  gboolean person;
} SlDriftBaseline;

void sl_drift_baseline_clear (SlDriftBaseline *baseline);
/* @from as a baseline of its own (its sessions copied), for another thread. */
SlDriftBaseline sl_drift_baseline_copy (const SlDriftBaseline *from);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlDriftBaseline, sl_drift_baseline_clear)
/* "first:120", "session:3,7" or "person"; FALSE with an error that says
 * what is accepted. */
gboolean sl_drift_baseline_parse (const char *spec, SlDriftBaseline *baseline, GError **error);
/* "the session's first 120 s", "sessions 3, 7". */
char *sl_drift_baseline_describe (const SlDriftBaseline *baseline);
/* "first:120", "session:3,7" or "person": what sl_drift_baseline_parse()
 * reads back. */
char *sl_drift_baseline_to_string (const SlDriftBaseline *baseline);

typedef struct
{
  gint64 session_id, run_id;
  double fps, duration_s;
  char *baseline; /* described */
  /* The baseline as the library keeps it: its definition for a subject
   * (the session's number; the person and the session, "ana, before
   * session 7"; or ""), the runs it resolved to
   * (SlBaselineRun), and, once kept, its id and version (else 0). */
  char *definition, *subject;
  GArray *baseline_runs;
  gint64 baseline_id;
  int baseline_version;
  GPtrArray *signals; /* SlDriftSignal, in the order chosen */
  GPtrArray *absent;  /* char *: default signals the run did not store */
  guint n_events;
  gint64 n_values;          /* analysed frames read per signal */
  double read_s, measure_s; /* seconds spent reading and measuring */
} SlDriftReport;

void sl_drift_report_free (SlDriftReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDriftReport, sl_drift_report_free)

/* Drift of @session_id's run @run_id (0: the newest) against @baseline
 * in @signals (NULL: the defaults that the run stored).  NULL with an
 * error a person can act on: a session not analysed, a signal the run
 * did not store, a recording shorter than its baseline, a baseline
 * session that is not in the library. */
SlDriftReport *sl_drift_session (SlStore *store, gint64 session_id, gint64 run_id,
                                 const SlDriftBaseline *baseline, const char *const *signals,
                                 const SlDriftParams *params, GCancellable *cancellable,
                                 GError **error);

/* Keeps @report's baseline in the library as a new version when the
 * runs it resolved to are not its newest version's, and names it in
 * @report; FALSE with an error (a library that cannot be written). */
gboolean sl_drift_report_keep_baseline (SlStore *store, SlDriftReport *report, GError **error);
/* "session 1 run 3 0–120 s, session 2 run 5": @runs (SlBaselineRun),
 * each stretch that is not a whole run with its seconds. */
char *sl_drift_describe_runs (GArray *runs);
/* "baseline 4, version 2: session 1 run 3, session 2 run 5" (or, not
 * kept, the runs alone), with each stretch that is not a whole run. */
char *sl_drift_report_describe_baseline (const SlDriftReport *report);

/* Why drift event @event of @report's signal @signal was found, in the one
 * schema of explanations (docs/explanations.md): kind "drift", its value
 * the deciding measure at its peak; the measures as inputs, the threshold
 * and how it was set, the windows as evidence, the false-alarm rate at
 * which it would not have been found, the parameters and the baseline. */
SlExplanation *sl_drift_report_explain (const SlDriftReport *report, guint signal, guint event,
                                        const SlDriftParams *params);

/* The processor and the kind drift events are stored under. */
#define SL_DRIFT_PROCESSOR "drift"
#define SL_DRIFT_VERSION "1.0"
/* @report's drift events as events of its run, of kind "drift", each
 * with its explanation (sl_drift_report_explain()) and as score its peak
 * over its threshold; an array of SlEvent. */
GPtrArray *sl_drift_report_events (const SlDriftReport *report, const SlDriftParams *params);
/* Keeps @report's drift events with its run's events, in place of those
 * an earlier drift of the run kept, so that the review shows them with
 * the rest; only for a run that is complete.  FALSE with an error that
 * says why not (a run under way, a library that cannot be written). */
gboolean sl_drift_report_keep_events (SlStore *store, const SlDriftReport *report,
                                      const SlDriftParams *params, GError **error);
/* The same on a worker thread with a read-only connection of its own to
 * @library; no source object (as the library's jobs). */
void sl_drift_session_async (const char *library, gint64 session_id, gint64 run_id,
                             const SlDriftBaseline *baseline, const char *const *signals,
                             const SlDriftParams *params, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
SlDriftReport *sl_drift_session_finish (GAsyncResult *result, GError **error);

G_END_DECLS
