/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the profile's two files share: the fitting (sl-cal-profile.c) and
 * the profile as JSON and in the library (sl-cal-profile-json.c).
 */
#pragma once

#include "sl-cal-profile.h"

G_BEGIN_DECLS

/* How far outside the calibrated head range a frame may be and still count
 * as in range: degrees of yaw and pitch, and the face width's ratio. */
#define RANGE_MARGIN_DEG 5.0
#define RANGE_MARGIN_SIZE 1.2

gboolean sl_cal_predict_with (SlCalModel *const *models, const SlGazeFrame *g, double *x, double *y,
                              SlCalFit *which);
gboolean sl_cal_have_model (SlCalModel *const *models);
SlCalProfile *sl_cal_profile_new (void);
/* How many features fit @fit (an SlCalFit) uses. */
int sl_cal_fit_n_features (int fit);

G_END_DECLS
