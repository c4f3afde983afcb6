/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts of a result's explanation: the signal around an event with
 * the limits it was held against, and a waterfall of a composite result's
 * parts.  PLplot into a cairo context (sl-chart.h).
 */
#pragma once

#include "library/sl-store.h"
#include "sl-chart.h"

G_BEGIN_DECLS

typedef struct
{
  const char *label;     /* the signal, in words: the legend's first entry */
  const char *unit;      /* the y axis's unit, in words; "" or NULL: none */
  const GArray *samples; /* SlSample, the run's whole series of it */
  double fps;            /* frames to seconds */
  double from_s, to_s;   /* the time shown */
  double start_s, end_s; /* the event, shaded */
  double limits[2];      /* the thresholds it was held against (NaN: none) */
  const char *limit_label;
  const GArray *baseline; /* SlSample: the person's baseline as a series, or NULL */
  double baseline_value;  /* … or as one value (NaN: none) */
  const char *baseline_label;
  const char *event_label;
  const double *marks; /* the evidence frames' times, drawn as thin lines */
  guint n_marks;
} SlTraceChart;

/* The samples of @chart between from_s and to_s, joined where they follow
 * each other and broken where frames are missing (a gap is more than
 * 1.5 times the usual spacing: skipped-frame runs stay joined), with the
 * event shaded, the limits dashed, the baseline dotted, axes in seconds
 * and the signal's unit, and a legend above. */
void sl_chart_trace (cairo_t *cr, int width, int height, const SlTraceChart *chart,
                     const SlPlotColors *colors);

/* How many joined pieces the samples between @from_s and @to_s make. */
guint sl_chart_trace_pieces (const GArray *samples, double fps, double from_s, double to_s);

typedef struct
{
  const char *label;
  double part;
} SlWaterfallPart;

/* One bar per part, each starting where the one before ended, and the
 * total they make from zero: a composite result's contributions.  Parts
 * that lower the total are drawn in the warning colour, the total in
 * the foreground's. */
void sl_chart_waterfall (cairo_t *cr, int width, int height, const SlWaterfallPart *parts, guint n,
                         const char *total_label, const char *unit, const SlPlotColors *colors);

G_END_DECLS
