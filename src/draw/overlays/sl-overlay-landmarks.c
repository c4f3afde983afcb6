/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 68 landmarks, joined into the jaw, brows, nose, eyes and lips.
 */
#include "config.h"

#include "sl-overlay.h"

/* iBUG 68-point groups drawn as polylines; the eyes, lips and mouth close. */
static const struct
{
  int first, last;
  gboolean closed;
} groups[] = {
  { 0, 16, FALSE }, { 17, 21, FALSE }, { 22, 26, FALSE }, { 27, 30, FALSE }, { 31, 35, FALSE },
  { 36, 41, TRUE }, { 42, 47, TRUE },  { 48, 59, TRUE },  { 60, 67, TRUE },
};

static void
draw (const SlOverlayContext *ctx)
{
  cairo_t *cr = ctx->cr;
  const float *p = ctx->face->points;
  double s = ctx->scale;
  SlRgba color = ctx->exact ? ctx->style->accent : ctx->style->held;
  if (!ctx->exact)
    color.alpha = 0.6;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      for (int i = groups[g].first; i <= groups[g].last; i++)
        {
          double x = ctx->ox + p[2 * i] * s, y = ctx->oy + p[2 * i + 1] * s;
          if (i == groups[g].first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (groups[g].closed)
        cairo_close_path (cr);
      sl_draw_stroke_with_halo (cr, &color, 1.5);
    }
  double radius = MAX (1.5, 2.0 * MIN (s, 1.5));
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, ctx->ox + p[2 * i] * s, ctx->oy + p[2 * i + 1] * s, radius, 0, 2 * G_PI);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55 * color.alpha);
  cairo_set_line_width (cr, 2);
  cairo_stroke_preserve (cr);
  sl_draw_set_color (cr, &color);
  cairo_fill (cr);
}

const SlOverlayLayer sl_overlay_landmarks = {
  .id = "landmarks",
  .needs_face = TRUE,
  .draw = draw,
};
