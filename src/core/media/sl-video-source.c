/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "sl-video-source.h"
#include "vision.h"

/* Frames shown lately, kept decoded: stepping back or returning to a
 * frame is then no decoding at all.  Bounded by bytes, the first kept
 * the first out. */
#define CACHE_BYTES (64 * 1024 * 1024)

struct _SlVideoSource
{
  GObject parent_instance;

  SlvPlayer *player;
  SlVideoInfo info;

  GHashTable *cache; /* index → SlVideoFrame */
  GQueue kept;       /* their indices (as pointers), newest first */
  gsize cache_bytes;
  /* A seek served from the cache: the next read returns @cached_index
   * from it, and the decoder must seek before reading on. */
  gint64 cached_index;
  gboolean from_cache, decoder_behind;
  gint64 last_index;
  SlVideoSeekStats stats;
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
cached_free (gpointer data)
{
  SlVideoFrame *f = data;
  sl_video_frame_clear (f);
  g_free (f);
}

static void
sl_video_source_finalize (GObject *object)
{
  SlVideoSource *self = SL_VIDEO_SOURCE (object);
  g_clear_pointer (&self->player, slv_player_close);
  g_hash_table_unref (self->cache);
  g_queue_clear (&self->kept);
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
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cached_free);
  g_queue_init (&self->kept);
  self->last_index = -1;
}

/* Keeps a copy of @frame (the pixels are shared), dropping the oldest
 * frames past the budget. */
static void
cache_put (SlVideoSource *self, const SlVideoFrame *frame)
{
  if (g_hash_table_contains (self->cache, &frame->index))
    return;
  SlVideoFrame *copy = g_new (SlVideoFrame, 1);
  *copy = *frame;
  copy->pixels = g_bytes_ref (frame->pixels);
  gint64 *key = g_new (gint64, 1);
  *key = frame->index;
  g_hash_table_insert (self->cache, key, copy);
  g_queue_push_head (&self->kept, GSIZE_TO_POINTER ((gsize)frame->index));
  self->cache_bytes += g_bytes_get_size (frame->pixels);
  while (self->cache_bytes > CACHE_BYTES && self->kept.length > 1)
    {
      gint64 old = (gint64)GPOINTER_TO_SIZE (g_queue_pop_tail (&self->kept));
      SlVideoFrame *f = g_hash_table_lookup (self->cache, &old);
      if (f != NULL)
        self->cache_bytes -= g_bytes_get_size (f->pixels);
      g_hash_table_remove (self->cache, &old);
    }
}

static void
copy_frame (const SlVideoFrame *from, SlVideoFrame *to)
{
  *to = *from;
  to->pixels = g_bytes_ref (from->pixels);
}

SlVideoSource *
sl_video_source_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  char *err = NULL;
  /* The capture the analysis reads says what the stream is; the player,
   * numbering frames the same way, decodes it for display. */
  SlvVideo *video = slv_video_open (path, &err);
  SlvVideoInfo info = video != NULL ? *slv_video_info (video) : (SlvVideoInfo){ 0 };
  g_clear_pointer (&video, slv_video_close);
  SlvPlayer *player = err == NULL ? slv_player_open (path, info.fps, &err) : NULL;
  if (player == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("“%s” cannot be played: %s"), path, err);
      free (err);
      return NULL;
    }
  SlVideoSource *self = g_object_new (SL_TYPE_VIDEO_SOURCE, NULL);
  self->player = player;
  self->info
      = (SlVideoInfo){ info.width, info.height, info.fps, info.frame_count, info.duration_s };
  return self;
}

const SlVideoInfo *
sl_video_source_get_info (SlVideoSource *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), NULL);
  return &self->info;
}

static gboolean
decoder_seek (SlVideoSource *self, gint64 index, GError **error)
{
  char *err = NULL;
  if (slv_player_seek (self->player, index, &err) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("Seeking to frame %" PRId64 " failed: %s"),
                   index, err);
      free (err);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_video_source_read (SlVideoSource *self, SlVideoFrame *frame, GError **error)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), FALSE);
  g_return_val_if_fail (frame->pixels == NULL, FALSE);
  if (self->from_cache)
    {
      self->from_cache = FALSE;
      copy_frame (g_hash_table_lookup (self->cache, &self->cached_index), frame);
      self->last_index = frame->index;
      return TRUE;
    }
  /* After a frame from the cache the decoder is elsewhere: on from there. */
  if (self->decoder_behind)
    {
      self->decoder_behind = FALSE;
      if (!decoder_seek (self, self->last_index + 1, error))
        return FALSE;
    }
  SlvFrame f = { 0 };
  char *err = NULL;
  int r = slv_player_read (self->player, &f, &err);
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
  self->last_index = frame->index;
  cache_put (self, frame);
  return TRUE;
}

gboolean
sl_video_source_seek (SlVideoSource *self, gint64 index, GError **error)
{
  g_return_val_if_fail (SL_IS_VIDEO_SOURCE (self), FALSE);
  index = MAX (index, 0);
  self->from_cache = FALSE;
  self->stats = (SlVideoSeekStats){ 0 };
  /* The frame itself kept: nothing to decode (a frame not kept may lie
   * between a kept one and the target, so only an exact hit counts). */
  if (g_hash_table_contains (self->cache, &index))
    {
      self->from_cache = TRUE;
      self->decoder_behind = TRUE;
      self->cached_index = index;
      self->stats.cached = TRUE;
      return TRUE;
    }
  self->decoder_behind = FALSE;
  if (!decoder_seek (self, index, error))
    return FALSE;
  slv_player_seek_stats (self->player, &self->stats.decoded, &self->stats.skipped);
  return TRUE;
}

const SlVideoSeekStats *
sl_video_source_get_seek_stats (SlVideoSource *self)
{
  return &self->stats;
}
