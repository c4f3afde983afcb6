/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every drawing of Sightline shares, with cairo and pango and no
 * GTK: colours, the halo under strokes, labels.  The window fills a style
 * from its theme; a renderer without a display uses the default one.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} SlRgba;

typedef struct
{
  SlRgba accent;                    /* a result of this very frame */
  SlRgba held;                      /* a result held from an earlier frame */
  SlRgba error;                     /* the head's x axis, closed eyes */
  SlRgba success;                   /* the y axis, open eyes */
  SlRgba axis_z;                    /* the z axis */
  SlRgba warning;                   /* pupils */
  SlRgba error_bg;                  /* badges, the drowsy state */
  SlRgba success_bg;                /* the alert state */
  SlRgba warning_bg;                /* the distracted state */
  SlRgba purple;                    /* one more kind of event: drowsiness */
  SlRgba label_bg;                  /* labels over the video */
  const PangoFontDescription *font; /* NULL: the default sans */
} SlDrawStyle;

/* Libadwaita's light palette: what a window shows by default. */
const SlDrawStyle *sl_draw_style_default (void);

void sl_draw_set_color (cairo_t *cr, const SlRgba *color);
/* Strokes the current path twice: a dark halo, then @color, so that it
 * reads on any background. */
void sl_draw_stroke_with_halo (cairo_t *cr, const SlRgba *color, double width);
/* @text in white on @bg at (@x, @y); its size in @w, @h when not NULL. */
void sl_draw_label (cairo_t *cr, const SlDrawStyle *style, const char *text, double x, double y,
                    const SlRgba *bg, double *w, double *h);
/* The size @text takes as a label. */
void sl_draw_label_size (cairo_t *cr, const SlDrawStyle *style, const char *text, double *w,
                         double *h);

G_END_DECLS
