/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib's g_file_replace() commits the replacement when its stream is closed,
 * and a stream is closed when it is finalised: an export that failed half-way
 * and was dropped would still replace the old file with its partial bytes.
 * This stream commits only when asked.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sl-file-writer.h"

struct _SlFileWriter
{
  GOutputStream parent_instance;
  char *path;
  char *tmp_path;
  int fd;
  gboolean committed;
};

G_DEFINE_FINAL_TYPE (SlFileWriter, sl_file_writer, G_TYPE_OUTPUT_STREAM)

static void
set_write_error (SlFileWriter *self, int err, GError **error)
{
  gboolean existed = g_file_test (self->path, G_FILE_TEST_EXISTS);
  const char *reason = err == ENOSPC || err == EDQUOT || err == EFBIG
                           ? _ ("the disk is full or the file too large")
                           : g_strerror (err);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
               existed ? _ ("“%s” was not written (%s); the file that was there is unchanged.")
                       : _ ("“%s” was not written (%s); nothing was left behind."),
               self->path, reason);
}

static gssize
sl_file_writer_write_fn (GOutputStream *stream, const void *buffer, gsize count,
                         GCancellable *cancellable, GError **error)
{
  SlFileWriter *self = SL_FILE_WRITER (stream);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  for (;;)
    {
      gssize n = write (self->fd, buffer, count);
      if (n >= 0)
        return n;
      if (errno != EINTR)
        {
          set_write_error (self, errno, error);
          return -1;
        }
    }
}

static gboolean
sl_file_writer_close_fn (GOutputStream *stream, GCancellable *cancellable, GError **error)
{
  SlFileWriter *self = SL_FILE_WRITER (stream);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (!self->committed && self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  return TRUE;
}

static void
sl_file_writer_finalize (GObject *object)
{
  SlFileWriter *self = SL_FILE_WRITER (object);
  /* The parent's dispose closed the stream, which removed an uncommitted
   * temporary file. */
  g_free (self->path);
  g_free (self->tmp_path);
  G_OBJECT_CLASS (sl_file_writer_parent_class)->finalize (object);
}

static void
sl_file_writer_class_init (SlFileWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_file_writer_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = sl_file_writer_write_fn;
  G_OUTPUT_STREAM_CLASS (klass)->close_fn = sl_file_writer_close_fn;
}

static void
sl_file_writer_init (SlFileWriter *self)
{
  self->fd = -1;
}

SlFileWriter *
sl_file_writer_new (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("“%s” cannot be written: %s. Choose a folder you can write to."), path,
                   g_strerror (saved));
      return NULL;
    }
  SlFileWriter *self = g_object_new (SL_TYPE_FILE_WRITER, NULL);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->fd = fd;
  return self;
}

/* The stream stays open for a filter over it to close; nothing more can be
 * written to it. */
gboolean
sl_file_writer_commit (SlFileWriter *self, GError **error)
{
  g_return_val_if_fail (SL_IS_FILE_WRITER (self), FALSE);
  g_return_val_if_fail (self->fd >= 0 && !self->committed, FALSE);

  int fd = self->fd;
  self->fd = -1;
  if (fsync (fd) != 0)
    {
      set_write_error (self, errno, error);
      close (fd);
      g_unlink (self->tmp_path);
      return FALSE;
    }
  if (close (fd) != 0 || g_rename (self->tmp_path, self->path) != 0)
    {
      set_write_error (self, errno, error);
      g_unlink (self->tmp_path);
      return FALSE;
    }
  self->committed = TRUE;
  return TRUE;
}

gboolean
sl_file_create_private (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("“%s” cannot be written: %s. Choose a folder you can write to."), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
sl_file_write_private (const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr (SlFileWriter) w = sl_file_writer_new (path, error);
  return w != NULL && g_output_stream_write_all (G_OUTPUT_STREAM (w), data, len, NULL, NULL, error)
         && sl_file_writer_commit (w, error)
         && g_output_stream_close (G_OUTPUT_STREAM (w), NULL, error);
}
