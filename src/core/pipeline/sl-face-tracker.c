/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Detection with BlazeFace, 68 landmarks with dlib, and tracking by
 * landmarks between detections: a frame's box for the shape predictor is
 * derived from the previous frame's landmarks, so the detector runs only
 * every few frames, or when the track is lost (the refitted landmarks no
 * longer agree with the box they were fitted in, or leave the image).
 *
 * dlib's predictor was trained on the boxes of dlib's HOG detector, so both
 * kinds of box are mapped to that convention.  The constants were measured
 * on the two real recordings in testdata/video (409 frames where HOG and
 * BlazeFace each found one face): a BlazeFace box sits about 0.04 w left of
 * and 0.06 w below the HOG box of the same face, with the same size; a HOG
 * box is about 1.11 times the width of its landmarks' extent and starts
 * 0.13 of that width above the highest landmark.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "sl-face-tracker.h"
#include "sl-models.h"

#include <string.h>

/* Below this overlap between the box a frame was fitted in and the box its
 * landmarks imply, the track is considered lost. */
#define TRACK_MIN_IOU 0.55f
#define MAX_FACES 8

struct _SlFaceTracker
{
  SlFaceParams params;
  SlvFaceDetector *detector;
  const SlvLandmarker *landmarker;

  gboolean tracking;
  int since_detect;
  float last_confidence;
  float prev_points[SL_LANDMARK_POINTS * 2];
};

void
sl_face_box_from_detection (const float det[4], float box[4])
{
  float side = 0.5f * (det[2] + det[3]);
  box[0] = det[0] + 0.04f * side;
  box[1] = det[1] - 0.06f * side;
  box[2] = side;
  box[3] = side;
}

void
sl_face_box_from_landmarks (const float *p, float box[4])
{
  float minx = p[0], maxx = p[0], miny = p[1];
  for (int i = 1; i < SL_LANDMARK_POINTS; i++)
    {
      minx = MIN (minx, p[2 * i]);
      maxx = MAX (maxx, p[2 * i]);
      miny = MIN (miny, p[2 * i + 1]);
    }
  float lw = maxx - minx;
  float side = 1.11f * lw;
  float cx = 0.5f * (minx + maxx);
  box[0] = cx - side / 2;
  box[1] = miny - 0.13f * lw;
  box[2] = side;
  box[3] = side;
}

float
sl_box_iou (const float a[4], const float b[4])
{
  float x0 = MAX (a[0], b[0]), y0 = MAX (a[1], b[1]);
  float x1 = MIN (a[0] + a[2], b[0] + b[2]), y1 = MIN (a[1] + a[3], b[1] + b[3]);
  float inter = MAX (0.0f, x1 - x0) * MAX (0.0f, y1 - y0);
  float uni = a[2] * a[3] + b[2] * b[3] - inter;
  return uni > 0 ? inter / uni : 0.0f;
}

SlvFaceDetector *
sl_face_detector_open (int input_size, GError **error)
{
  g_autofree char *path = sl_models_find (
      input_size == 256 ? SL_MODEL_BLAZEFACE_BACK : SL_MODEL_BLAZEFACE_FRONT, error);
  if (path == NULL)
    return NULL;
  char *verr = NULL;
  SlvFaceDetector *det = slv_face_detector_new (path, input_size, &verr);
  if (det == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_MODEL,
                   _ ("The face detection model “%s” cannot be loaded: %s"), path, verr);
      free (verr);
    }
  return det;
}

SlvLandmarker *
sl_landmarker_open (GError **error)
{
  g_autofree char *path = sl_models_find (SL_MODEL_DLIB_LANDMARKS_68, error);
  if (path == NULL)
    return NULL;
  char *verr = NULL;
  SlvLandmarker *lmk = slv_landmarker_new (path, &verr);
  if (lmk == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_MODEL,
                   _ ("The landmark model “%s” cannot be loaded: %s. To fix: reinstall the Debian "
                      "package libdlib-data."),
                   path, verr);
      free (verr);
    }
  return lmk;
}

static int
compare_floats (gconstpointer a, gconstpointer b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

int
sl_face_choose_model (const char *path, float min_score, char **reason, GError **error)
{
  char *verr = NULL;
  SlvVideo *video = slv_video_open (path, &verr);
  if (video == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("The recording “%s” cannot be opened: %s"),
                   path, verr);
      free (verr);
      return 0;
    }
  SlvFaceDetector *near = sl_face_detector_open (128, error);
  SlvFaceDetector *far = near != NULL ? sl_face_detector_open (256, error) : NULL;
  if (far == NULL)
    {
      slv_face_detector_free (near);
      slv_video_close (video);
      return 0;
    }
  const SlvVideoInfo *info = slv_video_info (video);
  int found[2] = { 0, 0 }, sampled = 0;
  g_autoptr (GArray) widths = g_array_new (FALSE, FALSE, sizeof (float));
  for (int k = 0; k < SL_MODEL_SAMPLES; k++)
    {
      gint64 index = (gint64)((k + 0.5) / SL_MODEL_SAMPLES * MAX (info->frame_count, 1));
      SlvFrame frame = { 0 };
      if (slv_video_seek (video, index, &verr) != 0 || slv_video_read (video, &frame, &verr) != 1)
        {
          free (verr);
          verr = NULL;
          slv_frame_clear (&frame);
          continue;
        }
      sampled++;
      SlvFace faces[4];
      for (int m = 0; m < 2; m++)
        {
          int n = slv_face_detector_detect (m == 0 ? near : far, &frame.image, min_score, faces,
                                            G_N_ELEMENTS (faces), &verr);
          free (verr);
          verr = NULL;
          if (n > 0)
            {
              found[m]++;
              float w = faces[0].w / MIN (frame.image.width, frame.image.height);
              g_array_append_val (widths, w);
            }
        }
      slv_frame_clear (&frame);
    }
  slv_face_detector_free (near);
  slv_face_detector_free (far);
  slv_video_close (video);

  g_array_sort (widths, compare_floats);
  float median = widths->len > 0 ? g_array_index (widths, float, widths->len / 2) : 0;
  int size;
  if (found[1] > found[0])
    {
      size = 256;
      *reason = g_strdup_printf ("the full-range model finds a face in %d of %d sample frames, "
                                 "the short-range one in %d",
                                 found[1], sampled, found[0]);
    }
  else if (widths->len > 0 && median < SL_MODEL_SMALL_FACE)
    {
      size = 256;
      *reason
          = g_strdup_printf ("faces are small: %.0f %% of the frame's shorter side", 100 * median);
    }
  else
    {
      size = 128;
      *reason = widths->len > 0 ? g_strdup_printf ("faces are near: %.0f %% of the frame's "
                                                   "shorter side",
                                                   100 * median)
                                : g_strdup ("no face in the sample frames");
    }
  return size;
}

