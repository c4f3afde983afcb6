/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline drift` over runs whose signals are known: AR(1) noise that
 * shifts by 1σ at five minutes drifts there and names the signal, noise
 * that does not stays quiet, and the JSON holds every window.  Bad input:
 * a constant signal, one with no values, a recording shorter than its
 * baseline, a baseline session that was removed, a signal the run did not
 * store, a malformed baseline.
 */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/sl-explanation.h"
#include "library/sl-store.h"
#include "sl-test-util.h"

#define FPS 25.0

/* A session of @seconds whose run stored "x.shift" (AR(1), φ 0.9, +1σ
 * from @shift_at_s), "x.noise" (the same, no shift), "x.constant" and
 * "x.none" (no value before 200 s). */
static gint64
make_session_ending (const char *library, const char *sha, double seconds, double shift_at_s,
                     SlRunState state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (library, &error);
  g_assert_no_error (error);
  g_autoptr (SlProbe) probe = sl_test_fake_probe (sha);
  g_autoptr (SlSession) s = sl_store_import (store, probe, NULL, &error);
  g_assert_no_error (error);
  gint64 run = sl_store_create_run (store, s->id, "balanced", 1, "[]", &error);
  g_assert_no_error (error);
  const char *names[] = { "x.shift", "x.noise", "x.constant", "x.none" };
  gint64 ids[4];
  for (guint k = 0; k < 4; k++)
    ids[k] = sl_store_signal_id (store, names[k], &error);
  guint n = (guint)(seconds * FPS);
  g_autofree SlFaceResult *faces = g_new0 (SlFaceResult, n);
  g_autofree double *values = g_new (double, n * 4);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, g_str_hash (sha)); /* the same noise in every run of a session */
  double a = 0, b = 0;
  for (guint i = 0; i < n; i++)
    {
      a = 0.9 * a + gsl_ran_gaussian (rng, sqrt (1 - 0.81));
      b = 0.9 * b + gsl_ran_gaussian (rng, sqrt (1 - 0.81));
      faces[i] = (SlFaceResult){ .frame = i, .success = TRUE, .face_id = 0 };
      values[i * 4 + 0] = a + (i >= shift_at_s * FPS ? 1.0 : 0.0);
      values[i * 4 + 1] = b;
      values[i * 4 + 2] = 0.25;
      values[i * 4 + 3] = i >= 200 * FPS ? b : NAN;
    }
  gsl_rng_free (rng);
  g_assert_true (sl_store_write_frames (store, run, faces, values, ids, 4, n, NULL, n - 1, &error));
  g_assert_true (sl_store_finish_run (store, run, state, NULL, &error));
  return s->id;
}

static gint64
make_session (const char *library, const char *sha, double seconds, double shift_at_s)
{
  return make_session_ending (library, sha, seconds, shift_at_s, SL_RUN_COMPLETE);
}

static void
test_drift_found (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 id = make_session (lib, "aa", 600, 300);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "drift", sid, "--signals", "x.shift,x.noise", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "against the session's first 120 s"));
  g_assert_nonnull (strstr (out, "x.noise: decorrelation"));
  g_assert_nonnull (strstr (out, ": no drift"));
  const char *shift = strstr (out, "x.shift: decorrelation");
  g_assert_nonnull (shift);
  g_assert_nonnull (strstr (shift, "  drifted "));
  g_assert_nonnull (strstr (out, "drift: 1 event\n"));

  /* The JSON: every window, the event after the shift. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, NULL, "drift", sid, "--signals", "x.shift", "--json", NULL), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "events"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "decided_on"), ==, "wasserstein");
  JsonObject *sig
      = json_array_get_object_element (json_object_get_array_member (root, "signals"), 0);
  /* From 120 s to 600 s in steps of 10 s, each 60 s long. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sig, "windows")), ==,
                    (600 - 120 - 60) / 10 + 1);
  JsonObject *e = json_array_get_object_element (json_object_get_array_member (sig, "events"), 0);
  double start = json_object_get_double_member (e, "start_s");
  double shift_sigma = json_object_get_double_member (e, "shift_sigma");
  g_test_message ("x.shift drifted from %.0f s, shift %+.2fσ", start, shift_sigma);
  g_assert_cmpfloat (start, >=, 300 - 60);
  g_assert_cmpfloat (start, <=, 300);
  g_assert_cmpfloat (fabs (shift_sigma - 1), <, 0.4);
  /* Its explanation, in the one schema, read back by its reader. */
  g_autoptr (SlExplanation) x
      = sl_explanation_from_node (json_object_get_member (e, "explanation"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (x->kind, ==, "drift");
  g_assert_cmpstr (x->processor, ==, "drift");
  g_assert_cmpfloat (x->value, ==, json_object_get_double_member (e, "peak"));
  g_assert_cmpuint (x->thresholds->len, ==, 2);
  const SlExplThreshold *t = &g_array_index (x->thresholds, SlExplThreshold, 0);
  g_assert_true (sl_expl_threshold_met (t));
  g_assert_cmpuint (x->evidence->len, ==, 3);
  g_assert_cmpfloat (sl_explanation_param (x, "false_alarm"), ==, 0.005);
  g_assert_cmpstr (json_object_get_string_member (x->details, "baseline"), ==,
                   "the session's first 120 s");

  /* Deciding on KL gives the same event here, and another window. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", sid, "--signals", "x.shift", "--decide",
                                "kl", "--window", "90", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "windows of 90 s"));
  g_assert_nonnull (strstr (out, "decided on KL divergence"));
}

/* The lines of `sightline events` for drift events. */
static guint
count_drift_events (const char *lib, const char *session, char **first_id)
{
  g_autofree char *out = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "events", session, NULL), ==, 0);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 event;
      char kind[16];
      if (sscanf (lines[i], "%" G_GINT64_FORMAT " %15s", &event, kind) == 2
          && g_str_equal (kind, "drift") && n++ == 0 && first_id != NULL)
        *first_id = g_strdup_printf ("%" G_GINT64_FORMAT, event);
    }
  return n;
}

/* Drift events kept with the run's events, so that `events`, `explain`
 * and the review show them; the next drift of the run replaces them; a
 * run that is not complete keeps none and says so. */
static void
test_drift_events_kept (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 id = make_session (lib, "ee", 600, 300);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_assert_cmpuint (count_drift_events (lib, sid, NULL), ==, 0);
  g_autofree char *out = NULL, *err = NULL;
  for (int i = 0; i < 2; i++)
    {
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", sid, "--signals", "x.shift", NULL),
                       ==, 0);
      g_assert_nonnull (strstr (out, "drift: 1 event\n"));
      /* The second replaces the first. */
      g_assert_cmpuint (count_drift_events (lib, sid, NULL), ==, 1);
    }
  g_autofree char *event = NULL;
  count_drift_events (lib, sid, &event);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "explain", event, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Drift at "));
  g_assert_nonnull (strstr (out, "x.shift Wasserstein distance "));
  g_assert_nonnull (strstr (out, "Found by drift 1.0"));
  /* A library locked by another program: the replacement fails whole,
   * and the events kept before stay as they were. */
  sqlite3 *other;
  g_assert_cmpint (sqlite3_open (lib, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", sid, "--signals", "x.noise", NULL), ==,
                   0);
  g_assert_nonnull (strstr (err, "the drift events are not kept with the run's events"));
  sqlite3_exec (other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (other);
  g_assert_cmpuint (count_drift_events (lib, sid, NULL), ==, 1);
  /* Nothing drifted: none kept. */
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "drift", sid, "--signals", "x.noise", NULL), ==,
                   0);
  g_assert_cmpuint (count_drift_events (lib, sid, NULL), ==, 0);

  /* A run that was stopped: the figures, and why its events are not kept. */
  gint64 cut = make_session_ending (lib, "ef", 600, 300, SL_RUN_CANCELLED);
  g_autofree char *cid = g_strdup_printf ("%" G_GINT64_FORMAT, cut);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "drift", cid, "--signals", "x.shift", NULL), ==,
                   0);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (out, "drift: 1 event\n"));
  g_assert_nonnull (strstr (err, "the drift events are not kept with the run's events (run 2 is "
                                 "cancelled, not complete"));
  g_assert_cmpuint (count_drift_events (lib, cid, NULL), ==, 0);
}

static void
test_drift_bad_input (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 id = make_session (lib, "aa", 300, 1000);
  gint64 short_id = make_session (lib, "bb", 50, 1000);
  g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *short_sid = g_strdup_printf ("%" G_GINT64_FORMAT, short_id);
  g_autofree char *other = g_strdup_printf ("session:%s", sid);
  g_autofree char *out = NULL, *err = NULL;

  /* Constant, and without values: each says why, and nothing drifted. */
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "drift", sid, "--signals", "x.constant,x.none,x.noise", NULL),
      ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "x.constant: not measured: The signal is constant"));
  g_assert_nonnull (strstr (out, "x.none: not measured: The baseline has 0 value(s)"));
  g_assert_nonnull (strstr (out, "drift: 0 events\n"));

  /* Shorter than the baseline; then than the baseline and one window. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", short_sid, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "The recording is 50 s long, shorter than the baseline of its "
                                 "first 120 s"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, NULL, &err, "drift", short_sid, "--baseline", "first:30", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "less than one window is left"));

  /* Another session as the baseline, then removed. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", short_sid, "--baseline", other,
                                "--window", "20", "--signals", "x.noise", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "against session "));
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "forget", sid, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", short_sid, "--baseline", other, NULL), ==,
                   1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "is not in the library"));

  /* Wrong usage: a signal the run lacks, a baseline that is none, a
   * window that is no length. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", short_sid, "--signals", "eyes.nope",
                                "--baseline", "first:10", "--window", "20", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "stored no signal “eyes.nope”; it has: x.constant"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, NULL, &err, "drift", short_sid, "--baseline", "first:-3", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "is not a baseline"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", short_sid, "--window", "0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--window must be"));
}

/* Two sessions side by side, and two runs of one session. */
static void
test_compare (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 quiet = make_session (lib, "aa", 300, 1000);
  gint64 shifted = make_session (lib, "bb", 300, 0);
  g_autofree char *qa = g_strdup_printf ("%" G_GINT64_FORMAT, quiet);
  g_autofree char *sb = g_strdup_printf ("%" G_GINT64_FORMAT, shifted);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "compare", qa, sb, "--signals",
                                "x.shift,x.noise,x.constant", NULL),
                   ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "  x.shift: differs — Wasserstein "));
  g_assert_nonnull (strstr (out, "  x.noise: does not differ"));
  g_assert_nonnull (strstr (out, "  x.constant: not compared: The signal is constant"));
  g_assert_nonnull (strstr (out, "compare: 1 signal differs\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, NULL, "compare", qa, sb, "--signals", "x.shift", "--json", NULL), ==,
      0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  JsonObject *sig = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                    "signals"),
      0);
  double shift = json_object_get_double_member (sig, "shift_sigma");
  g_test_message ("x.shift, session %s against %s: %+.2fσ", sb, qa, shift);
  g_assert_cmpfloat (fabs (shift - 1), <, 0.5);
  g_assert_true (json_object_get_boolean_member (sig, "differs"));

  /* A second run of the first session (run 3), shifted from 100 s:
   * against run 1, the shifted signal differs from 100 s on, the noise is
   * the same on every frame. */
  make_session (lib, "aa", 300, 100);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "compare", "--runs", "1", "3", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Runs 1 and 3 of session 1"));
  g_assert_nonnull (strstr (out, "events: 0 added, 0 removed, 0 changed, 0 the same"));
  g_assert_nonnull (
      strstr (out, "  x.shift: 5000 of 7500 frames differ, by 0.6667 on average and 1 at most"));
  g_assert_null (strstr (out, "  x.noise:"));
  g_assert_nonnull (strstr (out, "signals: 1 differ, 3 the same on every frame"));
  /* Runs of two sessions; one session twice; a run that is not there. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "compare", "--runs", "1", "2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "two sessions are compared with sightline compare"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "compare", qa, qa, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Name two different sessions."));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "compare", "--runs", "1", "42", NULL), ==, 1);
  g_test_message ("%s", err);
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* Baselines kept and versioned: the same definition over the same runs
 * is one version; a new run makes the next; forgetting a session takes
 * its baselines; a library locked by another program still gives the
 * figures, which name the runs, and says the baseline was not kept. */
static void
test_baselines_kept (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 sid = make_session (lib, "aa", 300, 1000);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, sid);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "--baselines", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "The library keeps no baseline yet"));
  for (int i = 0; i < 2; i++)
    {
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", a, "--signals", "x.noise", NULL), ==,
                       0);
      g_assert_nonnull (strstr (out, "Baseline: baseline 1, version 1: session 1 run 1 0–120 s."));
    }
  make_session (lib, "aa", 300, 1000); /* run 2 */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, NULL, "drift", a, "--signals", "x.noise", "--json", NULL), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = parse_object (parser, out);
  g_assert_cmpint (json_object_get_int_member (o, "baseline_id"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "baseline_version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_definition"), ==, "first:120");
  JsonObject *run
      = json_array_get_object_element (json_object_get_array_member (o, "baseline_runs"), 0);
  g_assert_cmpint (json_object_get_int_member (run, "run"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (run, "to_s"), ==, 120);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "--baselines", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Baseline 1, version 1: first:120 of session 1, kept "));
  g_assert_nonnull (strstr (out, "Baseline 2, version 2: first:120 of session 1, kept "));

  /* Locked by another program: the figures, and why nothing was kept. */
  sqlite3 *other;
  g_assert_cmpint (sqlite3_open (lib, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "drift", a, "--signals", "x.noise", "--baseline",
                                "first:60", NULL),
                   ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (err, "the baseline is not kept in the library"));
  g_assert_nonnull (strstr (err, "the drift events are not kept with the run's events"));
  g_assert_nonnull (strstr (out, "Baseline: session 1 run 2 0–60 s."));
  g_assert_nonnull (strstr (out, "drift: 0 events"));
  sqlite3_exec (other, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Forgotten with its session. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "forget", a, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 drift baselines"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "--baselines", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
}

/* A person's earlier sessions as the baseline; who and when set with
 * `edit`. */
static void
test_person_baseline (void)
{
  g_autofree char *lib = sl_test_library ();
  gint64 first = make_session (lib, "aa", 300, 1000);
  gint64 later = make_session (lib, "bb", 300, 0);
  g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, later);
  g_autofree char *out = NULL, *err = NULL;
  /* Nobody named yet. */
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", b, "--baseline", "person", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "names nobody: say who it records (sightline edit"));
  g_assert_cmpint (
      sl_test_cli (lib, &out, NULL, "edit", a, "--person", "ana", "--recorded", "2026-11-30", NULL),
      ==, 0);
  g_assert_nonnull (strstr (out, "person ana, recorded 2026-11-30"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "edit", b, "--person", "ana", "--recorded",
                                "2026-12-02T09:30:00+00:00", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "sessions", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2026-11-30  ana"));
  /* The later against the earlier: it drifted from the start. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "drift", b, "--baseline", "person", "--signals",
                                "x.shift,x.noise", NULL),
                   ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "against ana's earlier session 1:"));
  g_assert_nonnull (strstr (out, "drift: 1 event\n"));
  /* The library by date: the first has nothing before it, the second
   * differs from it in the shifted signal. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, NULL, "drift", "--all", "--signals", "x.shift,x.noise", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "   1  2026-11-30  ana"));
  g_assert_nonnull (strstr (out, "ana has no analysed session recorded before session 1"));
  g_assert_nonnull (strstr (out, "*  "));
  g_assert_nonnull (
      strstr (out, "ana's earlier session 1 (baseline 1, version 1: session 1 run 1)\n"));
  g_assert_nonnull (strstr (out, "drift: 1 of 2 compared\n"));
  /* The earliest has none before it; a date that is none. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", a, "--baseline", "person", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "ana has no analysed session recorded before session 1"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "edit", a, "--recorded", "yesterday", NULL), ==,
                   2);
  g_assert_nonnull (strstr (err, "--recorded takes a date"));
  /* Nobody again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "edit", a, "--person", "", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "person not named"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/drift/found", test_drift_found);
  g_test_add_func ("/cli/drift/events-kept", test_drift_events_kept);
  g_test_add_func ("/cli/drift/bad-input", test_drift_bad_input);
  g_test_add_func ("/cli/drift/compare", test_compare);
  g_test_add_func ("/cli/drift/person-baseline", test_person_baseline);
  g_test_add_func ("/cli/drift/baselines-kept", test_baselines_kept);
  return g_test_run ();
}
