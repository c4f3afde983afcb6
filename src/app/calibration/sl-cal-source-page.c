/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "gaze/sl-live-calibration.h"
#include "pipeline/sl-analysis.h"
#include "sl-cal-source-page.h"

struct _SlCalSourcePage
{
  SlCalPage parent_instance;

  GStrv cameras;

  AdwActionRow *recording_row, *analysis_row, *sidecar_row;
  GtkWidget *profile_list;
  AdwComboRow *profile_row, *camera_row;
  GtkWidget *camera_button;
};

G_DEFINE_FINAL_TYPE (SlCalSourcePage, sl_cal_source_page, SL_TYPE_CAL_PAGE)

static void
describe (SlCalSourcePage *self)
{
  SlSession *s = sl_cal_draft_get_session (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recording_row), s->name);
  adw_action_row_set_subtitle (self->recording_row, s->path);
  const SlRun *run = sl_cal_draft_get_run (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (!sl_cal_draft_is_loaded (sl_cal_page_get_draft (SL_CAL_PAGE (self))))
    adw_action_row_set_subtitle (self->analysis_row, _ ("Reading the analysis…"));
  else if (sl_cal_draft_get_load_error (sl_cal_page_get_draft (SL_CAL_PAGE (self))) != NULL)
    adw_action_row_set_subtitle (
        self->analysis_row,
        sl_cal_draft_get_load_error (sl_cal_page_get_draft (SL_CAL_PAGE (self))));
  else
    {
      /* The run's events are every kind; the wizard proposes from fixations. */
      const GPtrArray *events
          = sl_cal_draft_get_events (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
      guint fixations = 0;
      for (guint i = 0; i < events->len; i++)
        fixations += g_strcmp0 (((SlEvent *)events->pdata[i])->kind, "fixation") == 0;
      g_autofree char *text = g_strdup_printf (
          _ ("Run %" PRId64 ", %s: %u analysed frames, %u fixations found"), run->id,
          sl_preset_label_for (run->preset),
          sl_cal_draft_get_frames (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->len, fixations);
      if (run->step > 1)
        {
          g_autofree char *more = g_strdup_printf (
              _ ("%s. Only one frame in %d was analysed: an every-frame analysis gives each "
                 "target more samples."),
              text, run->step);
          adw_action_row_set_subtitle (self->analysis_row, more);
        }
      else
        adw_action_row_set_subtitle (self->analysis_row, text);
    }
  const char *sidecar = sl_cal_draft_get_sidecar (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  adw_action_row_set_subtitle (
      self->sidecar_row,
      sidecar != NULL ? sidecar : _ ("None: choose a layout and mark the targets by hand"));
}

/* The saved profiles, to apply one instead of calibrating. */
static void
show_profiles (SlCalSourcePage *self)
{
  const GPtrArray *profiles
      = sl_cal_draft_get_profiles (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  guint n = profiles != NULL ? profiles->len : 0;
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const SlStoredCalibration *c = profiles->pdata[i];
      g_autofree char *item
          = c->session_id != 0
                ? g_strdup_printf (_ ("%" PRId64 ": %s · %.1f° · session %" PRId64), c->id, c->name,
                                   c->accuracy_deg, c->session_id)
                : g_strdup_printf (_ ("%" PRId64 ": %s · %.1f°"), c->id, c->name, c->accuracy_deg);
      gtk_string_list_append (model, item);
    }
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (model));
  gtk_widget_set_visible (self->profile_list, n > 0);
}

static void
on_loaded (SlCalSourcePage *self)
{
  show_profiles (self);
  describe (self);
  sl_cal_page_ready_changed (SL_CAL_PAGE (self));
}

gint64
sl_cal_source_page_get_profile (SlCalSourcePage *self)
{
  const GPtrArray *profiles
      = sl_cal_draft_get_profiles (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  guint i = adw_combo_row_get_selected (self->profile_row);
  if (profiles == NULL || i >= profiles->len)
    return 0;
  return ((const SlStoredCalibration *)profiles->pdata[i])->id;
}

const char *
sl_cal_source_page_get_camera (SlCalSourcePage *self)
{
  guint i = adw_combo_row_get_selected (self->camera_row);
  return self->cameras != NULL && i < g_strv_length (self->cameras) ? self->cameras[i] : NULL;
}

static void
on_sidecar_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  g_autoptr (SlCalSourcePage) self = data;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (!sl_cal_draft_load_sidecar (sl_cal_page_get_draft (SL_CAL_PAGE (self)), path, &error))
        sl_cal_page_toast (SL_CAL_PAGE (self), error->message);
    }
  g_object_unref (dialog);
}

static void
open_sidecar (GtkWidget *widget, const char *action, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      _ ("Open a Calibration Sidecar"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("Calibration sidecars (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_sidecar_response), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
draft_set (SlCalPage *page, SlCalDraft *draft)
{
  SlCalSourcePage *self = SL_CAL_SOURCE_PAGE (page);
  g_signal_connect_object (draft, "notify::loaded", G_CALLBACK (on_loaded), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (draft, "notify::session", G_CALLBACK (describe), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (draft, "notify::sidecar", G_CALLBACK (describe), self,
                           G_CONNECT_SWAPPED);
  on_loaded (self);
}

static gboolean
ready (SlCalPage *page)
{
  SlCalDraft *draft = sl_cal_page_get_draft (page);
  return sl_cal_draft_is_loaded (draft) && sl_cal_draft_get_load_error (draft) == NULL;
}

static void
sl_cal_source_page_dispose (GObject *object)
{
  SlCalSourcePage *self = SL_CAL_SOURCE_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_SOURCE_PAGE);
  G_OBJECT_CLASS (sl_cal_source_page_parent_class)->dispose (object);
}

static void
sl_cal_source_page_finalize (GObject *object)
{
  g_strfreev (SL_CAL_SOURCE_PAGE (object)->cameras);
  G_OBJECT_CLASS (sl_cal_source_page_parent_class)->finalize (object);
}

static void
sl_cal_source_page_class_init (SlCalSourcePageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->draft_set = draft_set;
  page_class->ready = ready;
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_cal_source_page_dispose;
  object_class->finalize = sl_cal_source_page_finalize;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-source-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, recording_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, analysis_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, sidecar_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, profile_list);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, profile_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSourcePage, camera_button);
  gtk_widget_class_install_action (widget_class, "source.open-sidecar", NULL, open_sidecar);
}

static void
sl_cal_source_page_init (SlCalSourcePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cameras = sl_live_list_cameras ();
  g_autoptr (GtkStringList) model = gtk_string_list_new ((const char *const *)self->cameras);
  adw_combo_row_set_model (self->camera_row, G_LIST_MODEL (model));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->camera_row),
                               self->cameras[0] != NULL
                                   ? _ ("Recorded into the library as a new session")
                                   : _ ("No camera found (/dev/video*)"));
  gtk_widget_set_sensitive (self->camera_button, self->cameras[0] != NULL);
}
