/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One-to-one matching of detected events to reference events (annotations,
 * a labeler's corrections, another run) by their overlap in time: what
 * `sightline evaluate`, label scoring, what-if re-runs and run comparison
 * count as the same event.
 *
 * Pairs that overlap are taken largest overlap first (the smaller onset
 * error breaks ties, then the earlier event), each event in at most one
 * pair: a detection that spans two reference events matches one of them,
 * and the other is missed.  With @min_iou above 0, a pair must also share
 * at least that fraction of the union of its two spans.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stretch of frames, both ends included. */
typedef struct
{
  gint64 first;
  gint64 last;
} SlSpan;

typedef struct
{
  guint n_detected;
  guint n_reference;
  guint matched;     /* true positives */
  int *reference_of; /* per detection: its reference event, or -1 (a false positive) */
  int *detection_of; /* per reference event: its detection, or -1 (missed) */
  double
      onset_error_mean; /* frames, detected first − reference first, over the pairs (NaN: none) */
  double onset_error_abs; /* the mean of its absolute value (NaN: none) */
} SlEventMatch;

SlEventMatch *sl_event_match (const SlSpan *detected, guint n_detected, const SlSpan *reference,
                              guint n_reference, double min_iou);
void sl_event_match_free (SlEventMatch *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEventMatch, sl_event_match_free)

G_END_DECLS
