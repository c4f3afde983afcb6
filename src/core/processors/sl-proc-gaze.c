/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gaze features and, without a calibration, a coarse direction.
 *
 * Features, per eye: the pupil's position in the eye's own frame — along
 * the line from the eye's image-left corner to its image-right corner, and
 * across it (positive down), both divided by the corner-to-corner width,
 * with 0, 0 at the middle of the corners — as feature-based webcam gaze
 * trackers use (Valenti & Gevers, TPAMI 2012; the calibration wizard maps
 * them, with head pose as covariates, to the screen).  A frame with the
 * eyes closed (eyes.closed) gives no features.  "h" and "v" are the mean
 * of the eyes that have a pupil.
 *
 * Coarse direction: the eye's rotation in the head is estimated from the
 * pupil's offset on an eyeball whose radius is eye_radius of the eye's
 * width (an eyeball of 12 mm behind an eye opening of 30 mm: 0.4), added
 * to the head's yaw and pitch; beyond ±h_limit or ±v_limit degrees the
 * gaze is left or right (of the person: "left" is the person's left) and
 * up or down.  Only a calibration turns this into screen positions.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-processors.h"

enum
{
  P_EYE_RADIUS,
  P_H_LIMIT,
  P_V_LIMIT,
};

static const SlParamSpec params[] = {
  [P_EYE_RADIUS] = { "eye_radius", 0.4, 0.1, 2, FALSE,
                     N_ ("eyeball radius as a share of the eye's corner-to-corner width") },
  [P_H_LIMIT] = { "h_limit", 15, 1, 90, FALSE,
                  N_ ("degrees of gaze yaw beyond which the direction is left or right") },
  [P_V_LIMIT] = { "v_limit", 10, 1, 90, FALSE,
                  N_ ("degrees of gaze pitch beyond which the direction is up or down") },
};

static const char *const needs[]
    = { "pupils.left_x", "pupils.left_y", "pupils.right_x",  "pupils.right_y",
        "eyes.closed",   "head_pose.yaw", "head_pose.pitch", NULL };
static const char *const provides[] = { "left_h", "left_v", "right_h",    "right_v",  "h", "v",
                                        "yaw",    "pitch",  "horizontal", "vertical", NULL };
enum
{
  OUT_LEFT_H,
  OUT_LEFT_V,
  OUT_RIGHT_H,
  OUT_RIGHT_V,
  OUT_H,
  OUT_V,
  OUT_YAW,
  OUT_PITCH,
  OUT_HORIZONTAL, /* −1 the person's left, 0 centre, 1 right */
  OUT_VERTICAL,   /* −1 up, 0 centre, 1 down */
};

gboolean
sl_gaze_eye_features (const float *pts, int eye, double px, double py, double *h, double *v)
{
  int a = eye == 0 ? 36 : 42, b = eye == 0 ? 39 : 45;
  double ax = pts[2 * a], ay = pts[2 * a + 1], bx = pts[2 * b], by = pts[2 * b + 1];
  double ux = bx - ax, uy = by - ay, w = hypot (ux, uy);
  if (!(w > 0) || !isfinite (px) || !isfinite (py))
    return FALSE;
  ux /= w;
  uy /= w;
  double dx = px - (ax + bx) / 2, dy = py - (ay + by) / 2;
  *h = (dx * ux + dy * uy) / w;
  *v = (-dx * uy + dy * ux) / w;
  return isfinite (*h) && isfinite (*v);
}

static gboolean
gaze_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  const double *p = ctx->params;
  if (!ctx->face->success || !(sl_need (ctx, 4) < 0.5))
    return TRUE; /* no face, or eyes closed (or unknown): no gaze */

  double h[2], v[2], sum_h = 0, sum_v = 0;
  int n = 0;
  for (int e = 0; e < 2; e++)
    {
      if (!sl_gaze_eye_features (ctx->face->points, e, sl_need (ctx, 2 * e),
                                 sl_need (ctx, 2 * e + 1), &h[e], &v[e]))
        continue;
      ctx->out[2 * e] = h[e];
      ctx->out[2 * e + 1] = v[e];
      sum_h += h[e];
      sum_v += v[e];
      n++;
    }
  if (n == 0)
    return TRUE;
  double mh = sum_h / n, mv = sum_v / n;
  ctx->out[OUT_H] = mh;
  ctx->out[OUT_V] = mv;

  double yaw = sl_need (ctx, 5), pitch = sl_need (ctx, 6);
  if (!isfinite (yaw) || !isfinite (pitch))
    return TRUE;
  /* The pupil moves to the image left when the person looks to their
   * right, as yaw > 0 does; down in the image when they look down, as
   * pitch > 0 does. */
  double r = p[P_EYE_RADIUS];
  double eye_yaw = -asin (CLAMP (mh / r, -1, 1)) * 180 / G_PI;
  double eye_pitch = asin (CLAMP (mv / r, -1, 1)) * 180 / G_PI;
  double gy = yaw + eye_yaw, gp = pitch + eye_pitch;
  ctx->out[OUT_YAW] = gy;
  ctx->out[OUT_PITCH] = gp;
  /* Yaw > 0 is towards the person's right. */
  ctx->out[OUT_HORIZONTAL] = gy > p[P_H_LIMIT] ? 1 : gy < -p[P_H_LIMIT] ? -1 : 0;
  ctx->out[OUT_VERTICAL] = gp > p[P_V_LIMIT] ? 1 : gp < -p[P_V_LIMIT] ? -1 : 0;
  return TRUE;
}

const SlProcessorInfo sl_gaze_processor = {
  .id = "gaze",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "pupil position in the eye's corner frame (features for calibration); coarse "
            "direction from an eyeball model plus head pose",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .process = gaze_process,
};
