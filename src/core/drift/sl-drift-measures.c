/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "base/sl-error.h"
#include "sl-drift-measures.h"

GArray *
sl_drift_finite_values (const double *x, gsize n)
{
  GArray *v = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (gsize i = 0; i < n; i++)
    if (isfinite (x[i]))
      g_array_append_val (v, x[i]);
  return v;
}

/* The finite values of @x, sorted. */
static GArray *
finite_sorted (const double *x, gsize n)
{
  GArray *v = sl_drift_finite_values (x, n);
  gsl_sort ((double *)(gpointer)v->data, 1, v->len);
  return v;
}

void
sl_drift_bins_free (SlDriftBins *bins)
{
  if (bins == NULL)
    return;
  g_array_unref (bins->edges);
  g_free (bins);
}

SlDriftBins *
sl_drift_bins_new (const double *baseline, gsize n, double n_eff, guint max_bins, GError **error)
{
  g_return_val_if_fail (max_bins >= 2, NULL);
  g_autoptr (GArray) v = finite_sorted (baseline, n);
  const double *s = (const double *)(gpointer)v->data;
  if (v->len < 2 || s[0] == s[v->len - 1])
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   v->len < 2 ? _ ("The baseline has %u value(s) of the signal: too few to tell "
                                   "its distribution.")
                              : _ ("The signal is constant over the baseline (%u values): there "
                                   "is no distribution to drift from."),
                   v->len);
      return NULL;
    }
  SlDriftBins *bins = g_new0 (SlDriftBins, 1);
  bins->edges = g_array_new (FALSE, FALSE, sizeof (double));
  /* A few distinct values: one bin each. */
  guint distinct = 1;
  for (guint i = 1; i < v->len && distinct <= SL_DRIFT_MAX_VALUES; i++)
    distinct += s[i] != s[i - 1];
  if (distinct <= SL_DRIFT_MAX_VALUES)
    {
      bins->discrete = TRUE;
      for (guint i = 0; i < v->len; i++)
        if (i == 0 || s[i] != s[i - 1])
          g_array_append_val (bins->edges, s[i]);
      /* Each value, and one for any other. */
      bins->n_bins = bins->edges->len + 1;
      return bins;
    }
  /* Quantile edges, about five effective samples a bin at the least; the
   * baseline's extremes are the edges of the out-of-range bins. */
  guint inner = (guint)CLAMP (floor ((n_eff > 0 ? n_eff : v->len) / 5), 2, max_bins);
  g_array_append_val (bins->edges, s[0]);
  for (guint k = 1; k < inner; k++)
    {
      double q = gsl_stats_quantile_from_sorted_data (s, 1, v->len, (double)k / inner);
      if (q > g_array_index (bins->edges, double, bins->edges->len - 1))
        g_array_append_val (bins->edges, q);
    }
  double top = s[v->len - 1];
  if (top > g_array_index (bins->edges, double, bins->edges->len - 1))
    g_array_append_val (bins->edges, top);
  /* Below the first edge, between each pair, above the last. */
  bins->n_bins = bins->edges->len + 1;
  return bins;
}

guint
sl_drift_bins_find (const SlDriftBins *bins, double x)
{
  const double *e = (const double *)(gpointer)bins->edges->data;
  guint n = bins->edges->len;
  if (bins->discrete)
    {
      for (guint i = 0; i < n; i++)
        if (x == e[i])
          return i;
      return n;
    }
  if (x < e[0])
    return 0;
  if (x > e[n - 1])
    return n;
  /* [e[i-1], e[i]) is bin i; the baseline's top value is in the last
   * inner bin. */
  guint lo = 0, hi = n - 1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (x < e[mid])
        hi = mid;
      else
        lo = mid;
    }
  return lo + 1;
}

/* ∫ |F_a − F_b| dx over two sorted samples. */
static double
wasserstein (const double *a, guint na, const double *b, guint nb)
{
  double sum = 0, x = MIN (a[0], b[0]);
  guint i = 0, j = 0;
  while (i < na || j < nb)
    {
      double next;
      if (j >= nb || (i < na && a[i] <= b[j]))
        next = a[i];
      else
        next = b[j];
      sum += fabs ((double)i / na - (double)j / nb) * (next - x);
      x = next;
      while (i < na && a[i] == x)
        i++;
      while (j < nb && b[j] == x)
        j++;
    }
  return sum;
}

void
sl_drift_prepared_free (SlDriftPrepared *prepared)
{
  if (prepared == NULL)
    return;
  g_array_unref (prepared->sorted);
  g_free (prepared->counts);
  g_free (prepared);
}

SlDriftPrepared *
sl_drift_prepared_new (const SlDriftBins *bins, const double *baseline, gsize n_baseline)
{
  SlDriftPrepared *b = g_new0 (SlDriftPrepared, 1);
  b->bins = bins;
  b->sorted = finite_sorted (baseline, n_baseline);
  b->counts = g_new0 (double, bins->n_bins);
  const double *v = (const double *)(gpointer)b->sorted->data;
  for (guint i = 0; i < b->sorted->len; i++)
    b->counts[sl_drift_bins_find (bins, v[i])]++;
  if (b->sorted->len > 0)
    {
      b->mean = gsl_stats_mean (v, 1, b->sorted->len);
      b->sd = gsl_stats_sd_m (v, 1, b->sorted->len, b->mean);
    }
  return b;
}

