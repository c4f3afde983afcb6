/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One session on screen: the video with its overlays, the transport
 * controls, and the analysis of the session with its progress.
 */
#pragma once

#include <adwaita.h>

#include "base/sl-session.h"
#include "gaze/sl-gaze-scores.h"
#include "library/sl-store.h"
#include "pipeline/sl-analysis.h"
#include "calibration/sl-calibration-wizard.h"
#include "events/sl-events-panel.h"
#include "labeling/sl-labeling.h"
#include "labeling/sl-labels-strip.h"
#include "labeling/sl-review-bar.h"
#include "sl-audio-player.h"
#include "sl-timeline.h"
#include "sl-video-view.h"

G_BEGIN_DECLS

#define SL_TYPE_SESSION_VIEW (sl_session_view_get_type ())
G_DECLARE_FINAL_TYPE (SlSessionView, sl_session_view, SL, SESSION_VIEW, GtkWidget)

GtkWidget *sl_session_view_new (void);

/* @store is the window's connection to the library; it must outlive the view. */
void sl_session_view_set_session (SlSessionView *self, SlStore *store, SlSession *session);
SlSession *sl_session_view_get_session (SlSessionView *self);
SlVideoView *sl_session_view_get_video_view (SlSessionView *self);

/* The analysis under way, or NULL. */
SlAnalysis *sl_session_view_get_analysis (SlSessionView *self);

SlTimeline *sl_session_view_get_timeline (SlSessionView *self);
GtkLabel *sl_session_view_get_status_label (SlSessionView *self);
SlEventsPanel *sl_session_view_get_events_panel (SlSessionView *self);
/* What the session view shows: its session, run, frame and selection. */
SlReview *sl_session_view_get_review (SlSessionView *self);
/* What the labeler does, and what shows it. */
SlLabeling *sl_session_view_get_labeling (SlSessionView *self);
SlLabelsStrip *sl_session_view_get_labels_strip (SlSessionView *self);
SlReviewBar *sl_session_view_get_review_bar (SlSessionView *self);
/* The recording's sound. */
SlAudioPlayer *sl_session_view_get_audio (SlSessionView *self);

/* Opens the gaze calibration wizard for the session (session.calibrate);
 * returns it, or NULL when the action is disabled. */
SlCalibrationWizard *sl_session_view_calibrate (SlSessionView *self);
/* The interview scores of the session's calibration, once read; NULL
 * without one. */
SlGazeScores *sl_session_view_get_scores (SlSessionView *self);
/* The popover that lists them (session.scores opens it). */
GtkPopover *sl_session_view_get_scores_popover (SlSessionView *self);

/* A toast over the video (where it covers none of the controls). */
void sl_session_view_show_toast (SlSessionView *self, const char *message);

/* Stops the analysis runs this view started (its window is closing);
 * what they committed stays and resumes next time. */
void sl_session_view_stop_runs (SlSessionView *self);

G_END_DECLS
