/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Charts of a gaze calibration, drawn by PLplot's extcairo device into a
 * cairo context: the wizard's drawing areas, or an image surface for a
 * report drawn without a display.
 */
#pragma once

#include <cairo.h>

#include "gaze/sl-cal-profile.h"
#include "sl-chart.h"

G_BEGIN_DECLS

/* The screen with every target (+), the mean estimate of each (•) joined to
 * it, and its error in degrees; targets left out for too few samples are
 * marked "?". */
void sl_chart_calibration_targets (cairo_t *cr, int width, int height, const SlCalProfile *profile,
                                   const SlPlotColors *colors);

/* Accuracy of each measured target against the time it was shown: the
 * mapping's drift over the recording.  Needs 2 measured targets. */
void sl_chart_calibration_drift (cairo_t *cr, int width, int height, const SlCalProfile *profile,
                                 const SlPlotColors *colors);

G_END_DECLS
