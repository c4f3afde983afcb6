/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "sl-video-source.h"
#include "vision.h"

struct _SlVideoSource
{
  GObject parent_instance;

  SlvVideo *video;
  SlVideoInfo info;
};

G_DEFINE_FINAL_TYPE (SlVideoSource, sl_video_source, G_TYPE_OBJECT)

void
sl_media_init (void)
{
  slv_init (1);
}

void
sl_video_frame_clear (SlVideoFrame *frame)
{
  g_clear_pointer (&frame->pixels, g_bytes_unref);
  *frame = (SlVideoFrame){ 0 };
}

static void
sl_video_source_finalize (GObject *object)
{
  SlVideoSource *self = SL_VIDEO_SOURCE (object);
  g_clear_pointer (&self->video, slv_video_close);
  G_OBJECT_CLASS (sl_video_source_parent_class)->finalize (object);
}

static void
sl_video_source_class_init (SlVideoSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_video_source_finalize;
}

static void
sl_video_source_init (SlVideoSource *self)
{
}

SlVideoSource *
sl_video_source_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  char *err = NULL;
  SlvVideo *video = slv_video_open (path, &err);
  if (video == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("“%s” cannot be played: %s"), path, err);
      free (err);
      return NULL;
    }
  SlVideoSource *self = g_object_new (SL_TYPE_VIDEO_SOURCE, NULL);
  self->video = video;
  const SlvVideoInfo *info = slv_video_info (video);
  self->info
      = (SlVideoInfo){ info->width, info->height, info->fps, info->frame_count, info->duration_s };
  return self;
}

const SlVideoInfo *
sl_video_source_get_info (SlVideoSource *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), NULL);
  return &self->info;
}

gboolean
sl_video_source_read (SlVideoSource *self, SlVideoFrame *frame, GError **error)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), FALSE);
  g_return_val_if_fail (frame->pixels == NULL, FALSE);
  SlvFrame f = { 0 };
  char *err = NULL;
  int r = slv_video_read (self->video, &f, &err);
  if (r < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("Decoding failed: %s"), err);
      free (err);
      return FALSE;
    }
  if (r == 0)
    return FALSE;
  gsize size = (gsize)f.image.stride * f.image.height;
  *frame = (SlVideoFrame){
    .pixels = g_bytes_new_with_free_func (f.pixels, size, free, f.pixels),
    .width = f.image.width,
    .height = f.image.height,
    .stride = f.image.stride,
    .index = f.index,
    .time_s = f.time_s,
  };
  return TRUE;
}

gboolean
sl_video_source_seek (SlVideoSource *self, gint64 index, GError **error)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), FALSE);
  char *err = NULL;
  if (slv_video_seek (self->video, index, &err) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("Seeking to frame %" PRId64 " failed: %s"),
                   index, err);
      free (err);
      return FALSE;
    }
  return TRUE;
}
