/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's result page: the verdict against the accuracy a good
 * calibration reaches, the targets on the screen with their estimates,
 * the error over time, and what to do about targets that fell short.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_RESULT_PAGE (sl_cal_result_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalResultPage, sl_cal_result_page, SL, CAL_RESULT_PAGE, SlCalPage)

/* The mean error, in degrees, a profile may have and still count as
 * good (the "calibration-accuracy-limit" setting). */
double sl_cal_accuracy_limit (void);

G_END_DECLS
