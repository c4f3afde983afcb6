/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <plplot.h>
#include <string.h>

#include "base/sl-text.h"
#include "sl-chart-drift-library.h"

/* One fixed scale, so that a colour reads the same in every library:
 * 3σ and beyond in the full colour. */
#define SCALE_MAX 3.0

typedef struct
{
  double left, right, bottom, top; /* the cells, as shares of the chart */
} Layout;

static Layout
layout (int width, int height)
{
  return (Layout){
    .left = CLAMP (210.0 / MAX (width, 1), 0.16, 0.40),
    .right = 0.86,
    .bottom = CLAMP (52.0 / MAX (height, 1), 0.05, 0.2),
    .top = 1 - CLAMP (84.0 / MAX (height, 1), 0.06, 0.3), /* four lines of column labels */
  };
}

static guint
n_columns (const SlDriftHeatmap *m)
{
  return m->signals != NULL ? g_strv_length ((char **)m->signals) : 0;
}

/* A column's name without its unit in brackets: the cells are in σ. */
static char *
column_label (const SlDriftHeatmap *m, guint j)
{
  const char *l = m->signal_labels != NULL ? m->signal_labels[j] : m->signals[j];
  const char *bracket = strchr (l, '(');
  char *name = bracket != NULL && bracket > l ? g_strndup (l, bracket - l) : g_strdup (l);
  return g_strchomp (name);
}

static char *
row_label (const SlDriftScanRow *row)
{
  const SlSession *s = row->session;
  g_autofree char *date = sl_text_format_date (s->recorded_us);
  return g_strdup_printf ("%" G_GINT64_FORMAT " · %s · %s", s->id, date,
                          s->person != NULL && *s->person != '\0' ? s->person : "-");
}

static void
fill_cell (double x0, double y0, double x1, double y1)
{
  PLFLT x[4] = { x0, x1, x1, x0 }, y[4] = { y0, y0, y1, y1 };
  plfill (4, x, y);
}

static void
outline_cell (double x0, double y0, double x1, double y1)
{
  PLFLT x[5] = { x0, x1, x1, x0, x0 }, y[5] = { y0, y0, y1, y1, y0 };
  plline (5, x, y);
}

static void
colour_bar (const Layout *l)
{
  plvpor (l->right + 0.03, l->right + 0.05, l->bottom, l->top);
  plwind (0, 1, 0, SCALE_MAX);
  for (int i = 0; i < 60; i++)
    {
      plcol1 ((i + 0.5) / 60);
      fill_cell (0, SCALE_MAX * i / 60, 1, SCALE_MAX * (i + 1) / 60);
    }
  plcol0 (SL_CHART_FG);
  plbox ("bc", 0, 0, "bcmstv", 1, 0);
  plmtex ("r", 2.6, 0.5, 0.5, _ ("Wasserstein (σ)"));
}

