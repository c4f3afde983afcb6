/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's timeline strips: besides the default strips, any
 * signal the run shown stored can be drawn as a strip of its own.  The
 * popover lists them with a check button each; the choice is the
 * timeline-signals setting, kept across sessions and runs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-session-view-private.h"

static void
on_strip_toggled (GtkCheckButton *button, SlSessionView *self)
{
  const char *signal = g_object_get_data (G_OBJECT (button), "signal");
  g_auto (GStrv) now = g_settings_get_strv (self->settings, "timeline-signals");
  g_autoptr (GStrvBuilder) next = g_strv_builder_new ();
  for (guint k = 0; now[k] != NULL; k++)
    if (!g_str_equal (now[k], signal))
      g_strv_builder_add (next, now[k]);
  if (gtk_check_button_get_active (button))
    g_strv_builder_add (next, signal);
  g_auto (GStrv) chosen = g_strv_builder_end (next);
  g_settings_set_strv (self->settings, "timeline-signals", (const char *const *)chosen);
}

/* The signals the run shown stored, or NULL. */
static GPtrArray *
stored_signals (SlSessionView *self)
{
  gint64 run = sl_review_get_run (self->review);
  SlStore *store = sl_review_get_store (self->review);
  if (run == 0 || store == NULL)
    return NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *names = sl_store_list_signals (store, run, &error);
  if (names == NULL)
    sl_session_view_toast (self, error->message);
  return names;
}

/* The strips of the chosen signals that the run shown has. */
static void
apply_signals (SlSessionView *self)
{
  g_auto (GStrv) chosen = g_settings_get_strv (self->settings, "timeline-signals");
  g_autoptr (GPtrArray) names = stored_signals (self);
  g_autoptr (GStrvBuilder) shown = g_strv_builder_new ();
  for (guint k = 0; chosen[k] != NULL; k++)
    for (guint i = 0; names != NULL && i < names->len; i++)
      if (g_str_equal (names->pdata[i], chosen[k])
          && !sl_timeline_has_default_strip (self->timeline, chosen[k]))
        g_strv_builder_add (shown, chosen[k]);
  g_auto (GStrv) strips = g_strv_builder_end (shown);
  sl_timeline_set_signals (self->timeline, (const char *const *)strips);
}

/* A check button for each signal the run stored. */
static void
on_run_changed (SlSessionView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->strips_box))) != NULL)
    gtk_box_remove (self->strips_box, child);
  g_autoptr (GPtrArray) names = stored_signals (self);
  g_auto (GStrv) chosen = g_settings_get_strv (self->settings, "timeline-signals");
  guint offered = 0;
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *signal = names->pdata[i];
      /* The default strips' signals are not offered again. */
      if (sl_timeline_has_default_strip (self->timeline, signal))
        continue;
      GtkWidget *check = gtk_check_button_new_with_label (signal);
      g_object_set_data_full (G_OBJECT (check), "signal", g_strdup (signal), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char *const *)chosen, signal));
      g_signal_connect (check, "toggled", G_CALLBACK (on_strip_toggled), self);
      gtk_box_append (self->strips_box, check);
      offered++;
    }
  if (offered == 0)
    {
      GtkWidget *label = gtk_label_new (_ ("Analyse the session to add strips of its signals."));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->strips_box, label);
    }
  apply_signals (self);
}

void
sl_session_view_init_strips (SlSessionView *self)
{
  g_signal_connect_object (self->review, "notify::run-id", G_CALLBACK (on_run_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::timeline-signals", G_CALLBACK (apply_signals),
                           self, G_CONNECT_SWAPPED);
  /* While a run is under way its signals appear: the list is made anew
   * each time it opens. */
  g_signal_connect_object (gtk_menu_button_get_popover (self->strips_button), "show",
                           G_CALLBACK (on_run_changed), self, G_CONNECT_SWAPPED);
  on_run_changed (self);
}
