/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's last page: the profile's name and what saving it does.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_SAVE_PAGE (sl_cal_save_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalSavePage, sl_cal_save_page, SL, CAL_SAVE_PAGE, SlCalPage)

/* The name entered (the session's name and the time by default). */
const char *sl_cal_save_page_get_name (SlCalSavePage *self);

G_END_DECLS
