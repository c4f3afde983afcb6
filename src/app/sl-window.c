/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "library/sl-store.h"
#include "media/sl-probe.h"
#include "sl-ask.h"
#include "sl-session-view.h"
#include "sl-window.h"

struct _SlWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkListBox *sessions_list;
  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  SlSessionView *session_view;

  char *library_path;
  SlStore *store; /* the main thread's connection; NULL while it cannot be opened */
  guint imports_running;
  gboolean forgetting;
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
  return g_strdup_printf ("%d×%d · %d:%02d · %s", s->width, s->height, secs / 60, secs % 60, state);
}

static GtkWidget *
session_row (SlSession *s)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_autofree char *subtitle = describe_session (s);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!sl_session_recording_exists (s))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_set_tooltip_text (icon, _ ("The recording is missing"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  g_object_set_data_full (G_OBJECT (row), "session", g_object_ref (s), g_object_unref);
  return row;
}

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

  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sessions_list))) != NULL)
    gtk_list_box_remove (self->sessions_list, child);

  GtkListBoxRow *to_select = NULL;
  for (guint i = 0; i < sessions->len; i++)
    {
      SlSession *s = sessions->pdata[i];
      GtkWidget *row = session_row (s);
      gtk_list_box_append (self->sessions_list, row);
      if (s->id == select_id)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  if (sessions->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_window_title_set_title (self->window_title, _ ("Sightline"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      sl_session_view_set_session (self->session_view, self->store, NULL);
      return;
    }
  if (to_select == NULL)
    to_select = gtk_list_box_get_row_at_index (self->sessions_list, 0);
  gtk_list_box_select_row (self->sessions_list, to_select);
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, SlWindow *self)
{
  if (row == NULL)
    return;
  SlSession *s = g_object_get_data (G_OBJECT (row), "session");
  SlSession *current = sl_session_view_get_session (self->session_view);
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

typedef struct
{
  char *path;
  char *library;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_free (job->library);
  g_free (job);
}

typedef struct
{
  SlSession *session;
  gboolean existed;
} ImportResult;

static void
import_result_free (ImportResult *r)
{
  g_clear_object (&r->session);
  g_free (r);
}

static void
import_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ImportJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) probe = sl_probe_file (job->path, cancellable, &error);
  g_autoptr (SlStore) store = probe ? sl_store_open (job->library, &error) : NULL;
  ImportResult *r = g_new0 (ImportResult, 1);
  r->session = store ? sl_store_import (store, probe, &r->existed, &error) : NULL;
  if (r->session == NULL)
    {
      import_result_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, r, (GDestroyNotify)import_result_free);
}

static void
import_done (GObject *source, GAsyncResult *result, gpointer data)
{
  SlWindow *self = SL_WINDOW (source);
  g_autoptr (GError) error = NULL;
  ImportResult *r = g_task_propagate_pointer (G_TASK (result), &error);
  self->imports_running--;
  if (r == NULL)
    {
      show_error (self, _ ("Cannot Import the Recording"), error->message);
      return;
    }
  g_autofree char *msg
      = r->existed ? g_strdup_printf (_ ("“%s” is already in the library"), r->session->name)
                   : g_strdup_printf (_ ("Imported “%s”"), r->session->name);
  /* The session's page first, so the toast goes over its video. */
  reload_sessions (self, r->session->id);
  show_toast (self, msg);
  import_result_free (r);
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
  ImportJob *job = g_new0 (ImportJob, 1);
  job->path = g_steal_pointer (&path);
  job->library = g_strdup (self->library_path);
  g_autoptr (GTask) task = g_task_new (self, NULL, import_done, NULL);
  g_task_set_source_tag (task, sl_window_import_file);
  g_task_set_task_data (task, job, (GDestroyNotify)import_job_free);
  self->imports_running++;
  g_task_run_in_thread (task, import_thread);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);

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
forget_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const char *library = g_object_get_data (G_OBJECT (task), "library");
  gint64 id = GPOINTER_TO_SIZE (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (library, &error);
  SlForgetReport *r = store ? sl_store_forget_session (store, id, FALSE, &error) : NULL;
  if (r == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, r, (GDestroyNotify)sl_forget_report_free);
}

static void
forget_done (GObject *source, GAsyncResult *result, gpointer data)
{
  SlWindow *self = SL_WINDOW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlForgetReport) r = g_task_propagate_pointer (G_TASK (result), &error);
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
  g_autoptr (GTask) task = g_task_new (self, NULL, forget_done, NULL);
  g_task_set_source_tag (task, on_forget_response);
  g_object_set_data_full (G_OBJECT (task), "library", g_strdup (self->library_path), g_free);
  g_task_set_task_data (task, GSIZE_TO_POINTER (id), NULL);
  self->forgetting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-session", FALSE);
  g_task_run_in_thread (task, forget_thread);
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
}

static void
sl_window_init (SlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->sessions_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->session_view, "session-changed", G_CALLBACK (on_session_changed), self);
  g_signal_connect (self->session_view, "open-session", G_CALLBACK (on_open_session), self);

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
