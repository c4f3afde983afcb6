/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drift chart of one signal (docs/drift.md), as two panels over the
 * session's time: above, the measure the decision is taken on
 * (Wasserstein distance in the baseline's σ, or KL) for each window,
 * with the band where 90 % of windows with no drift fall, the threshold
 * at the false-alarm rate, the windows that exceeded and the drift
 * events shaded; below, KL (current ‖ baseline) against the bands 0.3 /
 * 0.5 / 1.0 people asked for, with its own band of no drift.  Windows
 * with too little data leave a gap.  PLplot into a cairo context
 * (sl-chart.h).
 */
#pragma once

#include "drift/sl-drift-detect.h"
#include "sl-chart.h"

G_BEGIN_DECLS

typedef struct
{
  const SlDriftSignal *signal;
  SlDriftDecide decide;
  double from_s, to_s; /* the time shown */
  int selected;        /* a window drawn out, or -1 */
} SlDriftChart;

void sl_chart_drift (cairo_t *cr, int width, int height, const SlDriftChart *chart,
                     const SlPlotColors *colors);

/* The window of @chart whose middle is nearest @x (0 … 1 across the
 * chart's @width, in pixels from its left edge), or -1 when none has
 * data: what a click on the chart selects. */
int sl_chart_drift_window_at (const SlDriftChart *chart, int width, double x);

/* The empirical distribution (ECDF) of window @window of @signal against
 * the baseline's: the share of values at or below each value, two step
 * curves whose area between is the Wasserstein distance.  @value_label
 * names the x axis (the signal and its unit); @baseline_label and
 * @window_label the curves in the legend (NULL: "baseline (N values)",
 * "window 140–200 s (N values)"). */
void sl_chart_drift_ecdf (cairo_t *cr, int width, int height, const SlDriftSignal *signal,
                          int window, const char *value_label, const char *baseline_label,
                          const char *window_label, const SlPlotColors *colors);

G_END_DECLS
