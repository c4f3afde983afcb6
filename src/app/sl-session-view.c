/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "sl-application.h"
#include "sl-ask.h"
#include "sl-session-view-private.h"

G_DEFINE_FINAL_TYPE (SlSessionView, sl_session_view, GTK_TYPE_WIDGET)

enum
{
  SESSION_CHANGED,
  OPEN_SESSION,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
sl_session_view_show_toast (SlSessionView *self, const char *message)
{
  g_return_if_fail (SL_IS_SESSION_VIEW (self));
  AdwToast *t = adw_toast_new (message);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
sl_session_view_toast (SlSessionView *self, const char *message)
{
  sl_session_view_show_toast (self, message);
}

char *
sl_session_view_format_clock (double seconds)
{
  int s = (int)(seconds + 0.5);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

static void
update_time_label (SlSessionView *self)
{
  g_autofree char *now = sl_session_view_format_clock (sl_video_view_get_time (self->video_view));
  g_autofree char *total
      = sl_session_view_format_clock (sl_video_view_get_duration (self->video_view));
  g_autofree char *text = g_strdup_printf ("%s / %s", now, total);
  gtk_label_set_text (self->time_label, text);
}

static void
on_frame_changed (SlSessionView *self)
{
  self->updating_scale = TRUE;
  gtk_adjustment_set_value (self->seek_adjustment,
                            (double)sl_video_view_get_frame (self->video_view));
  self->updating_scale = FALSE;
  update_time_label (self);
}

static void
on_playing_changed (SlSessionView *self)
{
  gboolean playing = sl_video_view_get_playing (self->video_view);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _ ("Pause (Space)") : _ ("Play (Space)"));
}

static void
on_seek_value_changed (SlSessionView *self)
{
  if (self->updating_scale)
    return;
  sl_review_set_frame (self->review, (gint64)gtk_adjustment_get_value (self->seek_adjustment));
}

static void on_job_finished (SlSessionView *self, SlJob *job);

/* The application's runs, found once the view is in a window of it; a
 * view outside an application makes its own when it starts one
 * (@create), and has none before. */
static SlJobs *
jobs (SlSessionView *self, gboolean create)
{
  if (self->jobs == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkApplication *app
          = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
      if (SL_IS_APPLICATION (app))
        self->jobs = g_object_ref (sl_application_get_jobs (SL_APPLICATION (app)));
      else if (create)
        self->jobs = sl_jobs_new ();
      else
        return NULL;
      g_signal_connect_object (self->jobs, "finished", G_CALLBACK (on_job_finished), self,
                               G_CONNECT_SWAPPED);
    }
  return self->jobs;
}

static SlJob *
current_job (SlSessionView *self)
{
  SlJobs *all = self->detached ? NULL : jobs (self, FALSE);
  if (all == NULL || self->session == NULL || self->store == NULL)
    return NULL;
  return sl_jobs_find (all, sl_store_get_path (self->store), self->session->id);
}

SlAnalysis *
sl_session_view_current_analysis (SlSessionView *self)
{
  SlJob *job = current_job (self);
  return job != NULL ? sl_job_get_analysis (job) : NULL;
}

static void
set_status (SlSessionView *self, const char *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  /* All of it on hover, where the line is too short for it. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
}

/* What a run in progress is: its preset as the library stored it, once
 * the run is there (a resumed run keeps the preset it began with). */
static void
describe_running (SlSessionView *self)
{
  g_autoptr (SlRun) run = self->store && self->session
                              ? sl_store_latest_run (self->store, self->session->id, NULL)
                              : NULL;
  if (run == NULL || run->state != SL_RUN_RUNNING)
    {
      set_status (self, _ ("Analysing in the background; overlays appear as frames are done"));
      return;
    }
  g_autofree char *text
      = g_strdup_printf (_ ("%s: analysing in the background; overlays appear as frames are done"),
                         sl_preset_label_for (run->preset));
  set_status (self, text);
}

/* Points the video's overlays and the timeline at @run_id (0: none). */
static void
show_results (SlSessionView *self, gint64 run_id)
{
  if (sl_review_get_run (self->review) == run_id)
    {
      sl_video_view_refresh_results (self->video_view);
      sl_timeline_refresh (self->timeline);
    }
  else
    sl_review_set_run (self->review, run_id);
  self->timeline_refreshed_us = g_get_monotonic_time ();
}

static void
describe_last_run (SlSessionView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run = sl_store_latest_run (self->store, self->session->id, &error);
  if (error != NULL)
    {
      set_status (self, error->message);
      show_results (self, 0);
      return;
    }
  if (run == NULL)
    {
      set_status (self, _ ("Not analysed yet"));
      gtk_button_set_label (self->analyze_button, _ ("Analyze"));
      /* Nothing of the session shown before stays on the video or the
       * timeline. */
      show_results (self, 0);
      return;
    }
  g_autofree char *text = NULL;
  switch (run->state)
    {
    case SL_RUN_COMPLETE:
      text = g_strdup_printf (_ ("Analysed: %" PRId64 " frames (%s)"), run->frames_done,
                              sl_preset_label_for (run->preset));
      gtk_button_set_label (self->analyze_button, _ ("Analyze Again"));
      break;
    case SL_RUN_CANCELLED:
    case SL_RUN_INTERRUPTED:
      text = g_strdup_printf (_ ("Stopped after %" PRId64 " frames; Resume "
                                 "continues from there"),
                              run->frames_done);
      gtk_button_set_label (self->analyze_button, _ ("Resume"));
      break;
    case SL_RUN_FAILED:
      text = g_strdup_printf (_ ("The last analysis failed: %s"), run->message ? run->message : "");
      gtk_button_set_label (self->analyze_button, _ ("Resume"));
      break;
    case SL_RUN_RUNNING:
      text = g_strdup (_ ("Being analysed by another program"));
      break;
    default:
      g_assert_not_reached ();
    }
  if (run->message != NULL && run->state == SL_RUN_COMPLETE)
    {
      g_autofree char *t = g_strdup_printf ("%s. %s", text, run->message);
      g_free (text);
      text = g_steal_pointer (&t);
    }
  set_status (self, text);
  self->shown_run_id = run->id;
  show_results (self, run->id);
}

static void
update_sensitivity (SlSessionView *self)
{
  gboolean present = self->session && sl_session_recording_exists (self->session);
  gboolean running = sl_session_view_current_analysis (self) != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.analyze", present && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.play", present);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.step", present);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.jump", present);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.speed", present);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale), present);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.calibrate",
                                 present && !running && self->shown_run_id != 0);
  /* Drift reads only what the library holds: the recording may be gone. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.drift",
                                 !running && self->shown_run_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.compare",
                                 !running && self->shown_run_id != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preset_dropdown), !running);
}

static void
on_analysis_progress (SlAnalysis *analysis, GParamSpec *pspec, SlSessionView *self)
{
  if (analysis != sl_session_view_current_analysis (self))
    return;
  gint64 run = sl_analysis_get_run_id (analysis);
  if (run != 0 && run != self->shown_run_id)
    {
      self->shown_run_id = run;
      show_results (self, run);
      describe_running (self);
    }
  else
    {
      sl_video_view_refresh_results (self->video_view);
      /* Reading every signal again is not free: every two seconds. */
      if (g_get_monotonic_time () - self->timeline_refreshed_us > 2 * G_USEC_PER_SEC)
        {
          sl_timeline_refresh (self->timeline);
          self->timeline_refreshed_us = g_get_monotonic_time ();
        }
    }

  gint64 done = sl_analysis_get_frames_done (analysis);
  gint64 total = sl_analysis_get_frames_total (analysis);
  double eta = sl_analysis_get_eta (analysis);
  g_autofree char *left = sl_session_view_format_clock (eta);
  g_autofree char *text
      = g_strdup_printf (_ ("%" PRId64 " of %" PRId64 " frames · %.0f frames/s · %s left"), done,
                         total, sl_analysis_get_fps (analysis), left);
  gtk_progress_bar_set_fraction (self->progress_bar, sl_analysis_get_fraction (analysis));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_changed_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  SlSessionView *self = data;
  if (g_strcmp0 (response, "locate") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "session.locate", NULL);
  else if (g_strcmp0 (response, "import") == 0 && self->session != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.import-path", "s", self->session->path);
}

