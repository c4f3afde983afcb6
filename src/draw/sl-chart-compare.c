/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <plplot.h>

#include "sl-chart-compare.h"

static void
bar (double x0, double x1, double top)
{
  PLFLT x[4] = { x0, x1, x1, x0 }, y[4] = { 0, 0, top, top };
  plfill (4, x, y);
}

void
sl_chart_event_rates (cairo_t *cr, int width, int height, const GArray *rates, const char *label_a,
                      const char *label_b, const SlPlotColors *colors)
{
  guint n = rates != NULL ? rates->len : 0;
  double top = 0;
  for (guint i = 0; i < n; i++)
    {
      const SlEventRate *r = &g_array_index (rates, SlEventRate, i);
      top = MAX (top, MAX (r->per_minute_a, r->per_minute_b));
    }
  top = (top > 0 ? top : 1) * 1.2;
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.0);
  SlChartLegend legend = { .n = 0 };
  sl_chart_legend_add (&legend, label_a, SL_LEGEND_BOX, SL_CHART_FG, 1);
  sl_chart_legend_add (&legend, label_b, SL_LEGEND_BOX, SL_CHART_ESTIMATE, 1);
  plvpor (0.10, 0.97, 0.22, 0.80);
  if (n == 0)
    {
      plwind (0, 1, 0, 1);
      plcol0 (SL_CHART_FG);
      plptex (0.5, 0.5, 1, 0, 0.5, _ ("Neither session has events."));
      plend1 ();
      return;
    }
  plwind (0, n, 0, top);
  sl_chart_legend_draw (&legend, 1, 0.8);
  plcol0 (SL_CHART_GRID);
  plbox ("", 0, 0, "g", 0, 0);
  for (guint i = 0; i < n; i++)
    {
      const SlEventRate *r = &g_array_index (rates, SlEventRate, i);
      plcol0 (SL_CHART_FG);
      bar (i + 0.12, i + 0.48, r->per_minute_a);
      plcol0 (SL_CHART_ESTIMATE);
      bar (i + 0.52, i + 0.88, r->per_minute_b);
      plcol0 (SL_CHART_FG);
      g_autofree char *na = g_strdup_printf ("%u", r->n_a);
      g_autofree char *nb = g_strdup_printf ("%u", r->n_b);
      plptex (i + 0.30, r->per_minute_a + top * 0.02, 1, 0, 0.5, na);
      plptex (i + 0.70, r->per_minute_b + top * 0.02, 1, 0, 0.5, nb);
      plmtex ("b", i % 2 == 0 ? 1.0 : 2.2, (i + 0.5) / n, 0.5, r->kind);
    }
  plcol0 (SL_CHART_FG);
  plbox ("bc", 0, 0, "bcnstv", 0, 0);
  plmtex ("l", 3.6, 0.5, 0.5, _ ("events per minute"));
  plmtex ("b", 3.6, 0.5, 0.5, _ ("kind (the number of events above each bar)"));
  plend1 ();
}
