/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gaze calibration: a polynomial regression from eye features (and head
 * pose as covariates) to screen positions, as feature-based gaze trackers
 * fit it (Cerrolaza, Villanueva & Cabeza, ETRA 2008: second order in the
 * features is the usual choice; first order when targets are few).  Each
 * screen axis is an ordinary least-squares fit (GSL's SVD-based
 * gsl_multifit_linear) over the terms 1, f_i and, for the second order,
 * f_i f_j (i ≤ j), with the features standardised first so that the
 * terms are on one scale.
 *
 * Leave-one-target-out: every target in turn is left out, the mapping is
 * fitted on the others and the left-out target's samples are predicted;
 * its error is the distance from the target to the mean prediction.  A fit
 * that only memorises its targets shows a large error there.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_CAL_MAX_FEATURES 8
/* A features CSV: at most this size, and no value larger than this. */
#define SL_CAL_MAX_CSV_BYTES (512 * 1024 * 1024)
#define SL_CAL_MAX_VALUE 1e7

typedef struct
{
  double f[SL_CAL_MAX_FEATURES]; /* the features */
  double x, y;                   /* the target on the screen, in pixels */
  int target;                    /* which target (0, 1, …), in order of appearance */
} SlCalSample;

typedef struct _SlCalModel SlCalModel;

/* Fits @order (1 or 2) over the first @n_features features of @n samples.
 * Fails when the samples cannot determine the terms (too few, or all
 * alike). */
SlCalModel *sl_cal_fit (const SlCalSample *samples, guint n, int n_features, int order,
                        GError **error);
void sl_cal_model_free (SlCalModel *model);
void sl_cal_predict (const SlCalModel *model, const double *features, double *x, double *y);
int sl_cal_model_terms (const SlCalModel *model);
int sl_cal_model_features (const SlCalModel *model);

/* The model as a JSON object (order, standardisation, coefficients), and
 * back; the reader checks every count and number. */
void sl_cal_model_to_json (const SlCalModel *model, JsonBuilder *builder);
SlCalModel *sl_cal_model_from_json (JsonNode *node, GError **error);

typedef struct
{
  int target;
  double x, y;     /* the target */
  int samples;     /* its samples */
  double px, py;   /* the mean prediction from a fit without it */
  double error_px; /* distance from the target to that prediction */
} SlCalTargetError;

/* The leave-one-target-out error of every target: an array of
 * SlCalTargetError.  Fails when fewer than three targets remain for a fit. */
GArray *sl_cal_leave_one_target_out (const SlCalSample *samples, guint n, int n_features, int order,
                                     GError **error);

/* Reads a calibration feature file: a header row naming the columns, then
 * numbers.  Columns point_x and point_y are the target; every column
 * before them is a feature (left_iris_x, …); columns after them
 * (screen size) are ignored.  Consecutive rows with the same target are
 * one target.  Returns an array of SlCalSample and the feature count. */
GArray *sl_cal_read_features (const char *path, int *n_features, char ***feature_names,
                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCalModel, sl_cal_model_free)

G_END_DECLS
