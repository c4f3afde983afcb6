/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The face stage of one worker: BlazeFace detection, dlib landmarks, and
 * landmark-based tracking between detections.
 */
#pragma once

#include <glib.h>

#include "sl-face-result.h"
#include "vision.h"

G_BEGIN_DECLS

#define SL_FACE_VERSION "1.0"
#define SL_LANDMARKS_VERSION "1.0"

typedef struct
{
  int input_size;   /* 128 (front model) or 256 (back model) */
  float min_score;  /* detection score threshold */
  int detect_every; /* run the detector at least every n analysed frames */
} SlFaceParams;

#define SL_FACE_PARAMS_DEFAULT                                                                     \
  {                                                                                                \
    128, 0.5f, 5                                                                                   \
  }

typedef struct
{
  gint64 detect_ns;
  gint64 landmarks_ns;
  gint64 detections;
} SlFaceTimes;

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
