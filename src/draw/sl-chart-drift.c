/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <gsl/gsl_sort.h>
#include <plplot.h>

#include "sl-chart-drift.h"

/* The panels' horizontal extent, as a share of the chart's width. */
#define LEFT 0.12
#define RIGHT 0.97

static const double seed_bands[] = { 0.3, 0.5, 1.0 };

static double
middle (const SlDriftWindow *w)
{
  return (w->start_s + w->end_s) / 2;
}

typedef struct
{
  double value, lo, hi, threshold;
} Point;

static Point
point (const SlDriftWindow *w, gboolean kl, SlDriftDecide decide)
{
  if (kl)
    return (Point){ w->m.kl, w->kl_null_lo, w->kl_null_hi, w->kl_threshold };
  return (Point){ decide == SL_DRIFT_DECIDE_KL ? w->m.kl : w->m.wasserstein_sigma, w->null_lo,
                  w->null_hi, w->threshold };
}

/* The windows with data, as pieces broken where a window has none. */
static void
draw_pieces (const SlDriftChart *c, gboolean kl, int what)
{
  const GArray *windows = c->signal->windows;
  g_autofree PLFLT *x = g_new (PLFLT, windows->len + 1);
  g_autofree PLFLT *y = g_new (PLFLT, windows->len + 1);
  g_autofree PLFLT *y2 = g_new (PLFLT, windows->len + 1);
  guint m = 0;
  for (guint i = 0; i <= windows->len; i++)
    {
      const SlDriftWindow *w = i < windows->len ? &g_array_index (windows, SlDriftWindow, i) : NULL;
      if (w != NULL && !w->thin)
        {
          Point p = point (w, kl, c->decide);
          x[m] = middle (w);
          y[m] = what == 0 ? p.value : what == 1 ? p.threshold : p.lo;
          y2[m] = p.hi;
          m++;
          continue;
        }
      if (m == 0)
        continue;
      if (what == 2)
        {
          /* The band: along its top, back along its bottom. */
          g_autofree PLFLT *bx = g_new (PLFLT, 2 * m), *by = g_new (PLFLT, 2 * m);
          for (guint k = 0; k < m; k++)
            {
              bx[k] = x[k];
              by[k] = y2[k];
              bx[2 * m - 1 - k] = x[k];
              by[2 * m - 1 - k] = y[k];
            }
          if (m > 1)
            plfill ((PLINT)(2 * m), bx, by);
        }
      else if (m == 1)
        plstring (1, x, y, "•");
      else
        plline ((PLINT)m, x, y);
      m = 0;
    }
}

