/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-draw.h"

const SlDrawStyle *
sl_draw_style_default (void)
{
  /* libadwaita 1.2's named colours (light). */
  static const SlDrawStyle style = {
    .accent = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1 },
    .held = { 0xc8 / 255.0, 0x88 / 255.0, 0, 1 },
    .error = { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0, 1 },
    .success = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0, 1 },
    .axis_z = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 },
    .warning = { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0, 1 },
    .error_bg = { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0, 1 },
    .success_bg = { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0, 1 },
    .warning_bg = { 0xcd / 255.0, 0x93 / 255.0, 0x09 / 255.0, 1 },
    .purple = { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0, 1 },
    .label_bg = { 0, 0, 0, 0.65 },
  };
  return &style;
}

void
sl_draw_set_color (cairo_t *cr, const SlRgba *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

void
sl_draw_stroke_with_halo (cairo_t *cr, const SlRgba *color, double width)
{
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55 * color->alpha);
  cairo_set_line_width (cr, width + 2);
  cairo_stroke_preserve (cr);
  sl_draw_set_color (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static PangoLayout *
label_layout (cairo_t *cr, const SlDrawStyle *style, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  if (style->font != NULL)
    pango_layout_set_font_description (layout, style->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
sl_draw_label_size (cairo_t *cr, const SlDrawStyle *style, const char *text, double *w, double *h)
{
  g_autoptr (PangoLayout) layout = label_layout (cr, style, text);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  *w = lw + 8;
  *h = lh + 4;
}

void
sl_draw_label (cairo_t *cr, const SlDrawStyle *style, const char *text, double x, double y,
               const SlRgba *bg, double *w, double *h)
{
  g_autoptr (PangoLayout) layout = label_layout (cr, style, text);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  cairo_save (cr);
  sl_draw_set_color (cr, bg);
  cairo_rectangle (cr, x, y, lw + 8, lh + 4);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x + 4, y + 2);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  if (w != NULL)
    *w = lw + 8;
  if (h != NULL)
    *h = lh + 4;
}