gboolean
sl_drift_measure_prepared (const SlDriftPrepared *baseline, const double *current, gsize n_current,
                           SlDriftMeasures *out, GError **error)
{
  const SlDriftBins *bins = baseline->bins;
  const GArray *b = baseline->sorted;
  g_autoptr (GArray) c = finite_sorted (current, n_current);
  if (b->len == 0 || c->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   b->len == 0 ? _ ("The baseline has no value of the signal.")
                               : _ ("The window has no value of the signal."));
      return FALSE;
    }
  const double *bs = (const double *)(gpointer)b->data, *cs = (const double *)(gpointer)c->data;
  g_autofree double *p = g_new0 (double, bins->n_bins);
  const double *q = baseline->counts;
  for (guint i = 0; i < c->len; i++)
    p[sl_drift_bins_find (bins, cs[i])]++;
  double kl = 0, psi = 0, js = 0, half = 0.5, k = bins->n_bins;
  for (guint i = 0; i < bins->n_bins; i++)
    {
      double ps = (p[i] + half) / (c->len + half * k), qs = (q[i] + half) / (b->len + half * k);
      kl += ps * log (ps / qs);
      psi += (ps - qs) * log (ps / qs);
      double pr = p[i] / c->len, qr = q[i] / b->len, m = (pr + qr) / 2;
      if (pr > 0)
        js += pr / 2 * log2 (pr / m);
      if (qr > 0)
        js += qr / 2 * log2 (qr / m);
    }
  double sigma = baseline->sd;
  *out = (SlDriftMeasures){
    .n_baseline = b->len,
    .n_current = c->len,
    .kl = MAX (kl, 0),
    .js = sqrt (MAX (js, 0)),
    .psi = MAX (psi, 0),
    .wasserstein_sigma = sigma > 0 ? wasserstein (bs, b->len, cs, c->len) / sigma : NAN,
    .shift_sigma = sigma > 0 ? (gsl_stats_mean (cs, 1, c->len) - baseline->mean) / sigma : NAN,
  };
  return TRUE;
}

gboolean
sl_drift_measure (const SlDriftBins *bins, const double *baseline, gsize n_baseline,
                  const double *current, gsize n_current, SlDriftMeasures *out, GError **error)
{
  g_autoptr (SlDriftPrepared) b = sl_drift_prepared_new (bins, baseline, n_baseline);
  return sl_drift_measure_prepared (b, current, n_current, out, error);
}

double
sl_drift_effective_size (const double *x, gsize n)
{
  double tau, se;
  gsize m = sl_drift_decorrelation (x, n, &tau, &se);
  return m == 0 ? 0 : CLAMP (m / tau, 1, (double)m);
}

gsize
sl_drift_decorrelation (const double *x, gsize n, double *tau, double *tau_se)
{
  g_autoptr (GArray) v = sl_drift_finite_values (x, n);
  const double *s = (const double *)(gpointer)v->data;
  gsize m = v->len;
  *tau = 1;
  *tau_se = 0;
  if (m < 3)
    return m;
  double mean = gsl_stats_mean (s, 1, m), var = gsl_stats_variance_m (s, 1, m, mean) * (m - 1);
  if (var <= 0)
    {
      *tau = m;
      return m;
    }
  /* Geyer's initial positive sequence: Γₘ = ρ₂ₘ + ρ₂ₘ₊₁ summed while
   * positive; τ = 2 ΣΓ − 1. */
  double sum = 0;
  gsize cutoff = 0;
  for (gsize k = 0; k + 1 < m; k += 2)
    {
      double pair = 0;
      for (gsize lag = k; lag <= k + 1; lag++)
        {
          double c = 0;
          for (gsize i = 0; i + lag < m; i++)
            c += (s[i] - mean) * (s[i + lag] - mean);
          pair += c / var;
        }
      if (pair <= 0)
        break;
      sum += pair;
      cutoff = k + 1;
    }
  /* Centring on the stretch's own mean takes about τ / n from every
   * autocorrelation, so the sum over the 2M + 1 lags up to M comes out
   * short by a share of about (2M + 1) / n; the estimate's relative
   * variance is r = 2 (2M + 1) / n (Madras and Sokal), its standard error
   * τ √r.  A stretch shorter than four times its cut-off lag cannot
   * tell. */
  double t = CLAMP (2 * sum - 1, 1, (double)m), r = 2.0 * (2 * cutoff + 1) / m;
  if (r >= 0.5)
    {
      *tau = m;
      *tau_se = INFINITY;
      return m;
    }
  *tau = CLAMP (t / (1 - r / 2), 1, (double)m);
  *tau_se = *tau * sqrt (r);
  return m;
}
