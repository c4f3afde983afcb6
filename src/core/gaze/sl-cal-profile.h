/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A gaze calibration of a recorded session, and what it gives: the
 * mapping from the gaze processor's eye features (head pose as
 * covariates) to screen positions, how good it is in degrees, and
 * per-frame on-screen gaze for any session of the same setup.
 *
 * Three fits share the samples: binocular (both eyes' features) and one
 * per eye, so that a frame with one eye seen still has an estimate.
 * Outliers are rejected as Pupil Capture does: after a first fit, samples
 * whose estimate is more than outlier_deg from the median estimate of
 * their target are dropped and the fit is made again.
 *
 * Accuracy is the mean angle between targets and estimates (Holmqvist et
 * al., "Eye tracking: a comprehensive guide", 2011): over the validation
 * targets when the schedule has them; otherwise each calibration target is
 * measured by a fit made without it (leave one target out), so that a
 * mapping which only memorised its targets does not look good.  Precision
 * is the RMS of the angles between successive estimates of one target.
 */
#pragma once

#include <glib.h>

#include "library/sl-store.h"
#include "sl-cal-setup.h"
#include "sl-calibration.h"

G_BEGIN_DECLS

/* The features of one analysed frame, NaN where missing: image-left eye
 * (iBUG 36–41) h, v, image-right eye h, v, head yaw and pitch. */
enum
{
  SL_GF_LEFT_H,
  SL_GF_LEFT_V,
  SL_GF_RIGHT_H,
  SL_GF_RIGHT_V,
  SL_GF_YAW,
  SL_GF_PITCH,
  SL_GF_N
};

typedef struct
{
  gint64 frame;
  double time_s;
  gboolean face;   /* landmarks found */
  gboolean closed; /* the eyes processor says the eyes are closed */
  double f[SL_GF_N];
  double confidence[2]; /* the pupils' confidence, per eye */
  double face_width;    /* the face box, pixels */
} SlGazeFrame;

/* Every analysed frame of a run with its gaze features, in frame order. */
GArray *sl_gaze_frames_load (SlStore *store, gint64 run_id, GError **error);

/* What calibrating, applying and scoring read from a session's run. */
typedef struct
{
  SlRun *run;
  GArray *frames;    /* SlGazeFrame */
  GPtrArray *events; /* SlEvent: the fixations among them */
} SlGazeRun;

/* Run @run_id of @session_id, or the session's newest when 0; fails
 * when the session has not been analysed or the run is another
 * session's. */
SlGazeRun *sl_gaze_run_load (SlStore *store, gint64 session_id, gint64 run_id, GError **error);
void sl_gaze_run_free (SlGazeRun *gr);

typedef enum
{
  SL_CAL_BINOCULAR,
  SL_CAL_LEFT,
  SL_CAL_RIGHT,
  SL_CAL_N_FITS
} SlCalFit;

const char *sl_cal_fit_name (SlCalFit fit);

typedef struct
{
  char *id;
  double x, y;
  gboolean validation;
  double start_ms, end_ms;
  int frames;                             /* analysed frames shown this target */
  int no_face, closed, no_pupil;          /* frames without a sample, by reason */
  int samples;                            /* valid samples */
  int outliers;                           /* of those, dropped */
  gboolean too_few;                       /* fewer valid samples than needed: not used */
  double accuracy_deg;                    /* see above; NaN when not measured */
  double fit_accuracy_deg[SL_CAL_N_FITS]; /* the same, with one fit alone */
  double in_sample_deg;                   /* calibration targets: with the final fit */
  double precision_deg;
  double ex, ey;                  /* the mean estimate */
  gint64 first_frame, last_frame; /* the samples used */
} SlCalPoint;

typedef struct
{
  int order;          /* 1 or 2 */
  double outlier_deg; /* 5 */
  int min_samples;    /* and at least a quarter of the target's frames */
} SlCalOptions;

#define SL_CAL_OPTIONS_DEFAULT                                                                     \
  {                                                                                                \
    2, 5.0, 5                                                                                      \
  }

typedef struct
{
  gint64 id; /* 0 until saved */
  gint64 session_id, run_id;
  char *name;
  char *created_at;
  SlScreenGeometry geometry;
  int layout;
  SlCalOptions options;
  SlCalModel *models[SL_CAL_N_FITS]; /* NULL where that fit could not be made */
  GArray *points;                    /* SlCalPoint, schedule order */
  double accuracy_deg, precision_deg;
  double fit_accuracy_deg[SL_CAL_N_FITS];
  gboolean by_validation; /* accuracy from validation targets, else leave one out */
  /* The part of the screen the interview is about (the grader draws it):
   * on-screen compliance counts gaze inside it.  Screen pixels x, y, w, h. */
  gboolean has_region;
  double region[4];
  /* The head during calibration: the mapping is only valid near it. */
  double yaw_min, yaw_max, pitch_min, pitch_max, face_min, face_max;
  char *versions; /* JSON object: processor id → version of the features' sources */
} SlCalProfile;

void sl_cal_profile_free (SlCalProfile *profile);

/* The ids of @schedule's targets with too few valid samples in @frames,
 * as sl_cal_calibrate() marks them (before outliers are dropped): what a
 * live run can show again. */
GStrv sl_cal_too_few (const SlCalSchedule *schedule, const GArray *frames, const SlCalOptions *opt);

/* Calibrates from @frames (sl_gaze_frames_load) with the targets of
 * @schedule.  Targets with too few valid samples are marked and left out;
 * fails, naming them, when fewer than 4 calibration targets remain. */
SlCalProfile *sl_cal_calibrate (const SlCalSchedule *schedule, const GArray *frames,
                                const SlCalOptions *options, GError **error);

/* The processors' versions in a run's provenance (SlRun.processors) that the
 * features come from, as a JSON object, for the profile. */
char *sl_cal_feature_versions (const char *run_processors);

char *sl_cal_profile_to_json (const SlCalProfile *profile);
SlCalProfile *sl_cal_profile_from_json (const char *json, GError **error);

typedef struct
{
  gint64 frame;
  double time_s;
  double x, y; /* on the screen's pixels; NaN when there is no estimate */
  gboolean on_screen;
  double confidence; /* of the pupils the estimate used, 0–1 */
  gboolean in_range; /* the head within the calibrated range */
  SlCalFit fit;      /* which fit gave it */
} SlGazePoint;

/* On-screen gaze for every frame of @frames (an SlGazePoint each). */
GArray *sl_cal_profile_apply (const SlCalProfile *profile, const GArray *frames);

/* Saves a new profile in the library (its id is set) and makes it the
 * session's calibration. */
gboolean sl_cal_profile_save (SlCalProfile *profile, SlStore *store, GError **error);
SlCalProfile *sl_cal_profile_load (SlStore *store, gint64 id, GError **error);
/* Writes a saved profile's changes (its region) back to the library. */
gboolean sl_cal_profile_update (const SlCalProfile *profile, SlStore *store, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCalProfile, sl_cal_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGazeRun, sl_gaze_run_free)

G_END_DECLS
