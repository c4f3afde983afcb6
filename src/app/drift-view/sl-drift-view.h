/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlDriftView: which of the reviewed session's signals drifted from a
 * baseline, when and by how much (drift/sl-drift-session.h): the
 * baseline, window and measure chosen above; the signals listed with
 * what was found; the chosen signal's drift chart, where a click picks a
 * window (the review's video and timeline go there) and shows its values'
 * distribution against the baseline's; who the session records and
 * when, editable.  Computed on a worker thread.
 */
#pragma once

#include <adwaita.h>

#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_DRIFT_VIEW (sl_drift_view_get_type ())
G_DECLARE_FINAL_TYPE (SlDriftView, sl_drift_view, SL, DRIFT_VIEW, AdwWindow)

GtkWindow *sl_drift_view_new (GtkWindow *parent, SlReview *review);
/* Whether a computation is under way (for tests: wait for FALSE). */
gboolean sl_drift_view_is_busy (SlDriftView *self);
/* Shows signal @i of the list; FALSE when there is none. */
gboolean sl_drift_view_show_signal (SlDriftView *self, guint i);
/* Picks window @i of the shown signal (as a click on the chart does). */
gboolean sl_drift_view_pick (SlDriftView *self, int i);
/* The baseline's first seconds; computes again. */
void sl_drift_view_set_baseline_seconds (SlDriftView *self, double seconds);
/* The person's earlier sessions as the baseline (its dropdown's second
 * choice); computes again. */
void sl_drift_view_use_person_baseline (SlDriftView *self);
/* Sessions @ids (@n) as the baseline (its third choice, as their boxes
 * in its popover do); computes again. */
void sl_drift_view_use_sessions_baseline (SlDriftView *self, const gint64 *ids, guint n);
/* Keeps the person and recording date typed above (as Enter does):
 * FALSE, said in the summary, for a date that is none or a library that
 * cannot be written.  Emits "session-edited" when either changed. */
gboolean sl_drift_view_apply_subject (SlDriftView *self);
/* The entries of the person and the date, as typed into. */
GtkEditable *sl_drift_view_get_person_entry (SlDriftView *self);
GtkEditable *sl_drift_view_get_date_entry (SlDriftView *self);
/* What it shows, as text: for tests. */
char *sl_drift_view_describe (SlDriftView *self);

G_END_DECLS
