/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live gaze calibration: a camera is recorded into a file while the
 * targets are shown one after another, each for a settle time (the eyes
 * land; not used) and then a collection time whose stretch of the
 * recording becomes the target's in the schedule.  The schedule follows
 * the frames recorded, not the wall clock, so it matches the recording
 * however late the screen is drawn.  At the end the schedule is written as
 * a sidecar beside the recording, which is then imported and analysed like
 * any recorded calibration; it can be calibrated again later.
 *
 * Use from one thread (the main loop); the camera is read in a thread of
 * its own.
 */
#pragma once

#include <glib.h>

#include "sl-cal-setup.h"

G_BEGIN_DECLS

typedef struct _SlLiveCalibration SlLiveCalibration;

typedef struct
{
  double settle_s;  /* 0.8: shown, not collected */
  double collect_s; /* 1.5 */
} SlLiveTiming;

#define SL_LIVE_TIMING_DEFAULT                                                                     \
  {                                                                                                \
    0.8, 1.5                                                                                       \
  }

/* The cameras of this machine: /dev/video* device paths, sorted. */
GStrv sl_live_list_cameras (void);

/* Opens @device and starts recording into @recording; @targets gives the
 * positions (their times are ignored) and the screen. */
SlLiveCalibration *sl_live_calibration_start (const char *device, const char *recording,
                                              const SlCalSchedule *targets, SlLiveTiming timing,
                                              GError **error);

/* The target to show now, or −1 when every target has been shown or the
 * camera failed; @collecting says whether the settle time is over, and
 * @progress (0–1) how far through the settle or the collection time. */
int sl_live_calibration_update (SlLiveCalibration *live, double *progress, gboolean *collecting);

/* Leaves the target shown now out (the person could not look at it). */
void sl_live_calibration_skip (SlLiveCalibration *live);

gint64 sl_live_calibration_get_frames (SlLiveCalibration *live);
/* width and height of the camera's picture, and its frame rate */
void sl_live_calibration_get_format (SlLiveCalibration *live, int *width, int *height, double *fps);

/* Stops the camera.  When every target was shown and at least 4
 * calibration targets were kept, writes the schedule beside the recording
 * (NAME.calibration.json) and returns TRUE; otherwise deletes the
 * recording and says why (the camera stopped, too many skipped). */
gboolean sl_live_calibration_finish (SlLiveCalibration *live, GError **error);

/* Stops the camera and deletes the recording: nothing is kept. */
void sl_live_calibration_free (SlLiveCalibration *live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLiveCalibration, sl_live_calibration_free)

G_END_DECLS
