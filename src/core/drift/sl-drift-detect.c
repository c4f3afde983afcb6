/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "sl-drift-detect.h"

void
sl_drift_signal_free (SlDriftSignal *signal)
{
  if (signal == NULL)
    return;
  g_free (signal->signal);
  g_free (signal->problem);
  sl_drift_bins_free (signal->bins);
  g_array_unref (signal->windows);
  g_array_unref (signal->events);
  g_array_unref (signal->null);
  g_clear_pointer (&signal->baseline_values, g_array_unref);
  g_clear_pointer (&signal->series, g_array_unref);
  g_array_unref (signal->kl_null);
  g_free (signal);
}

/* The number of effective samples two samples of @n_a and @n_b hold
 * together, for the scale of a two-sample measure. */
static double
joint_n (double n_a, double n_b)
{
  return 1 / (1 / n_a + 1 / n_b);
}

static double
scaled (SlDriftDecide decide, const SlDriftMeasures *m, double n)
{
  return decide == SL_DRIFT_DECIDE_KL ? 2 * n * m->kl : sqrt (n) * m->wasserstein_sigma;
}

/* The share of the null's sorted replicates at or above @z, counting
 * @z among them: (1 + k) / (R + 1), never 0. */
static double
null_p (const GArray *null, double z)
{
  const double *v = (const double *)(gpointer)null->data;
  guint lo = 0, hi = null->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (v[mid] < z)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (1.0 + (null->len - lo)) / (null->len + 1.0);
}

static double
null_quantile (const GArray *null, double q)
{
  if (null->len == 0)
    return NAN;
  return gsl_stats_quantile_from_sorted_data ((const double *)(gpointer)null->data, 1, null->len,
                                              q);
}

/* The null of the scaled measures: pairs of a pseudo-baseline and a
 * pseudo-window drawn from the baseline's values, each with as many
 * independent draws as the real one holds effective samples. */
static void
bootstrap_null (SlDriftSignal *s, const double *base, gsize n_base, double tau, gsize window_n,
                const SlDriftParams *p)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, p->seed ^ g_str_hash (s->signal));
  gsize eb = MAX ((gsize)llround (n_base / tau), 2), ew = MAX ((gsize)llround (window_n / tau), 2);
  g_autofree double *pb = g_new (double, eb), *pw = g_new (double, ew);

  for (guint r = 0; r < p->replicates; r++)
    {
      for (gsize i = 0; i < eb; i++)
        pb[i] = base[gsl_rng_uniform_int (rng, n_base)];
      for (gsize i = 0; i < ew; i++)
        pw[i] = base[gsl_rng_uniform_int (rng, n_base)];
      g_autoptr (SlDriftBins) bins = sl_drift_bins_new (pb, eb, eb, p->max_bins, NULL);
      SlDriftMeasures m;
      if (bins == NULL || !sl_drift_measure (bins, pb, eb, pw, ew, &m, NULL)
          || !isfinite (m.wasserstein_sigma))
        continue; /* a pseudo-baseline that happened to be constant */
      double n = joint_n (ew, eb), z = scaled (p->decide, &m, n),
             zkl = scaled (SL_DRIFT_DECIDE_KL, &m, n);
      g_array_append_val (s->null, z);
      g_array_append_val (s->kl_null, zkl);
    }
  gsl_rng_free (rng);
  gsl_sort ((double *)(gpointer)s->null->data, 1, s->null->len);
  gsl_sort ((double *)(gpointer)s->kl_null->data, 1, s->kl_null->len);
}

/* The decorrelation time of @x to decide on: its estimate and @bound
 * standard errors, so that a stretch too short to tell it well counts as
 * holding fewer independent samples, not more. */
static double
decorrelation_bound (const double *x, gsize n, double bound)
{
  double tau, se;
  gsize m = sl_drift_decorrelation (x, n, &tau, &se);
  return MIN (tau + bound * se, MAX (m, 1));
}

/* A scaled measure's quantile, back in the measure's own units. */
static double
unscale (SlDriftDecide decide, double z, double n)
{
  return decide == SL_DRIFT_DECIDE_KL ? z / (2 * n) : z / sqrt (n);
}

