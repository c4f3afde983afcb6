/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "library/sl-library-jobs.h"
#include "library/sl-store.h"
#include "media/sl-probe.h"
#include "sl-ask.h"
#include "sl-session-view.h"
#include "sl-window.h"

struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwFlap *sidebar_flap;
  GtkToggleButton *sidebar_button;
  AdwHeaderBar *content_header;
  GtkListView *sessions_list;
  GListStore *sessions;          /* SlSession, as the library lists them */
  GtkSingleSelection *selection; /* the session shown */
  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  SlSessionView *session_view;

  char *library_path;
  SlStore *store; /* the main thread's connection; NULL while it cannot be opened */
  guint imports_running;
  gboolean forgetting;
  gboolean reloading;        /* the list is being replaced: the selection settles after */
  GCancellable *cancellable; /* the window's jobs; cancelled when it closes */
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

/* Over the video when a session is shown, so that no toast covers its
 * buttons; over the window's page otherwise. */
static void
show_toast (SlWindow *self, const char *message)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "session") == 0)
    {
      sl_session_view_show_toast (self->session_view, message);
      return;
    }
  AdwToast *toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (SlWindow *self, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
describe_session (SlSession *s)
{
  int secs = (int)(s->duration_s + 0.5);
  const char *state = s->last_run_state == NULL                     ? _ ("not analysed")
                      : g_str_equal (s->last_run_state, "complete") ? _ ("analysed")
                      : g_str_equal (s->last_run_state, "running")  ? _ ("analysing")
                      : g_str_equal (s->last_run_state, "failed")   ? _ ("analysis failed")
                                                                    : _ ("analysis stopped");
  if (s->person != NULL)
    return g_strdup_printf ("%d×%d · %d:%02d · %s · %s", s->width, s->height, secs / 60, secs % 60,
                            state, s->person);
  return g_strdup_printf ("%d×%d · %d:%02d · %s", s->width, s->height, secs / 60, secs % 60, state);
}

/* A sidebar row: the name, what the recording is and how far it is
 * analysed, and a warning when the recording is missing. */
static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  GtkWidget *title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  GtkWidget *subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_tooltip_text (icon, _ ("The recording is missing"));
  gtk_box_append (GTK_BOX (box), icon);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "missing", icon);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SlSession *s = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), s->name);
  g_autofree char *subtitle = describe_session (s);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "subtitle"), subtitle);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (box), "missing"),
                          !sl_session_recording_exists (s));
  g_autofree char *label = g_strdup_printf ("%s, %s", s->name, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void on_session_selected (SlWindow *self);

/* Rebuilds the list from the library and selects @select_id (0: keep). */
static void
reload_sessions (SlWindow *self, gint64 select_id)
{
  if (select_id == 0)
    {
      SlSession *current = sl_session_view_get_session (self->session_view);
      select_id = current ? current->id : 0;
    }

  g_autoptr (GError) error = NULL;
  if (self->store == NULL)
    {
      self->store = sl_store_open (self->library_path, &error);
      g_autofree char *migrated = self->store ? sl_store_describe_migration (self->store) : NULL;
      if (migrated != NULL)
        show_toast (self, migrated);
    }
  g_autoptr (GPtrArray) sessions
      = self->store ? sl_store_list_sessions (self->store, &error) : NULL;
  if (sessions == NULL)
    {
      sl_session_view_set_session (self->session_view, NULL, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  guint to_select = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < sessions->len; i++)
    if (((SlSession *)sessions->pdata[i])->id == select_id)
      to_select = i;
  if (sessions->len == 0)
    {
      g_list_store_remove_all (self->sessions);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_window_title_set_title (self->window_title, _ ("Sightline"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      sl_session_view_set_session (self->session_view, self->store, NULL);
      return;
    }
  /* The new list in one splice; the selection follows by position. */
  self->reloading = TRUE;
  g_list_store_splice (self->sessions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions)),
                       sessions->pdata, sessions->len);
  self->reloading = FALSE;
  gtk_single_selection_set_selected (self->selection,
                                     to_select != GTK_INVALID_LIST_POSITION ? to_select : 0);
  on_session_selected (self);
}

static void
on_session_selected (SlWindow *self)
{
  SlSession *s = gtk_single_selection_get_selected_item (self->selection);
  if (s == NULL || self->reloading)
    return;
  SlSession *current = sl_session_view_get_session (self->session_view);
  /* A library folded over the session makes way for what was chosen. */
  if (adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "session");
  adw_window_title_set_title (self->window_title, s->name);
  adw_window_title_set_subtitle (self->window_title, s->path);
  /* Re-selecting the row that is shown (after a reload) keeps playback,
   * unless its recording went missing or came back meanwhile. */
  gboolean has_video = FALSE;
  g_object_get (sl_session_view_get_video_view (self->session_view), "has-video", &has_video, NULL);
  if (current != NULL && current->id == s->id && g_strcmp0 (current->path, s->path) == 0
      && has_video == sl_session_recording_exists (s))
    return;
  sl_session_view_set_session (self->session_view, self->store, s);
}

/* ---- Import ------------------------------------------------------------- */

/* A job's callback sees the window only if it is still open. */
static GWeakRef *
weak_window (SlWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  return ref;
}

static SlWindow *
take_window (GWeakRef *ref)
{
  SlWindow *self = g_weak_ref_get (ref);
  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlWindow) self = take_window (data);
  g_autoptr (GError) error = NULL;
  gboolean existed = FALSE;
  g_autoptr (SlSession) session = sl_library_import_finish (result, &existed, &error);
  if (self == NULL)
    return;
  self->imports_running--;
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _ ("Cannot Import the Recording"), error->message);
      return;
    }
  g_autofree char *msg = existed
                             ? g_strdup_printf (_ ("“%s” is already in the library"), session->name)
                             : g_strdup_printf (_ ("Imported “%s”"), session->name);
  /* The session's page first, so the toast goes over its video. */
  reload_sessions (self, session->id);
  show_toast (self, msg);
}

