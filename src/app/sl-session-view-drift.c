/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's drift window (session.drift, Ctrl+D): one per
 * view, raised when it is open already.
 */
#include "config.h"

#include "drift-view/sl-drift-view.h"
#include "sl-session-view-private.h"

void
sl_session_view_open_drift (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->session == NULL || self->store == NULL)
    return;
  if (self->drift_window == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      self->drift_window
          = sl_drift_view_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->review);
      g_object_add_weak_pointer (G_OBJECT (self->drift_window), (gpointer *)&self->drift_window);
    }
  gtk_window_present (self->drift_window);
}

void
sl_session_view_close_drift (SlSessionView *self)
{
  if (self->drift_window != NULL)
    gtk_window_destroy (self->drift_window);
}
