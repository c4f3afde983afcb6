/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library's drift (docs/drift.md, "The library"), two charts over a
 * scan's rows (sl-drift-scan.h): a heat map of sessions (by recording
 * date, down) by signals (across), each cell the session's Wasserstein
 * distance from its baseline in the baseline's σ, on one fixed scale
 * with its colour bar, starred where it differs by more than a session
 * does from itself and blank where it was not compared; and one signal
 * over the recording dates, each session's distance against its own
 * threshold.  PLplot into a cairo context (sl-chart.h).
 */
#pragma once

#include "drift/sl-drift-scan.h"
#include "sl-chart.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *rows;                   /* SlDriftScanRow */
  const char *const *signals;        /* the columns */
  const char *const *signal_labels;  /* what each is called, or NULL */
  int selected_row, selected_column; /* -1: none */
} SlDriftHeatmap;

void sl_chart_drift_heatmap (cairo_t *cr, int width, int height, const SlDriftHeatmap *map,
                             const SlPlotColors *colors);
/* The cell at @x, @y (pixels in a chart of @width × @height): FALSE
 * outside the cells. */
gboolean sl_chart_drift_heatmap_cell_at (const SlDriftHeatmap *map, int width, int height, double x,
                                         double y, int *row, int *column);

/* Where the middle of a cell is, in pixels. */
void sl_chart_drift_heatmap_cell_centre (const SlDriftHeatmap *map, int width, int height, int row,
                                         int column, double *x, double *y);

/* Column @column of @map over the sessions' recording dates. */
void sl_chart_drift_over_dates (cairo_t *cr, int width, int height, const SlDriftHeatmap *map,
                                int column, const SlPlotColors *colors);

G_END_DECLS
