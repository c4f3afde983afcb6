/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "sl-label-set-window.h"

struct _SlLabelSetWindow
{
  AdwWindow parent_instance;
  SlLabeling *labeling;
  GtkListBox *list;
  GtkLabel *message;
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (SlLabelSetWindow, sl_label_set_window, ADW_TYPE_WINDOW)

/* The widgets of one kind's row. */
typedef struct
{
  gint64 id;
  char *detector;
  GtkEditable *name, *key;
  GtkColorButton *color;
  GtkCheckButton *point;
} Row;

static void
row_free (Row *r)
{
  g_free (r->detector);
  g_free (r);
}

static void
say (SlLabelSetWindow *self, const char *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

/* A typed character as the key name the shortcuts use ("t", "1"); NULL
 * for none, with @error for a key that cannot label. */
static char *
key_name (const char *typed, GError **error)
{
  g_autofree char *t = g_utf8_strdown (typed, -1);
  g_strstrip (t);
  if (*t == '\0')
    return NULL;
  gunichar c = g_utf8_get_char (t);
  const char *name
      = g_utf8_strlen (t, -1) == 1 ? gdk_keyval_name (gdk_unicode_to_keyval (c)) : NULL;
  if (name == NULL || c == ' ' || c == '<' || c == '>')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” cannot label: a key is one character, and Space, < and > play the "
                      "recording."),
                   typed);
      return NULL;
    }
  return g_strdup (name);
}

static void fill (SlLabelSetWindow *self);

/* Writes row @r's fields; on refusal the message says why and the fields
 * go back to what the library holds. */
static gboolean
apply (SlLabelSetWindow *self, Row *r)
{
  if (self->filling)
    return TRUE;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = key_name (gtk_editable_get_text (r->key), &error);
  GdkRGBA rgba;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (r->color), &rgba);
  g_autofree char *color
      = g_strdup_printf ("#%02x%02x%02x", (int)(rgba.red * 255 + 0.5),
                         (int)(rgba.green * 255 + 0.5), (int)(rgba.blue * 255 + 0.5));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (r->name)));
  SlLabelKind k = { r->id, name, gtk_check_button_get_active (r->point), key, color, r->detector };
  gboolean ok = error == NULL
                && sl_store_change_label_kind (
                    sl_review_get_store (sl_labeling_get_review (self->labeling)), &k, &error);
  say (self, ok ? NULL : error->message);
  sl_labeling_reload (self->labeling);
  if (!ok)
    fill (self);
  return ok;
}

static void
on_activate (GtkWidget *widget, SlLabelSetWindow *self)
{
  apply (self, g_object_get_data (G_OBJECT (widget), "row"));
}

static void
on_leave (GtkEventControllerFocus *focus, SlLabelSetWindow *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus));
  apply (self, g_object_get_data (G_OBJECT (widget), "row"));
}

static void
on_changed (GObject *widget, GParamSpec *pspec, SlLabelSetWindow *self)
{
  apply (self, g_object_get_data (widget, "row"));
}

static GtkEditable *
entry (SlLabelSetWindow *self, Row *r, const char *text, int width, const char *label)
{
  GtkWidget *e = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (e), text != NULL ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (e), width);
  gtk_widget_set_valign (e, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (e), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (e), "row", r);
  g_signal_connect (e, "activate", G_CALLBACK (on_activate), self);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (e, focus);
  return GTK_EDITABLE (e);
}

