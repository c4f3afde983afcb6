/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording played at its own rate, with overlay layers drawn from the
 * analysis results of the frame shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "base/sl-face-result.h"
#include "library/sl-store.h"
#include "draw/sl-gaze-inset.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_VIDEO_VIEW (sl_video_view_get_type ())
G_DECLARE_FINAL_TYPE (SlVideoView, sl_video_view, SL, VIDEO_VIEW, GtkWidget)

GtkWidget *sl_video_view_new (void);

/* Opens @path for playback, showing its first frame. */
gboolean sl_video_view_open (SlVideoView *self, const char *path, GError **error);
void sl_video_view_close (SlVideoView *self);

/* Where the overlays come from: run @run_id (0 for none) of the library
 * open in @store, which must outlive the view.  Results are read as they
 * are committed. */
void sl_video_view_set_results (SlVideoView *self, SlStore *store, gint64 run_id);
/* Forgets cached results so that newly committed frames are read again. */
void sl_video_view_refresh_results (SlVideoView *self);

/* The review it follows (set once): it shows the review's frame and run,
 * its gaze inset covers the review's selection, and every frame it shows
 * becomes the review's frame. */
void sl_video_view_set_review (SlVideoView *self, SlReview *review);

void sl_video_view_set_playing (SlVideoView *self, gboolean playing);
gboolean sl_video_view_get_playing (SlVideoView *self);
void sl_video_view_set_speed (SlVideoView *self, double speed);
/* Leaves out the overlay layers that tell what the detectors decided
 * (blind labeling), whatever their show- properties say. */
void sl_video_view_set_blind (SlVideoView *self, gboolean blind);
double sl_video_view_get_speed (SlVideoView *self);

/* Shows exactly frame @index (or the first frame after it that exists). */
void sl_video_view_seek (SlVideoView *self, gint64 index);
void sl_video_view_step (SlVideoView *self, gint64 frames);
void sl_video_view_jump (SlVideoView *self, double seconds);

gint64 sl_video_view_get_frame (SlVideoView *self);
double sl_video_view_get_time (SlVideoView *self);
double sl_video_view_get_duration (SlVideoView *self);
gint64 sl_video_view_get_frame_count (SlVideoView *self);
double sl_video_view_get_fps (SlVideoView *self);

/* The result drawn on the current frame, or NULL.  For tests and panels. */
const SlFaceResult *sl_video_view_get_result (SlVideoView *self);

/* On-screen gaze to draw beside the video (NULL: none); the view takes it.
 * Dragging on it draws a region: "region-drawn" (x, y, w, h in screen
 * pixels). */
void sl_video_view_set_gaze (SlVideoView *self, SlGazeInset *gaze);
SlGazeInset *sl_video_view_get_gaze (SlVideoView *self);
/* The heat map covers frames @first–@last (−1, −1: the whole session). */
void sl_video_view_set_gaze_range (SlVideoView *self, gint64 first, gint64 last);

/* Maps image coordinates of the current frame to widget coordinates. */
gboolean sl_video_view_image_to_widget (SlVideoView *self, double x, double y, double *wx,
                                        double *wy);

G_END_DECLS
