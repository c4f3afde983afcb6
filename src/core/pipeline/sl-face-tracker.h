/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The face stage of one worker: BlazeFace detection, dlib landmarks, and
 * landmark-based tracking between detections.
 */
#pragma once

#include <glib.h>

#include "base/sl-face-result.h"
#include "vision.h"

G_BEGIN_DECLS

#define SL_FACE_VERSION "1.0"
#define SL_LANDMARKS_VERSION "1.0"

typedef struct
{
  int input_size;   /* 128 (front model), 256 (back model), 0: chosen per recording */
  float min_score;  /* detection score threshold */
  int detect_every; /* run the detector at least every n analysed frames */
} SlFaceParams;

#define SL_FACE_PARAMS_DEFAULT                                                                     \
  {                                                                                                \
    0, 0.5f, 5                                                                                     \
  }

typedef struct
{
  gint64 detect_ns;
  gint64 landmarks_ns;
  gint64 detections;
} SlFaceTimes;

/* BlazeFace with @input_size 128 (short-range) or 256 (full-range), found
 * and checked by sl_models_find(). */
SlvFaceDetector *sl_face_detector_open (int input_size, GError **error);

/* dlib's 68-point shape predictor, found and checked by sl_models_find(). */
SlvLandmarker *sl_landmarker_open (GError **error);

/* The face model for a recording, chosen on SL_MODEL_SAMPLES frames spread
 * over it: the full-range model (256) when it finds faces in more of them
 * than the short-range one (128), or when the faces found are narrower
 * than SL_MODEL_SMALL_FACE of the frame's shorter side (the short-range
 * model is made for faces within about 2 m of a phone camera, the
 * full-range one for up to about 5 m; on ../shared/testdata/faces, faces
 * of 37–90 px in photos of 500 px, the short-range model's recall is 0.23,
 * the full-range one's 0.95).  Returns 128 or 256 and why, or 0 with
 * @error set. */
#define SL_MODEL_SAMPLES 5
#define SL_MODEL_SMALL_FACE 0.2f
int sl_face_choose_model (const char *path, float min_score, char **reason, GError **error);

typedef struct _SlFaceTracker SlFaceTracker;

/* @landmarker is shared and must outlive the tracker. */
SlFaceTracker *sl_face_tracker_new (const SlFaceParams *params, const SlvLandmarker *landmarker,
                                    GError **error);
void sl_face_tracker_free (SlFaceTracker *tracker);

/* Forgets the track: the next frame runs the detector. */
void sl_face_tracker_reset (SlFaceTracker *tracker);

/* Fills @result for @image.  A frame without a face is a success with
 * result->success = FALSE; FALSE is returned only for failures. */
gboolean sl_face_tracker_process (SlFaceTracker *tracker, const SlvImage *image,
                                  SlFaceResult *result, SlFaceTimes *times, GError **error);

/* The box the shape predictor expects, from a BlazeFace box or from a
 * previous frame's landmarks. */
void sl_face_box_from_detection (const float det[4], float box[4]);
void sl_face_box_from_landmarks (const float *points, float box[4]);

float sl_box_iou (const float a[4], const float b[4]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFaceTracker, sl_face_tracker_free)

G_END_DECLS