/* The file at the session's path is not the recording imported: say so, and
 * offer the two ways on. */
static void
recording_changed (SlSessionView *self, const char *message)
{
  if (self->session == NULL)
    {
      sl_session_view_toast (self, message);
      return;
    }
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = g_strdup_printf (
      _ ("Another file has taken the place of this session's recording at “%s”. Nothing was "
         "analysed and the session is unchanged. Import the file as a new recording, or locate "
         "the original."),
      self->session->path);
  AdwMessageDialog *dialog = sl_ask_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("The Recording Has Changed"), body,
      "close", _ ("_Close"), "import", _ ("_Import as a New Recording"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_add_response (dialog, "locate", _ ("_Locate the Original…"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_changed_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Whatever window started it, a run that ends while this view shows its
 * session is shown whole. */
static void
on_job_finished (SlSessionView *self, SlJob *job)
{
  g_signal_handlers_disconnect_by_func (sl_job_get_analysis (job), on_analysis_progress, self);
  if (self->session == NULL || self->store == NULL
      || sl_job_get_session_id (job) != self->session->id
      || g_strcmp0 (sl_job_get_library (job), sl_store_get_path (self->store)) != 0)
    return;
  describe_last_run (self);
  sl_video_view_refresh_results (self->video_view);
  sl_timeline_refresh (self->timeline);
  update_sensitivity (self);
}

/* Progress of the run of the session shown, once per run. */
static void
follow_job (SlSessionView *self, SlAnalysis *analysis)
{
  if (!self->detached
      && g_signal_handler_find (analysis, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                on_analysis_progress, self)
             == 0)
    g_signal_connect_object (analysis, "notify::frames-done", G_CALLBACK (on_analysis_progress),
                             self, 0);
}

static void
on_analysis_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlSessionView) self = data;
  SlAnalysis *analysis = SL_ANALYSIS (source);
  g_autoptr (GError) error = NULL;
  gboolean ok = sl_analysis_run_finish (analysis, result, &error);
  if (self->detached || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return; /* the view is gone; the run's results are in the library */

  if (!ok && g_error_matches (error, SL_ERROR, SL_ERROR_CHANGED))
    recording_changed (self, error->message);
  else if (!ok)
    sl_session_view_toast (self, error->message);
  else if (sl_analysis_get_message (analysis))
    sl_session_view_toast (self, sl_analysis_get_message (analysis));
  else
    sl_session_view_toast (self, _ ("Analysis complete"));
  g_signal_emit (self, signals[SESSION_CHANGED], 0);
}

static void
analyze (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->session == NULL || sl_session_view_current_analysis (self) != NULL)
    return;

  SlPreset preset = gtk_drop_down_get_selected (self->preset_dropdown);
  g_autoptr (SlRun) run = sl_store_latest_run (self->store, self->session->id, NULL);
  gboolean force_new = run != NULL && run->state == SL_RUN_COMPLETE
                       && g_strcmp0 (run->preset, sl_preset_to_string (preset)) == 0;
  int threads = g_settings_get_int (self->settings, "analysis-threads");
  if (threads <= 0)
    threads = CLAMP ((int)g_get_num_processors (), 1, 8);

  SlAnalysis *analysis = sl_analysis_new (sl_store_get_path (self->store), self->session->id,
                                          preset, threads, force_new);
  follow_job (self, analysis);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _ ("Starting…"));
  describe_running (self);
  update_sensitivity (self);
  g_settings_set_enum (self->settings, "default-preset", preset);
  sl_jobs_start (jobs (self, TRUE), analysis, sl_store_get_path (self->store), self->session->id,
                 self, on_analysis_done, g_object_ref (self));
  g_object_unref (analysis);
}

static void
cancel (GtkWidget *widget, const char *action, GVariant *param)
{
  SlJob *job = current_job (SL_SESSION_VIEW (widget));
  if (job != NULL)
    sl_job_cancel (job);
}

static void
toggle_play (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  sl_video_view_set_playing (self->video_view, !sl_video_view_get_playing (self->video_view));
}

static void
step (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  sl_video_view_step (self->video_view, g_variant_get_int32 (param));
}

static void
jump (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  sl_video_view_jump (self->video_view, g_variant_get_int32 (param));
}

static void
open_recording (SlSessionView *self)
{
  gboolean present = sl_session_recording_exists (self->session);
  gtk_stack_set_visible_child_name (self->video_stack, present ? "video" : "missing");
  if (!present)
    {
      g_autofree char *text = g_strdup_printf (
          _ ("The recording is missing: it is no longer at “%s”. Locate it to play "
             "or analyse it; its content is checked against the SHA-256 stored at import."),
          self->session->path);
      adw_status_page_set_description (self->missing_page, text);
      sl_video_view_close (self->video_view);
      sl_session_view_open_sound (self, NULL);
      return;
    }
  g_autoptr (GError) error = NULL;
  if (!sl_video_view_open (self->video_view, self->session->path, &error))
    {
      sl_session_view_toast (self, error->message);
      sl_session_view_open_sound (self, NULL);
      return;
    }
  sl_session_view_open_sound (self, self->session->path);
  gint64 frames = MAX (sl_video_view_get_frame_count (self->video_view), 1);
  gtk_adjustment_configure (self->seek_adjustment, 0, 0, frames - 1, 1,
                            MAX (1, sl_video_view_get_fps (self->video_view)), 0);
  update_time_label (self);
}

static void
on_locate_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  g_autoptr (SlSessionView) self = data;
  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL && self->store != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;
      if (!sl_store_relocate (self->store, self->session->id, path, &error))
        sl_session_view_toast (self, error->message);
      else
        {
          g_autoptr (SlSession) fresh = sl_store_get_session (self->store, self->session->id, NULL);
          if (fresh != NULL)
            sl_session_view_set_session (self, self->store, fresh);
          g_signal_emit (self, signals[SESSION_CHANGED], 0);
        }
    }
  g_object_unref (dialog);
}

