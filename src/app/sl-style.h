/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours of the current style for widgets that draw themselves.
 */
#pragma once

#include <gtk/gtk.h>

#include "draw/sl-chart.h"
#include "draw/sl-draw.h"

G_BEGIN_DECLS

/* The named colour of @widget's style (libadwaita's "accent_color",
 * "error_color", …), or @fallback when the style has none. */
static inline void
sl_style_color (GtkWidget *widget, const char *name, GdkRGBA *color, const char *fallback)
{
  /* GTK 4.8 has no replacement for the style context's named colours. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static inline void
sl_style_rgba (GtkWidget *widget, const char *name, SlRgba *out, const char *fallback)
{
  GdkRGBA c;
  sl_style_color (widget, name, &c, fallback);
  *out = (SlRgba){ c.red, c.green, c.blue, c.alpha };
}

/* The drawing style of @widget's theme and font, for the overlay layers. */
static inline void
sl_app_draw_style (GtkWidget *widget, SlDrawStyle *style)
{
  sl_style_rgba (widget, "accent_bg_color", &style->accent, "#3584e4");
  sl_style_rgba (widget, "warning_color", &style->held, "#c88800");
  sl_style_rgba (widget, "error_color", &style->error, "#e01b24");
  sl_style_rgba (widget, "success_color", &style->success, "#26a269");
  sl_style_rgba (widget, "accent_color", &style->axis_z, "#1c71d8");
  sl_style_rgba (widget, "warning_color", &style->warning, "#e5a50a");
  sl_style_rgba (widget, "error_bg_color", &style->error_bg, "#c01c28");
  sl_style_rgba (widget, "success_bg_color", &style->success_bg, "#2ec27e");
  sl_style_rgba (widget, "warning_bg_color", &style->warning_bg, "#cd9309");
  sl_style_rgba (widget, "purple_3", &style->purple, "#9141ac");
  style->label_bg = (SlRgba){ 0, 0, 0, 0.65 };
  style->font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
}

/* The colours of a chart in @widget's style: its text on the view's
 * background, targets in the accent colour, estimates in the success
 * colour, warnings in the error colour. */
static inline void
sl_app_plot_colors (GtkWidget *widget, SlPlotColors *c)
{
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  c->foreground = (SlRgba){ fg.red, fg.green, fg.blue, fg.alpha };
  sl_style_rgba (widget, "view_bg_color", &c->background, "#ffffff");
  sl_style_rgba (widget, "accent_color", &c->target, "#1c71d8");
  sl_style_rgba (widget, "success_color", &c->estimate, "#26a269");
  sl_style_rgba (widget, "error_color", &c->warning, "#c01c28");
}

/* A signal chart's colours: the signal in the accent colour, thresholds
 * in the error colour, events in the warning colour. */
static inline void
sl_app_signal_chart_colors (GtkWidget *widget, SlPlotColors *c)
{
  sl_app_plot_colors (widget, c);
  sl_style_rgba (widget, "error_color", &c->target, "#c01c28");
  sl_style_rgba (widget, "accent_color", &c->estimate, "#1c71d8");
  sl_style_rgba (widget, "warning_color", &c->warning, "#c88800");
}

G_END_DECLS
