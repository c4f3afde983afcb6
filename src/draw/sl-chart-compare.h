/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two sessions side by side (drift/sl-drift-compare.h): their events per
 * minute, kind by kind, as pairs of bars with the counts above them.
 * PLplot into a cairo context (sl-chart.h).
 */
#pragma once

#include "drift/sl-drift-compare.h"
#include "sl-chart.h"

G_BEGIN_DECLS

/* @rates (SlEventRate); @label_a and @label_b name the two sessions. */
void sl_chart_event_rates (cairo_t *cr, int width, int height, const GArray *rates,
                           const char *label_a, const char *label_b, const SlPlotColors *colors);

G_END_DECLS
