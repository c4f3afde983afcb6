/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Image quality: why a frame can or cannot be used.  Brightness and RMS
 * contrast of the grey levels, sharpness as the variance of the Laplacian
 * (Pech-Pacheco et al., "Diatom autofocusing in brightfield microscopy: a
 * comparative study", ICPR 2000), measured on the face box when there is
 * one and on the whole frame otherwise; the face's size in pixels and its
 * in-plane angle from the line between the eye centres.
 *
 * "reason" codes the first thing wrong with the frame: 0 usable, 1 no face
 * found (and nothing else wrong), 2 too dark, 3 too bright, 4 blurred,
 * 5 face too small, 6 face tilted too far.  The default limits are those
 * under which the face stage was seen to fail on the test recordings; they
 * say why, they do not decide anything.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "sl-processor.h"

enum
{
  P_DARK,
  P_BRIGHT,
  P_BLUR,
  P_MIN_FACE,
  P_MAX_TILT,
};

enum
{
  S_BRIGHTNESS,
  S_CONTRAST,
  S_BLUR,
  S_FACE_SIZE,
  S_FACE_TILT,
  S_REASON,
};

typedef enum
{
  REASON_USABLE,
  REASON_NO_FACE,
  REASON_DARK,
  REASON_BRIGHT,
  REASON_BLURRED,
  REASON_SMALL,
  REASON_TILTED,
} Reason;

static const SlParamSpec params[] = {
  [P_DARK] = { "dark", 40, 0, 255, FALSE, N_ ("mean grey level below which a frame is too dark") },
  [P_BRIGHT]
  = { "bright", 225, 0, 255, FALSE, N_ ("mean grey level above which a frame is too bright") },
  [P_BLUR] = { "blur", 15, 0, 100000, FALSE,
               N_ ("variance of the Laplacian below which a frame is blurred") },
  [P_MIN_FACE] = { "min_face", 40, 0, 10000, FALSE,
                   N_ ("face width in pixels below which a face is too small") },
  [P_MAX_TILT] = { "max_tilt", 45, 0, 180, FALSE,
                   N_ ("in-plane angle of the eyes, in degrees, beyond which a face is tilted") },
};

static const char *const needs[] = { SL_NEED_FACE, NULL };
static const char *const provides[]
    = { "brightness", "contrast", "blur", "face_size", "face_tilt", "reason", NULL };

static double
eye_tilt (const float *pts)
{
  double lx = 0, ly = 0, rx = 0, ry = 0;
  for (int i = 36; i < 42; i++)
    {
      lx += pts[2 * i] / 6.0;
      ly += pts[2 * i + 1] / 6.0;
    }
  for (int i = 42; i < 48; i++)
    {
      rx += pts[2 * i] / 6.0;
      ry += pts[2 * i + 1] / 6.0;
    }
  return atan2 (ry - ly, rx - lx) * 180.0 / G_PI;
}

static gboolean
quality_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  const double *p = ctx->params;
  const SlFaceResult *face = ctx->face;
  gboolean has_face = face != NULL && face->success;

  SlvImageStats st;
  char *verr = NULL;
  int r = slv_image_stats (ctx->image, has_face ? face->box : NULL, &st, &verr);
  if (r != 0 && has_face)
    {
      /* A face box mostly outside the frame: judge the whole frame. */
      free (verr);
      verr = NULL;
      r = slv_image_stats (ctx->image, NULL, &st, &verr);
    }
  if (r != 0)
    {
      /* A frame too small to measure has no quality values, not an error. */
      free (verr);
      ctx->out[S_REASON] = has_face ? REASON_SMALL : REASON_NO_FACE;
      return TRUE;
    }
  ctx->out[S_BRIGHTNESS] = st.mean;
  ctx->out[S_CONTRAST] = st.stddev;
  ctx->out[S_BLUR] = st.laplacian_var;

  double tilt = NAN;
  if (has_face)
    {
      ctx->out[S_FACE_SIZE] = face->box[2];
      tilt = eye_tilt (face->points);
      ctx->out[S_FACE_TILT] = tilt;
    }

  Reason reason = REASON_USABLE;
  if (st.mean < p[P_DARK])
    reason = REASON_DARK;
  else if (st.mean > p[P_BRIGHT])
    reason = REASON_BRIGHT;
  else if (st.laplacian_var < p[P_BLUR])
    reason = REASON_BLURRED;
  else if (!has_face)
    reason = REASON_NO_FACE;
  else if (face->box[2] < p[P_MIN_FACE])
    reason = REASON_SMALL;
  else if (isfinite (tilt) && fabs (tilt) > p[P_MAX_TILT])
    reason = REASON_TILTED;
  ctx->out[S_REASON] = reason;
  return TRUE;
}

const SlProcessorInfo sl_quality_processor = {
  .id = "quality",
  .version = "1.0",
  .method = "grey-level mean and RMS contrast; variance of the Laplacian (Pech-Pacheco 2000)",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .process = quality_process,
};
