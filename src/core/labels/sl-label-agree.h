/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How well two annotators agree on a session, within the stretches both
 * covered (SL_LABEL_COVERED):
 *
 * - Cohen's κ over time as BORIS computes it: the boundaries of both
 *   annotators' labels cut the time into elementary intervals, each coded
 *   per annotator by the kinds active in it (none, "blink",
 *   "blink+yawn"), and κ = (pₒ − pₑ) / (1 − pₑ) over those codes with
 *   each interval weighted by its duration.  Per kind the codes are that
 *   kind or not; over all kinds they are the sets.  Labels are frames, so
 *   durations are counted in frames (a point is its frame).
 * A rejected detection ("not a blink") says the kind is not there: it
 * counts as no label.
 * - Event F1 per kind: the two annotators' labels matched one to one by
 *   overlap with the one event matcher (sl-event-match.h);
 *   F1 = 2·matched / (labels of A + labels of B).
 */
#pragma once

#include <glib.h>

#include "base/sl-event-match.h"

G_BEGIN_DECLS

/* Where exactly one of the two annotators has a kind. */
typedef struct
{
  SlSpan frames;
  const char *kind; /* interned */
  gboolean by_a;    /* A has it and B does not; else the other way round */
} SlDisagreement;

typedef struct
{
  char *kind;      /* NULL: all kinds together */
  double kappa;    /* NaN when there is nothing to tell apart (pₑ = 1) */
  double observed; /* pₒ */
  double expected; /* pₑ */
  guint n_a, n_b;  /* their labels within the compared time */
  guint matched;
  double f1;               /* NaN when neither has a label */
  double onset_error_mean; /* frames, A's start − B's, over the pairs (NaN: none) */
} SlAgreement;

void sl_agreement_free (SlAgreement *agreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAgreement, sl_agreement_free)

typedef struct
{
  gint64 compared_frames; /* both covered */
  GPtrArray *kinds;       /* SlAgreement: all kinds first, then each kind by name */
  GArray *disagreements;  /* SlDisagreement, in time order */
} SlAgreementReport;

void sl_agreement_report_free (SlAgreementReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAgreementReport, sl_agreement_report_free)

/* The stretches @labels (SlLabel, one annotator's) mark as covered,
 * merged and in order; the whole session, frames 0 to @frame_count − 1,
 * when they mark none. */
GArray *sl_label_coverage (GPtrArray *labels, gint64 frame_count);

/* Compares @a with @b (SlLabel, each one annotator's, coverage labels
 * among them) on a session of @frame_count frames. */
SlAgreementReport *sl_label_agree (GPtrArray *a, GPtrArray *b, gint64 frame_count);

G_END_DECLS