SlDriftSignal *
sl_drift_signal_new (const char *name, const double *baseline, gsize n_baseline,
                     const double *series, gsize n, double fps, double series_start_s,
                     double from_s, const SlDriftParams *p)
{
  g_return_val_if_fail (fps > 0 && p->window_s >= 0 && p->step_s > 0, NULL);
  SlDriftSignal *s = g_new0 (SlDriftSignal, 1);
  s->signal = g_strdup (name);
  s->fps = fps;
  s->windows = g_array_new (FALSE, FALSE, sizeof (SlDriftWindow));
  s->events = g_array_new (FALSE, FALSE, sizeof (SlDriftEvent));
  s->null = g_array_new (FALSE, FALSE, sizeof (double));
  s->kl_null = g_array_new (FALSE, FALSE, sizeof (double));

  s->series = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_array_append_vals (s->series, series, n);
  s->series_start_s = series_start_s;
  s->baseline_values = sl_drift_finite_values (baseline, n_baseline);
  GArray *base = s->baseline_values;
  const double *b = (const double *)(gpointer)base->data;
  s->n_baseline = base->len;
  double tau = p->independent ? 1 : decorrelation_bound (b, base->len, p->tau_bound);
  double n_eff = base->len / tau;
  g_autoptr (GError) error = NULL;
  s->bins = sl_drift_bins_new (b, base->len, n_eff, p->max_bins, &error);
  if (s->bins == NULL)
    {
      s->problem = g_strdup (error->message);
      return s;
    }
  s->n_eff_baseline = n_eff;
  s->tau_s = tau / fps;
  if (n_eff < p->min_n_eff)
    {
      s->problem = g_strdup_printf (
          _ ("The baseline holds about %.0f independent samples of the signal (its values "
             "follow each other for %.1f s), fewer than the %.0f a decision needs: choose a "
             "longer baseline."),
          n_eff, s->tau_s, p->min_n_eff);
      return s;
    }

  gsize first_at = from_s > series_start_s ? (gsize)llround ((from_s - series_start_s) * fps) : 0;
  /* No window length: the whole series after @from_s as one window. */
  gsize window_n = p->window_s > 0 ? (gsize)llround (p->window_s * fps)
                   : first_at < n  ? n - first_at
                                   : 1;
  gsize step_n = MAX (llround (p->step_s * fps), 1), first = first_at;
  if (first + window_n > n)
    {
      s->problem = g_strdup_printf (_ ("After the baseline %.0f s of the signal remain: less "
                                       "than one window of %.0f s."),
                                    first < n ? (n - first) / fps : 0.0, p->window_s);
      return s;
    }
  bootstrap_null (s, b, base->len, tau, window_n, p);
  /* The null's quantiles, scaled: each window unscales them for its n. */
  const double z_threshold = null_quantile (s->null, 1 - p->false_alarm),
               z_lo = null_quantile (s->null, 0.05), z_hi = null_quantile (s->null, 0.95),
               zkl_threshold = null_quantile (s->kl_null, 1 - p->false_alarm),
               zkl_lo = null_quantile (s->kl_null, 0.05), zkl_hi = null_quantile (s->kl_null, 0.95);

  g_autoptr (SlDriftPrepared) prepared = sl_drift_prepared_new (s->bins, b, base->len);
  for (gsize at = first; at + window_n <= n; at += step_n)
    {
      SlDriftWindow w = {
        .value = NAN,
        .start_s = series_start_s + at / fps,
        .end_s = series_start_s + (at + window_n) / fps,
        .p = NAN,
      };
      for (gsize i = at; i < at + window_n; i++)
        w.n += isfinite (series[i]);
      /* The baseline's decorrelation, not the window's own: a window that
       * holds a change looks slow to itself, and would say "not enough
       * data" just where the data differ. */
      w.n_eff = w.n / tau;
      w.thin = w.n_eff < p->min_n_eff;
      if (!w.thin && sl_drift_measure_prepared (prepared, series + at, window_n, &w.m, NULL))
        {
          double nj = joint_n (w.n_eff, n_eff);
          double z = scaled (p->decide, &w.m, nj);
          w.value = p->decide == SL_DRIFT_DECIDE_KL ? w.m.kl : w.m.wasserstein_sigma;
          w.p = null_p (s->null, z);
          w.threshold = unscale (p->decide, z_threshold, nj);
          w.null_lo = unscale (p->decide, z_lo, nj);
          w.null_hi = unscale (p->decide, z_hi, nj);
          w.kl_threshold = unscale (SL_DRIFT_DECIDE_KL, zkl_threshold, nj);
          w.kl_null_lo = unscale (SL_DRIFT_DECIDE_KL, zkl_lo, nj);
          w.kl_null_hi = unscale (SL_DRIFT_DECIDE_KL, zkl_hi, nj);
        }
      else
        w.thin = TRUE;
      g_array_append_val (s->windows, w);
    }
  return s;
}

const SlDriftWindow *
sl_drift_signal_closest (const SlDriftSignal *signal)
{
  const SlDriftWindow *best = NULL;
  for (guint i = 0; i < signal->windows->len; i++)
    {
      const SlDriftWindow *w = &g_array_index (signal->windows, SlDriftWindow, i);
      if (!w->thin && (best == NULL || w->value / w->threshold > best->value / best->threshold))
        best = w;
    }
  return best;
}

