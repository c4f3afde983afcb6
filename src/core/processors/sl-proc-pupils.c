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

typedef struct
{
  int slot[7];
  gboolean resolved;
} Pupils;

static gpointer
pupils_create (const double *p, GError **error)
{
  return g_new0 (Pupils, 1);
}

static void
pupils_destroy (gpointer state)
{
  g_free (state);
}

static gboolean
pupils_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Pupils *s = state;
  if (!s->resolved)
    {
      for (int k = 0; k < 7; k++)
        s->slot[k] = sl_plan_slot (ctx->plan, needs[k]);
      s->resolved = TRUE;
    }
  if (!(ctx->row[s->slot[6]] < 0.5))
    return TRUE; /* closed, or not known to be open */
  for (int k = 0; k < 6; k++)
    ctx->out[k] = ctx->row[s->slot[k]];
  return TRUE;
}

const SlProcessorInfo sl_pupils_processor = {
  .id = "pupils",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "the iris centres of eyes that the eyes processor finds open",
  .needs = needs,
  .provides = provides,
  .create = pupils_create,
  .process = pupils_process,
  .destroy = pupils_destroy,
};
