/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/sl-error.h"
#include "sl-probe.h"
#include "vision.h"

void
sl_probe_free (SlProbe *probe)
{
  if (probe == NULL)
    return;
  g_free (probe->path);
  g_free (probe->sha256);
  g_free (probe->container);
  g_free (probe->codec);
  g_free (probe);
}

char *
sl_file_sha256 (const char *path, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;

  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (1 << 20);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buf, 1 << 20, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_checksum_update (sum, buf, n);
    }
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
sl_frame_size_check (const char *path, int width, int height, GError **error)
{
  if (width > 0 && height > 0 && width <= SL_MAX_FRAME_SIDE && height <= SL_MAX_FRAME_SIDE)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("“%s” has frames of %d × %d pixels; Sightline analyses frames up to %d × %d. "
                  "Scale it down first, for example: ffmpeg -i IN -vf scale=1920:-2 OUT.mp4"),
               path, width, height, SL_MAX_FRAME_SIDE, SL_MAX_FRAME_SIDE);
  return FALSE;
}

gboolean
sl_file_stamp (const char *path, gint64 *size_bytes, gint64 *mtime_us, GError **error)
{
  struct stat st;
  if (stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Cannot read “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  *size_bytes = st.st_size;
  *mtime_us = (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

SlProbe *
sl_probe_file (const char *path, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *abs = g_file_get_path (file);
  g_autoptr (GError) local = NULL;
  g_autoptr (GFileInfo) info
      = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, cancellable, &local);
  if (info == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("There is no file “%s”. Check the path and try again."), path);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Cannot open “%s”: %s"), path,
                     local->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("“%s” is not a regular file"), path);
      return NULL;
    }
  if (g_file_info_get_size (info) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is empty (0 bytes): it holds no video"), path);
      return NULL;
    }

  /* Readable at all?  A file this user may not read is not a damaged video. */
  guchar head[4096];
  gsize head_len = 0;
  {
    int fd = g_open (abs, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
      {
        int saved = errno;
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("“%s” cannot be read: %s. Check the file's permissions (or ask its owner "
                        "to share it)."),
                     path, g_strerror (saved));
        return NULL;
      }
    gssize n = read (fd, head, sizeof head);
    head_len = n > 0 ? (gsize)n : 0;
    close (fd);
  }
  /* FFmpeg opens a still picture as a one-frame video: say what it is. */
  g_autofree char *sniffed = g_content_type_guess (NULL, head, head_len, NULL);
  g_autofree char *sniffed_mime = g_content_type_get_mime_type (sniffed);
  if (sniffed_mime != NULL && g_str_has_prefix (sniffed_mime, "image/"))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is a picture (%s), not a video, whatever its name says."), path,
                   sniffed_mime);
      return NULL;
    }

  char *verr = NULL;
  SlvVideo *video = slv_video_open (abs, &verr);
  if (video == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("“%s” cannot be imported: %s"), path, verr);
      free (verr);
      return NULL;
    }
  /* A header alone is not enough: the first frame must decode. */
  SlvFrame frame = { 0 };
  int r = slv_video_read (video, &frame, &verr);
  slv_frame_clear (&frame);
  SlvVideoInfo vinfo = *slv_video_info (video);
  slv_video_close (video);
  if (r != 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE,
                   _ ("“%s” cannot be imported: no frame of it can be decoded%s%s"), path,
                   verr ? ": " : "", verr ? verr : "");
      free (verr);
      return NULL;
    }
  if (!sl_frame_size_check (path, vinfo.width, vinfo.height, error))
    return NULL;
  if (vinfo.frame_count < 2)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a video: it holds %" PRId64
                      " frame(s) and no frame rate a recording has."),
                   path, (gint64)vinfo.frame_count);
      return NULL;
    }

  g_autoptr (SlProbe) probe = g_new0 (SlProbe, 1);
  probe->path = g_steal_pointer (&abs);
  /* The stamp before the hash: a change while hashing shows as a new stamp
   * and is hashed again before any analysis. */
  if (!sl_file_stamp (probe->path, &probe->size_bytes, &probe->mtime_us, error))
    return NULL;
  probe->sha256 = sl_file_sha256 (probe->path, cancellable, error);
  if (probe->sha256 == NULL)
    return NULL;

  /* The container, from the file's content and name (shared-mime-info). */
  g_autofree char *type = g_content_type_guess (probe->path, head, head_len, NULL);
  probe->container = g_content_type_get_mime_type (type);
  if (probe->container == NULL)
    probe->container = g_strdup ("application/octet-stream");

  probe->codec = g_strdup (vinfo.codec);
  probe->width = vinfo.width;
  probe->height = vinfo.height;
  probe->fps = vinfo.fps;
  probe->frame_count = vinfo.frame_count;
  probe->duration_s = vinfo.duration_s;
  probe->recorded_us = sl_recording_time (probe->path, probe->mtime_us);
  return g_steal_pointer (&probe);
}

gint64
sl_recording_time (const char *path, gint64 mtime_us)
{
  char *tag = slv_video_creation_time (path);
  g_autoptr (GDateTime) t = NULL;
  if (tag != NULL)
    {
      g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
      t = g_date_time_new_from_iso8601 (tag, utc);
    }
  free (tag);
  /* A zero stamp (1904 or 1970, what some cameras write) says nothing. */
  gint64 us
      = t != NULL ? g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t) : 0;
  return us > 0 ? us : mtime_us;
}
