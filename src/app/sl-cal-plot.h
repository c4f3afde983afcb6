/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Charts of a gaze calibration, drawn by PLplot's extcairo device into a
 * cairo context (a GtkDrawingArea's, or an image surface for a report).
 * PLplot keeps global state: call these on the main thread only; each
 * draws in a stream of its own, made and ended inside the call.
 */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>

#include "gaze/sl-cal-profile.h"

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA foreground, background, target, estimate, warning;
} SlPlotColors;

/* The screen with every target (+), the mean estimate of each (•) joined to
 * it, and its error in degrees; targets left out for too few samples are
 * marked "?". */
void sl_cal_plot_targets (cairo_t *cr, int width, int height, const SlCalProfile *profile,
                          const SlPlotColors *colors);

/* Accuracy of each measured target against the time it was shown: the
 * mapping's drift over the recording.  Needs 2 measured targets. */
void sl_cal_plot_drift (cairo_t *cr, int width, int height, const SlCalProfile *profile,
                        const SlPlotColors *colors);

G_END_DECLS
