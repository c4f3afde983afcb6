/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live calibration: the targets shown full screen while a camera
 * records the person looking at them; the recording is imported as a
 * session of its own, analysed, and calibrated like any other.  Targets
 * with too few samples can be shown again and joined to that recording.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "gaze/sl-live-calibration.h"
#include "library/sl-store.h"
#include "media/sl-probe.h"
#include "sl-calibration-wizard-private.h"

static void
set_status (SlCalibrationWizard *self, const char *text, double fraction)
{
  sl_cal_targets_page_set_live_status (self->targets_page, text, fraction,
                                       self->live != NULL || self->live_analysis != NULL);
}

static void
fail (SlCalibrationWizard *self, const char *message)
{
  set_status (self, message, -1);
  sl_calibration_wizard_set_problem (self, message);
}

void
sl_calibration_wizard_use_camera (SlCalibrationWizard *self, const char *device)
{
  SlCalDraft *draft = self->draft;
  sl_cal_draft_set_camera (draft, device);
  /* Targets of the layout, without times: the run gives them. */
  if (device != NULL
      && (sl_cal_draft_get_sidecar (draft) != NULL
          || sl_cal_draft_get_schedule (draft)->targets->len == 0))
    {
      sl_cal_draft_forget_sidecar (draft);
      sl_cal_draft_set_layout (draft, sl_cal_draft_get_schedule (draft)->layout);
    }
}

static void
use_camera (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  const char *device = sl_cal_source_page_get_camera (self->source_page);
  if (device == NULL)
    return;
  sl_calibration_wizard_use_camera (self, device);
  gtk_widget_activate_action (widget, "wizard.next", NULL);
}

static void
on_live_progress (SlAnalysis *analysis, GParamSpec *pspec, SlCalibrationWizard *self)
{
  g_autofree char *text = g_strdup_printf (
      _ ("Analysing the recording: %" PRId64 " of %" PRId64 " frames"),
      sl_analysis_get_frames_done (analysis), sl_analysis_get_frames_total (analysis));
  set_status (self, text, sl_analysis_get_fraction (analysis));
}

static void
on_live_analysed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlCalibrationWizard) self = data;
  g_autoptr (GError) error = NULL;
  gboolean ok = sl_analysis_run_finish (SL_ANALYSIS (source), result, &error);
  g_signal_handlers_disconnect_by_func (source, on_live_progress, self);
  g_clear_object (&self->live_analysis);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!ok)
    {
      fail (self, error->message);
      return;
    }
  /* From here on the wizard calibrates the recorded run like any other. */
  SlSession *session = sl_cal_draft_get_session (self->draft);
  g_autofree char *sidecar = sl_live_calibration_sidecar (self->live_recording);
  sl_cal_draft_set_recorded (self->draft, session, sl_cal_draft_get_camera (self->draft));
  sl_calibration_wizard_use_camera (self, NULL);
  if (!sl_cal_draft_load_sidecar (self->draft, sidecar, &error))
    sl_calibration_wizard_set_problem (self, error->message);
  adw_window_title_set_title (self->title, session->name);
  sl_calibration_wizard_reload (self);
  sl_calibration_wizard_toast (
      self, self->joined ? _ ("Shown again, joined to the first run and analysed: the targets "
                              "shown again come last")
                         : _ ("Recorded and analysed: check each target's stretch, then go on"));
}

/* The targets were all shown (or the run stopped): keep and analyse the
 * recording, or say why nothing was kept. */
static void
on_live_done (SlLiveTargets *page, gboolean completed, SlCalibrationWizard *self)
{
  g_autoptr (GError) error = NULL;
  gboolean kept = FALSE;
  if (completed)
    kept = sl_live_calibration_finish (self->live, &error);
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                 _ ("The live calibration was stopped; nothing was kept."));
  g_clear_pointer (&self->live, sl_live_calibration_free);
  gtk_window_destroy (GTK_WINDOW (page));
  self->live_page = NULL;
  gtk_window_present (GTK_WINDOW (self));
  gboolean again = self->again_run;
  self->again_run = FALSE;
  self->joined = again;
  if (!kept)
    {
      /* Shown again and stopped: the session is as it was. */
      if (again)
        sl_calibration_wizard_use_camera (self, NULL);
      fail (self, error->message);
      return;
    }
  /* The recording joins the library as a session of its own. */
  g_autoptr (SlProbe) probe = sl_probe_file (self->live_recording, NULL, &error);
  SlStore *store = probe != NULL ? sl_cal_draft_get_store (self->draft, &error) : NULL;
  g_autoptr (SlSession) session
      = store != NULL ? sl_store_import (store, probe, NULL, &error) : NULL;
  if (session == NULL)
    {
      fail (self, error->message);
      return;
    }
  sl_cal_draft_set_recorded (self->draft, session, NULL);
  self->live_analysis
      = sl_analysis_new (sl_cal_draft_get_library (self->draft), session->id, SL_PRESET_EVERY_FRAME,
                         CLAMP ((int)g_get_num_processors (), 1, 8), FALSE);
  g_signal_connect (self->live_analysis, "notify::frames-done", G_CALLBACK (on_live_progress),
                    self);
  set_status (self, _ ("Analysing the recording…"), 0);
  sl_analysis_run_async (self->live_analysis, self->cancellable, on_live_analysed,
                         g_object_ref (self));
}

