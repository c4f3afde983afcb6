/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the drift, library and compare windows are built of alike: a row
 * of controls under the header, and a label that wraps, both inset from
 * the window's edges; a signal's name and a session as a line to choose.
 */
#pragma once

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <inttypes.h>

#include "base/sl-session.h"
#include "base/sl-text.h"
#include "processors/sl-explain-text.h"

G_BEGIN_DECLS

/* What a signal is called ("EAR", "head yaw"), or its name. */
static inline const char *
sl_drift_signal_name (const char *signal)
{
  const char *l = sl_explain_signal_label (signal);
  return l != NULL ? l : signal;
}

/* A session in a list to choose from: "2 · franck.mp4 · 2026-11-01 ·
 * franck". */
static inline char *
sl_drift_session_line (const SlSession *s)
{
  g_autofree char *date = sl_text_format_date (s->recorded_us);
  return g_strdup_printf ("%" PRId64 " · %s · %s · %s", s->id, s->name, date,
                          s->person != NULL && *s->person != '\0' ? s->person : _ ("nobody named"));
}

static inline GtkWidget *
sl_drift_controls_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 6);
  return row;
}

static inline GtkLabel *
sl_drift_wrapped_label (void)
{
  GtkLabel *l = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (l, TRUE);
  gtk_label_set_xalign (l, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (l), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (l), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (l), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (l), 6);
  return l;
}

G_END_DECLS
