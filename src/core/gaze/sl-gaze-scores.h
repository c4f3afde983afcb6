/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Interview gaze scores of a calibrated session, each with a structured
 * explanation (docs/data-model.md, "Gaze scores"):
 *
 * - collection rate: the share of analysed frames with a valid on-screen
 *   gaze sample (the interview product aimed for 80 %);
 * - face rate: the share of analysed frames with a face (90 %);
 * - jitter: the dispersion of gaze within fixations (the saccades
 *   processor's fixation events), as the RMS angle from each fixation's
 *   centroid, averaged over fixations by their samples; its score falls
 *   linearly from 1 at 0° to 0 at jitter_max_deg;
 * - compliance: the share of gaze samples on the screen, or inside a
 *   region: the options' if they have one, else the one the grader drew on
 *   the profile;
 * - total: the weighted mean of the jitter score and compliance
 *   (default weights 0.4 and 0.6).
 */
#pragma once

#include <glib.h>

#include "base/sl-explanation.h"
#include "sl-cal-profile.h"

G_BEGIN_DECLS

typedef struct
{
  double jitter, compliance;
} SlScoreWeights;

typedef struct
{
  double min_collection; /* 0.8 */
  double min_face;       /* 0.9 */
  double jitter_max_deg; /* 3 */
  SlScoreWeights weights;
  gboolean has_region; /* compliance inside this rectangle, screen pixels */
  double region[4];    /* x, y, w, h */
} SlScoreOptions;

#define SL_SCORE_OPTIONS_DEFAULT                                                                   \
  {                                                                                                \
    0.8, 0.9, 3.0, { 0.4, 0.6 }, FALSE, { 0, 0, 0, 0 }                                             \
  }

typedef struct
{
  double collection_rate, face_rate;
  double jitter_deg, jitter_score;
  double compliance;
  double total;
  int frames, fixations;
  char *explanation; /* JSON array: each score's explanation (base/sl-explanation.h) */
} SlGazeScores;

void sl_gaze_scores_free (SlGazeScores *scores);

/* Scores @frames (sl_gaze_frames_load) as mapped by @profile, with the
 * run's @events (the fixation events are used). */
SlGazeScores *sl_gaze_scores_compute (const SlCalProfile *profile, const GArray *frames,
                                      const GPtrArray *events, const SlScoreOptions *options);

/* Each score's explanation (SlExplanation), read back and checked. */
GPtrArray *sl_gaze_scores_explanations (const SlGazeScores *scores, GError **error);
/* The one of @kind ("jitter") among @explanations, or NULL. */
const SlExplanation *sl_gaze_scores_find (GPtrArray *explanations, const char *kind);

/* The total under other weights (normalised to sum 1). */
double sl_gaze_scores_total (const SlGazeScores *scores, SlScoreWeights weights);

/* Checks weights: both ≥ 0 and not both 0. */
gboolean sl_score_weights_check (SlScoreWeights weights, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGazeScores, sl_gaze_scores_free)

G_END_DECLS
