/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's labeling (labels/sl-labeling.h): the "labels"
 * actions the menu, the review bar and the keys run, the keys themselves
 * (only while labeling or reviewing, and never while text is typed), the
 * review queue's loop of its detection with a second either side, and
 * labels to and from a file.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "labels/sl-label-file.h"
#include "labeling/sl-compare-window.h"
#include "labeling/sl-label-set-window.h"
#include "sl-ask.h"
#include "sl-session-view-private.h"

/* How much of the recording the review shows around a detection. */
#define REVIEW_MARGIN_S 1.0

static void
toast_error (SlSessionView *self, GError *error)
{
  if (error != NULL)
    sl_session_view_toast (self, error->message);
}

/* The detection under review, looped from a second before to a second
 * after it. */
static void
loop_bounds (SlSessionView *self, gint64 *from, gint64 *to)
{
  gint64 first, last;
  sl_labeling_get_edges (self->labeling, &first, &last);
  double fps = self->session != NULL && self->session->fps > 0 ? self->session->fps : 25;
  gint64 margin = (gint64)(REVIEW_MARGIN_S * fps + 0.5);
  *from = MAX (first - margin, 0);
  *to = MIN (last + margin, MAX (sl_review_get_frame_count (self->review) - 1, 0));
}

static void
on_event_changed (SlSessionView *self)
{
  const SlEvent *e = sl_labeling_get_event (self->labeling);
  gtk_widget_set_visible (GTK_WIDGET (self->review_bar),
                          sl_labeling_get_mode (self->labeling) == SL_LABELING_REVIEW);
  if (e == NULL || e->id == self->looped_event)
    return;
  self->looped_event = e->id;
  gint64 from, to;
  loop_bounds (self, &from, &to);
  /* The detection in view, with room around it. */
  gint64 count = MAX ((to - from + 1) * 4, 8);
  gint64 visible_first = MAX (from - (count - (to - from + 1)) / 2, 0);
  sl_review_set_visible (
      self->review, visible_first,
      MIN (visible_first + count, MAX (sl_review_get_frame_count (self->review) - 1, 0)));
  sl_review_set_frame (self->review, from);
  sl_video_view_set_playing (self->video_view, TRUE);
}

static void
on_review_frame (SlSessionView *self)
{
  if (sl_labeling_get_event (self->labeling) == NULL
      || !sl_video_view_get_playing (self->video_view))
    return;
  gint64 from, to;
  loop_bounds (self, &from, &to);
  if (sl_review_get_frame (self->review) > to)
    sl_review_set_frame (self->review, from);
}

static void
on_mode (SlSessionView *self)
{
  SlLabelingMode mode = sl_labeling_get_mode (self->labeling);
  g_autoptr (GError) error = NULL;
  if (mode == SL_LABELING_REVIEW && sl_labeling_get_event (self->labeling) == NULL)
    {
      self->looped_event = 0;
      if (!sl_labeling_start_review (self->labeling, &error))
        {
          toast_error (self, error);
          sl_labeling_set_mode (self->labeling, SL_LABELING_OFF);
          return;
        }
      sl_session_view_toast (self, _ ("Reviewing the detections, least certain first: A accepts, "
                                      "R rejects, Enter goes on, Esc ends."));
    }
  else if (mode == SL_LABELING_LABEL)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("Labeling as %s: a kind's key (1–5) starts a label and ends it; F7 stops."),
          sl_labeling_get_annotator (self->labeling));
      sl_session_view_toast (self, text);
    }
  if (mode != SL_LABELING_REVIEW)
    {
      self->looped_event = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->review_bar), FALSE);
    }
}

/* Blind: the detections out of sight, on the timeline, in the events
 * panel and on the video (the eyes' and the state's layers). */
