/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-json.h"
#include "gaze/sl-calibration.h"
#include "pipeline/sl-face-tracker.h"
#include "pipeline/sl-models.h"
#include "sl-eval-formats.h"
#include "sl-evaluate.h"
#include "vision.h"

#define MAX_DETECTIONS 64

typedef float Box[4]; /* x, y, w, h */
#define MATCH_IOU 0.5f

static void
row_free (SlEvalRow *row)
{
  g_free (row->group);
  g_free (row->item);
  g_free (row);
}

void
sl_eval_report_free (SlEvalReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->rows);
  g_ptr_array_unref (report->groups);
  g_free (report);
}

SlEvalReport *
sl_eval_report_new (void)
{
  SlEvalReport *r = g_new0 (SlEvalReport, 1);
  r->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  r->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  return r;
}

SlEvalRow *
sl_eval_row_new (const char *path, const char *dir)
{
  SlEvalRow *row = g_new0 (SlEvalRow, 1);
  row->error = row->estimate = row->quality = row->reference = NAN;
  gsize len = strlen (dir);
  if (g_str_has_prefix (path, dir) && path[len] == G_DIR_SEPARATOR)
    row->item = g_strdup (path + len + 1);
  else
    row->item = g_path_get_basename (path);
  return row;
}

void
sl_eval_report_totals (SlEvalReport *r)
{
  r->recall = r->tp + r->fn > 0 ? (double)r->tp / (r->tp + r->fn) : 0;
  r->precision = r->tp + r->fp > 0 ? (double)r->tp / (r->tp + r->fp) : 0;
  r->f1 = r->recall + r->precision > 0 ? 2 * r->recall * r->precision / (r->recall + r->precision)
                                       : 0;
}

const char *const sl_eval_video_suffixes[] = { ".avi", ".mp4", ".mkv", ".mov", ".webm", NULL };

static gboolean
has_suffix (const char *name, const char *const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (name, suffixes[i]))
      return TRUE;
  return FALSE;
}

GPtrArray *
sl_eval_find_files (const char *dir, const char *const *suffixes, gboolean subfolders,
                    GError **error)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (has_suffix (name, suffixes) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (found, g_steal_pointer (&path));
      else if (subfolders && g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GDir) sub = g_dir_open (path, 0, NULL);
          const char *child;
          while (sub != NULL && (child = g_dir_read_name (sub)) != NULL)
            if (has_suffix (child, suffixes))
              g_ptr_array_add (found, g_build_filename (path, child, NULL));
        }
    }
  g_ptr_array_sort (found, (GCompareFunc)sl_eval_compare_paths);
  return found;
}

char *
sl_eval_file_beside (const char *path, const char *const *suffixes)
{
  const char *dot = strrchr (path, '.');
  g_autofree char *stem = dot != NULL ? g_strndup (path, dot - path) : g_strdup (path);
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      char *other = g_strconcat (stem, suffixes[i], NULL);
      if (g_file_test (other, G_FILE_TEST_IS_REGULAR))
        return other;
      g_free (other);
    }
  return NULL;
}

int
sl_eval_compare_paths (const char **a, const char **b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (*a, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*b, -1);
  return strcmp (ka, kb);
}

static gboolean
load_image (const char *path, SlvFrame *frame, GError **error)
{
  char *verr = NULL;
  if (slv_image_load (path, frame, &verr) == 0)
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("“%s” cannot be read: %s"), path, verr);
  free (verr);
  return FALSE;
}

/* ---- Faces: dlib imglab XML -------------------------------------------- */

/* Adds the boxes of @dir/@name, when there is such a file, to @lab. */
static gboolean
read_imglab_file (const char *dir, const char *name, SlImglab *lab, gboolean *any, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  *any = TRUE;
  return sl_eval_read_imglab (path, lab, error);
}

