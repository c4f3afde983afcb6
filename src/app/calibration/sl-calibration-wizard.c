/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-ask.h"
#include "sl-calibration-wizard-private.h"

static const char *const page_names[N_PAGES]
    = { "source", "geometry", "targets", "fit", "result", "save" };
static const char *const page_titles[N_PAGES]
    = { N_ ("Source"), N_ ("Screen and Distance"), N_ ("Targets"), N_ ("Fit"),
        N_ ("Result"), N_ ("Save and Apply") };

G_DEFINE_FINAL_TYPE (SlCalibrationWizard, sl_calibration_wizard, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static SlCalPage *
page_widget (SlCalibrationWizard *self, guint page)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->stack, page_names[page]);
  return SL_CAL_PAGE (child);
}

void
sl_calibration_wizard_toast (SlCalibrationWizard *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

void
sl_calibration_wizard_set_problem (SlCalibrationWizard *self, const char *problem)
{
  if (problem != NULL && problem[0] == '\0')
    problem = NULL;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

/* The header as the page shown has it: its step, Back, and Next while the
 * page is ready to be left. */
static void
refresh (SlCalibrationWizard *self)
{
  g_autofree char *sub = g_strdup_printf (_ ("Step %u of %u: %s"), self->page + 1, (guint)N_PAGES,
                                          _ (page_titles[self->page]));
  adw_window_title_set_subtitle (self->title, sub);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), self->page > 0);
  gtk_button_set_label (self->next_button,
                        self->page + 1 == N_PAGES ? _ ("Save and Apply") : _ ("Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 sl_cal_page_ready (page_widget (self, self->page)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->page > 0);
}

void
sl_calibration_wizard_show_page (SlCalibrationWizard *self, guint page)
{
  g_return_if_fail (page < N_PAGES);
  self->page = page;
  g_autoptr (GError) error = NULL;
  sl_cal_page_enter (page_widget (self, page), &error);
  sl_calibration_wizard_set_problem (self, error != NULL ? error->message : NULL);
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  refresh (self);
}

static void
on_reloaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlCalibrationWizard) self = data;
  g_autoptr (GError) error = NULL;
  if (!sl_cal_draft_load_finish (SL_CAL_DRAFT (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A reason it could not be read is on the source page. */
  refresh (self);
}

void
sl_calibration_wizard_reload (SlCalibrationWizard *self)
{
  sl_cal_draft_load_async (self->draft, self->cancellable, on_reloaded, g_object_ref (self));
}

/* ---- applying a saved profile, saving a new one --------------------------- */

static void
finish (SlCalibrationWizard *self, gint64 profile_id)
{
  g_signal_emit (self, signals[SAVED], 0, profile_id);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_profile (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  gint64 id = sl_cal_source_page_get_profile (self->source_page);
  if (id == 0)
    return;
  g_autoptr (GError) error = NULL;
  if (!sl_cal_draft_apply (self->draft, id, &error))
    {
      sl_calibration_wizard_set_problem (self, error->message);
      return;
    }
  finish (self, id);
}

static void
save (SlCalibrationWizard *self)
{
  g_autoptr (GError) error = NULL;
  gint64 id = sl_cal_draft_save (self->draft, sl_cal_save_page_get_name (self->save_page), &error);
  if (id == 0)
    {
      sl_calibration_wizard_set_problem (self, error->message);
      return;
    }
  finish (self, id);
}

/* After the question has gone: closing the wizard from inside its
 * dialog's response would destroy the dialog under its own signal. */
static gboolean
save_later (gpointer data)
{
  save (data);
  return G_SOURCE_REMOVE;
}

/* A profile worse than the limit is saved only when the grader says so. */
static void
save_or_ask (SlCalibrationWizard *self)
{
  double limit = sl_cal_accuracy_limit ();
  const SlCalProfile *profile = sl_cal_draft_get_profile (self->draft);
  if (profile == NULL)
    return;
  if (!(profile->accuracy_deg > limit))
    {
      save (self);
      return;
    }
  g_autofree char *body = g_strdup_printf (
      _ ("Its accuracy is %.2f°, worse than the %.1f° a good calibration reaches: gaze mapped "
         "with it, the heat map and the scores will be off by about that much. Calibrate "
         "again, re-mark the targets, or save it anyway."),
      profile->accuracy_deg, limit);
  AdwMessageDialog *dialog
      = sl_ask_new (GTK_WINDOW (self), _ ("Save a Poor Calibration?"), body, "cancel",
                    _ ("_Cancel"), "save", _ ("_Save Anyway"), ADW_RESPONSE_DESTRUCTIVE);
  sl_ask_then (dialog, "save", save_later, self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- navigation ------------------------------------------------------------ */

static void
next (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  g_autoptr (GError) error = NULL;
  if (!sl_cal_page_leave (page_widget (self, self->page), &error))
    {
      sl_calibration_wizard_set_problem (self, error != NULL ? error->message : NULL);
      return;
    }
  if (self->page + 1 == N_PAGES)
    save_or_ask (self);
  else
    sl_calibration_wizard_show_page (self, self->page + 1);
}

static void
back (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  if (self->page == 0)
    return;
  sl_calibration_wizard_set_problem (self, NULL);
  self->page--;
  gtk_stack_set_visible_child_name (self->stack, page_names[self->page]);
  refresh (self);
}

static void
remark (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_calibration_wizard_show_page (SL_CALIBRATION_WIZARD (widget), PAGE_TARGETS);
}

static void
mark_start (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_cal_targets_page_mark (SL_CALIBRATION_WIZARD (widget)->targets_page, FALSE);
}

static void
mark_end (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_cal_targets_page_mark (SL_CALIBRATION_WIZARD (widget)->targets_page, TRUE);
}

static void
cancel (GtkWidget *widget, const char *action, GVariant *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* What the pages say: "wizard.toast", "wizard.problem", "wizard.refresh". */
static void
page_toast (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_calibration_wizard_toast (SL_CALIBRATION_WIZARD (widget), g_variant_get_string (param, NULL));
}

static void
page_problem (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_calibration_wizard_set_problem (SL_CALIBRATION_WIZARD (widget),
                                     g_variant_get_string (param, NULL));
}

static void
page_refresh (GtkWidget *widget, const char *action, GVariant *param)
{
  refresh (SL_CALIBRATION_WIZARD (widget));
}

/* ---- closing --------------------------------------------------------------- */

static gboolean
close_later (gpointer data)
{
  SL_CALIBRATION_WIZARD (data)->closing = TRUE;
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Closing asks first when it throws work away: a fit, or targets marked,
 * moved or re-timed since the targets page was first shown. */
static gboolean
sl_calibration_wizard_close_request (GtkWindow *window)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (window);
  if (self->closing || !sl_cal_draft_has_unsaved_work (self->draft))
    return GTK_WINDOW_CLASS (sl_calibration_wizard_parent_class)->close_request (window);
  AdwMessageDialog *dialog
      = sl_ask_new (window, _ ("Discard the Calibration?"),
                    _ ("The targets you marked and the fit made from them are not saved."), "keep",
                    _ ("_Keep Editing"), "discard", _ ("_Discard"), ADW_RESPONSE_DESTRUCTIVE);
  sl_ask_then (dialog, "discard", close_later, self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
sl_calibration_wizard_dispose (GObject *object)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (object);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sl_calibration_wizard_live_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CALIBRATION_WIZARD);
  G_OBJECT_CLASS (sl_calibration_wizard_parent_class)->dispose (object);
}

static void
sl_calibration_wizard_finalize (GObject *object)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (object);
  g_clear_object (&self->draft);
  g_free (self->problem);
  G_OBJECT_CLASS (sl_calibration_wizard_parent_class)->finalize (object);
}

static void
sl_calibration_wizard_class_init (SlCalibrationWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_calibration_wizard_dispose;
  object_class->finalize = sl_calibration_wizard_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = sl_calibration_wizard_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SL_TYPE_CAL_SOURCE_PAGE);
  g_type_ensure (SL_TYPE_CAL_GEOMETRY_PAGE);
  g_type_ensure (SL_TYPE_CAL_TARGETS_PAGE);
  g_type_ensure (SL_TYPE_CAL_FIT_PAGE);
  g_type_ensure (SL_TYPE_CAL_RESULT_PAGE);
  g_type_ensure (SL_TYPE_CAL_SAVE_PAGE);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-calibration-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, title);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, toasts);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, source_page);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, targets_page);
  gtk_widget_class_bind_template_child (widget_class, SlCalibrationWizard, save_page);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, cancel);
  gtk_widget_class_install_action (widget_class, "wizard.remark", NULL, remark);
  gtk_widget_class_install_action (widget_class, "wizard.mark-start", NULL, mark_start);
  gtk_widget_class_install_action (widget_class, "wizard.mark-end", NULL, mark_end);
  gtk_widget_class_install_action (widget_class, "wizard.apply-profile", NULL, apply_profile);
  gtk_widget_class_install_action (widget_class, "wizard.toast", "s", page_toast);
  gtk_widget_class_install_action (widget_class, "wizard.problem", "s", page_problem);
  gtk_widget_class_install_action (widget_class, "wizard.refresh", NULL, page_refresh);
  sl_calibration_wizard_live_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, GDK_CONTROL_MASK,
                                       "wizard.mark-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, GDK_CONTROL_MASK,
                                       "wizard.mark-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back",
                                       NULL);
}

