/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detectors scored against a person's labels: per label kind that
 * names a detector (SlLabelKind.detector: event kinds, separated by
 * commas), a detection is a true positive when it matches one of the
 * annotator's labels one to one by overlap (sl-event-match.h, as
 * `sightline evaluate` counts), within the stretches the annotator
 * covered; a detection outside them is not judged.
 *
 * Accepted and adjusted detections are the detector's own output agreed
 * with, not independent ground truth: by default only labels drawn by
 * hand and labels made blind (with the detections hidden) count.
 * Rejected detections ("not a blink") are never ground truth; the
 * detections that match one are counted as confirmed false alarms.
 */
#pragma once

#include <glib.h>

#include "library/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *kind; /* the label kind; NULL for the total */
  guint detections, labels, matched;
  guint rejected;         /* detections an annotator rejected */
  guint ignored;          /* detections outside the coverage */
  double covered_s;       /* the time covered */
  double onset_error_sum; /* ms, detected start − labelled start, over the pairs */
} SlLabelScore;

void sl_label_score_free (SlLabelScore *score);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabelScore, sl_label_score_free)

double sl_label_score_precision (const SlLabelScore *s); /* NaN without detections */
double sl_label_score_recall (const SlLabelScore *s);    /* NaN without labels */
double sl_label_score_f1 (const SlLabelScore *s);
double sl_label_score_false_alarms_per_hour (const SlLabelScore *s);

/* Adds the scores of session @session_id's run @run_id (0: its last)
 * against @annotator's labels to @scores (SlLabelScore, one per kind, the
 * total last; empty to begin), only for label kind @kind when given.
 * @all_sources counts accepted and adjusted detections as labels too. */
gboolean sl_label_score_session (SlStore *store, gint64 session_id, gint64 run_id,
                                 const char *annotator, const char *kind, gboolean all_sources,
                                 GPtrArray *scores, GError **error);

/* The same over the library: every analysed session @annotator labelled;
 * @n_sessions (may be NULL) counts them.  FALSE with an error when there
 * is none. */
gboolean sl_label_score_library (SlStore *store, const char *annotator, const char *kind,
                                 gboolean all_sources, GPtrArray *scores, guint *n_sessions,
                                 GError **error);

G_END_DECLS
