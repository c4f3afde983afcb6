/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measures of drift on samples whose answer is known: two samples of
 * one distribution (KL near its smoothing bias, JS and PSI near 0), a
 * normal shifted by one σ (Wasserstein 1σ, shift +1σ), a discrete signal
 * binned by value, the bins of a small baseline, and the effective sample
 * size of AR(1) noise against n (1 − φ) / (1 + φ); bad baselines refused.
 */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "drift/sl-drift-measures.h"

static double *
normal (gsl_rng *rng, gsize n, double mean, double sd)
{
  double *x = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    x[i] = mean + gsl_ran_gaussian (rng, sd);
  return x;
}

static double *
ar1 (gsl_rng *rng, gsize n, double phi)
{
  double *x = g_new (double, n);
  x[0] = gsl_ran_gaussian (rng, 1);
  for (gsize i = 1; i < n; i++)
    x[i] = phi * x[i - 1] + gsl_ran_gaussian (rng, sqrt (1 - phi * phi));
  return x;
}

static void
test_same_and_shifted (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 7);
  const gsize n = 20000;
  g_autofree double *base = normal (rng, n, 0.3, 0.05);
  g_autofree double *same = normal (rng, n, 0.3, 0.05);
  g_autofree double *shifted = normal (rng, n, 0.35, 0.05);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDriftBins) bins = sl_drift_bins_new (base, n, n, 10, &error);
  g_assert_no_error (error);
  g_assert_false (bins->discrete);
  g_assert_cmpuint (bins->n_bins, ==, 12); /* ten, and one beyond each end */
  SlDriftMeasures m;
  g_assert_true (sl_drift_measure (bins, base, n, same, n, &m, &error));
  g_test_message ("same: KL %.5f JS %.4f PSI %.5f W %.3fσ shift %+.3fσ", m.kl, m.js, m.psi,
                  m.wasserstein_sigma, m.shift_sigma);
  /* Only the smoothing's and the sampling's bias: about (bins − 1) / 2n. */
  g_assert_cmpfloat (m.kl, <, 10 * 11.0 / (2 * n));
  g_assert_cmpfloat (m.js, <, 0.02);
  g_assert_cmpfloat (m.psi, <, 0.005);
  g_assert_cmpfloat (m.wasserstein_sigma, <, 0.05);
  g_assert_cmpfloat (fabs (m.shift_sigma), <, 0.05);
  g_assert_true (sl_drift_measure (bins, base, n, shifted, n, &m, &error));
  g_test_message ("1σ: KL %.4f JS %.4f PSI %.4f W %.3fσ shift %+.3fσ", m.kl, m.js, m.psi,
                  m.wasserstein_sigma, m.shift_sigma);
  g_assert_cmpfloat_with_epsilon (m.wasserstein_sigma, 1.0, 0.05);
  g_assert_cmpfloat_with_epsilon (m.shift_sigma, 1.0, 0.05);
  /* KL of two normals 1σ apart is ½; binned into deciles it is a little
   * less. */
  g_assert_cmpfloat (m.kl, >, 0.3);
  g_assert_cmpfloat (m.kl, <, 0.55);
  g_assert_cmpfloat (m.js, >, 0.3);
  g_assert_cmpfloat (m.js, <=, 1);
  /* Frames without a value are left out. */
  base[3] = NAN;
  shifted[5] = INFINITY;
  g_assert_true (sl_drift_measure (bins, base, n, shifted, n, &m, &error));
  g_assert_cmpuint (m.n_baseline, ==, n - 1);
  g_assert_cmpuint (m.n_current, ==, n - 1);
  gsl_rng_free (rng);
}

static void
test_bins (void)
{
  /* A share or a state: binned by value, anything else in one more bin. */
  double state[] = { 0, 1, 1, 0, 2, 1, 1, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlDriftBins) by_value = sl_drift_bins_new (state, 8, 8, 10, &error);
  g_assert_no_error (error);
  g_assert_true (by_value->discrete);
  g_assert_cmpuint (by_value->n_bins, ==, 4);
  g_assert_cmpuint (sl_drift_bins_find (by_value, 2), ==, 2);
  g_assert_cmpuint (sl_drift_bins_find (by_value, 3), ==, 3);
  /* A small baseline gets fewer bins: about five effective samples each. */
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 3);
  g_autofree double *few = normal (rng, 1000, 0, 1);
  g_autoptr (SlDriftBins) small = sl_drift_bins_new (few, 1000, 20, 10, &error);
  g_assert_cmpuint (small->n_bins, ==, 4 + 2);
  /* Out of range either side. */
  g_assert_cmpuint (sl_drift_bins_find (small, -100), ==, 0);
  g_assert_cmpuint (sl_drift_bins_find (small, 100), ==, small->n_bins - 1);
  gsl_rng_free (rng);

  /* Bad baselines: constant, empty, not a number. */
  double constant[] = { 0.3, 0.3, 0.3, 0.3 };
  double nothing[] = { NAN, NAN, NAN };
  g_assert_null (sl_drift_bins_new (constant, 4, 4, 10, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "constant"));
  g_clear_error (&error);
  g_assert_null (sl_drift_bins_new (nothing, 3, 3, 10, &error));
  g_assert_nonnull (strstr (error->message, "too few"));
}

static void
test_effective_size (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 11);
  const double phis[] = { 0, 0.9, 0.99 };
  const gsize n = 60000;
  for (guint i = 0; i < G_N_ELEMENTS (phis); i++)
    {
      g_autofree double *x = ar1 (rng, n, phis[i]);
      double got = sl_drift_effective_size (x, n);
      double want = n * (1 - phis[i]) / (1 + phis[i]);
      g_test_message ("AR(1) φ %.2f: n_eff %.0f of %" G_GSIZE_FORMAT " (theory %.0f)", phis[i], got,
                      n, want);
      g_assert_cmpfloat (got, >, want * 0.7);
      g_assert_cmpfloat (got, <, want * 1.3);
    }
  double two[] = { 1, 2 };
  g_assert_cmpfloat (sl_drift_effective_size (two, 2), ==, 2);
  double constant[] = { 4, 4, 4, 4 };
  g_assert_cmpfloat (sl_drift_effective_size (constant, 4), ==, 1);
  gsl_rng_free (rng);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/drift/same-and-shifted", test_same_and_shifted);
  g_test_add_func ("/core/drift/bins", test_bins);
  g_test_add_func ("/core/drift/effective-size", test_effective_size);
  return g_test_run ();
}
