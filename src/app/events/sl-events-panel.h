/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The events of the review's run, and why each happened: a column view
 * (kind, start, duration, score, the reason in one line) that a search
 * and a kind filter narrow and any column sorts, and under it the
 * selected event's explanation (sl-explanation-view.h) and what other
 * settings would have found (sl-what-if-view.h).  Selecting an event selects its
 * frames in the review and shows its onset; N and P move to the next and
 * previous event shown.  Bound to the review only.
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-explanation-view.h"
#include "sl-what-if-view.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_EVENTS_PANEL (sl_events_panel_get_type ())
G_DECLARE_FINAL_TYPE (SlEventsPanel, sl_events_panel, SL, EVENTS_PANEL, GtkWidget)

GtkWidget *sl_events_panel_new (void);
void sl_events_panel_set_review (SlEventsPanel *self, SlReview *review);

/* Selects the next (@step 1) or previous (−1) event shown after or before
 * the review's frame; FALSE when there is none. */
gboolean sl_events_panel_step (SlEventsPanel *self, int step);

/* Shows score @x's explanation (no event selected). */
void sl_events_panel_show_score (SlEventsPanel *self, const SlExplanation *x);

/* For tests: the events shown, the one selected (NULL: none), the
 * explanation shown, and whether the run's events or the evidence are
 * still loading. */
guint sl_events_panel_get_n_shown (SlEventsPanel *self);
const SlEvent *sl_events_panel_get_selected (SlEventsPanel *self);
gboolean sl_events_panel_select_kind (SlEventsPanel *self, const char *kind);
SlExplanationView *sl_events_panel_get_explanation (SlEventsPanel *self);
SlWhatIfView *sl_events_panel_get_what_if (SlEventsPanel *self);
gboolean sl_events_panel_is_loading (SlEventsPanel *self);

G_END_DECLS
