/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib.h>
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

void
sl_chart_legend_add (SlChartLegend *l, const char *text, SlLegendKind kind, int color, int style)
{
  g_return_if_fail (l->n < (int)G_N_ELEMENTS (l->text));
  l->text[l->n] = text;
  l->kind[l->n] = kind;
  l->color[l->n] = color;
  l->style[l->n] = style;
  l->n++;
}

void
sl_chart_legend_draw (const SlChartLegend *l, int rows, double text_scale)
{
  enum
  {
    MAX = G_N_ELEMENTS (l->text)
  };
  PLINT opt[MAX], col[MAX], sty[MAX], pat[MAX], tcol[MAX], snum[MAX];
  PLFLT wid[MAX], bscale[MAX], bwid[MAX], sscale[MAX];
  const char *sym[MAX];
  for (int i = 0; i < l->n; i++)
    {
      opt[i] = l->kind[i] == SL_LEGEND_LINE  ? PL_LEGEND_LINE
               : l->kind[i] == SL_LEGEND_BOX ? PL_LEGEND_COLOR_BOX
                                             : PL_LEGEND_SYMBOL;
      col[i] = tcol[i] = l->color[i];
      tcol[i] = SL_CHART_FG;
      sty[i] = l->style[i];
      pat[i] = 0;
      wid[i] = 1.5;
      bscale[i] = 0.8;
      bwid[i] = 1;
      sscale[i] = 1;
      snum[i] = 1;
      sym[i] = l->kind[i] == SL_LEGEND_SYMBOL ? "•" : "";
    }
  PLFLT lw, lh;
  rows = MAX (rows, 1);
  int columns = (l->n + rows - 1) / rows;
  pllegend (&lw, &lh, PL_LEGEND_NONE, PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0, 0.02, 0.06, 0, 0, 1,
            rows, columns, l->n, opt, 0.6, text_scale, 1.5, 0, tcol, l->text, col, pat, bscale,
            bwid, col, sty, wid, col, sscale, snum, sym);
}
