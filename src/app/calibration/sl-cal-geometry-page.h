/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's screen page: the screen's size in pixels and millimetres,
 * the viewing distance and where the camera sits, which turn errors on
 * the screen into degrees.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_GEOMETRY_PAGE (sl_cal_geometry_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalGeometryPage, sl_cal_geometry_page, SL, CAL_GEOMETRY_PAGE, SlCalPage)

/* The screen @parent is on (or the default display's first), as a first
 * guess of @g; what the monitor does not say is left as it is. */
void sl_cal_geometry_guess (GtkWindow *parent, SlScreenGeometry *g);

G_END_DECLS
