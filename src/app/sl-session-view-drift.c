/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's drift windows: the session's (session.drift,
 * Ctrl+D) and its comparison with another session or of two of its runs
 * (session.compare, Ctrl+Shift+C), one each per view and closed with
 * its session; the library's
 * (session.drift-library, Ctrl+Shift+L, or from the session's), which
 * outlives a change of session and opens the session picked in it.  Each
 * is raised when it is open already.
 */
#include "config.h"

#include "drift-view/sl-compare-view.h"
#include "drift-view/sl-drift-library-view.h"
#include "drift-view/sl-drift-view.h"
#include "sl-session-view-private.h"

static GtkWindow *
root_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The person or date changed: the library's list shows it. */
static void
on_edited (SlSessionView *self)
{
  g_signal_emit_by_name (self, "session-changed");
}

void
sl_session_view_open_drift (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->session == NULL || self->store == NULL)
    return;
  if (self->drift_window == NULL)
    {
      self->drift_window = sl_drift_view_new (root_window (widget), self->review);
      g_object_add_weak_pointer (G_OBJECT (self->drift_window), (gpointer *)&self->drift_window);
      g_signal_connect_object (self->drift_window, "open-library",
                               G_CALLBACK (sl_session_view_open_library_drift), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->drift_window, "session-edited", G_CALLBACK (on_edited), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->drift_window, "open-compare",
                               G_CALLBACK (sl_session_view_open_compare), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->drift_window);
}

void
sl_session_view_close_drift (SlSessionView *self)
{
  if (self->drift_window != NULL)
    gtk_window_destroy (self->drift_window);
  if (self->compare_window != NULL)
    gtk_window_destroy (self->compare_window);
}

void
sl_session_view_open_compare (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->session == NULL || self->store == NULL)
    return;
  if (self->compare_window == NULL)
    {
      self->compare_window = sl_compare_view_new (root_window (widget), self->review);
      g_object_add_weak_pointer (G_OBJECT (self->compare_window),
                                 (gpointer *)&self->compare_window);
    }
  gtk_window_present (self->compare_window);
}

/* A session picked in the library's drift: shown in the window, with
 * its own drift. */
static void
on_library_open_session (SlSessionView *self, gint64 id)
{
  g_signal_emit_by_name (self, "open-session", id);
  if (self->session != NULL && self->session->id == id)
    sl_session_view_open_drift (GTK_WIDGET (self), NULL, NULL);
}

void
sl_session_view_open_library_drift (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->store == NULL)
    return;
  if (self->library_drift == NULL)
    {
      self->library_drift = sl_drift_library_view_new (root_window (widget), self->store);
      g_object_add_weak_pointer (G_OBJECT (self->library_drift), (gpointer *)&self->library_drift);
      g_signal_connect_object (self->library_drift, "open-session",
                               G_CALLBACK (on_library_open_session), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->library_drift);
}

void
sl_session_view_close_library_drift (SlSessionView *self)
{
  if (self->library_drift != NULL)
    gtk_window_destroy (self->library_drift);
}
