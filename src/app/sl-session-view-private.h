/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the session view's files share: its state (sl-session-view.c), its
 * gaze and scores (sl-session-view-gaze.c) and its timeline strips
 * (sl-session-view-strips.c).
 */
#pragma once

#include <adwaita.h>

#include "gaze/sl-gaze-scores.h"
#include "pipeline/sl-analysis.h"
#include "events/sl-events-panel.h"
#include "labeling/sl-labeling.h"
#include "labeling/sl-labels-strip.h"
#include "labeling/sl-review-bar.h"
#include "sl-audio-player.h"
#include "sl-jobs.h"
#include "sl-review.h"
#include "sl-session-view.h"
#include "sl-timeline.h"
#include "sl-video-view.h"

G_BEGIN_DECLS

struct _SlSessionView
{
  GtkWidget parent_instance;

  GtkStack *video_stack;
  AdwToastOverlay *toast_overlay; /* over the video only: the buttons stay clear */
  AdwStatusPage *missing_page;
  SlVideoView *video_view;
  GtkButton *play_button;
  GtkScale *seek_scale;
  GtkAdjustment *seek_adjustment;
  GtkLabel *time_label;
  GtkDropDown *speed_dropdown;
  GtkDropDown *preset_dropdown;
  GtkButton *analyze_button;
  GtkProgressBar *progress_bar;
  GtkButton *cancel_button;
  GtkLabel *status_label;
  GtkCheckButton *face_box_check;
  GtkCheckButton *landmarks_check;
  GtkCheckButton *frame_info_check;
  GtkCheckButton *head_pose_check;
  SlTimeline *timeline;
  AdwFlap *events_flap;
  SlEventsPanel *events_panel;
  GtkToggleButton *events_button;
  GtkMenuButton *strips_button;
  GtkBox *strips_box;
  SlReview *review; /* what the video, the timeline and the gaze inset show */
  gint64 timeline_refreshed_us;
  GtkCheckButton *eyes_check;
  GtkCheckButton *pupils_check;
  GtkCheckButton *state_check;
  GtkCheckButton *gaze_check;
  GtkButton *calibrate_button;
  GtkMenuButton *scores_button;
  GtkPopover *scores_popover;
  GtkBox *scores_box;
  GtkMenuButton *sound_button;
  SlAudioPlayer *audio; /* the recording's sound (sl-session-view-sound.c) */
  SlLabelsStrip *labels_strip;
  SlReviewBar *review_bar;
  SlLabeling *labeling; /* what the labeler does (sl-session-view-labels.c) */
  GtkEventController *kind_keys;
  gint64 looped_event; /* the detection under review the video loops over */

  GSettings *settings;
  SlStore *store; /* the window's main-thread connection, borrowed */
  SlSession *session;
  /* Analyses under way, by session id: switching sessions leaves them
   * running, and coming back shows their progress again. */
  SlJobs *jobs;      /* the application's (a view outside one: its own) */
  gboolean detached; /* its window closed (or it is disposed): no runs, no library */
  gboolean updating_scale;
  gint64 shown_run_id;
  /* Reading the session's on-screen gaze and scores. */
  GCancellable *gaze_cancellable;
  SlGazeScores *scores;
  GtkWindow *drift_window;   /* weak: the session's drift, while open */
  GtkWindow *library_drift;  /* weak: the library's drift, while open */
  GtkWindow *compare_window; /* weak: the session compared, while open */
};

void sl_session_view_load_gaze (SlSessionView *self);
void sl_session_view_on_region_drawn (SlSessionView *self, double x, double y, double w, double h);
void sl_session_view_clear_region (GtkWidget *widget, const char *action, GVariant *param);
void sl_session_view_toast (SlSessionView *self, const char *message);
SlAnalysis *sl_session_view_current_analysis (SlSessionView *self);
char *sl_session_view_format_clock (double seconds);

/* Keys and playback speed (sl-session-view-keys.c).  Whether keys are
 * free for the view: it is on screen and no text is being typed. */
gboolean sl_session_view_keys_free (SlSessionView *self);
void sl_session_view_init_keys (SlSessionView *self);
void sl_session_view_on_speed_selected (SlSessionView *self);
void sl_session_view_change_speed (GtkWidget *widget, const char *action, GVariant *param);

/* The recording's sound (sl-session-view-sound.c); @path NULL: none. */
void sl_session_view_init_sound (SlSessionView *self);
void sl_session_view_open_sound (SlSessionView *self, const char *path);

/* Labeling and the review queue (sl-session-view-labels.c). */
void sl_session_view_init_labels (SlSessionView *self);

/* The drift window (sl-session-view-drift.c): opened by session.drift,
 * closed when the view shows another session or goes away; the
 * library's, opened by session.drift-library (or from the drift
 * window), stays open across sessions and goes with the view. */
void sl_session_view_open_drift (GtkWidget *widget, const char *action, GVariant *param);
void sl_session_view_close_drift (SlSessionView *self);
void sl_session_view_open_library_drift (GtkWidget *widget, const char *action, GVariant *param);
void sl_session_view_close_library_drift (SlSessionView *self);
/* The comparison with another session or of two runs (session.compare),
 * closed with the drift window. */
void sl_session_view_open_compare (GtkWidget *widget, const char *action, GVariant *param);

/* The timeline-strips popover (sl-session-view-strips.c). */
void sl_session_view_init_strips (SlSessionView *self);

G_END_DECLS