SlFaceTracker *
sl_face_tracker_new (const SlFaceParams *params, const SlvLandmarker *landmarker, GError **error)
{
  g_return_val_if_fail (params != NULL && landmarker != NULL, NULL);
  g_return_val_if_fail (params->input_size == 128 || params->input_size == 256, NULL);
  SlvFaceDetector *det = sl_face_detector_open (params->input_size, error);
  if (det == NULL)
    return NULL;
  SlFaceTracker *t = g_new0 (SlFaceTracker, 1);
  t->params = *params;
  t->detector = det;
  t->landmarker = landmarker;
  return t;
}

void
sl_face_tracker_free (SlFaceTracker *tracker)
{
  if (tracker == NULL)
    return;
  slv_face_detector_free (tracker->detector);
  g_free (tracker);
}

void
sl_face_tracker_reset (SlFaceTracker *tracker)
{
  tracker->tracking = FALSE;
}

static gboolean
fit (SlFaceTracker *t, const SlvImage *image, const float box[4], float *points, SlFaceTimes *times,
     GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  char *verr = NULL;
  int r = slv_landmarker_fit (t->landmarker, image, box, points, &verr);
  times->landmarks_ns += (g_get_monotonic_time () - t0) * 1000;
  if (r != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Landmark fitting failed: %s"), verr);
      free (verr);
      return FALSE;
    }
  return TRUE;
}

/* Landmarks that mostly left the image, or that disagree with the box they
 * were fitted in, mean the face was lost. */
static gboolean
track_holds (const SlvImage *image, const float fitted_in[4], const float *points)
{
  float implied[4];
  sl_face_box_from_landmarks (points, implied);
  if (!(sl_box_iou (fitted_in, implied) >= TRACK_MIN_IOU))
    return FALSE;
  float cx = implied[0] + implied[2] / 2, cy = implied[1] + implied[3] / 2;
  return cx >= 0 && cy >= 0 && cx < image->width && cy < image->height && implied[2] >= 8;
}

gboolean
sl_face_tracker_process (SlFaceTracker *t, const SlvImage *image, SlFaceResult *result,
                         SlFaceTimes *times, GError **error)
{
  result->success = FALSE;
  result->detected = FALSE;
  result->face_id = -1;
  result->confidence = 0;

  if (t->tracking && t->since_detect < t->params.detect_every)
    {
      float box[4];
      sl_face_box_from_landmarks (t->prev_points, box);
      if (!fit (t, image, box, result->points, times, error))
        return FALSE;
      if (track_holds (image, box, result->points))
        {
          t->since_detect++;
          memcpy (t->prev_points, result->points, sizeof t->prev_points);
          memcpy (result->box, box, sizeof box);
          result->confidence = t->last_confidence;
          result->success = TRUE;
          return TRUE;
        }
    }

  /* Detect. */
  SlvFace faces[MAX_FACES];
  char *verr = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int n
      = slv_face_detector_detect (t->detector, image, t->params.min_score, faces, MAX_FACES, &verr);
  times->detect_ns += (g_get_monotonic_time () - t0) * 1000;
  times->detections++;
  result->detected = TRUE;
  if (n < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Face detection failed: %s"), verr);
      free (verr);
      return FALSE;
    }
  t->tracking = FALSE;
  if (n == 0)
    return TRUE;

  /* The most confident face is the subject. */
  float det[4] = { faces[0].x, faces[0].y, faces[0].w, faces[0].h };
  float box[4];
  sl_face_box_from_detection (det, box);
  if (!fit (t, image, box, result->points, times, error))
    return FALSE;
  for (int i = 0; i < SL_LANDMARK_POINTS * 2; i++)
    if (!isfinite (result->points[i]))
      return TRUE;

  memcpy (result->box, box, sizeof box);
  result->confidence = faces[0].score;
  result->success = TRUE;
  t->tracking = TRUE;
  t->since_detect = 1;
  t->last_confidence = faces[0].score;
  memcpy (t->prev_points, result->points, sizeof t->prev_points);
  return TRUE;
}
