/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Show Them Again": offered for a session a live run of the wizard
 * recorded, when some of its targets have too few valid samples; it
 * activates "wizard.show-again" with their ids.
 */
#pragma once

#include <gtk/gtk.h>

#include "gaze/sl-cal-draft.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_AGAIN_BUTTON (sl_cal_again_button_get_type ())
G_DECLARE_FINAL_TYPE (SlCalAgainButton, sl_cal_again_button, SL, CAL_AGAIN_BUTTON, GtkButton)

/* Shown, with the targets to show again, when @draft has any. */
void sl_cal_again_button_update (SlCalAgainButton *self, SlCalDraft *draft);

G_END_DECLS