SlEvalReport *
sl_evaluate_faces (const char *dir, int input_size, float min_score, GError **error)
{
  SlImglab lab = { g_ptr_array_new_with_free_func (g_free),
                   g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref) };
  g_autoptr (GPtrArray) images = lab.images;
  g_autoptr (GPtrArray) boxes = lab.boxes;
  gboolean any = FALSE;
  if (!read_imglab_file (dir, "training.xml", &lab, &any, error)
      || !read_imglab_file (dir, "testing.xml", &lab, &any, error))
    return NULL;
  if (!any)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("“%s” holds no training.xml or testing.xml face annotations"), dir);
      return NULL;
    }

  SlvFaceDetector *det = sl_face_detector_open (input_size, error);
  if (det == NULL)
    return NULL;
  g_autoptr (SlEvalReport) report = sl_eval_report_new ();
  for (guint i = 0; i < images->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, images->pdata[i], NULL);
      SlvFrame frame = { 0 };
      if (!load_image (path, &frame, error))
        {
          slv_face_detector_free (det);
          return NULL;
        }
      SlvFace faces[MAX_DETECTIONS];
      char *verr = NULL;
      int n = slv_face_detector_detect (det, &frame.image, min_score, faces, MAX_DETECTIONS, &verr);
      slv_frame_clear (&frame);
      if (n < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Face detection failed on “%s”: %s"),
                       path, verr);
          free (verr);
          slv_face_detector_free (det);
          return NULL;
        }

      /* Detections come best first: each takes the free annotated box it
       * overlaps most, if by IoU ≥ 0.5. */
      GArray *truth = boxes->pdata[i];
      g_autofree gboolean *used = g_new0 (gboolean, MAX (truth->len, 1));
      SlEvalRow *row = g_new0 (SlEvalRow, 1);
      row->item = g_strdup (images->pdata[i]);
      row->truth = truth->len;
      for (int d = 0; d < n; d++)
        {
          float db[4] = { faces[d].x, faces[d].y, faces[d].w, faces[d].h };
          int best = -1;
          float best_iou = MATCH_IOU;
          for (guint k = 0; k < truth->len; k++)
            {
              float iou = sl_box_iou (db, g_array_index (truth, Box, k));
              if (!used[k] && iou >= best_iou)
                {
                  best_iou = iou;
                  best = (int)k;
                }
            }
          if (best >= 0)
            {
              used[best] = TRUE;
              row->tp++;
            }
          else
            row->fp++;
        }
      row->fn = row->truth - row->tp;
      report->tp += row->tp;
      report->fp += row->fp;
      report->fn += row->fn;
      g_ptr_array_add (report->rows, row);
    }
  slv_face_detector_free (det);
  sl_eval_report_totals (report);
  return g_steal_pointer (&report);
}

/* ---- Landmarks: iBUG .pts and menpo .ljson ------------------------------ */

/* Stills may hold several faces: the detection that covers the annotated
 * face is evaluated, as face-alignment benchmarks do; the short-range
 * model first, the full-range one when it finds none. */
static gboolean
fit_annotated_face (const SlvImage *image, const float *truth, const SlvLandmarker *lmk,
                    float *points, GError **error)
{
  float lo[2] = { G_MAXFLOAT, G_MAXFLOAT }, hi[2] = { -G_MAXFLOAT, -G_MAXFLOAT };
  for (int k = 0; k < SL_LANDMARK_POINTS; k++)
    for (int a = 0; a < 2; a++)
      {
        lo[a] = MIN (lo[a], truth[2 * k + a]);
        hi[a] = MAX (hi[a], truth[2 * k + a]);
      }
  float tbox[4] = { lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1] };
  float box[4];
  gboolean found = FALSE;
  for (int size = 128; size <= 256 && !found; size += 128)
    {
      SlvFaceDetector *d = sl_face_detector_open (size, error);
      if (d == NULL)
        return FALSE;
      SlvFace faces[MAX_DETECTIONS];
      char *verr = NULL;
      int n = slv_face_detector_detect (d, image, 0.5f, faces, MAX_DETECTIONS, &verr);
      free (verr);
      slv_face_detector_free (d);
      float best = 0.1f;
      for (int k = 0; k < n; k++)
        {
          float det[4] = { faces[k].x, faces[k].y, faces[k].w, faces[k].h };
          float o = sl_box_iou (det, tbox);
          if (o > best)
            {
              best = o;
              sl_face_box_from_detection (det, box);
              found = TRUE;
            }
        }
    }
  if (!found)
    return TRUE; /* counted as a miss by the caller: points stay NaN */
  char *verr = NULL;
  if (slv_landmarker_fit (lmk, image, box, points, &verr) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Landmark fitting failed: %s"), verr);
      free (verr);
      return FALSE;
    }
  return TRUE;
}

