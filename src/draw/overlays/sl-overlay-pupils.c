/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cross on each pupil centre the pupils processor gave (open eyes only).
 */
#include "config.h"

#include <math.h>

#include "sl-overlay.h"

static const char *const signals[] = {
  "pupils.left_x", "pupils.left_y", "pupils.right_x", "pupils.right_y", NULL,
};

static void
draw (const SlOverlayContext *ctx)
{
  cairo_t *cr = ctx->cr;
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  double arm = MAX (3, 2.5 * ctx->scale);
  for (int e = 0; e < 2; e++)
    {
      double x = sl_overlay_value (ctx, signals[2 * e]);
      double y = sl_overlay_value (ctx, signals[2 * e + 1]);
      if (!isfinite (x) || !isfinite (y))
        continue;
      x = ctx->ox + x * ctx->scale;
      y = ctx->oy + y * ctx->scale;
      cairo_move_to (cr, x - arm, y);
      cairo_line_to (cr, x + arm, y);
      cairo_move_to (cr, x, y - arm);
      cairo_line_to (cr, x, y + arm);
      sl_draw_stroke_with_halo (cr, &ctx->style->warning, 1.5);
    }
}

const SlOverlayLayer sl_overlay_pupils = {
  .id = "pupils",
  .signals = signals,
  .needs_face = TRUE,
  .exact_only = TRUE,
  .draw = draw,
};
