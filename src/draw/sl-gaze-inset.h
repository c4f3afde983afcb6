/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On-screen gaze drawn beside the video: a screen-shaped inset with the
 * gaze point of the frame shown, the scan path of the last second, and a
 * heat map of the whole session.  Cairo and pango only: the window's
 * video view draws it, and so can a report without a display.
 */
#pragma once

#include <cairo.h>

#include "gaze/sl-cal-profile.h"
#include "sl-draw.h"

G_BEGIN_DECLS

typedef struct _SlGazeInset SlGazeInset;

/* @points: the session's SlGazePoint, in frame order (kept, referenced).
 * The heat map is made here, once. */
SlGazeInset *sl_gaze_inset_new (GArray *points, const SlScreenGeometry *screen);
void sl_gaze_inset_free (SlGazeInset *inset);

/* The point of @frame, or the newest before it within @window frames;
 * NULL when there is none. */
const SlGazePoint *sl_gaze_inset_point_at (const SlGazeInset *inset, gint64 frame, gint64 window);

/* The heat map covers frames @first–@last only; −1, −1: the whole
 * session. */
void sl_gaze_inset_set_range (SlGazeInset *inset, gint64 first, gint64 last);

/* The region on-screen compliance counts, drawn dashed (x, y, w, h in
 * screen pixels; NULL: none). */
void sl_gaze_inset_set_region (SlGazeInset *inset, const double *region);

/* Between the coordinates it was last drawn in (a widget's) and screen
 * pixels; to_screen says whether the point is on the inset. */
gboolean sl_gaze_inset_to_screen (const SlGazeInset *inset, double wx, double wy, double *x,
                                  double *y);
gboolean sl_gaze_inset_screen_to_widget (const SlGazeInset *inset, double x, double y, double *wx,
                                         double *wy);

const SlScreenGeometry *sl_gaze_inset_get_screen (const SlGazeInset *inset);

/* Share of frames with an estimate that were on the screen. */
double sl_gaze_inset_on_screen_share (const SlGazeInset *inset);

/* Draws the inset into the box @x, @y, @w, @h of @cr (it keeps the
 * screen's shape, at the box's bottom right, with its caption above) for
 * the frame shown, @frame at @time_s; @window as above.  The gaze point is
 * @style's accent. */
void sl_gaze_inset_draw (SlGazeInset *inset, cairo_t *cr, const SlDrawStyle *style, double x,
                         double y, double w, double h, gint64 frame, double time_s, gint64 window);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGazeInset, sl_gaze_inset_free)

G_END_DECLS