void
sl_window_import_file (SlWindow *self, GFile *file)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_autofree char *path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body
          = g_strdup_printf (_ ("“%s” is not a local file. Copy it to this computer first."), uri);
      show_error (self, _ ("Cannot Import the Recording"), body);
      return;
    }
  self->imports_running++;
  sl_library_import_async (self->library_path, path, self->cancellable, import_done,
                           weak_window (self));
}

guint
sl_window_get_imports_running (SlWindow *self)
{
  return self->imports_running;
}

static void
on_import_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  g_autoptr (SlWindow) self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          sl_window_import_file (self, file);
        }
    }
  g_object_unref (dialog);
}

static void
import_action (GtkWidget *widget, const char *action, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  GtkFileChooserNative *dialog
      = gtk_file_chooser_native_new (_ ("Import Recordings"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);

  GtkFileFilter *videos = gtk_file_filter_new ();
  gtk_file_filter_set_name (videos, _ ("Videos"));
  gtk_file_filter_add_mime_type (videos, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), videos);
  GtkFileFilter *all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _ ("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  g_object_unref (videos);
  g_object_unref (all);

  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, SlWindow *self)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    sl_window_import_file (self, l->data);
  return files != NULL;
}

static void
on_session_changed (SlSessionView *view, SlWindow *self)
{
  reload_sessions (self, 0);
}

static void
on_open_session (SlSessionView *view, gint64 id, SlWindow *self)
{
  reload_sessions (self, id);
}

AdwFlap *
sl_window_get_library_flap (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->sidebar_flap;
}

GtkListView *
sl_window_get_sessions_list (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->sessions_list;
}

SlSessionView *
sl_window_get_session_view (SlWindow *self)
{
  return self->session_view;
}

const char *
sl_window_get_library_path (SlWindow *self)
{
  return self->library_path;
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The runs this window started stop with it; a run's callback may keep
   * the view a little longer, but it speaks to this window no more. */
  if (self->session_view != NULL)
    {
      /* It borrowed the window's library connection, which goes next. */
      sl_session_view_set_session (self->session_view, NULL, NULL);
      sl_session_view_stop_runs (self->session_view);
      g_signal_handlers_disconnect_by_data (self->session_view, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sessions);
  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_finalize (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  /* After dispose: the views that borrowed the connection are gone. */
  g_clear_pointer (&self->store, sl_store_free);
  g_free (self->library_path);

  G_OBJECT_CLASS (sl_window_parent_class)->finalize (object);
}

/* ---- Forget a session ----------------------------------------------------- */

static void
forget_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlWindow) self = take_window (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlForgetReport) r = sl_library_forget_finish (result, &error);
  if (self == NULL)
    return;
  self->forgetting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-session", TRUE);
  if (r == NULL)
    {
      show_error (self, _ ("Cannot Forget the Session"), error->message);
      return;
    }
  g_autofree char *what = sl_forget_report_describe (r);
  g_autofree char *msg = g_strdup_printf (_ ("Removed %s"), what);
  show_toast (self, msg);
  if (!r->wal_cleared || (r->backups != NULL && r->backups[0] != NULL))
    {
      GString *body = g_string_new (NULL);
      if (!r->wal_cleared)
        g_string_append (body, _ ("Another program has the library open, so copies of what "
                                  "was removed may stay in its write-ahead log until that "
                                  "program closes it.\n"));
      for (guint i = 0; r->backups != NULL && r->backups[i] != NULL; i++)
        g_string_append_printf (body,
                                _ ("%s is a copy of the library kept before an upgrade and "
                                   "still holds this session; delete it if it is no longer "
                                   "needed.\n"),
                                r->backups[i]);
      show_error (self, _ ("Copies Remain Elsewhere"), body->str);
      g_string_free (body, TRUE);
    }
  sl_session_view_set_session (self->session_view, self->store, NULL);
  reload_sessions (self, 0);
}