const char *
sl_drift_kl_band (double kl)
{
  return kl >= 1.0   ? _ ("severe")
         : kl >= 0.5 ? _ ("drift")
         : kl >= 0.3 ? _ ("watch")
                     : _ ("below the bands");
}

guint
sl_drift_signal_n_measured (const SlDriftSignal *signal)
{
  guint k = 0;
  for (guint i = 0; i < signal->windows->len; i++)
    k += !g_array_index (signal->windows, SlDriftWindow, i).thin;
  return k;
}

typedef struct
{
  double p;
  SlDriftWindow *w;
} Test;

static int
by_p (gconstpointer a, gconstpointer b)
{
  double pa = ((const Test *)a)->p, pb = ((const Test *)b)->p;
  return (pa > pb) - (pa < pb);
}

/* Benjamini–Hochberg over the measured windows at @index of each signal. */
static void
mark_over (SlDriftSignal *const *signals, guint n_signals, guint index, double q)
{
  g_autofree Test *tests = g_new (Test, n_signals);
  guint m = 0;
  for (guint k = 0; k < n_signals; k++)
    if (index < signals[k]->windows->len)
      {
        SlDriftWindow *w = &g_array_index (signals[k]->windows, SlDriftWindow, index);
        w->over = FALSE;
        if (!w->thin && isfinite (w->p))
          tests[m++] = (Test){ w->p, w };
      }
  qsort (tests, m, sizeof (Test), by_p);
  guint pass = 0;
  for (guint i = 0; i < m; i++)
    if (tests[i].p <= q * (i + 1) / m)
      pass = i + 1;
  for (guint i = 0; i < pass; i++)
    tests[i].w->over = TRUE;
}

/* Windows @a … @b of @s as one event. */
static void
add_event (SlDriftSignal *s, guint a, guint b, guint confirmed)
{
  SlDriftEvent e = {
    .first = a,
    .last = b,
    .peak = -1,
    .p_min = 1,
    .confirmed_s = g_array_index (s->windows, SlDriftWindow, confirmed).end_s,
  };
  double peak_threshold = 1;
  for (guint i = a; i <= b; i++)
    {
      const SlDriftWindow *w = &g_array_index (s->windows, SlDriftWindow, i);
      if (!w->over)
        continue;
      e.n_over++;
      e.p_min = MIN (w->p, e.p_min);
      /* The peak: furthest beyond its threshold. */
      if (w->value / w->threshold > e.peak / peak_threshold)
        {
          e.peak = w->value;
          peak_threshold = w->threshold;
          e.peak_window = i;
        }
    }
  const SlDriftWindow *pw = &g_array_index (s->windows, SlDriftWindow, e.peak_window);
  e.start_s = g_array_index (s->windows, SlDriftWindow, a).start_s;
  e.end_s = g_array_index (s->windows, SlDriftWindow, b).end_s;
  e.peak_kl = pw->m.kl;
  e.shift_sigma = pw->m.shift_sigma;
  e.wasserstein_sigma = pw->m.wasserstein_sigma;
  e.threshold = pw->threshold;
  g_array_append_val (s->events, e);
}

/* An event from the window that makes over_k of the last over_m exceed,
 * back to the first exceeding one among them, until no over_m windows
 * hold over_k exceeding ones. */
static void
find_events (SlDriftSignal *s, guint k, guint m)
{
  g_array_set_size (s->events, 0);
  guint n = s->windows->len;
  gboolean in = FALSE;
  guint start = 0, last_over = 0, confirmed = 0;
  for (guint i = 0; i < n; i++)
    {
      const SlDriftWindow *w = &g_array_index (s->windows, SlDriftWindow, i);
      guint count = 0, earliest = i;
      for (guint j = i + 1 > m ? i + 1 - m : 0; j <= i; j++)
        if (g_array_index (s->windows, SlDriftWindow, j).over)
          {
            if (count == 0)
              earliest = j;
            count++;
          }
      if (w->over)
        last_over = i;
      if (!in && count >= k)
        {
          in = TRUE;
          start = earliest;
          confirmed = i;
        }
      else if (in && count < k)
        {
          /* Too few of the last over_m exceed: it ended at the last that did. */
          add_event (s, start, last_over, confirmed);
          in = FALSE;
        }
    }
  if (in)
    add_event (s, start, last_over, confirmed);
}

void
sl_drift_decide (SlDriftSignal *const *signals, guint n_signals, const SlDriftParams *p)
{
  guint most = 0;
  for (guint k = 0; k < n_signals; k++)
    most = MAX (most, signals[k]->windows->len);
  for (guint i = 0; i < most; i++)
    mark_over (signals, n_signals, i, p->false_alarm);
  for (guint k = 0; k < n_signals; k++)
    find_events (signals[k], p->over_k, p->over_m);
}
