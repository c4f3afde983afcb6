/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why one result happened: an event's or a score's explanation shown in
 * full.  The sentence; the signal around the event with the thresholds it
 * was held against and the person's baseline; the evidence frames as
 * thumbnails with the overlay that matters for the kind, each a button
 * that shows the frame; what was measured there and a low-trust badge
 * when it was poor; each input against its limit, in the signal's units
 * and in the person's own spread; a waterfall of a composite's parts; the
 * smallest change that would flip it (for a composite result, searched
 * with what-ifs, sl_what_if_flip), each with a button that tries it; and
 * the provenance (run, code,
 * processor, parameters, models) one click away.
 */
#pragma once

#include <gtk/gtk.h>

#include "base/sl-explanation.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_EXPLANATION_VIEW (sl_explanation_view_get_type ())
G_DECLARE_FINAL_TYPE (SlExplanationView, sl_explanation_view, SL, EXPLANATION_VIEW, GtkWidget)

GtkWidget *sl_explanation_view_new (void);
void sl_explanation_view_set_review (SlExplanationView *self, SlReview *review);

/* The run's stored series of the signals the explanations name (signal →
 * GArray of SlSample) and their σ (signal → double *): what the traces and
 * the margins in σ are drawn from.  Either may be NULL until read. */
void sl_explanation_view_set_series (SlExplanationView *self, GHashTable *series,
                                     GHashTable *spreads);

/* Shows event @event of the review's run and its explanation @x (NULL:
 * damaged, @error says why); NULL @event: nothing. */
void sl_explanation_view_show_event (SlExplanationView *self, const SlEvent *event,
                                     const SlExplanation *x, const char *error);
/* Shows score @x, of the review's session. */
void sl_explanation_view_show_score (SlExplanationView *self, const SlExplanation *x);

/* A value just past @change's value, where the result flips (1 % beyond;
 * for an integer parameter the next integer; inside the parameter's
 * range): what its "Try" button
 * tries.  The button emits "try-change" (param, value). */
double sl_explanation_change_past (const SlExplanation *x, const SlExplChange *change);

/* For tests: what it says in words, whether its evidence is still being
 * read, the button of its @i-th evidence frame (NULL: none), whether it
 * drew a trace (of which signal), and the low-trust badge's text (NULL:
 * hidden). */
const char *sl_explanation_view_get_text (SlExplanationView *self);
gboolean sl_explanation_view_is_loading (SlExplanationView *self);
GtkWidget *sl_explanation_view_get_evidence_button (SlExplanationView *self, guint i);
GtkWidget *sl_explanation_view_get_change_button (SlExplanationView *self, guint i);
/* Whether a composite's smallest changes are still being searched. */
gboolean sl_explanation_view_is_searching (SlExplanationView *self);
const char *sl_explanation_view_get_trace_signal (SlExplanationView *self);
const char *sl_explanation_view_get_distrust (SlExplanationView *self);
/* How many of the evidence frames' pictures were decoded. */
guint sl_explanation_view_get_n_pictures (SlExplanationView *self);

G_END_DECLS
