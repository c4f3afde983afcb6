/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording's frames for display: open, read on, seek.  The one door
 * from outside core to the decoder (vision.h), so that the window and the
 * CLI never see OpenCV's or libav's types.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Call once, before the first source or analysis: each call into the
 * vision layer then uses one thread, and a run's thread count is exact. */
void sl_media_init (void);

typedef struct
{
  int width;
  int height;
  double fps;         /* nominal frame rate */
  gint64 frame_count; /* nominal frames: duration × fps */
  double duration_s;
} SlVideoInfo;

/* One decoded frame: 8-bit BGR, rows @stride bytes apart. */
typedef struct
{
  GBytes *pixels;
  int width;
  int height;
  int stride;
  gint64 index; /* round(time_s × fps) */
  double time_s;
} SlVideoFrame;

void sl_video_frame_clear (SlVideoFrame *frame);

#define SL_TYPE_VIDEO_SOURCE (sl_video_source_get_type ())
G_DECLARE_FINAL_TYPE (SlVideoSource, sl_video_source, SL, VIDEO_SOURCE, GObject)

SlVideoSource *sl_video_source_open (const char *path, GError **error);
const SlVideoInfo *sl_video_source_get_info (SlVideoSource *self);

/* Decodes the next frame into @frame (cleared or fresh).  FALSE at the end
 * of the stream (@error unset) or on a decoding error (@error set). */
gboolean sl_video_source_read (SlVideoSource *self, SlVideoFrame *frame, GError **error);

/* Positions the source so that the next read returns the first frame
 * whose index is at least @index: from the keyframe before it, skipping
 * on the way the pictures nothing refers to, or from the frames shown
 * lately (the last 64 MB of them), which need no decoding. */
gboolean sl_video_source_seek (SlVideoSource *self, gint64 index, GError **error);

typedef struct
{
  gboolean cached; /* the frame was one kept */
  int decoded;     /* pictures decoded to reach it */
  int skipped;     /* pictures skipped on the way */
} SlVideoSeekStats;

/* What the last seek took. */
const SlVideoSeekStats *sl_video_source_get_seek_stats (SlVideoSource *self);

G_END_DECLS