static void
on_blind (SlSessionView *self)
{
  gboolean blind = sl_labeling_get_blind (self->labeling);
  sl_timeline_set_hide_events (self->timeline, blind);
  sl_video_view_set_blind (self->video_view, blind);
  if (blind)
    gtk_toggle_button_set_active (self->events_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->events_button), !blind);
  if (blind && sl_labeling_get_mode (self->labeling) == SL_LABELING_REVIEW)
    sl_labeling_set_mode (self->labeling, SL_LABELING_OFF);
  if (blind)
    sl_session_view_toast (self, _ ("Blind: the detections and others’ labels are hidden, and "
                                    "the labels you make say so."));
}

static void
decide (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  g_autoptr (GError) error = NULL;
  if (!sl_labeling_decide (self->labeling, g_variant_get_boolean (param), &error))
    toast_error (self, error);
}

static void
skip (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  sl_labeling_skip (self->labeling, g_variant_get_int32 (param));
}

/* (end, frames): move the start or the end of the detection under review. */
static void
adjust (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  gboolean end;
  int frames;
  g_variant_get (param, "(bi)", &end, &frames);
  sl_labeling_adjust (self->labeling, end, frames);
  gint64 first, last;
  sl_labeling_get_edges (self->labeling, &first, &last);
  /* Show the edge that moved, still. */
  sl_video_view_set_playing (self->video_view, FALSE);
  sl_review_set_frame (self->review, end ? last : first);
}

/* F6 and F7: the mode @param, or off when it is on. */
static void
toggle_mode (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  SlLabelingMode mode = g_variant_get_int32 (param);
  sl_labeling_set_mode (self->labeling,
                        sl_labeling_get_mode (self->labeling) == mode ? SL_LABELING_OFF : mode);
}

static void
end_review (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  sl_labeling_set_mode (self->labeling, SL_LABELING_OFF);
}

static void
undo (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  g_autoptr (GError) error = NULL;
  if (!sl_labeling_undo (self->labeling, g_variant_get_boolean (param), &error))
    toast_error (self, error);
}

static void
delete_label (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  g_autoptr (GError) error = NULL;
  if (!sl_labeling_delete_selected (self->labeling, &error))
    toast_error (self, error);
  else
    sl_session_view_toast (self, _ ("Label deleted (Ctrl+Z brings it back)."));
}

/* A kind's key: (key name). */
static void
press (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  const SlLabelKind *kind
      = sl_labeling_kind_for_key (self->labeling, g_variant_get_string (param, NULL));
  g_autoptr (GError) error = NULL;
  if (kind != NULL && !sl_labeling_press (self->labeling, kind, &error))
    toast_error (self, error);
}

static void
cover (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  gint64 first, last;
  sl_review_get_selection (self->review, &first, &last);
  g_autoptr (GError) error = NULL;
  if (first < 0)
    sl_session_view_toast (self, _ ("Select the stretch you covered first: Shift+drag on the "
                                    "timeline, or [ and ] with the timeline focused."));
  else if (!sl_labeling_add (self->labeling, SL_LABEL_COVERED, first, last, &error))
    toast_error (self, error);
  else
    sl_session_view_toast (self, _ ("Marked as covered: time you labelled, where what you did "
                                    "not label counts as not there."));
}

static void
compare (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  if (self->session == NULL)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *w = sl_compare_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->review, self->labeling);
  gtk_window_present (w);
}

static void
edit_label_set (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  if (self->store == NULL)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_window_present (
      sl_label_set_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->labeling));
}

/* ---- Files ----------------------------------------------------------------- */

static void
on_export_chosen (GtkNativeDialog *dialog, int response, SlSessionView *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))
                               : NULL;
  g_object_unref (dialog);
  if (file == NULL || self->session == NULL || self->store == NULL)
    return;
  g_autofree char *path = g_file_get_path (file);
  SlLabelFormat format = sl_label_format_guess (path, "", 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) labels
      = sl_store_list_labels (self->store, self->session->id, NULL, &error);
  g_autofree char *text
      = labels != NULL ? sl_label_file_write (
            format, labels, sl_labeling_get_kinds (self->labeling), self->session, &error)
                       : NULL;
  /* Private, and complete or not there at all. */
  if (text != NULL
      && g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, &error))
    {
      g_autofree char *msg = g_strdup_printf (_ ("Wrote %u labels to %s."), labels->len, path);
      sl_session_view_toast (self, msg);
    }
  else
    toast_error (self, error);
}

