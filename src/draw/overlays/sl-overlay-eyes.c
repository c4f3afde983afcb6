/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The eye contours, filled by how open the eyes are: the colour of "open"
 * above the closing threshold, of "closed" below it; and badges in the
 * frame's top right corner for closed eyes and a yawn.  Only on the frame
 * the result is of: eyes move too fast to hold.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-overlay.h"

static const char *const signals[] = { "eyes.openness", "eyes.closed", "drowsiness.yawning", NULL };

static void
draw_badges (const SlOverlayContext *ctx, double closed, double yawning)
{
  const char *badges[2];
  guint n = 0;
  if (closed > 0.5)
    badges[n++] = _ ("Eyes closed");
  if (yawning > 0.5)
    badges[n++] = _ ("Yawning");
  double y = ctx->oy + 6, right = ctx->ox + ctx->width * ctx->scale;
  for (guint k = 0; k < n; k++)
    {
      double w, h;
      sl_draw_label_size (ctx->cr, ctx->style, badges[k], &w, &h);
      sl_draw_label (ctx->cr, ctx->style, badges[k], right - w - 6, y, &ctx->style->error_bg, NULL,
                     NULL);
      y += h + 4;
    }
}

static void
draw (const SlOverlayContext *ctx)
{
  double openness = sl_overlay_value (ctx, "eyes.openness");
  double closed = sl_overlay_value (ctx, "eyes.closed");
  draw_badges (ctx, closed, sl_overlay_value (ctx, "drowsiness.yawning"));
  if (!isfinite (closed))
    return;
  const SlRgba *color = closed > 0.5 ? &ctx->style->error : &ctx->style->success;
  cairo_t *cr = ctx->cr;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  const float *p = ctx->face->points;
  for (int first = 36; first <= 42; first += 6)
    {
      for (int i = first; i < first + 6; i++)
        {
          double x = ctx->ox + p[2 * i] * ctx->scale, y = ctx->oy + p[2 * i + 1] * ctx->scale;
          if (i == first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                             0.25 + 0.35 * (isfinite (openness) ? 1 - openness : 0.5));
      cairo_fill_preserve (cr);
      sl_draw_stroke_with_halo (cr, color, 2);
    }
}

const SlOverlayLayer sl_overlay_eyes = {
  .id = "eyes",
  .signals = signals,
  .needs_face = TRUE,
  .exact_only = TRUE,
  .tells_detections = TRUE,
  .draw = draw,
};