static void
locate (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      _ ("Locate the Recording"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Locate"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_locate_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_calibration_saved (SlCalibrationWizard *wizard, gint64 id, gpointer data)
{
  g_autoptr (SlSessionView) self = g_object_ref (data);
  if (self->session == NULL || self->store == NULL)
    return;
  SlSession *calibrated = sl_calibration_wizard_get_session (wizard);
  if (calibrated->id != self->session->id)
    {
      /* A live calibration recorded a session of its own: show it. */
      g_signal_emit (self, signals[OPEN_SESSION], 0, calibrated->id);
      return;
    }
  g_autoptr (SlSession) fresh = sl_store_get_session (self->store, self->session->id, NULL);
  if (fresh != NULL)
    g_set_object (&self->session, fresh);
  const SlCalProfile *p = sl_calibration_wizard_get_profile (wizard);
  g_autofree char *text
      = g_strdup_printf (_ ("Calibration %" PRId64 " saved and applied: accuracy %.2f°"), id,
                         p != NULL ? p->accuracy_deg : NAN);
  sl_session_view_toast (self, text);
  sl_session_view_load_gaze (self);
  g_signal_emit (self, signals[SESSION_CHANGED], 0);
}

static void
calibrate (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->session == NULL || self->store == NULL)
    return;
  GtkRoot *root = gtk_widget_get_root (widget);
  SlCalibrationWizard *wizard
      = sl_calibration_wizard_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   sl_store_get_path (self->store), self->session);
  g_signal_connect_object (wizard, "saved", G_CALLBACK (on_calibration_saved), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

SlCalibrationWizard *
sl_session_view_calibrate (SlSessionView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "session.calibrate", NULL);
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (SL_IS_CALIBRATION_WIZARD (w))
        return SL_CALIBRATION_WIZARD (w);
    }
  return NULL;
}

