/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Sightline's charts share: PLplot's extcairo device drawing into a
 * cairo context (a drawing area, or an image surface without a display),
 * and the colours a chart is drawn in.  PLplot keeps global state: charts
 * are drawn on the main thread only, each in a stream of its own made by
 * sl_chart_begin and ended by plend1 inside the call that drew it.
 */
#pragma once

#include <cairo.h>

#include "sl-draw.h"

G_BEGIN_DECLS

typedef struct
{
  SlRgba foreground, background, target, estimate, warning;
} SlPlotColors;

/* The colour map entries sl_chart_begin sets. */
enum
{
  SL_CHART_BG,
  SL_CHART_FG,
  SL_CHART_TARGET,
  SL_CHART_ESTIMATE,
  SL_CHART_WARNING,
  SL_CHART_BAND, /* the warning colour, faint: a range shaded under the data */
  SL_CHART_GRID, /* the foreground, faint */
};

/* A legend above the current viewport: up to eight entries, each a line
 * (@style 1 solid, 2 dashed, 3 dotted), a filled box, or a symbol, in
 * one of the colours above. */
typedef enum
{
  SL_LEGEND_LINE,
  SL_LEGEND_BOX,
  SL_LEGEND_SYMBOL,
} SlLegendKind;

typedef struct
{
  const char *text[8];
  SlLegendKind kind[8];
  int color[8], style[8];
  int n;
} SlChartLegend;

void sl_chart_legend_add (SlChartLegend *legend, const char *text, SlLegendKind kind, int color,
                          int style);
/* Draws @legend above the viewport in @rows, text at @text_scale. */
void sl_chart_legend_draw (const SlChartLegend *legend, int rows, double text_scale);

/* A new stream drawing into @cr, @width × @height pixels; end it with plend1 (). */
void sl_chart_begin (cairo_t *cr, int width, int height, const SlPlotColors *colors);

G_END_DECLS