static void
draw_panel (const SlDriftChart *c, gboolean kl, double bottom, double top)
{
  const GArray *windows = c->signal->windows;
  double hi = 0;
  for (guint i = 0; i < windows->len; i++)
    {
      const SlDriftWindow *w = &g_array_index (windows, SlDriftWindow, i);
      if (w->thin)
        continue;
      Point p = point (w, kl, c->decide);
      hi = MAX (hi, MAX (p.value, MAX (p.threshold, p.hi)));
    }
  if (kl)
    hi = MAX (hi, 1.1);
  if (!(hi > 0) || !isfinite (hi))
    hi = 1;
  hi *= 1.08;
  plvpor (LEFT, RIGHT, bottom, top);
  plwind (c->from_s, c->to_s, 0, hi);

  /* The events, under everything. */
  plcol0 (SL_CHART_BAND);
  for (guint i = 0; i < c->signal->events->len; i++)
    {
      const SlDriftEvent *e = &g_array_index (c->signal->events, SlDriftEvent, i);
      PLFLT ex[4] = { MAX (e->start_s, c->from_s), MIN (e->end_s, c->to_s), 0, 0 };
      ex[2] = ex[1];
      ex[3] = ex[0];
      PLFLT ey[4] = { 0, 0, hi, hi };
      if (ex[1] > ex[0])
        plfill (4, ex, ey);
    }
  /* No drift: 90 % of windows fall in the band. */
  plcol0 (SL_CHART_GRID);
  draw_pieces (c, kl, 2);
  if (kl)
    {
      /* The seed's bands, for reference. */
      plcol0 (SL_CHART_FG);
      pllsty (3);
      double labelled = -INFINITY;
      for (guint b = 0; b < G_N_ELEMENTS (seed_bands); b++)
        if (seed_bands[b] < hi)
          {
            PLFLT bx[2] = { c->from_s, c->to_s }, by[2] = { seed_bands[b], seed_bands[b] };
            plline (2, bx, by);
            /* Labels that would overlap: the higher band's alone. */
            gboolean room = b + 1 == G_N_ELEMENTS (seed_bands) || seed_bands[b + 1] >= hi
                            || seed_bands[b + 1] - seed_bands[b] > hi * 0.12;
            if (!room || seed_bands[b] - labelled < hi * 0.12)
              continue;
            g_autofree char *label = g_strdup_printf ("%.1f", seed_bands[b]);
            plptex (c->to_s, seed_bands[b], 1, 0, 1.05, label);
            labelled = seed_bands[b];
          }
      pllsty (1);
    }
  /* The threshold at the false-alarm rate. */
  plcol0 (SL_CHART_TARGET);
  pllsty (2);
  plwidth (1.5);
  draw_pieces (c, kl, 1);
  pllsty (1);
  /* The measure, and the windows that exceeded. */
  plcol0 (SL_CHART_ESTIMATE);
  draw_pieces (c, kl, 0);
  plwidth (1);
  if (!kl)
    {
      plcol0 (SL_CHART_WARNING);
      for (guint i = 0; i < windows->len; i++)
        {
          const SlDriftWindow *w = &g_array_index (windows, SlDriftWindow, i);
          if (!w->over)
            continue;
          PLFLT ox = middle (w), oy = point (w, FALSE, c->decide).value;
          plstring (1, &ox, &oy, "•");
        }
    }
  if (c->selected >= 0 && (guint)c->selected < windows->len)
    {
      const SlDriftWindow *w = &g_array_index (windows, SlDriftWindow, c->selected);
      PLFLT sx[2] = { middle (w), middle (w) }, sy[2] = { 0, hi };
      plcol0 (SL_CHART_FG);
      plwidth (2);
      plline (2, sx, sy);
      plwidth (1);
    }
  /* What came before the first window: the baseline, when it is the
   * session's own beginning. */
  double first = windows->len > 0 ? g_array_index (windows, SlDriftWindow, 0).start_s : c->from_s;
  plcol0 (SL_CHART_FG);
  if (!kl && first > c->from_s + (c->to_s - c->from_s) * 0.08)
    plptex ((c->from_s + first) / 2, hi * 0.3, 1, 0, 0.5, _ ("baseline"));
  plbox (kl ? "bcnst" : "bcst", 0, 0, "bcnstv", 0, 0);
}

static void
legend (void)
{
  SlChartLegend l = { .n = 0 };
  sl_chart_legend_add (&l, _ ("the window against the baseline"), SL_LEGEND_LINE, SL_CHART_ESTIMATE,
                       1);
  sl_chart_legend_add (&l, _ ("threshold"), SL_LEGEND_LINE, SL_CHART_TARGET, 2);
  sl_chart_legend_add (&l, _ ("where 9 in 10 windows with no drift fall"), SL_LEGEND_BOX,
                       SL_CHART_GRID, 1);
  sl_chart_legend_add (&l, _ ("over the threshold"), SL_LEGEND_SYMBOL, SL_CHART_WARNING, 1);
  sl_chart_legend_add (&l, _ ("drift event"), SL_LEGEND_BOX, SL_CHART_BAND, 1);
  sl_chart_legend_add (&l, _ ("KL bands 0.3 / 0.5 / 1.0"), SL_LEGEND_LINE, SL_CHART_FG, 3);
  plvpor (LEFT, RIGHT, 0.5, 0.79);
  plwind (0, 1, 0, 1);
  sl_chart_legend_draw (&l, 3, 0.8);
}

void
sl_chart_drift (cairo_t *cr, int width, int height, const SlDriftChart *c,
                const SlPlotColors *colors)
{
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.2);
  legend ();
  /* Each panel names its measure inside its top left corner, and its
   * unit on the left. */
  gboolean kl = c->decide == SL_DRIFT_DECIDE_KL;
  draw_panel (c, FALSE, 0.48, 0.77);
  plcol0 (SL_CHART_FG);
  plmtex ("l", 4.2, 0.5, 0.5, kl ? _ ("nats") : _ ("baseline σ"));
  plmtex ("t", -1.3, 0.01, 0,
          kl ? _ ("KL divergence (decided on)") : _ ("Wasserstein distance (decided on)"));
  draw_panel (c, TRUE, 0.15, 0.42);
  plcol0 (SL_CHART_FG);
  plmtex ("l", 4.2, 0.5, 0.5, _ ("nats"));
  plmtex ("t", -1.3, 0.01, 0, _ ("KL divergence, current ‖ baseline"));
  plmtex ("b", 2.6, 0.5, 0.5, _ ("time (s)"));
  plend1 ();
}