/* A new file for a live run, in the recordings folder beside the library. */
static char *
new_recording (SlCalibrationWizard *self)
{
  g_autofree char *dir = g_path_get_dirname (sl_cal_draft_get_library (self->draft));
  g_autofree char *recordings = g_build_filename (dir, "recordings", NULL);
  g_mkdir_with_parents (recordings, 0700);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("calibration-%s.avi", stamp);
  char *path = g_build_filename (recordings, name, NULL);
  for (int k = 2; g_file_test (path, G_FILE_TEST_EXISTS); k++)
    {
      g_free (path);
      g_autofree char *other = g_strdup_printf ("calibration-%s-%d.avi", stamp, k);
      path = g_build_filename (recordings, other, NULL);
    }
  return path;
}

/* The page of targets is up: the wizard waits for its "done". */
static void
show_live_page (SlCalibrationWizard *self, const SlCalSchedule *targets, const char *status)
{
  sl_calibration_wizard_set_problem (self, NULL);
  set_status (self, status, -1);
  self->live_page = sl_live_targets_new (self->live, targets);
  g_signal_connect (self->live_page, "done", G_CALLBACK (on_live_done), self);
  gtk_window_present (GTK_WINDOW (self->live_page));
}

static void
run_live (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  const char *device = sl_cal_draft_get_camera (self->draft);
  if (device == NULL || self->live != NULL || self->live_analysis != NULL)
    return;
  g_free (self->live_recording);
  self->live_recording = new_recording (self);
  g_autoptr (GError) error = NULL;
  self->live = sl_live_calibration_start (device, self->live_recording,
                                          sl_cal_draft_get_schedule (self->draft),
                                          (SlLiveTiming)SL_LIVE_TIMING_DEFAULT, &error);
  if (self->live == NULL)
    {
      fail (self, error->message);
      return;
    }
  show_live_page (self, sl_cal_draft_get_schedule (self->draft), _ ("Showing the targets…"));
}

static gboolean
is_named (const SlCalTarget *t, gpointer ids)
{
  return g_strv_contains (ids, t->id);
}

/* Shows the targets named in @param again, live; the run is joined to
 * this session's recording as a new session, and this one is kept. */
static void
show_again (GtkWidget *widget, const char *action, GVariant *param)
{
  SlCalibrationWizard *self = SL_CALIBRATION_WIZARD (widget);
  const char *device = sl_cal_draft_get_again_camera (self->draft);
  if (device == NULL || self->live != NULL || self->live_analysis != NULL)
    return;
  g_autofree const char **ids = g_variant_get_strv (param, NULL);
  SlCalSchedule *schedule = sl_cal_draft_get_schedule (self->draft);
  g_autoptr (SlCalSchedule) targets = sl_cal_schedule_copy (schedule, is_named, ids);
  if (targets->targets->len == 0)
    return;
  g_free (self->live_recording);
  self->live_recording = new_recording (self);
  g_autoptr (GError) error = NULL;
  SlSession *session = sl_cal_draft_get_session (self->draft);
  /* Joined to this session's targets as they are marked now. */
  self->live
      = sl_live_calibration_start_again (device, self->live_recording, session->path, schedule,
                                         targets, (SlLiveTiming)SL_LIVE_TIMING_DEFAULT, &error);
  if (self->live == NULL)
    {
      sl_calibration_wizard_set_problem (self, error->message);
      return;
    }
  /* The Targets page tells how the run goes, and then lists the joined
   * schedule. */
  self->again_run = TRUE;
  g_autofree char *again_device = g_strdup (device);
  sl_cal_draft_set_camera (self->draft, again_device);
  sl_calibration_wizard_show_page (self, PAGE_TARGETS);
  g_autofree char *status = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Showing %u target again; the run is then joined to session "
                   "%" PRId64 " as a new session…",
                   "Showing %u targets again; the run is then joined to session %" PRId64
                   " as a new session…",
                   targets->targets->len),
      targets->targets->len, session->id);
  show_live_page (self, targets, status);
}

void
sl_calibration_wizard_live_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "wizard.use-camera", NULL, use_camera);
  gtk_widget_class_install_action (widget_class, "wizard.run-live", NULL, run_live);
  gtk_widget_class_install_action (widget_class, "wizard.show-again", "as", show_again);
}

void
sl_calibration_wizard_live_dispose (SlCalibrationWizard *self)
{
  if (self->live_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live_page, self);
      gtk_window_destroy (GTK_WINDOW (self->live_page));
      self->live_page = NULL;
    }
  /* A run under way keeps nothing. */
  g_clear_pointer (&self->live, sl_live_calibration_free);
  g_clear_object (&self->live_analysis);
  g_clear_pointer (&self->live_recording, g_free);
}
