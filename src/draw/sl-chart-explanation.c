/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <plplot.h>
#include <stdlib.h>

#include "sl-chart-explanation.h"

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* The usual spacing of the samples in frames: their median step. */
static gint64
usual_step (const SlSample *s, guint n)
{
  if (n < 2)
    return 1;
  g_autofree gint64 *d = g_new (gint64, n - 1);
  for (guint i = 1; i < n; i++)
    d[i - 1] = s[i].frame - s[i - 1].frame;
  qsort (d, n - 1, sizeof *d, compare_gint64);
  return MAX (d[(n - 1) / 2], 1);
}

/* The samples shown: first and count. */
static void
window (const GArray *samples, double fps, double from_s, double to_s, guint *first, guint *n)
{
  *first = 0;
  *n = 0;
  if (samples == NULL || fps <= 0)
    return;
  const SlSample *s = (const SlSample *)samples->data;
  guint i = 0;
  while (i < samples->len && s[i].frame / fps < from_s)
    i++;
  guint k = i;
  while (k < samples->len && s[k].frame / fps <= to_s)
    k++;
  *first = i;
  *n = k - i;
}

/* Calls @func on each joined piece of the samples shown. */
static guint
foreach_piece (const GArray *samples, double fps, double from_s, double to_s,
               void (*func) (const PLFLT *x, const PLFLT *y, int n))
{
  guint first, n;
  window (samples, fps, from_s, to_s, &first, &n);
  if (n == 0)
    return 0;
  const SlSample *s = (const SlSample *)samples->data + first;
  gint64 gap = usual_step (s, n) * 3 / 2;
  g_autofree PLFLT *x = g_new (PLFLT, n);
  g_autofree PLFLT *y = g_new (PLFLT, n);
  guint pieces = 0, m = 0;
  for (guint i = 0; i <= n; i++)
    {
      gboolean joined = i < n && isfinite (s[i].value)
                        && (m == 0 || s[i].frame - s[i - 1].frame <= MAX (gap, 1));
      if (!joined && m > 0)
        {
          if (func != NULL)
            func (x, y, (int)m);
          pieces++;
          m = 0;
        }
      if (i < n && isfinite (s[i].value))
        {
          x[m] = s[i].frame / fps;
          y[m] = s[i].value;
          m++;
        }
    }
  return pieces;
}

guint
sl_chart_trace_pieces (const GArray *samples, double fps, double from_s, double to_s)
{
  return foreach_piece (samples, fps, from_s, to_s, NULL);
}

static void
draw_piece (const PLFLT *x, const PLFLT *y, int n)
{
  if (n == 1)
    plstring (1, x, y, "•");
  else
    plline (n, x, y);
}

static void
widen (const GArray *samples, double fps, double from_s, double to_s, double *lo, double *hi)
{
  guint first, n;
  window (samples, fps, from_s, to_s, &first, &n);
  for (guint i = first; i < first + n; i++)
    {
      double v = g_array_index (samples, SlSample, i).value;
      if (isfinite (v))
        {
          *lo = MIN (*lo, v);
          *hi = MAX (*hi, v);
        }
    }
}