int
sl_chart_drift_window_at (const SlDriftChart *c, int width, double x)
{
  if (width <= 0 || c->to_s <= c->from_s)
    return -1;
  double t = c->from_s + (x / width - LEFT) / (RIGHT - LEFT) * (c->to_s - c->from_s);
  int best = -1;
  double best_d = INFINITY;
  for (guint i = 0; i < c->signal->windows->len; i++)
    {
      const SlDriftWindow *w = &g_array_index (c->signal->windows, SlDriftWindow, i);
      double d = fabs (middle (w) - t);
      if (!w->thin && d < best_d)
        {
          best_d = d;
          best = (int)i;
        }
    }
  return best;
}

/* The sorted finite values of @x (@n) as the points of a step curve. */
static guint
ecdf_points (const double *x, gsize n, PLFLT **px, PLFLT **py)
{
  g_autoptr (GArray) v = sl_drift_finite_values (x, n);
  double *s = (double *)(gpointer)v->data;
  gsl_sort (s, 1, v->len);
  *px = g_new (PLFLT, 2 * v->len + 1);
  *py = g_new (PLFLT, 2 * v->len + 1);
  for (guint i = 0; i < v->len; i++)
    {
      (*px)[2 * i] = (*px)[2 * i + 1] = s[i];
      (*py)[2 * i] = 100.0 * i / v->len;
      (*py)[2 * i + 1] = 100.0 * (i + 1) / v->len;
    }
  return 2 * v->len;
}

void
sl_chart_drift_ecdf (cairo_t *cr, int width, int height, const SlDriftSignal *s, int window,
                     const char *value_label, const char *baseline_label, const char *window_label,
                     const SlPlotColors *colors)
{
  g_return_if_fail (window >= 0 && (guint)window < s->windows->len);
  const SlDriftWindow *w = &g_array_index (s->windows, SlDriftWindow, window);
  gsize from = (gsize)MAX (llround ((w->start_s - s->series_start_s) * s->fps), 0);
  gsize to
      = MIN ((gsize)MAX (llround ((w->end_s - s->series_start_s) * s->fps), 0), s->series->len);
  g_autofree PLFLT *bx = NULL, *by = NULL, *wx = NULL, *wy = NULL;
  guint nb = ecdf_points ((const double *)(gpointer)s->baseline_values->data,
                          s->baseline_values->len, &bx, &by);
  guint nw = ecdf_points ((const double *)(gpointer)s->series->data + from,
                          to > from ? to - from : 0, &wx, &wy);
  double lo = INFINITY, hi = -INFINITY;
  for (guint i = 0; i < nb; i++)
    lo = MIN (lo, bx[i]), hi = MAX (hi, bx[i]);
  for (guint i = 0; i < nw; i++)
    lo = MIN (lo, wx[i]), hi = MAX (hi, wx[i]);
  if (!(hi > lo))
    {
      lo = isfinite (lo) ? lo - 1 : 0;
      hi = isfinite (hi) ? hi + 1 : 1;
    }
  double pad = (hi - lo) * 0.04;
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.2);
  SlChartLegend l = { .n = 0 };
  g_autofree char *base_text
      = g_strdup_printf (_ ("baseline (%u values)"), (guint)s->baseline_values->len);
  g_autofree char *window_text
      = g_strdup_printf (_ ("window %.0f–%.0f s (%u values)"), w->start_s, w->end_s, (guint)w->n);
  sl_chart_legend_add (&l, baseline_label != NULL ? baseline_label : base_text, SL_LEGEND_LINE,
                       SL_CHART_FG, 1);
  sl_chart_legend_add (&l, window_label != NULL ? window_label : window_text, SL_LEGEND_LINE,
                       SL_CHART_ESTIMATE, 1);
  plvpor (0.12, 0.97, 0.24, 0.80);
  plwind (lo - pad, hi + pad, 0, 100);
  sl_chart_legend_draw (&l, 1, 0.8);
  plcol0 (SL_CHART_GRID);
  plbox ("g", 0, 0, "g", 25, 0);
  plwidth (1.5);
  plcol0 (SL_CHART_FG);
  if (nb > 0)
    plline ((PLINT)nb, bx, by);
  plcol0 (SL_CHART_ESTIMATE);
  if (nw > 0)
    plline ((PLINT)nw, wx, wy);
  plwidth (1);
  plcol0 (SL_CHART_FG);
  plbox ("bcnst", 0, 0, "bcnstv", 25, 0);
  plmtex ("l", 4.2, 0.5, 0.5, _ ("at or below (%)"));
  plmtex ("b", 2.6, 0.5, 0.5, value_label != NULL ? value_label : s->signal);
  plend1 ();
}
