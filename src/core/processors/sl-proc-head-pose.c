/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Head pose: yaw, pitch and roll in degrees and the head's position in
 * millimetres, by perspective-n-point between six landmarks and a generic
 * 3D face (OpenCV solvePnP; see src/vision/measures.cpp for the model and
 * the angle conventions).  Without a known camera, the focal length is
 * focal_scale × the larger frame side, the usual assumption for webcams
 * (a horizontal field of view of about 53°); a session whose camera is
 * known should set it.  Angles depend little on the focal length, the
 * distance tz in proportion to it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "sl-processor.h"
#include "sl-processors.h"

static const SlParamSpec params[] = {
  { "focal_scale", 1.0, 0.2, 5.0, FALSE,
    N_ ("focal length of the camera as a multiple of the larger frame side") },
};

static const char *const needs[] = { SL_NEED_LANDMARKS, NULL };
static const char *const provides[] = { "yaw", "pitch", "roll", "tx", "ty", "tz", NULL };

static gboolean
head_pose_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  if (ctx->face == NULL || !ctx->face->success)
    return TRUE; /* no landmarks, no pose */
  const SlvImage *img = ctx->image;
  double focal = ctx->params[0] * MAX (img->width, img->height);
  SlvHeadPose pose;
  char *verr = NULL;
  if (slv_head_pose (ctx->face->points, img->width, img->height, focal, &pose, &verr) != 0)
    {
      /* Degenerate landmarks give no pose for this frame, not a failed run. */
      free (verr);
      return TRUE;
    }
  double v[] = { pose.yaw, pose.pitch, pose.roll, pose.tx, pose.ty, pose.tz };
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    ctx->out[i] = v[i];
  return TRUE;
}

const SlProcessorInfo sl_head_pose_processor = {
  .id = "head_pose",
  .version = "1.0",
  .method = "solvePnP against a generic 6-point 3D face, pinhole camera from the frame size",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .process = head_pose_process,
};

gboolean
sl_head_pose_project (const double pose[6], int width, int height, double focal_px,
                      const float *model_xyz, int n, float *image_xy)
{
  SlvHeadPose p = { pose[0], pose[1], pose[2], pose[3], pose[4], pose[5] };
  char *err = NULL;
  if (slv_head_pose_project (&p, width, height, focal_px, model_xyz, n, image_xy, &err) == 0)
    return TRUE;
  free (err);
  return FALSE;
}
