/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's targets page: when each target was shown, from the
 * sidecar, a layout or the fixations, re-timed by hand against a preview
 * of the recording; or, with a camera, the live run that records them.
 */
#pragma once

#include <adwaita.h>

#include "sl-cal-page.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_TARGETS_PAGE (sl_cal_targets_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCalTargetsPage, sl_cal_targets_page, SL, CAL_TARGETS_PAGE, SlCalPage)

/* "Start here" / "End here": the preview's frame becomes the selected
 * target's start or end. */
void sl_cal_targets_page_mark (SlCalTargetsPage *self, gboolean end);

/* How a live run goes: @text, with a progress bar when @fraction ≥ 0;
 * while @busy the targets cannot be shown again. */
void sl_cal_targets_page_set_live_status (SlCalTargetsPage *self, const char *text, double fraction,
                                          gboolean busy);

G_END_DECLS
