/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "media/sl-probe.h"
#include "sl-test-util.h"

char *
sl_test_data (const char *relative)
{
  const char *root = g_getenv ("SIGHTLINE_TESTDATA");
  g_assert_nonnull (root);
  char *path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("test data missing: %s (set SIGHTLINE_TESTDATA)", path);
  return path;
}

void
sl_test_run (const char *program, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer)program);
  va_list ap;
  va_start (ap, program);
  for (const char *a; (a = va_arg (ap, const char *)) != NULL;)
    g_ptr_array_add (argv, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_autoptr (GError) error = NULL;
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static GPtrArray *tmpdirs;

static void
remove_tree (const char *path)
{
  g_autoptr (GFile) dir = g_file_new_for_path (path);
  g_autoptr (GFileEnumerator) e = g_file_enumerate_children (
      dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (e != NULL)
    {
      GFileInfo *info;
      while ((info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR)
              && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            {
              g_chmod (child, 0700);
              remove_tree (child);
            }
          else
            g_unlink (child);
          g_object_unref (info);
        }
    }
  g_rmdir (path);
}

static void
cleanup_tmpdirs (void)
{
  for (guint i = 0; i < tmpdirs->len; i++)
    remove_tree (tmpdirs->pdata[i]);
  g_ptr_array_unref (tmpdirs);
}

char *
sl_test_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sightline-test-XXXXXX", &error);
  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (cleanup_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (dir));
  return dir;
}

char *
sl_test_library (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  return g_build_filename (dir, "library.db", NULL);
}

gint64
sl_test_import (const char *library, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (library, &error);
  g_assert_no_error (error);
  g_autoptr (SlProbe) probe = sl_probe_file (path, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (SlSession) s = sl_store_import (store, probe, NULL, &error);
  g_assert_no_error (error);
  return s->id;
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} RunState;

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  RunState *st = data;
  st->ok = sl_analysis_run_finish (SL_ANALYSIS (source), res, &st->error);
  g_main_loop_quit (st->loop);
}

gboolean
sl_test_analyze (SlAnalysis *analysis, GCancellable *cancellable, GError **error)
{
  RunState st = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  sl_analysis_run_async (analysis, cancellable, on_done, &st);
  g_main_loop_run (st.loop);
  g_main_loop_unref (st.loop);
  if (st.error)
    g_propagate_error (error, st.error);
  return st.ok;
}

int
sl_test_cli (const char *library, char **out, char **err, const char *verb, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer)sl_test_program ());
  g_ptr_array_add (argv, (gpointer)verb);
  g_ptr_array_add (argv, (gpointer) "--library");
  g_ptr_array_add (argv, (gpointer)library);
  va_list ap;
  va_start (ap, verb);
  for (const char *a; (a = va_arg (ap, const char *)) != NULL;)
    g_ptr_array_add (argv, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_autoptr (GError) error = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

const char *
sl_test_program (void)
{
  const char *p = g_getenv ("SIGHTLINE_PROGRAM");
  g_assert_nonnull (p);
  return p;
}

SlProbe *
sl_test_fake_probe (const char *sha)
{
  SlProbe *p = g_new0 (SlProbe, 1);
  p->path = g_strdup ("/nowhere/clip.mp4");
  p->sha256 = g_strdup (sha);
  p->size_bytes = 10;
  p->container = g_strdup ("video/mp4");
  p->codec = g_strdup ("avc1");
  p->width = 320;
  p->height = 240;
  p->fps = 25;
  p->frame_count = 100;
  p->duration_s = 4;
  return p;
}
