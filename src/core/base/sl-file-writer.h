/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file written whole or not at all.  The bytes go to a private (0600)
 * temporary file beside @path; sl_file_writer_commit() makes it durable and
 * renames it over @path.  Closing or dropping the stream without a commit —
 * an error, a full disk, a cancel — removes the temporary file and leaves
 * whatever was at @path as it was.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TYPE_FILE_WRITER (sl_file_writer_get_type ())
G_DECLARE_FINAL_TYPE (SlFileWriter, sl_file_writer, SL, FILE_WRITER, GOutputStream)

SlFileWriter *sl_file_writer_new (const char *path, GError **error);
gboolean sl_file_writer_commit (SlFileWriter *self, GError **error);

/* Creates @path empty and private (0600), or makes an existing file so, for
 * a writer outside our control (FFmpeg's) that truncates and keeps the
 * mode: the recording of a face is never readable by others, not even
 * while it is written. */
gboolean sl_file_create_private (const char *path, GError **error);

/* Writes @len bytes of @data to @path in the same way. */
gboolean sl_file_write_private (const char *path, const char *data, gsize len, GError **error);

G_END_DECLS
