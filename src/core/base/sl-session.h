/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session: one recording in the library and the work done on it.  A plain
 * value object read from the store; the fields are public and read-only.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SL_TYPE_SESSION (sl_session_get_type ())
G_DECLARE_FINAL_TYPE (SlSession, sl_session, SL, SESSION, GObject)

struct _SlSession
{
  GObject parent_instance;

  gint64 id;
  gint64 recording_id;
  char *name;
  char *created_at;

  /* The recording, as probed at import. */
  char *path;
  char *sha256;
  gint64 size_bytes;
  char *container;
  char *codec;
  int width;
  int height;
  double fps;
  gint64 frame_count;
  double duration_s;
  char *imported_at;
  /* The file's modification time when last seen to be this recording (µs
   * since the epoch), or 0 when not known (imported before schema 7). */
  gint64 mtime_us;

  /* Processor parameters every run of this session starts from, one
   * "processor.param=value" per line ("skin.whole_frame=1" for a
   * skin-patch recording, "head_pose.focal_scale=1.3" for a known
   * camera); empty for the defaults. */
  char *settings;

  /* Who it records (NULL: nobody named) and when it was recorded (µs
   * since the epoch: the container's creation time, else the file's
   * modification time; 0: not known). */
  char *person;
  gint64 recorded_us;

  /* The gaze calibration profile applied to the session; 0 if none. */
  gint64 calibration_id;

  /* The newest run, if any: its id (0 if none) and state. */
  gint64 last_run_id;
  char *last_run_state;
};

SlSession *sl_session_new (void);

/* Whether the recording's file is still where it was imported from. */
gboolean sl_session_recording_exists (SlSession *self);

G_END_DECLS