static void
export_labels (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  if (self->session == NULL)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      _ ("Export Labels"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  g_autofree char *base = g_strdup (self->session->name);
  char *dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  g_autofree char *name = g_strdup_printf ("%s-labels.eaf", base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  const char *filters[][2] = { { N_ ("ELAN (.eaf)"), "*.eaf" },
                               { N_ ("BORIS events (.tsv)"), "*.tsv" },
                               { N_ ("CSV (.csv)"), "*.csv" } };
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      GtkFileFilter *f = gtk_file_filter_new ();
      gtk_file_filter_set_name (f, _ (filters[i][0]));
      gtk_file_filter_add_pattern (f, filters[i][1]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), f);
      g_object_unref (f);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The labels of a file waiting for the kinds they need to be added. */
typedef struct
{
  SlSessionView *self;
  GPtrArray *labels;
  GStrv missing; /* kind names */
} Pending;

static void
pending_free (Pending *p)
{
  g_ptr_array_unref (p->labels);
  g_strfreev (p->missing);
  g_free (p);
}

static void
add_pending (SlSessionView *self, GPtrArray *labels, const char *const *missing)
{
  g_autoptr (GError) error = NULL;
  if (missing != NULL && !sl_store_add_label_kinds_named (self->store, missing, &error))
    {
      toast_error (self, error);
      return;
    }
  guint added = 0, already = 0;
  if (!sl_store_add_labels (self->store, self->session->id, labels, &added, &already, &error))
    {
      toast_error (self, error);
      return;
    }
  /* Read again: the label set may have grown. */
  sl_labeling_reload (self->labeling);
  g_autofree char *msg
      = g_strdup_printf (_ ("Imported %u labels (%u already there)."), added, already);
  sl_session_view_toast (self, msg);
}

static void
on_add_kinds (AdwMessageDialog *dialog, const char *response, Pending *p)
{
  if (g_strcmp0 (response, "add") == 0 && p->self->session != NULL)
    add_pending (p->self, p->labels, (const char *const *)p->missing);
}

static void
on_import_chosen (GtkNativeDialog *dialog, int response, SlSessionView *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))
                               : NULL;
  g_object_unref (dialog);
  if (file == NULL || self->session == NULL || self->store == NULL)
    return;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &text, &length, &error))
    {
      toast_error (self, error);
      return;
    }
  g_autoptr (GPtrArray) labels
      = sl_label_file_read (sl_label_format_guess (path, text, length), text, length, self->session,
                            sl_labeling_get_annotator (self->labeling), &error);
  if (labels == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *msg
          = g_strdup_printf (_ ("“%s” cannot be imported: %s"), base, error->message);
      sl_session_view_toast (self, msg);
      return;
    }
  /* Kinds the label set lacks are offered to be added. */
  g_auto (GStrv) missing = sl_store_missing_label_kinds (self->store, labels, &error);
  if (missing == NULL)
    {
      toast_error (self, error);
      return;
    }
  if (missing[0] == NULL)
    {
      add_pending (self, labels, NULL);
      return;
    }
  g_autofree char *names = g_strjoinv (", ", missing);
  g_autofree char *body = g_strdup_printf (
      _ ("The file labels kinds the label set does not have: %s. Add them to the label set and "
         "import the file, or import nothing?"),
      names);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *ask = sl_ask_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                      _ ("Add Kinds?"), body, "cancel", _ ("_Import Nothing"),
                                      "add", _ ("_Add and Import"), ADW_RESPONSE_SUGGESTED);
  Pending *p = g_new0 (Pending, 1);
  *p = (Pending){ self, g_ptr_array_ref (labels), g_steal_pointer (&missing) };
  g_signal_connect_data (ask, "response", G_CALLBACK (on_add_kinds), p,
                         (GClosureNotify)(void (*) (void))pending_free, 0);
  gtk_window_present (GTK_WINDOW (ask));
}

