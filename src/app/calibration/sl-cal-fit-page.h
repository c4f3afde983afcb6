/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's fit page: the mapping fitted on entering it (again when
 * its order changes), each fit's accuracy and each target's samples.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_FIT_PAGE (sl_cal_fit_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalFitPage, sl_cal_fit_page, SL, CAL_FIT_PAGE, SlCalPage)

G_END_DECLS
