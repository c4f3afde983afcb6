/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Iris: the candidate centre of each eye's pupil in image pixels, by the
 * gradient method of Timm & Barth (VISAPP 2011; src/vision/pupils.cpp),
 * searched inside the eye's outline from the landmarks, with a per-eye
 * confidence.  "Left" is the eye on the image's left (iBUG points 36–41),
 * as in OpenFace's output.
 *
 * A frame-local stage: whether the eye is open is known only in frame
 * order, so the pupils processor (temporal) passes these candidates on
 * only for open eyes.  Here an eye whose aspect ratio is below min_ear is
 * certainly shut and not searched, and a centre whose confidence is below
 * min_confidence is dropped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "sl-processors.h"

enum
{
  P_MIN_EAR,
  P_MIN_CONFIDENCE,
};

static const SlParamSpec params[] = {
  [P_MIN_EAR] = { "min_ear", 0.12, 0, 0.5, FALSE,
                  N_ ("eye aspect ratio below which the eye is shut and has no pupil") },
  [P_MIN_CONFIDENCE] = { "min_confidence", 0.05, 0, 1, FALSE,
                         N_ ("confidence below which a pupil centre is dropped") },
};

static const char *const needs[] = { SL_NEED_LANDMARKS, NULL };
static const char *const provides[]
    = { "left_x", "left_y", "left_confidence", "right_x", "right_y", "right_confidence", NULL };

static gboolean
pupils_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  const double *p = ctx->params;
  if (ctx->face == NULL || !ctx->face->success)
    return TRUE;
  for (int e = 0; e < 2; e++)
    {
      int first = e == 0 ? 36 : 42;
      double ear = sl_eye_aspect_ratio (ctx->face->points, first);
      if (!isfinite (ear) || ear < p[P_MIN_EAR])
        continue;
      float centre[2], confidence;
      char *verr = NULL;
      if (slv_eye_centre (ctx->image, ctx->face->points + 2 * first, centre, &confidence, &verr)
          != 0)
        {
          free (verr); /* no pupil on this frame, for the reason given */
          continue;
        }
      if (confidence < p[P_MIN_CONFIDENCE])
        continue;
      ctx->out[3 * e] = centre[0];
      ctx->out[3 * e + 1] = centre[1];
      ctx->out[3 * e + 2] = confidence;
    }
  return TRUE;
}

const SlProcessorInfo sl_iris_processor = {
  .id = "iris",
  .version = "1.0",
  .method = "eye centre by means of gradients (Timm & Barth 2011) inside the landmark outline",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .process = pupils_process,
};
