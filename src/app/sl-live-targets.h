/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full-screen page of a live calibration: one target at a time on a
 * dark screen, shrinking while the eyes settle, steady while samples are
 * collected, then the next.  Space skips a target, Esc stops.  "done" is
 * emitted once, with TRUE when every target was shown and FALSE when the
 * person stopped or the camera failed; the page does not close itself.
 */
#pragma once

#include <gtk/gtk.h>

#include "gaze/sl-live-calibration.h"

G_BEGIN_DECLS

#define SL_TYPE_LIVE_TARGETS (sl_live_targets_get_type ())
G_DECLARE_FINAL_TYPE (SlLiveTargets, sl_live_targets, SL, LIVE_TARGETS, GtkWindow)

/* @live (borrowed; it must outlive the page) shows @targets' positions,
 * given in pixels of @targets' screen. */
SlLiveTargets *sl_live_targets_new (SlLiveCalibration *live, const SlCalSchedule *targets);

G_END_DECLS
