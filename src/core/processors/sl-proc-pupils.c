/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pupils: the iris processor's centres, for open eyes only.  An eye that
 * the eyes processor finds closing or closed on this frame (EAR more than
 * its closed_drop below the person's baseline) gives no pupil rather than
 * a guess: on the ZJU clips' frames annotated with both eyes fully closed,
 * the gradient method still found a "centre" in 97 % of the eyes.  The
 * per-eye confidence is the iris processor's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-processors.h"

static const char *const needs[]
    = { "iris.left_x",  "iris.left_y",           "iris.left_confidence", "iris.right_x",
        "iris.right_y", "iris.right_confidence", "eyes.closed",          NULL };
static const char *const provides[]
    = { "left_x", "left_y", "left_confidence", "right_x", "right_y", "right_confidence", NULL };

static gboolean
pupils_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  if (!(sl_need (ctx, 6) < 0.5)) /* eyes.closed */
    return TRUE;                 /* closed, or not known to be open */
  for (int k = 0; k < 6; k++)
    ctx->out[k] = sl_need (ctx, k);
  return TRUE;
}

const SlProcessorInfo sl_pupils_processor = {
  .id = "pupils",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "the iris centres of eyes that the eyes processor finds open",
  .needs = needs,
  .provides = provides,
  .process = pupils_process,
};
