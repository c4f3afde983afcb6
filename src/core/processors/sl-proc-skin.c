/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Skin colour for remote photoplethysmography: the mean red, green and
 * blue of the forehead and both cheeks, the regions with the strongest
 * pulse signal and the least motion from speech (Kwon et al., EMBC 2015;
 * Lempe et al., 2013), placed from the 68 landmarks:
 *
 *   forehead  between the inner brow ends (19, 24), from 0.1 to 0.5 of the
 *             brow-to-nose-tip height above the brows;
 *   cheeks    under each eye (36–39, 42–45), from a quarter of the way
 *             from the lower lid to the nose bottom (33) down to it.
 *
 * A session marked as a skin-patch recording (a video of skin only, as
 * the rPPG test videos are) sets whole_frame: the whole frame is the
 * region and no face is needed.  Regions are clipped to the frame; fewer
 * than min_pixels in all gives no value.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-processors.h"

enum
{
  P_WHOLE_FRAME,
  P_MIN_PIXELS,
};

static const SlParamSpec params[] = {
  [P_WHOLE_FRAME] = { "whole_frame", 0, 0, 1, TRUE,
                      N_ ("1: the whole frame is skin (a skin-patch recording), no face needed") },
  [P_MIN_PIXELS]
  = { "min_pixels", 50, 1, 100000, TRUE, N_ ("fewest skin pixels for a colour measurement") },
};

static const char *const needs[] = { SL_NEED_LANDMARKS, NULL };
static const char *const provides[] = { "r", "g", "b", "pixels", NULL };

typedef struct
{
  double sum[3];
  gint64 n;
} Acc;

static void
add_rect (const SlvImage *img, double x0, double y0, double x1, double y1, Acc *acc)
{
  if (!(isfinite (x0) && isfinite (y0) && isfinite (x1) && isfinite (y1)))
    return;
  int ix0 = (int)CLAMP (floor (MIN (x0, x1)), 0, img->width);
  int ix1 = (int)CLAMP (ceil (MAX (x0, x1)), 0, img->width);
  int iy0 = (int)CLAMP (floor (MIN (y0, y1)), 0, img->height);
  int iy1 = (int)CLAMP (ceil (MAX (y0, y1)), 0, img->height);
  for (int y = iy0; y < iy1; y++)
    {
      const guint8 *row = img->data + (gsize)y * img->stride;
      for (int x = ix0; x < ix1; x++)
        {
          acc->sum[0] += row[3 * x + 2]; /* BGR */
          acc->sum[1] += row[3 * x + 1];
          acc->sum[2] += row[3 * x];
        }
      acc->n += MAX (0, ix1 - ix0);
    }
}

static gboolean
skin_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  const SlvImage *img = ctx->image;
  const double *p = ctx->params;
  Acc acc = { { 0, 0, 0 }, 0 };
  if (img->width <= 0 || img->height <= 0)
    return TRUE;
  if (p[P_WHOLE_FRAME] >= 0.5)
    add_rect (img, 0, 0, img->width, img->height, &acc);
  else if (ctx->face != NULL && ctx->face->success)
    {
      const float *pt = ctx->face->points;
#define X(i) ((double)pt[2 * (i)])
#define Y(i) ((double)pt[2 * (i) + 1])
      double brow = MIN (Y (19), Y (24));
      double h = Y (33) - brow;
      if (h > 0)
        add_rect (img, X (19), brow - 0.5 * h, X (24), brow - 0.1 * h, &acc);
      double lid_l = MAX (Y (40), Y (41)), lid_r = MAX (Y (46), Y (47));
      add_rect (img, X (36), lid_l + 0.25 * (Y (33) - lid_l), X (39), Y (33), &acc);
      add_rect (img, X (42), lid_r + 0.25 * (Y (33) - lid_r), X (45), Y (33), &acc);
#undef X
#undef Y
    }
  if (acc.n < p[P_MIN_PIXELS])
    return TRUE;
  for (int c = 0; c < 3; c++)
    ctx->out[c] = acc.sum[c] / acc.n;
  ctx->out[3] = (double)acc.n;
  return TRUE;
}

const SlProcessorInfo sl_skin_processor = {
  .id = "skin",
  .version = "1.0",
  .method = "mean colour of forehead and cheek regions placed from the landmarks, or of the "
            "whole frame for skin-patch recordings",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .process = skin_process,
};
