/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <plplot.h>

#include "sl-chart-calibration.h"

void
sl_chart_calibration_targets (cairo_t *cr, int width, int height, const SlCalProfile *p,
                              const SlPlotColors *colors)
{
  sl_chart_begin (cr, width, height, colors);
  const SlScreenGeometry *g = &p->geometry;
  /* The screen's shape, as large as the area allows. */
  double aspect = (double)g->width_mm / g->height_mm;
  double vw = 0.84, vh = vw * width / aspect / height;
  if (vh > 0.8)
    {
      vh = 0.8;
      vw = vh * height * aspect / width;
    }
  plvpor (0.5 - vw / 2 + 0.03, 0.5 + vw / 2 + 0.03, 0.12, 0.12 + vh);
  /* Screen pixels, y down as on the screen. */
  plwind (0, g->width_px, g->height_px, 0);
  plcol0 (SL_CHART_FG);
  plbox ("bcnst", 0, 0, "bcnstv", 0, 0);
  pllab (_ ("x (pixels)"), _ ("y (pixels)"), "");
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      PLFLT tx = pt->x, ty = pt->y;
      plcol0 (pt->too_few ? SL_CHART_WARNING : SL_CHART_TARGET);
      plstring (1, &tx, &ty, pt->validation ? "◇" : "+");
      if (pt->too_few || !isfinite (pt->ex))
        {
          plptex (tx, ty, 1, 0, -0.3, pt->too_few ? "?" : "");
          continue;
        }
      PLFLT lx[2] = { pt->x, CLAMP (pt->ex, 0, g->width_px) };
      PLFLT ly[2] = { pt->y, CLAMP (pt->ey, 0, g->height_px) };
      gboolean worse = isfinite (p->accuracy_deg) && pt->accuracy_deg > 2 * p->accuracy_deg;
      plcol0 (worse ? SL_CHART_WARNING : SL_CHART_ESTIMATE);
      plline (2, lx, ly);
      plstring (1, &lx[1], &ly[1], "•");
      g_autofree char *label = g_strdup_printf ("%.1f°", pt->accuracy_deg);
      plcol0 (SL_CHART_FG);
      plptex (tx, ty + g->height_px * 0.05, 1, 0, 0.5, label);
    }
  plend1 ();
}

void
sl_chart_calibration_drift (cairo_t *cr, int width, int height, const SlCalProfile *p,
                            const SlPlotColors *colors)
{
  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (PLFLT));
  g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (PLFLT));
  double tmax = 1, amax = 1;
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      if (pt->too_few || !isfinite (pt->accuracy_deg))
        continue;
      PLFLT t = (pt->start_ms + pt->end_ms) / 2000, a = pt->accuracy_deg;
      g_array_append_val (xs, t);
      g_array_append_val (ys, a);
      tmax = MAX (tmax, pt->end_ms / 1000);
      amax = MAX (amax, a);
    }
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.3);
  plvpor (0.16, 0.96, 0.2, 0.9);
  plwind (0, tmax * 1.05, 0, amax * 1.15);
  plcol0 (SL_CHART_FG);
  plbox ("bcnst", 0, 0, "bcnstv", 0, 0);
  pllab (_ ("time (s)"), _ ("error (°)"), "");
  if (xs->len >= 2)
    {
      plcol0 (SL_CHART_ESTIMATE);
      plline (xs->len, (PLFLT *)xs->data, (PLFLT *)ys->data);
      plstring (xs->len, (PLFLT *)xs->data, (PLFLT *)ys->data, "•");
    }
  if (isfinite (p->accuracy_deg))
    {
      PLFLT lx[2] = { 0, tmax * 1.05 }, ly[2] = { p->accuracy_deg, p->accuracy_deg };
      plcol0 (SL_CHART_TARGET);
      pllsty (2);
      plline (2, lx, ly);
      pllsty (1);
    }
  plend1 ();
}