SlEvalReport *
sl_evaluate_landmarks (const char *dir, GError **error)
{
  const char *const annotations[] = { ".pts", ".ljson", NULL };
  g_autoptr (GPtrArray) names = sl_eval_find_files (dir, annotations, FALSE, error);
  if (names == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("“%s” holds no .pts or .ljson landmark annotations"), dir);
      return NULL;
    }

  SlvLandmarker *lmk = sl_landmarker_open (error);
  if (lmk == NULL)
    return NULL;

  g_autoptr (SlEvalReport) report = sl_eval_report_new ();
  double total = 0;
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len && ok; i++)
    {
      const char *ann_path = names->pdata[i];
      const char *const images[] = { ".jpg", ".png", ".ppm", ".jpeg", ".bmp", NULL };
      g_autofree char *img_path = sl_eval_file_beside (ann_path, images);
      if (img_path == NULL)
        continue; /* an annotation without its image is not an item */
      float truth[SL_LANDMARK_POINTS * 2], points[SL_LANDMARK_POINTS * 2];
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        points[k] = NAN;
      ok = g_str_has_suffix (ann_path, ".pts") ? sl_eval_read_pts (ann_path, truth, error)
                                               : sl_eval_read_ljson (ann_path, truth, error);
      SlvFrame frame = { 0 };
      ok = ok && load_image (img_path, &frame, error)
           && fit_annotated_face (&frame.image, truth, lmk, points, error);
      slv_frame_clear (&frame);
      if (!ok)
        break;
      double iod = hypot (truth[72] - truth[90], truth[73] - truth[91]);
      double sum = 0;
      for (int k = 0; k < SL_LANDMARK_POINTS; k++)
        sum += hypot (points[2 * k] - truth[2 * k], points[2 * k + 1] - truth[2 * k + 1]);
      SlEvalRow *row = g_new0 (SlEvalRow, 1);
      row->item = g_path_get_basename (img_path);
      row->truth = 1;
      row->error = iod > 0 ? sum / SL_LANDMARK_POINTS / iod : NAN;
      row->tp = isfinite (row->error);
      row->fn = !row->tp;
      report->tp += row->tp;
      report->fn += row->fn;
      if (row->tp)
        total += row->error;
      g_ptr_array_add (report->rows, row);
    }
  slv_landmarker_free (lmk);
  if (!ok)
    return NULL;
  report->mean_error = report->tp > 0 ? total / report->tp : NAN;
  report->recall = report->rows->len > 0 ? (double)report->tp / report->rows->len : 0;
  return g_steal_pointer (&report);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

SlEvalReport *
sl_evaluate_gaze (const char *dir, GError **error)
{
  const char *const csv[] = { ".csv", NULL };
  g_autoptr (GPtrArray) names = sl_eval_find_files (dir, csv, FALSE, error);
  if (names == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("“%s” holds no calibration feature files (*.csv)"), dir);
      return NULL;
    }
  g_autoptr (SlEvalReport) report = sl_eval_report_new ();
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) second = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *per[2] = { first, second };
  for (guint i = 0; i < names->len; i++)
    {
      int n_features;
      g_autoptr (GArray) samples = sl_cal_read_features (names->pdata[i], &n_features, NULL, error);
      if (samples == NULL)
        return NULL;
      SlEvalRow *row = sl_eval_row_new (names->pdata[i], dir);
      g_ptr_array_add (report->rows, row);
      row->samples = samples->len;
      for (guint k = 0; k < samples->len; k++)
        row->targets = MAX (row->targets, g_array_index (samples, SlCalSample, k).target + 1);
      for (int order = 1; order <= 2; order++)
        {
          g_autoptr (GError) fit_error = NULL;
          g_autoptr (GArray) errors = sl_cal_leave_one_target_out (
              (const SlCalSample *)samples->data, samples->len, n_features, order, &fit_error);
          row->loto[order - 1] = NAN;
          if (errors == NULL)
            continue; /* too few targets or samples for this order: no figure */
          double sum = 0;
          for (guint k = 0; k < errors->len; k++)
            sum += g_array_index (errors, SlCalTargetError, k).error_px;
          row->loto[order - 1] = sum / errors->len;
          g_array_append_val (per[order - 1], row->loto[order - 1]);
        }
    }
  for (int o = 0; o < 2; o++)
    {
      GArray *a = per[o];
      report->loto_mean[o] = report->loto_median[o] = NAN;
      if (a->len == 0)
        continue;
      double sum = 0;
      for (guint k = 0; k < a->len; k++)
        sum += g_array_index (a, double, k);
      report->loto_mean[o] = sum / a->len;
      g_array_sort (a, compare_doubles);
      report->loto_median[o] = g_array_index (a, double, a->len / 2);
    }
  return g_steal_pointer (&report);
}