static void
show_scores_popover (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (self->scores != NULL)
    gtk_menu_button_popup (self->scores_button);
}

GtkPopover *
sl_session_view_get_scores_popover (SlSessionView *self)
{
  return self->scores_popover;
}

SlGazeScores *
sl_session_view_get_scores (SlSessionView *self)
{
  return self->scores;
}

void
sl_session_view_set_session (SlSessionView *self, SlStore *store, SlSession *session)
{
  g_return_if_fail (SL_IS_SESSION_VIEW (self));

  if (session != self->session)
    sl_session_view_close_drift (self);
  self->store = store;
  g_set_object (&self->session, session);
  self->shown_run_id = 0;
  sl_review_set_session (self->review, store, session);
  if (session == NULL)
    {
      sl_session_view_load_gaze (self);
      show_results (self, 0);
      sl_video_view_close (self->video_view);
      sl_session_view_open_sound (self, NULL);
      update_sensitivity (self);
      return;
    }
  open_recording (self);
  SlAnalysis *analysis = sl_session_view_current_analysis (self);
  if (analysis != NULL)
    {
      describe_running (self);
      follow_job (self, analysis);
      on_analysis_progress (analysis, NULL, self);
    }
  else
    describe_last_run (self);
  update_sensitivity (self);
  sl_session_view_load_gaze (self);
}

