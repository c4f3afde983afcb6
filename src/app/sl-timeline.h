/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlTimeline: a strip per signal of a run under the video, with its
 * events.  It follows a review (sl-review.h): its run, its frame (the
 * cursor) and its selection (the band); a click or drag sets the review's
 * frame, a drag with Shift its selection.
 */
#pragma once

#include <gtk/gtk.h>

#include "library/sl-store.h"
#include "sl-review.h"

G_BEGIN_DECLS

/* The width of the strips' names left of the plot: what lines up with the
 * timeline's frames draws from there. */
#define SL_TIMELINE_LABEL_WIDTH 132

#define SL_TYPE_TIMELINE (sl_timeline_get_type ())
G_DECLARE_FINAL_TYPE (SlTimeline, sl_timeline, SL, TIMELINE, GtkWidget)

/* Shows @run_id's signals over a recording of @frame_count frames; run 0
 * clears.  @store is borrowed and must outlive the results shown. */
void sl_timeline_set_results (SlTimeline *self, SlStore *store, gint64 run_id, gint64 frame_count);
/* Shows a strip for each of @signals (NULL-terminated, or NULL: none)
 * after the default strips. */
void sl_timeline_set_signals (SlTimeline *self, const char *const *signals);
guint sl_timeline_get_n_strips (SlTimeline *self);
/* Whether a default strip already draws @signal. */
gboolean sl_timeline_has_default_strip (SlTimeline *self, const char *signal);
/* Reads the run's signals and events again (while an analysis adds them). */
void sl_timeline_refresh (SlTimeline *self);
/* The run shown (0: none). */
gint64 sl_timeline_get_run_id (SlTimeline *self);
void sl_timeline_set_frame (SlTimeline *self, gint64 frame);
/* The review it follows; set once. */
void sl_timeline_set_review (SlTimeline *self, SlReview *review);
/* The review's selected range of frames (−1, −1: none); setting it sets
 * the review's selection. */
void sl_timeline_set_range (SlTimeline *self, gint64 first, gint64 last);
void sl_timeline_get_range (SlTimeline *self, gint64 *first, gint64 *last);
/* Whether the run's events are left out (blind labeling). */
void sl_timeline_set_hide_events (SlTimeline *self, gboolean hide);
/* Where @frame is drawn, in widget coordinates: for tests. */
double sl_timeline_frame_to_x (SlTimeline *self, gint64 frame);

/* The middle of the strip drawing @signal (NULL: the lane of states), in
 * widget coordinates, or −1 when none is drawn: for tests. */
double sl_timeline_strip_y (SlTimeline *self, const char *signal);

/* Whether the strips' series are being read (for tests). */
gboolean sl_timeline_is_loading (SlTimeline *self);

/* Zooms by @factor (< 1: in, > 1: out) around the frame shown, from the
 * whole recording down to 8 frames across. */
void sl_timeline_zoom (SlTimeline *self, double factor);
/* The frames across the plot: the first and how many. */
void sl_timeline_get_view (SlTimeline *self, gint64 *first, gint64 *count);
/* What its tooltip says at (@x, @y): the event there and why it was
 * found, or NULL. */
char *sl_timeline_describe_at (SlTimeline *self, double x, double y);

G_END_DECLS