void
sl_chart_drift_heatmap (cairo_t *cr, int width, int height, const SlDriftHeatmap *m,
                        const SlPlotColors *colors)
{
  Layout l = layout (width, height);
  guint rows = m->rows != NULL ? m->rows->len : 0, cols = n_columns (m);
  sl_chart_begin (cr, width, height, colors);
  /* The sequential scale: the background to the warning colour. */
  PLFLT pos[2] = { 0, 1 };
  PLFLT r[2] = { colors->background.red, colors->warning.red };
  PLFLT g[2] = { colors->background.green, colors->warning.green };
  PLFLT b[2] = { colors->background.blue, colors->warning.blue };
  plscmap1n (64);
  plscmap1l (1, 2, pos, r, g, b, NULL);
  plschr (0, 1.0);
  if (rows == 0 || cols == 0)
    {
      plvpor (0, 1, 0, 1);
      plwind (0, 1, 0, 1);
      plcol0 (SL_CHART_FG);
      plptex (0.5, 0.5, 1, 0, 0.5, _ ("No analysed session to compare."));
      plend1 ();
      return;
    }
  plvpor (l.left, l.right, l.bottom, l.top);
  plwind (0, cols, 0, rows);
  double cell_w = (l.right - l.left) * width / cols, cell_h = (l.top - l.bottom) * height / rows;
  /* Labels: every row while there is room, else every k-th. */
  guint every = (guint)MAX (1, ceil (14.0 / MAX (cell_h, 1)));
  for (guint i = 0; i < rows; i++)
    {
      const SlDriftScanRow *row = m->rows->pdata[i];
      double y0 = rows - i - 1, y1 = rows - i;
      for (guint j = 0; j < cols; j++)
        {
          const SlDriftWindow *w = sl_drift_scan_row_cell (row, m->signals[j]);
          if (w == NULL)
            continue;
          double v = w->m.wasserstein_sigma;
          plcol1 (isfinite (v) ? CLAMP (v / SCALE_MAX, 0, 1) : 0);
          fill_cell (j, y0, j + 1, y1);
          if (cell_w >= 34 && cell_h >= 13)
            {
              g_autofree char *text = g_strdup_printf ("%.2f%s", v, w->over ? "*" : "");
              plcol0 (SL_CHART_FG);
              plptex (j + 0.5, y0 + 0.5 - 0.18, 1, 0, 0.5, text);
            }
          else if (w->over)
            {
              plcol0 (SL_CHART_FG);
              plptex (j + 0.5, y0 + 0.5 - 0.18, 1, 0, 0.5, "*");
            }
        }
      if (i % every == 0)
        {
          g_autofree char *label = row_label (row);
          plcol0 (SL_CHART_FG);
          plmtex ("lv", 0.6, 1 - (i + 0.5) / rows - 0.3 / MAX (cell_h, 1), 1, label);
        }
    }
  /* The grid over the cells, the selected cell drawn out. */
  plcol0 (SL_CHART_GRID);
  for (guint i = 0; i <= rows; i++)
    {
      PLFLT x[2] = { 0, cols }, y[2] = { i, i };
      plline (2, x, y);
    }
  for (guint j = 0; j <= cols; j++)
    {
      PLFLT x[2] = { j, j }, y[2] = { 0, rows };
      plline (2, x, y);
    }
  if (m->selected_row >= 0 && (guint)m->selected_row < rows && m->selected_column >= 0
      && (guint)m->selected_column < cols)
    {
      plcol0 (SL_CHART_FG);
      plwidth (3);
      double y0 = rows - m->selected_row - 1;
      outline_cell (m->selected_column, y0, m->selected_column + 1, y0 + 1);
      plwidth (1);
    }
  /* Column labels, staggered where they would touch; their widths
   * estimated (a glyph about 7.5 px, a wide one 13). */
  plcol0 (SL_CHART_FG);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *label_w = g_new (double, cols);
  for (guint j = 0; j < cols; j++)
    {
      char *label = column_label (m, j);
      g_ptr_array_add (labels, label);
      label_w[j] = 0;
      for (const char *c = label; *c != '\0'; c = g_utf8_next_char (c))
        label_w[j] += g_unichar_iswide (g_utf8_get_char (c)) ? 13 : 7.5;
    }
  /* Each label on the lowest of up to four lines where it keeps clear of
   * the one before it there (a line's right end in px from the grid's
   * left; on none, the line that ends first). */
  enum
  {
    MAX_LINES = 4
  };
  double grid_w = cell_w * cols, line_end[MAX_LINES];
  for (guint k = 0; k < MAX_LINES; k++)
    line_end[k] = -INFINITY;
  for (guint j = 0; j < cols; j++)
    {
      /* Centred on its column, unless that runs past the grid's edge
       * (into the colour bar, or the rows' labels): then flush with it. */
      double centre = (j + 0.5) * cell_w, a = centre - label_w[j] / 2, at = centre / grid_w,
             just = 0.5;
      if (centre + label_w[j] / 2 > grid_w)
        a = grid_w - label_w[j], at = just = 1;
      else if (a < 0)
        a = 0, at = just = 0;
      guint line = 0;
      while (line < MAX_LINES && line_end[line] > a - 16)
        line++;
      if (line == MAX_LINES)
        for (guint k = line = 0; k < MAX_LINES; k++)
          if (line_end[k] < line_end[line])
            line = k;
      line_end[line] = a + label_w[j];
      plmtex ("t", 0.8 + 1.3 * line, at, just, labels->pdata[j]);
    }
  plmtex ("b", 1.6, 0, 0,
          _ ("* differs by more than a session does from itself · blank: not compared"));
  colour_bar (&l);
  plend1 ();
}

void
sl_chart_drift_heatmap_cell_centre (const SlDriftHeatmap *m, int width, int height, int row,
                                    int column, double *x, double *y)
{
  Layout l = layout (width, height);
  guint rows = m->rows != NULL ? m->rows->len : 0, cols = n_columns (m);
  *x = width * (l.left + (l.right - l.left) * (column + 0.5) / MAX (cols, 1));
  *y = height * (1 - (l.top - (l.top - l.bottom) * (row + 0.5) / MAX (rows, 1)));
}

gboolean
sl_chart_drift_heatmap_cell_at (const SlDriftHeatmap *m, int width, int height, double x, double y,
                                int *row, int *column)
{
  Layout l = layout (width, height);
  guint rows = m->rows != NULL ? m->rows->len : 0, cols = n_columns (m);
  if (rows == 0 || cols == 0 || width <= 0 || height <= 0)
    return FALSE;
  double fx = (x / width - l.left) / (l.right - l.left);
  double fy = ((1 - y / height) - l.bottom) / (l.top - l.bottom);
  if (fx < 0 || fx >= 1 || fy < 0 || fy >= 1)
    return FALSE;
  *column = (int)(fx * cols);
  *row = (int)rows - 1 - (int)(fy * rows);
  return TRUE;
}

