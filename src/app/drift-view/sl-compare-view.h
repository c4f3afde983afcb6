/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlCompareView: the reviewed session side by side with another
 * (drift/sl-drift-compare.h): each signal's distribution against the
 * other's, the drift measures between them and the events per minute
 * kind by kind; or two of its runs: the events added, removed and changed
 * (each row takes the review to its time) and how far each signal moved.
 * Computed on a worker thread.
 */
#pragma once

#include <adwaita.h>

#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_VIEW (sl_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (SlCompareView, sl_compare_view, SL, COMPARE_VIEW, AdwWindow)

GtkWindow *sl_compare_view_new (GtkWindow *parent, SlReview *review);
/* Whether a comparison is under way (for tests: wait for FALSE). */
gboolean sl_compare_view_is_busy (SlCompareView *self);
/* Compares with session @id (the sessions page); FALSE when it is not
 * one of the library's other analysed sessions. */
gboolean sl_compare_view_compare_session (SlCompareView *self, gint64 id);
/* Compares run @run_b against @run_a (the runs page); FALSE when either
 * is not a run of the session. */
gboolean sl_compare_view_compare_runs (SlCompareView *self, gint64 run_a, gint64 run_b);
/* Activates row @i of the runs page's event list (as a click does). */
gboolean sl_compare_view_activate_event (SlCompareView *self, int i);
/* What the shown page says, as text: for tests. */
char *sl_compare_view_describe (SlCompareView *self);

G_END_DECLS