static void
fill (SlLabelSetWindow *self)
{
  self->filling = TRUE;
  GtkListBoxRow *old;
  while ((old = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (old));
  GPtrArray *kinds = sl_labeling_get_kinds (self->labeling);
  for (guint i = 0; i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      Row *r = g_new0 (Row, 1);
      r->id = k->id;
      r->detector = g_strdup (k->detector);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_set_margin_start (box, 8);
      gtk_widget_set_margin_end (box, 8);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      g_object_set_data_full (G_OBJECT (box), "row", r, (GDestroyNotify)row_free);
      r->name = entry (self, r, k->name, 16, _ ("Name"));
      gtk_widget_set_hexpand (GTK_WIDGET (r->name), TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->name));
      GtkWidget *key_label = gtk_label_new (_ ("Key"));
      gtk_widget_add_css_class (key_label, "dim-label");
      gtk_box_append (GTK_BOX (box), key_label);
      r->key = entry (self, r, k->key, 2, _ ("Key"));
      gtk_entry_set_max_length (GTK_ENTRY (r->key), 1);
      gtk_widget_set_size_request (GTK_WIDGET (r->key), 48, -1);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->key));
      GdkRGBA rgba;
      if (!gdk_rgba_parse (&rgba, k->color))
        gdk_rgba_parse (&rgba, "#9a9996");
      r->color = GTK_COLOR_BUTTON (gtk_color_button_new_with_rgba (&rgba));
      gtk_widget_set_valign (GTK_WIDGET (r->color), GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (r->color), "row", r);
      g_signal_connect (r->color, "notify::rgba", G_CALLBACK (on_changed), self);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->color));
      r->point = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_ ("A moment")));
      gtk_widget_set_tooltip_text (
          GTK_WIDGET (r->point), _ ("Its key marks a moment, not the start and end of a stretch"));
      gtk_check_button_set_active (r->point, k->point);
      g_object_set_data (G_OBJECT (r->point), "row", r);
      g_signal_connect (r->point, "notify::active", G_CALLBACK (on_changed), self);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->point));
      g_autofree char *compared = k->detector != NULL
                                      ? g_strdup_printf (_ ("compared with %s"), k->detector)
                                      : g_strdup (g_str_equal (k->name, SL_LABEL_COVERED)
                                                      ? _ ("what an annotator covered")
                                                      : _ ("no detector"));
      GtkWidget *what = gtk_label_new (compared);
      gtk_widget_add_css_class (what, "dim-label");
      gtk_label_set_width_chars (GTK_LABEL (what), 20);
      gtk_label_set_max_width_chars (GTK_LABEL (what), 20);
      gtk_label_set_ellipsize (GTK_LABEL (what), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (what, compared);
      gtk_label_set_xalign (GTK_LABEL (what), 0);
      gtk_box_append (GTK_BOX (box), what);
      gtk_list_box_append (self->list, box);
    }
  self->filling = FALSE;
}

void
sl_label_set_window_add (SlLabelSetWindow *self)
{
  SlStore *store = sl_review_get_store (sl_labeling_get_review (self->labeling));
  if (store == NULL)
    return;
  GPtrArray *kinds = sl_labeling_get_kinds (self->labeling);
  g_autoptr (GError) error = NULL;
  for (guint n = kinds->len + 1;; n++)
    {
      g_autofree char *name = g_strdup_printf (_ ("kind %u"), n);
      SlLabelKind k = { 0, name, FALSE, NULL, (char *)sl_label_kind_color (n), NULL };
      g_clear_error (&error);
      if (sl_store_add_label_kind (store, &k, &error) != 0 || n > kinds->len + 100)
        break;
    }
  say (self, error != NULL ? error->message : NULL);
  sl_labeling_reload (self->labeling);
  fill (self);
}

static void
on_add (SlLabelSetWindow *self)
{
  sl_label_set_window_add (self);
}

gboolean
sl_label_set_window_set_key (SlLabelSetWindow *self, const char *name, const char *key)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);
      if (row == NULL)
        return FALSE;
      Row *r = g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "row");
      if (g_strcmp0 (gtk_editable_get_text (r->name), name) == 0)
        {
          gtk_editable_set_text (r->key, key);
          return apply (self, r);
        }
    }
}

const char *
sl_label_set_window_get_message (SlLabelSetWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_text (self->message)
                                                             : NULL;
}

GtkWindow *
sl_label_set_window_new (GtkWindow *parent, SlLabeling *labeling)
{
  SlLabelSetWindow *self
      = g_object_new (SL_TYPE_LABEL_SET_WINDOW, "transient-for", parent, "title", _ ("Label Set"),
                      "default-width", 720, "default-height", 520, NULL);
  self->labeling = g_object_ref (labeling);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_ ("_Add Kind"));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (content), header);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  GtkWidget *intro = gtk_label_new (
      _ ("The kinds labels are made of in this library. While labeling by keys (F7), a kind's "
         "key starts a label at the frame shown and ends it; a moment's key marks the frame."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), box);
  gtk_box_append (GTK_BOX (content), scroll);
  adw_window_set_content (ADW_WINDOW (self), content);
  fill (self);
  return GTK_WINDOW (self);
}

static void
sl_label_set_window_dispose (GObject *object)
{
  g_clear_object (&SL_LABEL_SET_WINDOW (object)->labeling);
  G_OBJECT_CLASS (sl_label_set_window_parent_class)->dispose (object);
}

static void
sl_label_set_window_class_init (SlLabelSetWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_label_set_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close",
                                       NULL);
}

static void
sl_label_set_window_init (SlLabelSetWindow *self)
{
}