SlReview *
sl_session_view_get_review (SlSessionView *self)
{
  g_return_val_if_fail (SL_IS_SESSION_VIEW (self), NULL);
  return self->review;
}

SlLabeling *
sl_session_view_get_labeling (SlSessionView *self)
{
  return self->labeling;
}

SlLabelsStrip *
sl_session_view_get_labels_strip (SlSessionView *self)
{
  return self->labels_strip;
}

SlAudioPlayer *
sl_session_view_get_audio (SlSessionView *self)
{
  return self->audio;
}

SlReviewBar *
sl_session_view_get_review_bar (SlSessionView *self)
{
  return self->review_bar;
}

SlEventsPanel *
sl_session_view_get_events_panel (SlSessionView *self)
{
  return self->events_panel;
}

GtkLabel *
sl_session_view_get_status_label (SlSessionView *self)
{
  g_return_val_if_fail (SL_IS_SESSION_VIEW (self), NULL);
  return self->status_label;
}

SlTimeline *
sl_session_view_get_timeline (SlSessionView *self)
{
  return self->timeline;
}

SlSession *
sl_session_view_get_session (SlSessionView *self)
{
  return self->session;
}

SlVideoView *
sl_session_view_get_video_view (SlSessionView *self)
{
  return self->video_view;
}

SlAnalysis *
sl_session_view_get_analysis (SlSessionView *self)
{
  return sl_session_view_current_analysis (self);
}

void
sl_session_view_stop_runs (SlSessionView *self)
{
  /* The runs it started stop; what they committed stays and resumes
   * next time.  It hears no more of any run. */
  self->detached = TRUE;
  if (self->jobs == NULL)
    return;
  sl_jobs_cancel_owned (self->jobs, self);
  g_signal_handlers_disconnect_by_data (self->jobs, self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->jobs)); i++)
    {
      g_autoptr (SlJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);
      g_signal_handlers_disconnect_by_func (sl_job_get_analysis (job), on_analysis_progress, self);
    }
  g_clear_object (&self->jobs);
}

static void
sl_session_view_dispose (GObject *object)
{
  SlSessionView *self = SL_SESSION_VIEW (object);

  sl_session_view_stop_runs (self);
  sl_session_view_close_drift (self);
  sl_session_view_close_library_drift (self);
  if (self->gaze_cancellable != NULL)
    g_cancellable_cancel (self->gaze_cancellable);
  g_clear_object (&self->gaze_cancellable);
  g_clear_pointer (&self->scores, sl_gaze_scores_free);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  self->store = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SESSION_VIEW);
  g_clear_object (&self->labeling);
  g_clear_object (&self->audio);
  g_clear_object (&self->review);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_session_view_parent_class)->dispose (object);
}

static void
toggle_events (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  gtk_toggle_button_set_active (self->events_button,
                                !gtk_toggle_button_get_active (self->events_button));
}

/* The next or previous event of the kinds the panel shows. */
static void
step_event (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (!sl_events_panel_step (self->events_panel, g_variant_get_int32 (param)))
    gtk_widget_error_bell (widget);
}

