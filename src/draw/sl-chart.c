/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <plplot.h>

#include "sl-chart.h"

static void
set_color (int index, const SlRgba *c, double alpha)
{
  plscol0a (index, (PLINT)lround (c->red * 255), (PLINT)lround (c->green * 255),
            (PLINT)lround (c->blue * 255), alpha);
}

void
sl_chart_begin (cairo_t *cr, int width, int height, const SlPlotColors *colors)
{
  PLINT stream;
  plmkstrm (&stream);
  plsdev ("extcairo");
  plspage (0, 0, MAX (width, 16), MAX (height, 16), 0, 0);
  plscolbga ((PLINT)lround (colors->background.red * 255),
             (PLINT)lround (colors->background.green * 255),
             (PLINT)lround (colors->background.blue * 255), colors->background.alpha);
  plinit ();
  pl_cmd (PLESC_DEVINIT, cr);
  set_color (SL_CHART_FG, &colors->foreground, colors->foreground.alpha);
  set_color (SL_CHART_TARGET, &colors->target, colors->target.alpha);
  set_color (SL_CHART_ESTIMATE, &colors->estimate, colors->estimate.alpha);
  set_color (SL_CHART_WARNING, &colors->warning, colors->warning.alpha);
  set_color (SL_CHART_BAND, &colors->warning, 0.18);
  set_color (SL_CHART_GRID, &colors->foreground, 0.25);
  pladv (0);
  plschr (0, 0.85);
}
