/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Probing a recording before import: is it a video, what is in it, and its
 * SHA-256, so the library can refer to it without copying it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *path; /* absolute */
  char *sha256;
  gint64 size_bytes;
  gint64 mtime_us;    /* modification time when probed, µs since the epoch */
  gint64 recorded_us; /* when it was recorded (sl_recording_time) */
  char *container;    /* MIME type of the file, e.g. video/mp4 */
  char *codec;        /* FOURCC */
  int width;
  int height;
  double fps;
  gint64 frame_count;
  double duration_s;
} SlProbe;

SlProbe *sl_probe_file (const char *path, GCancellable *cancellable, GError **error);
void sl_probe_free (SlProbe *probe);

/* The largest frames analysed: 8192 × 8192 (67 megapixels, above 8K UHD).
 * Larger ones are refused, with how to scale them down. */
#define SL_MAX_FRAME_SIDE 8192
gboolean sl_frame_size_check (const char *path, int width, int height, GError **error);

/* A file's size and modification time (µs since the epoch), which change
 * when anything writes to it or puts another file in its place. */
gboolean sl_file_stamp (const char *path, gint64 *size_bytes, gint64 *mtime_us, GError **error);

/* When the recording at @path was made, µs since the epoch: its
 * container's creation time, else @mtime_us (its file's modification
 * time). */
gint64 sl_recording_time (const char *path, gint64 mtime_us);

/* SHA-256 of a file's content, hex. */
char *sl_file_sha256 (const char *path, GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlProbe, sl_probe_free)

G_END_DECLS