static void
import_labels (GSimpleAction *action, GVariant *param, gpointer data)
{
  SlSessionView *self = data;
  if (self->session == NULL)
    return;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      _ ("Import Labels"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), _ ("_Cancel"));
  GtkFileFilter *f = gtk_file_filter_new ();
  gtk_file_filter_set_name (f, _ ("Labels (.eaf, .tsv, .csv)"));
  gtk_file_filter_add_pattern (f, "*.eaf");
  gtk_file_filter_add_pattern (f, "*.tsv");
  gtk_file_filter_add_pattern (f, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), f);
  g_object_unref (f);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Keys ------------------------------------------------------------------ */

/* A labeling key runs its action when its mode is on (@mode, or any mode
 * but off for −1), text is not being typed and the view is on screen. */
static gboolean
labeling_key (GtkWidget *widget, GVariant *args, gpointer data)
{
  SlSessionView *self = SL_SESSION_VIEW (data);
  int mode;
  const char *action = NULL;
  g_autoptr (GVariant) param = NULL;
  g_variant_get (args, "(i&smv)", &mode, &action, &param);
  SlLabelingMode now = sl_labeling_get_mode (self->labeling);
  if ((mode >= 0 && (int)now != mode) || (mode == -1 && now == SL_LABELING_OFF)
      || !sl_session_view_keys_free (self))
    return FALSE;
  return gtk_widget_activate_action_variant (GTK_WIDGET (self), action, param);
}

static void
add_key (GtkShortcutController *c, SlSessionView *self, const char *accel, int mode,
         const char *action, GVariant *param)
{
  GtkShortcut *s = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                     gtk_callback_action_new (labeling_key, self, NULL));
  gtk_shortcut_set_arguments (s, g_variant_new ("(ismv)", mode, action, param));
  gtk_shortcut_controller_add_shortcut (c, s);
}

/* The kinds' keys, added again when the label set changes. */
static void
update_kind_keys (SlSessionView *self)
{
  GtkShortcutController *c = GTK_SHORTCUT_CONTROLLER (self->kind_keys);
  GListModel *model = G_LIST_MODEL (c);
  while (g_list_model_get_n_items (model) > 0)
    {
      g_autoptr (GtkShortcut) s = g_list_model_get_item (model, 0);
      gtk_shortcut_controller_remove_shortcut (c, s);
    }
  GPtrArray *kinds = sl_labeling_get_kinds (self->labeling);
  for (guint i = 0; i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      if (k->key != NULL && gdk_keyval_from_name (k->key) != GDK_KEY_VoidSymbol)
        add_key (c, self, k->key, SL_LABELING_LABEL, "labels.press", g_variant_new_string (k->key));
    }
}

