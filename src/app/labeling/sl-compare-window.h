/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlCompareWindow: how two annotators agree on the session under review
 * (κ over time and event F1 per kind, labels/sl-label-agree.h), the
 * stretches where they do not, each a click away, and the run's
 * detectors scored against the first of them (labels/sl-label-score.h).
 */
#pragma once

#include <adwaita.h>

#include "sl-labeling.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_WINDOW (sl_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (SlCompareWindow, sl_compare_window, SL, COMPARE_WINDOW, AdwWindow)

GtkWindow *sl_compare_window_new (GtkWindow *parent, SlReview *review, SlLabeling *labeling);
/* Goes to disagreement @i (its row's click): the review shows and selects
 * it.  FALSE when there is no such row. */
gboolean sl_compare_window_go_to (SlCompareWindow *self, guint i);
/* Scores over the library rather than the session (its check button). */
void sl_compare_window_set_over_library (SlCompareWindow *self, gboolean library);
/* What it shows, as text: for tests. */
char *sl_compare_window_describe (SlCompareWindow *self);

G_END_DECLS
