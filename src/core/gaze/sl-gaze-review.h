/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a reviewer sees of a calibrated session's gaze: the on-screen gaze
 * points of its newest run under a calibration profile, the screen, the
 * profile's accuracy and region, and the interview scores.  A plain
 * function (the command line's scores) and an _async/_finish pair that
 * runs it on a worker thread with a connection of its own (the window).
 */
#pragma once

#include <gio/gio.h>

#include "sl-cal-profile.h"
#include "sl-gaze-scores.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 session_id;
  gint64 calibration_id;
  GArray *points; /* SlGazePoint per frame (sl_cal_profile_apply) */
  SlScreenGeometry screen;
  double accuracy_deg;
  gboolean has_region;
  double region[4];
  SlGazeScores *scores;
} SlGazeReview;

void sl_gaze_review_free (SlGazeReview *review);

/* Profile @calibration_id, or @session_id's own when 0 (an error that says
 * how to make one when the session has none). */
SlCalProfile *sl_gaze_session_profile (SlStore *store, gint64 session_id, gint64 calibration_id,
                                       GError **error);

/* Session @session_id's gaze under calibration @calibration_id (the
 * session's own when 0); @options may carry a region, else the
 * profile's is used. */
SlGazeReview *sl_gaze_review_load (SlStore *store, gint64 session_id, gint64 calibration_id,
                                   const SlScoreOptions *options, GCancellable *cancellable,
                                   GError **error);
void sl_gaze_review_load_async (const char *library, gint64 session_id, gint64 calibration_id,
                                const SlScoreOptions *options, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
SlGazeReview *sl_gaze_review_load_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGazeReview, sl_gaze_review_free)

G_END_DECLS
