/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's keys: playback keys that work wherever the focus is
 * in the window (and give way to text being typed and to popovers), the
 * session's own shortcuts, and the playback speed they and the dropdown
 * set.
 */
#include "config.h"

#include "sl-session-view-private.h"

/* The speeds the dropdown offers, in its order. */
static const double speeds[] = { 0.25, 0.5, 1, 1.5, 2, 4 };

void
sl_session_view_on_speed_selected (SlSessionView *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);
  if (i < G_N_ELEMENTS (speeds))
    sl_video_view_set_speed (self->video_view, speeds[i]);
}

void
sl_session_view_change_speed (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  int i = (int)gtk_drop_down_get_selected (self->speed_dropdown) + g_variant_get_int32 (param);
  gtk_drop_down_set_selected (self->speed_dropdown, CLAMP (i, 0, (int)G_N_ELEMENTS (speeds) - 1));
}

gboolean
sl_session_view_keys_free (SlSessionView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  return focus == NULL
         || !(GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus)
              || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL);
}

/* A playback key runs its action unless text is being typed (the events'
 * search) or the view is not on screen. */
static gboolean
playback_key (GtkWidget *widget, GVariant *args, gpointer data)
{
  SlSessionView *self = SL_SESSION_VIEW (data);
  if (!sl_session_view_keys_free (self))
    return FALSE;
  const char *action = NULL;
  g_autoptr (GVariant) param = NULL;
  g_variant_get (args, "(&smv)", &action, &param);
  return gtk_widget_activate_action_variant (GTK_WIDGET (self), action, param);
}

static void
add_playback_key (SlSessionView *self, GtkShortcutController *c, const char *accel,
                  const char *action, int param)
{
  GVariant *target = param != G_MININT ? g_variant_new_int32 (param) : NULL;
  GtkShortcut *s = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                     gtk_callback_action_new (playback_key, self, NULL));
  gtk_shortcut_set_arguments (s, g_variant_new ("(smv)", action, target));
  gtk_shortcut_controller_add_shortcut (c, s);
}

static void
add_shortcut (GtkShortcutController *c, const char *accel, const char *action,
              const char *param_format, ...)
{
  GVariant *param = NULL;
  if (param_format != NULL)
    {
      va_list ap;
      va_start (ap, param_format);
      param = g_variant_new_va (param_format, NULL, &ap);
      va_end (ap);
    }
  GtkShortcut *s
      = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel), gtk_named_action_new (action));
  if (param != NULL)
    gtk_shortcut_set_arguments (s, param);
  gtk_shortcut_controller_add_shortcut (c, s);
}

void
sl_session_view_init_keys (SlSessionView *self)
{
  /* Playback keys work wherever the focus is in the window, the library
   * included: captured before a focused button or the seek bar takes them. */
  GtkEventController *keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (keys);
  gtk_shortcut_controller_set_scope (sc, GTK_SHORTCUT_SCOPE_GLOBAL);
  add_playback_key (self, sc, "space", "session.play", G_MININT);
  add_playback_key (self, sc, "Right", "session.step", 1);
  add_playback_key (self, sc, "Left", "session.step", -1);
  add_playback_key (self, sc, "<Shift>Right", "session.jump", 1);
  add_playback_key (self, sc, "<Shift>Left", "session.jump", -1);
  add_playback_key (self, sc, "<Control>Right", "session.jump", 10);
  add_playback_key (self, sc, "<Control>Left", "session.jump", -10);
  add_playback_key (self, sc, "greater", "session.speed", 1);
  add_playback_key (self, sc, "less", "session.speed", -1);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  GtkEventController *other = gtk_shortcut_controller_new ();
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control>r", "session.analyze", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control>g", "session.calibrate", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control><Shift>s", "session.scores", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control>d", "session.drift", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control><Shift>l", "session.drift-library",
                NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "<Control><Shift>c", "session.compare", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "Escape", "session.cancel", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "F9", "session.events", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "n", "session.next-event", "i", 1);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (other), "p", "session.next-event", "i", -1);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (other), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_widget_add_controller (GTK_WIDGET (self), other);
}