static void
sl_session_view_class_init (SlSessionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_session_view_dispose;

  signals[SESSION_CHANGED] = g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_SESSION]
      = g_signal_new ("open-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SL_TYPE_VIDEO_VIEW);
  g_type_ensure (SL_TYPE_TIMELINE);
  g_type_ensure (SL_TYPE_EVENTS_PANEL);
  g_type_ensure (SL_TYPE_LABELS_STRIP);
  g_type_ensure (SL_TYPE_REVIEW_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-session-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, video_stack);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, missing_page);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, video_view);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, play_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, seek_scale);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, seek_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, time_label);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, analyze_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, face_box_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, landmarks_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, frame_info_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, head_pose_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, eyes_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, timeline);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, events_flap);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, events_panel);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, events_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, strips_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, strips_box);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, pupils_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, state_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, gaze_check);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, calibrate_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, scores_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, scores_popover);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, scores_box);
  gtk_widget_class_bind_template_callback (widget_class, on_seek_value_changed);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, labels_strip);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, sound_button);
  gtk_widget_class_bind_template_child (widget_class, SlSessionView, review_bar);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_speed_selected",
                                                G_CALLBACK (sl_session_view_on_speed_selected));

  gtk_widget_class_install_action (widget_class, "session.play", NULL, toggle_play);
  gtk_widget_class_install_action (widget_class, "session.step", "i", step);
  gtk_widget_class_install_action (widget_class, "session.jump", "i", jump);
  gtk_widget_class_install_action (widget_class, "session.speed", "i",
                                   sl_session_view_change_speed);
  gtk_widget_class_install_action (widget_class, "session.analyze", NULL, analyze);
  gtk_widget_class_install_action (widget_class, "session.cancel", NULL, cancel);
  gtk_widget_class_install_action (widget_class, "session.locate", NULL, locate);
  gtk_widget_class_install_action (widget_class, "session.calibrate", NULL, calibrate);
  gtk_widget_class_install_action (widget_class, "session.scores", NULL, show_scores_popover);
  gtk_widget_class_install_action (widget_class, "session.drift", NULL, sl_session_view_open_drift);
  gtk_widget_class_install_action (widget_class, "session.drift-library", NULL,
                                   sl_session_view_open_library_drift);
  gtk_widget_class_install_action (widget_class, "session.compare", NULL,
                                   sl_session_view_open_compare);
  gtk_widget_class_install_action (widget_class, "session.clear-region", NULL,
                                   sl_session_view_clear_region);
  gtk_widget_class_install_action (widget_class, "session.events", NULL, toggle_events);
  gtk_widget_class_install_action (widget_class, "session.next-event", "i", step_event);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sl_session_view_init (SlSessionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  /* The presets as core names them, in its order. */
  g_autoptr (GtkStringList) presets = gtk_string_list_new (NULL);
  for (SlPreset p = SL_PRESET_EVERY_FRAME; p <= SL_PRESET_HIGH_PERFORMANCE; p++)
    gtk_string_list_append (presets, sl_preset_label (p));
  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (presets));
  g_settings_bind (self->settings, "show-face-box", self->face_box_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-landmarks", self->landmarks_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-frame-info", self->frame_info_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-face-box", self->video_view, "show-face-box",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-landmarks", self->video_view, "show-landmarks",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-frame-info", self->video_view, "show-frame-info",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-head-pose", self->head_pose_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-head-pose", self->video_view, "show-head-pose",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-eyes", self->eyes_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-eyes", self->video_view, "show-eyes",
                   G_SETTINGS_BIND_DEFAULT);
  const char *layers[][2]
      = { { "show-pupils", "pupils" }, { "show-state", "state" }, { "show-gaze", "gaze" } };
  GtkCheckButton *checks[] = { self->pupils_check, self->state_check, self->gaze_check };
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_settings_bind (self->settings, layers[i][0], checks[i], "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, layers[i][0], self->video_view, layers[i][0],
                       G_SETTINGS_BIND_DEFAULT);
    }
  gtk_drop_down_set_selected (self->preset_dropdown,
                              g_settings_get_enum (self->settings, "default-preset"));

  self->review = sl_review_new ();
  sl_video_view_set_review (self->video_view, self->review);
  sl_timeline_set_review (self->timeline, self->review);
  sl_events_panel_set_review (self->events_panel, self->review);
  g_object_bind_property (self->events_button, "active", self->events_flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->review, "notify::frame", G_CALLBACK (on_frame_changed), self,
                           G_CONNECT_SWAPPED);
  sl_session_view_init_strips (self);
  /* New aims or weights: the scores are computed again. */
  const char *score_keys[]
      = { "changed::score-weight-jitter", "changed::score-weight-compliance",
          "changed::score-min-collection", "changed::score-min-face", "changed::score-jitter-max" };
  for (guint i = 0; i < G_N_ELEMENTS (score_keys); i++)
    g_signal_connect_swapped (self->settings, score_keys[i], G_CALLBACK (sl_session_view_load_gaze),
                              self);
  g_signal_connect_swapped (self->video_view, "region-drawn",
                            G_CALLBACK (sl_session_view_on_region_drawn), self);
  g_signal_connect_swapped (self->video_view, "notify::playing", G_CALLBACK (on_playing_changed),
                            self);

  sl_session_view_init_keys (self);
  sl_session_view_init_labels (self);
  sl_session_view_init_sound (self);

  on_playing_changed (self);
  update_sensitivity (self);
}

GtkWidget *
sl_session_view_new (void)
{
  return g_object_new (SL_TYPE_SESSION_VIEW, NULL);
}