static void
init_keys (SlSessionView *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  GtkShortcutController *c = GTK_SHORTCUT_CONTROLLER (keys);
  gtk_shortcut_controller_set_scope (c, GTK_SHORTCUT_SCOPE_GLOBAL);
  const int review = SL_LABELING_REVIEW;
  add_key (c, self, "a", review, "labels.decide", g_variant_new_boolean (TRUE));
  add_key (c, self, "r", review, "labels.decide", g_variant_new_boolean (FALSE));
  add_key (c, self, "Return", review, "labels.skip", g_variant_new_int32 (1));
  add_key (c, self, "KP_Enter", review, "labels.skip", g_variant_new_int32 (1));
  add_key (c, self, "BackSpace", review, "labels.skip", g_variant_new_int32 (-1));
  add_key (c, self, "Escape", review, "labels.end-review", NULL);
  /* The edges: [ and ] the start, ; and ' the end (beside each other on US
   * and Korean keyboards, clear of the timeline's zoom keys); with Shift
   * ten frames. */
  const struct
  {
    const char *key;
    gboolean end;
    int frames;
  } edges[]
      = { { "bracketleft", FALSE, -1 }, { "bracketright", FALSE, 1 }, { "braceleft", FALSE, -10 },
          { "braceright", FALSE, 10 },  { "semicolon", TRUE, -1 },    { "apostrophe", TRUE, 1 },
          { "colon", TRUE, -10 },       { "quotedbl", TRUE, 10 } };
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    add_key (c, self, edges[i].key, review, "labels.adjust",
             g_variant_new ("(bi)", edges[i].end, edges[i].frames));
  /* Labels: undo and redo, delete the one selected. */
  add_key (c, self, "<Control>z", -2, "labels.undo", g_variant_new_boolean (FALSE));
  add_key (c, self, "<Control><Shift>z", -2, "labels.undo", g_variant_new_boolean (TRUE));
  add_key (c, self, "Delete", -1, "labels.delete", NULL);
  add_key (c, self, "Escape", SL_LABELING_LABEL, "labels.mode",
           g_variant_new_int32 (SL_LABELING_OFF));
  add_key (c, self, "F6", -2, "labels.toggle", g_variant_new_int32 (SL_LABELING_REVIEW));
  add_key (c, self, "F7", -2, "labels.toggle", g_variant_new_int32 (SL_LABELING_LABEL));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  self->kind_keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (self->kind_keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (self->kind_keys),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_widget_add_controller (GTK_WIDGET (self), self->kind_keys);
  g_signal_connect_object (self->labeling, "changed", G_CALLBACK (update_kind_keys), self,
                           G_CONNECT_SWAPPED);
  update_kind_keys (self);
}

void
sl_session_view_init_labels (SlSessionView *self)
{
  self->labeling = sl_labeling_new (self->review);
  g_settings_bind (self->settings, "annotator", self->labeling, "annotator", G_SETTINGS_BIND_GET);
  sl_labels_strip_set_labeling (self->labels_strip, self->review, self->labeling);
  sl_review_bar_set_labeling (self->review_bar, self->labeling);
  gtk_widget_set_visible (GTK_WIDGET (self->review_bar), FALSE);
  g_signal_connect_object (self->labeling, "event-changed", G_CALLBACK (on_event_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->labeling, "notify::mode", G_CALLBACK (on_mode), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review, "notify::frame", G_CALLBACK (on_review_frame), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->labeling, "notify::blind", G_CALLBACK (on_blind), self,
                           G_CONNECT_SWAPPED);

  GSimpleActionGroup *group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { "decide", decide, "b", NULL, NULL, { 0 } },
    { "skip", skip, "i", NULL, NULL, { 0 } },
    { "adjust", adjust, "(bi)", NULL, NULL, { 0 } },
    { "end-review", end_review, NULL, NULL, NULL, { 0 } },
    { "toggle", toggle_mode, "i", NULL, NULL, { 0 } },
    { "undo", undo, "b", NULL, NULL, { 0 } },
    { "delete", delete_label, NULL, NULL, NULL, { 0 } },
    { "press", press, "s", NULL, NULL, { 0 } },
    { "export", export_labels, NULL, NULL, NULL, { 0 } },
    { "import", import_labels, NULL, NULL, NULL, { 0 } },
    { "cover", cover, NULL, NULL, NULL, { 0 } },
    { "compare", compare, NULL, NULL, NULL, { 0 } },
    { "label-set", edit_label_set, NULL, NULL, NULL, { 0 } },
  };
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  const char *properties[] = { "mode", "blind" };
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_autoptr (GPropertyAction) a
          = g_property_action_new (properties[i], self->labeling, properties[i]);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (a));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "labels", G_ACTION_GROUP (group));
  g_object_unref (group);
  init_keys (self);
}