static void
sl_calibration_wizard_init (SlCalibrationWizard *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A sidecar beside the recording: NAME.calibration.json or NAME.json. */
static char *
find_sidecar (const char *video)
{
  g_autofree char *dir = g_path_get_dirname (video);
  g_autofree char *base = g_path_get_basename (video);
  char *dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  const char *const suffixes[] = { ".calibration.json", ".json" };
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (base, suffixes[i], NULL);
      char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

SlCalibrationWizard *
sl_calibration_wizard_new (GtkWindow *parent, const char *library, SlSession *session)
{
  SlCalibrationWizard *self = g_object_new (SL_TYPE_CALIBRATION_WIZARD, NULL);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_modal (GTK_WINDOW (self), TRUE);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
    }
  adw_window_title_set_title (self->title, session->name);
  self->draft = sl_cal_draft_new (library, session);
  g_signal_connect_object (self->draft, "notify::session", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);

  /* The screen the wizard is on, then a sidecar beside the recording, or
   * five points. */
  sl_cal_geometry_guess (parent, &sl_cal_draft_get_schedule (self->draft)->geometry);
  g_autofree char *sidecar = find_sidecar (session->path);
  g_autoptr (GError) error = NULL;
  if (sidecar == NULL || !sl_cal_draft_load_sidecar (self->draft, sidecar, &error))
    {
      if (error != NULL)
        sl_calibration_wizard_toast (self, error->message);
      sl_cal_draft_set_layout (self->draft, 5);
    }
  for (guint i = 0; i < N_PAGES; i++)
    sl_cal_page_set_draft (page_widget (self, i), self->draft);
  sl_calibration_wizard_reload (self);
  sl_calibration_wizard_show_page (self, PAGE_SOURCE);
  return self;
}

gboolean
sl_calibration_wizard_load_sidecar (SlCalibrationWizard *self, const char *path, GError **error)
{
  return sl_cal_draft_load_sidecar (self->draft, path, error);
}

SlSession *
sl_calibration_wizard_get_session (SlCalibrationWizard *self)
{
  return sl_cal_draft_get_session (self->draft);
}

const SlCalProfile *
sl_calibration_wizard_get_profile (SlCalibrationWizard *self)
{
  return sl_cal_draft_get_profile (self->draft);
}

gboolean
sl_calibration_wizard_is_busy (SlCalibrationWizard *self)
{
  return self->live != NULL || self->live_analysis != NULL || !sl_cal_draft_is_loaded (self->draft);
}

gboolean
sl_calibration_wizard_is_loaded (SlCalibrationWizard *self)
{
  return sl_cal_draft_is_loaded (self->draft);
}

const char *
sl_calibration_wizard_get_page (SlCalibrationWizard *self)
{
  return page_names[self->page];
}

const char *
sl_calibration_wizard_get_problem (SlCalibrationWizard *self)
{
  return self->problem;
}

SlLiveTargets *
sl_calibration_wizard_get_live_page (SlCalibrationWizard *self)
{
  return self->live_page;
}
