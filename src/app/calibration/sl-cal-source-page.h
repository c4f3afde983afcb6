/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's first page: the recording and its analysis, the sidecar of
 * targets, and the other ways in — a saved profile, or a camera.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_SOURCE_PAGE (sl_cal_source_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalSourcePage, sl_cal_source_page, SL, CAL_SOURCE_PAGE, SlCalPage)

/* The saved profile chosen to apply, or 0. */
gint64 sl_cal_source_page_get_profile (SlCalSourcePage *self);
/* The camera chosen, or NULL when there is none. */
const char *sl_cal_source_page_get_camera (SlCalSourcePage *self);

G_END_DECLS
