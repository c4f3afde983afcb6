/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours of the current style for widgets that draw themselves.
 */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