void
sl_chart_drift_over_dates (cairo_t *cr, int width, int height, const SlDriftHeatmap *m, int column,
                           const SlPlotColors *colors)
{
  g_return_if_fail (column >= 0 && (guint)column < n_columns (m));
  const char *signal = m->signals[column];
  guint n = m->rows->len;
  g_autofree PLFLT *x = g_new (PLFLT, MAX (n, 1)), *y = g_new (PLFLT, MAX (n, 1));
  g_autofree PLFLT *t = g_new (PLFLT, MAX (n, 1));
  g_autofree gboolean *over = g_new0 (gboolean, MAX (n, 1));
  g_autofree int *which = g_new (int, MAX (n, 1));
  guint k = 0;
  double lo = INFINITY, hi = -INFINITY, top = 0;
  for (guint i = 0; i < n; i++)
    {
      const SlDriftScanRow *row = m->rows->pdata[i];
      const SlDriftWindow *w = sl_drift_scan_row_cell (row, signal);
      if (w == NULL || row->session->recorded_us <= 0)
        continue;
      x[k] = row->session->recorded_us / 1e6;
      y[k] = w->m.wasserstein_sigma;
      t[k] = w->threshold;
      over[k] = w->over;
      which[k] = (int)i;
      lo = MIN (lo, x[k]);
      hi = MAX (hi, x[k]);
      top = MAX (top, MAX (isfinite (y[k]) ? y[k] : 0, isfinite (t[k]) ? t[k] : 0));
      k++;
    }
  sl_chart_begin (cr, width, height, colors);
  plschr (0, 1.0);
  SlChartLegend legend = { .n = 0 };
  sl_chart_legend_add (&legend, _ ("the session against its baseline"), SL_LEGEND_LINE,
                       SL_CHART_ESTIMATE, 1);
  sl_chart_legend_add (&legend, _ ("its threshold"), SL_LEGEND_LINE, SL_CHART_TARGET, 2);
  sl_chart_legend_add (&legend, _ ("differs"), SL_LEGEND_SYMBOL, SL_CHART_WARNING, 1);
  /* Room on the right for half the last date's label, above for the
   * legend's two rows. */
  plvpor (0.10, 0.92, 0.25, 0.74);
  if (k == 0)
    {
      plwind (0, 1, 0, 1);
      plcol0 (SL_CHART_FG);
      plptex (0.5, 0.5, 1, 0, 0.5, _ ("No session with a recording date compared this signal."));
      plend1 ();
      return;
    }
  /* A day either side, so that one date, or sessions of one day, show. */
  double pad = MAX ((hi - lo) * 0.05, 86400);
  top = (top > 0 ? top : 1) * 1.12;
  plwind (lo - pad, hi + pad, 0, top);
  /* Ticks and grid on whole days, about six of them. */
  double step = MAX (1, ceil ((hi - lo + 2 * pad) / 86400 / 6)) * 86400;
  sl_chart_legend_draw (&legend, 2, 0.8);
  plcol0 (SL_CHART_GRID);
  plbox ("g", step, 0, "g", 0, 0);
  plcol0 (SL_CHART_TARGET);
  pllsty (2);
  plwidth (1.5);
  if (k > 1)
    plline ((PLINT)k, x, t);
  pllsty (1);
  plcol0 (SL_CHART_ESTIMATE);
  if (k > 1)
    plline ((PLINT)k, x, y);
  plwidth (1);
  for (guint i = 0; i < k; i++)
    {
      plcol0 (over[i] ? SL_CHART_WARNING : SL_CHART_ESTIMATE);
      plstring (1, &x[i], &y[i], "•");
      if (which[i] == m->selected_row)
        {
          PLFLT sx[2] = { x[i], x[i] }, sy[2] = { 0, top };
          plcol0 (SL_CHART_FG);
          plwidth (2);
          plline (2, sx, sy);
          plwidth (1);
        }
    }
  plcol0 (SL_CHART_FG);
  pltimefmt ("%Y-%m-%d");
  plbox ("bcnstd", step, 1, "bcnstv", 0, 0);
  plmtex ("l", 3.6, 0.5, 0.5, _ ("baseline σ"));
  plmtex ("b", 3.1, 0.5, 0.5, _ ("recorded"));
  g_autofree char *name = column_label (m, column);
  g_autofree char *title = g_strdup_printf (_ ("%s: Wasserstein distance by recording date"), name);
  plmtex ("t", -1.3, 0.01, 0, title);
  plend1 ();
}
