/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live gaze calibration: a camera is recorded into a file while the
 * targets are shown one after another.  Each target is first left to the
 * eyes to land on (settling, not used) and then collected for a fixed
 * time, whose stretch of the recording becomes the target's in the
 * schedule.
 *
 * The eyes are watched while the camera records: a thread of its own runs
 * the face stage, the iris processor and the gaze processor's eye features
 * on the newest frame (frames it has no time for are recorded, not
 * watched), and a target's settling ends on the first frame, at least
 * settle_min_s after the target appeared, whose last SL_LIVE_SETTLE_WINDOW_S
 * of eye angles (running medians of SL_LIVE_SETTLE_MEDIAN samples, as the
 * saccades processor smooths them) stay within SL_LIVE_SETTLE_DEG degrees
 * of dispersion, (max − min yaw) + (max − min pitch).  Without that by
 * settle_max_s (no face, eyes shut, still moving) the target is collected
 * anyway and marked not settled.  On cap12 the median-smoothed eye angles
 * of 0.16 s windows inside the saccades processor's fixations have a
 * dispersion of 2.1° (median) and 4.8° (90th percentile).
 *
 * The schedule follows the frames recorded, not the wall clock, so it
 * matches the recording however late the screen is drawn.  At the end the
 * schedule is written as a sidecar beside the recording, which is then
 * imported and analysed like any recorded calibration; it can be
 * calibrated again later, and targets can be shown again and joined to it
 * (sl_live_calibration_join()).
 *
 * Use from one thread (the main loop); the camera is read, and the eyes
 * watched, in threads of their own.
 */
#pragma once

#include <glib.h>

#include "sl-cal-setup.h"

G_BEGIN_DECLS

typedef struct _SlLiveCalibration SlLiveCalibration;

typedef struct
{
  /* Settling: the eyes are on their way for at least settle_min_s, and
   * collection starts at settle_max_s at the latest.  When both are the
   * same the eyes are not watched: a fixed settle time. */
  double settle_min_s; /* 0.3 */
  double settle_max_s; /* 2.5 */
  double collect_s;    /* 1.5 */
} SlLiveTiming;

#define SL_LIVE_TIMING_DEFAULT                                                                     \
  {                                                                                                \
    0.3, 2.5, 1.5                                                                                  \
  }

#define SL_LIVE_SETTLE_WINDOW_S 0.16
#define SL_LIVE_SETTLE_MEDIAN 5
#define SL_LIVE_SETTLE_DEG 5.0

typedef enum
{
  SL_LIVE_PREPARING, /* the face models are loading: no target yet */
  SL_LIVE_SETTLING,
  SL_LIVE_COLLECTING,
} SlLivePhase;

/* What the newest watched frame showed. */
typedef enum
{
  SL_LIVE_EYES_UNKNOWN, /* not watched, or nothing watched lately */
  SL_LIVE_EYES_NO_FACE,
  SL_LIVE_EYES_NOT_FOUND, /* a face, but no pupil (eyes shut, too dark) */
  SL_LIVE_EYES_SEEN,
} SlLiveEyes;

/* The cameras of this machine: /dev/video* device paths, sorted. */
GStrv sl_live_list_cameras (void);

/* Opens @device and starts recording into @recording; @targets gives the
 * positions (their times are ignored) and the screen. */
SlLiveCalibration *sl_live_calibration_start (const char *device, const char *recording,
                                              const SlCalSchedule *targets, SlLiveTiming timing,
                                              GError **error);

/* Shows some targets of the run recorded in @first, whose targets are
 * @first_schedule as marked now, again (those with too few samples),
 * recording the camera into a file of its own beside @recording:
 * finishing then writes @recording as @first followed by the new frames,
 * with a sidecar joined as sl_live_calibration_join() does, and removes
 * the file of its own.  A run shown again needs no minimum of targets.
 * @first and its sidecar are never changed. */
SlLiveCalibration *sl_live_calibration_start_again (const char *device, const char *recording,
                                                    const char *first,
                                                    const SlCalSchedule *first_schedule,
                                                    const SlCalSchedule *targets,
                                                    SlLiveTiming timing, GError **error);

/* The target to show now, or −1 when every target has been shown or the
 * camera failed; @phase says whether the eyes are settling or the target
 * is being collected, and @progress (0–1) how far through the longest
 * settle time or the collection time. */
int sl_live_calibration_update (SlLiveCalibration *live, double *progress, SlLivePhase *phase);

SlLiveEyes sl_live_calibration_get_eyes (SlLiveCalibration *live);
/* Frames watched so far (not all of them when the machine is slow). */
gint64 sl_live_calibration_get_watched (SlLiveCalibration *live);

/* Leaves the target shown now out (the person could not look at it). */
void sl_live_calibration_skip (SlLiveCalibration *live);

gint64 sl_live_calibration_get_frames (SlLiveCalibration *live);
/* width and height of the camera's picture, and its frame rate */
void sl_live_calibration_get_format (SlLiveCalibration *live, int *width, int *height, double *fps);

/* Stops the camera.  When every target was shown and at least 4
 * calibration targets were kept (one, for a run shown again), writes the
 * schedule beside the recording (NAME.calibration.json) and returns TRUE;
 * otherwise deletes the recording and says why (the camera stopped, too
 * many skipped, the runs cannot be joined). */
gboolean sl_live_calibration_finish (SlLiveCalibration *live, GError **error);

/* Stops the camera and deletes the recording: nothing is kept. */
void sl_live_calibration_free (SlLiveCalibration *live);

/* Joins a second live run, which showed some targets again, to the end
 * of a first: @output is @first's recording followed by @again's (copied,
 * not encoded again; the two must come from one camera), and its sidecar
 * holds @first's targets (@first_schedule, or when NULL its sidecar's)
 * except those shown again, and @again's (its sidecar's), whose times move
 * by @first's length.  Writes nothing when it fails. */
gboolean sl_live_calibration_join (const char *first, const SlCalSchedule *first_schedule,
                                   const char *again, const char *output, GError **error);

/* The sidecar beside a recording: NAME.calibration.json. */
char *sl_live_calibration_sidecar (const char *recording);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLiveCalibration, sl_live_calibration_free)

G_END_DECLS