static void
on_forget_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  g_autoptr (SlWindow) self = data;
  if (g_strcmp0 (response, "forget") != 0)
    return;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "session-id"));
  self->forgetting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-session", FALSE);
  /* Not cancelled with the window: a removal, once asked for, completes. */
  sl_library_forget_async (self->library_path, id, NULL, forget_done, weak_window (self));
}

/* Asks first, naming everything that will go. */
static void
forget_action (GtkWidget *widget, const char *action, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  SlSession *s = sl_session_view_get_session (self->session_view);
  if (s == NULL || self->store == NULL || self->forgetting)
    return;
  if (sl_session_view_get_analysis (self->session_view) != NULL)
    {
      show_error (self, _ ("Cannot Forget the Session"),
                  _ ("The session is being analysed. Stop the analysis first."));
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SlForgetReport) r = sl_store_forget_session (self->store, s->id, TRUE, &error);
  if (r == NULL)
    {
      show_error (self, _ ("Cannot Forget the Session"), error->message);
      return;
    }
  g_autofree char *heading = g_strdup_printf (_ ("Forget “%s”?"), s->name);
  g_autofree char *what = sl_forget_report_describe (r);
  g_autofree char *body = g_strdup_printf (
      _ ("This removes %s from the library, and leaves no copy of it there. It cannot be "
         "undone."),
      what);
  AdwMessageDialog *dialog = sl_ask_new (GTK_WINDOW (self), heading, body, "cancel", _ ("_Cancel"),
                                         "forget", _ ("_Forget"), ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data (G_OBJECT (dialog), "session-id", GSIZE_TO_POINTER (s->id));
  g_signal_connect (dialog, "response", G_CALLBACK (on_forget_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_path_action (GtkWidget *widget, const char *action, GVariant *param)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));
  sl_window_import_file (SL_WINDOW (widget), file);
}

static void
reload_action (GtkWidget *widget, const char *action, GVariant *param)
{
  reload_sessions (SL_WINDOW (widget), 0);
}

static void
toggle_library (GtkWidget *widget, const char *action, GVariant *param)
{
  SlWindow *self = SL_WINDOW (widget);
  adw_flap_set_reveal_flap (self->sidebar_flap, !adw_flap_get_reveal_flap (self->sidebar_flap));
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  object_class->finalize = sl_window_finalize;

  g_type_ensure (SL_TYPE_SESSION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, session_view);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.import-path", "s", import_path_action);
  gtk_widget_class_install_action (widget_class, "win.forget-session", NULL, forget_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK,
                                       "win.forget-session", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-library", NULL, toggle_library);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.toggle-library", NULL);
}

static void
sl_window_init (SlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->sessions = g_list_store_new (SL_TYPE_SESSION);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sessions)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_session_selected), self);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->sessions_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->sessions_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->session_view, "session-changed", G_CALLBACK (on_session_changed), self);
  g_signal_connect (self->session_view, "open-session", G_CALLBACK (on_open_session), self);

  /* The library's button shows whether it is out, folded or not; the
   * window's own buttons move to the session's bar when it is folded. */
  g_object_bind_property (self->sidebar_flap, "reveal-flap", self->sidebar_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sidebar_flap, "folded", self->content_header,
                          "show-start-title-buttons", G_BINDING_SYNC_CREATE);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

SlWindow *
sl_window_new (AdwApplication *app, const char *library_path)
{
  SlWindow *self = g_object_new (SL_TYPE_WINDOW, "application", app, NULL);
  self->library_path = g_strdup (library_path);
  reload_sessions (self, 0);
  return self;
}