void
sl_chart_trace (cairo_t *cr, int width, int height, const SlTraceChart *c,
                const SlPlotColors *colors)
{
  double lo = INFINITY, hi = -INFINITY;
  widen (c->samples, c->fps, c->from_s, c->to_s, &lo, &hi);
  widen (c->baseline, c->fps, c->from_s, c->to_s, &lo, &hi);
  for (int k = 0; k < 2; k++)
    if (isfinite (c->limits[k]))
      {
        lo = MIN (lo, c->limits[k]);
        hi = MAX (hi, c->limits[k]);
      }
  if (isfinite (c->baseline_value))
    {
      lo = MIN (lo, c->baseline_value);
      hi = MAX (hi, c->baseline_value);
    }
  if (!isfinite (lo))
    lo = 0, hi = 1;
  double pad = hi > lo ? (hi - lo) * 0.08 : MAX (fabs (hi) * 0.1, 0.5);
  lo -= pad;
  hi += pad;

  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.35);
  plvpor (0.17, 0.97, 0.22, 0.72);
  plwind (c->from_s, c->to_s, lo, hi);
  /* The event, under everything. */
  PLFLT bx[4] = { MAX (c->start_s, c->from_s), MIN (c->end_s, c->to_s), 0, 0 };
  bx[2] = bx[1];
  bx[3] = bx[0];
  PLFLT by[4] = { lo, lo, hi, hi };
  if (bx[1] >= bx[0])
    {
      plcol0 (SL_CHART_BAND);
      plfill (4, bx, by);
    }
  plcol0 (SL_CHART_GRID);
  for (guint i = 0; i < c->n_marks; i++)
    {
      PLFLT mx[2] = { c->marks[i], c->marks[i] }, my[2] = { lo, hi };
      pllsty (3);
      plline (2, mx, my);
    }
  pllsty (1);
  plcol0 (SL_CHART_FG);
  plbox ("bcnst", 0, 0, "bcnstv", 0, 0);
  g_autofree char *ylabel = c->unit != NULL && *c->unit != '\0'
                                ? g_strdup_printf ("%s (%s)", c->label, c->unit)
                                : g_strdup (c->label);
  pllab (_ ("time (s)"), ylabel, "");

  if (c->baseline != NULL || isfinite (c->baseline_value))
    {
      plcol0 (SL_CHART_FG);
      pllsty (3);
      if (c->baseline != NULL)
        foreach_piece (c->baseline, c->fps, c->from_s, c->to_s, draw_piece);
      else
        {
          PLFLT lx[2] = { c->from_s, c->to_s }, ly[2] = { c->baseline_value, c->baseline_value };
          plline (2, lx, ly);
        }
      pllsty (1);
    }
  plcol0 (SL_CHART_TARGET);
  pllsty (2);
  plwidth (1.5);
  for (int k = 0; k < 2; k++)
    if (isfinite (c->limits[k]))
      {
        PLFLT lx[2] = { c->from_s, c->to_s }, ly[2] = { c->limits[k], c->limits[k] };
        plline (2, lx, ly);
      }
  pllsty (1);
  plwidth (1);
  plcol0 (SL_CHART_ESTIMATE);
  plwidth (1.5);
  foreach_piece (c->samples, c->fps, c->from_s, c->to_s, draw_piece);
  plwidth (1);

  /* The legend: what each line is. */
  SlChartLegend l = { .n = 0 };
  sl_chart_legend_add (&l, c->label, SL_LEGEND_LINE, SL_CHART_ESTIMATE, 1);
  if (isfinite (c->limits[0]) || isfinite (c->limits[1]))
    sl_chart_legend_add (&l, c->limit_label != NULL ? c->limit_label : _ ("threshold"),
                         SL_LEGEND_LINE, SL_CHART_TARGET, 2);
  if (c->baseline != NULL || isfinite (c->baseline_value))
    sl_chart_legend_add (&l, c->baseline_label != NULL ? c->baseline_label : _ ("baseline"),
                         SL_LEGEND_LINE, SL_CHART_FG, 3);
  sl_chart_legend_add (&l, c->event_label != NULL ? c->event_label : _ ("event"), SL_LEGEND_BOX,
                       SL_CHART_BAND, 1);
  sl_chart_legend_draw (&l, l.n <= 2 ? 1 : 2, 0.95);
  plend1 ();
}

void
sl_chart_waterfall (cairo_t *cr, int width, int height, const SlWaterfallPart *parts, guint n,
                    const char *total_label, const char *unit, const SlPlotColors *colors)
{
  double sum = 0, lo = 0, hi = 0;
  for (guint i = 0; i < n; i++)
    {
      sum += parts[i].part;
      lo = MIN (lo, sum);
      hi = MAX (hi, sum);
    }
  if (hi <= lo)
    hi = lo + 1;
  double pad = (hi - lo) * 0.2;
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.5);
  plvpor (0.38, 0.95, 0.22, 0.96);
  plwind (lo < 0 ? lo - pad : 0, hi + pad, n + 1, 0);
  double run = 0;
  guint rows = n + 1;
  for (guint i = 0; i <= n; i++)
    {
      double from = i < n ? run : 0, to = i < n ? run + parts[i].part : sum;
      PLFLT x[4] = { from, to, to, from }, y[4] = { i + 0.2, i + 0.2, i + 0.8, i + 0.8 };
      plcol0 (i == n ? SL_CHART_FG : to < from ? SL_CHART_WARNING : SL_CHART_ESTIMATE);
      plfill (4, x, y);
      if (i < n)
        {
          /* The step to the next bar. */
          PLFLT sx[2] = { to, to }, sy[2] = { i + 0.8, i + 1.2 };
          plcol0 (SL_CHART_GRID);
          plline (2, sx, sy);
          run = to;
        }
      plcol0 (SL_CHART_FG);
      g_autofree char *value = g_strdup_printf ("%+.3g", i < n ? parts[i].part : sum);
      if (i == n)
        value[0] = value[0] == '+' ? ' ' : value[0];
      plptex (MAX (from, to), i + 0.5, 1, 0, -0.1, value);
      plmtex ("lv", 0.6, 1.0 - (i + 0.5) / rows, 1.0, i < n ? parts[i].label : total_label);
    }
  plcol0 (SL_CHART_FG);
  plbox ("bcnst", 0, 0, "bc", 0, 0);
  pllab (unit != NULL ? unit : "", "", "");
  plend1 ();
}
