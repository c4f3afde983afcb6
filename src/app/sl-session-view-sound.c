/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's sound (sl-audio-player.h): the recording's audio in
 * step with the video, and its button: on or off, and how loud.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-session-view-private.h"

static void
update_button (SlSessionView *self)
{
  gboolean sound = sl_audio_player_has_sound (self->audio);
  gboolean muted = sl_audio_player_get_muted (self->audio);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sound_button), sound);
  gtk_menu_button_set_icon_name (self->sound_button, !sound || muted
                                                         ? "audio-volume-muted-symbolic"
                                                         : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sound_button),
                               !sound  ? _ ("The recording has no sound")
                               : muted ? _ ("Sound: off (at speeds other than 1× until turned on)")
                                       : _ ("Sound: on"));
}

void
sl_session_view_open_sound (SlSessionView *self, const char *path)
{
  sl_audio_player_open (self->audio, path);
  update_button (self);
}

void
sl_session_view_init_sound (SlSessionView *self)
{
  self->audio = sl_audio_player_new (self->video_view);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *on = gtk_check_button_new_with_mnemonic (_ ("_Sound"));
  g_object_bind_property (self->audio, "muted", on, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE
                              | G_BINDING_INVERT_BOOLEAN);
  gtk_box_append (GTK_BOX (box), on);
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.05);
  gtk_widget_set_size_request (scale, 160, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Volume"), -1);
  g_object_bind_property (self->audio, "volume", gtk_range_get_adjustment (GTK_RANGE (scale)),
                          "value", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), scale);
  GtkWidget *note = gtk_label_new (_ ("Off at speeds other than 1× until turned on."));
  gtk_widget_add_css_class (note, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 24);
  gtk_box_append (GTK_BOX (box), note);
  GtkWidget *popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->sound_button, popover);
  g_signal_connect_object (self->audio, "notify::muted", G_CALLBACK (update_button), self,
                           G_CONNECT_SWAPPED);
  update_button (self);
}
