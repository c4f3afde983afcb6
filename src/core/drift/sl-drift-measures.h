/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measures of drift between a baseline sample of a signal and a
 * current one (docs/drift.md):
 *
 * - Bins fixed from the baseline alone: edges at its quantiles (a stated
 *   number, fewer for a small baseline: about five effective samples a
 *   bin at the least), or one bin per value for a discrete signal (at most
 *   SL_DRIFT_MAX_VALUES distinct values), and an out-of-range bin each
 *   side for what the baseline never reached.  The same bins serve every
 *   window, whatever its length.
 * - KL divergence of the current window from the baseline, KL(current ‖
 *   baseline), in nats, with add-½ smoothing of both; it carries a bias of
 *   about (bins − 1) / 2n, which is why a decision is not taken on it raw.
 * - Jensen–Shannon distance, base 2 (0 … 1), on the raw shares.
 * - PSI, Σ (p − q) ln (p / q), with the same smoothing.
 * - The Wasserstein distance between the two samples in units of the
 *   baseline's standard deviation, and the shift of the mean in the same
 *   units, signed ("EAR fell 0.4σ").
 *
 * And the effective sample size of a stretch of an autocorrelated signal:
 * n / (1 + 2 Σ ρₖ), the sum of autocorrelations cut by Geyer's initial
 * positive sequence (pairs ρ₂ₘ + ρ₂ₘ₊₁ while they are positive).
 *
 * Values that are not finite (no face on a frame) are left out.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_DRIFT_MAX_VALUES 12

typedef struct
{
  gboolean discrete; /* one bin per value */
  GArray *edges;     /* double: the inner edges, or the values of a discrete signal */
  guint n_bins;      /* edges + 1 for quantiles (the two out-of-range bins among them) … */
} SlDriftBins;

/* The finite values of @x (@n), in order: an array of double. */
GArray *sl_drift_finite_values (const double *x, gsize n);

void sl_drift_bins_free (SlDriftBins *bins);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDriftBins, sl_drift_bins_free)

/* The bins of @baseline (@n values), at most @max_bins of them for a
 * continuous signal, fewer when @n_eff (its effective sample size) is
 * small; NULL with an error when it has fewer than two finite values or
 * they are all the same. */
SlDriftBins *sl_drift_bins_new (const double *baseline, gsize n, double n_eff, guint max_bins,
                                GError **error);
/* The bin @x falls in (0 … n_bins − 1). */
guint sl_drift_bins_find (const SlDriftBins *bins, double x);

typedef struct
{
  gsize n_baseline, n_current; /* finite values compared */
  double kl;                   /* nats, current ‖ baseline, add-½ */
  double js;                   /* Jensen–Shannon distance, base 2, 0 … 1 */
  double psi;
  double wasserstein_sigma; /* ≥ 0, in baseline σ */
  double shift_sigma;       /* (mean current − mean baseline) / baseline σ */
} SlDriftMeasures;

/* The measures of @current against @baseline in @bins.  FALSE with an
 * error when either has no finite value. */
gboolean sl_drift_measure (const SlDriftBins *bins, const double *baseline, gsize n_baseline,
                           const double *current, gsize n_current, SlDriftMeasures *out,
                           GError **error);

/* A baseline made ready for many windows: its finite values sorted, its
 * counts in @bins (which it keeps a pointer to), its mean and σ. */
typedef struct
{
  const SlDriftBins *bins;
  GArray *sorted; /* double */
  double *counts; /* one per bin */
  double mean, sd;
} SlDriftPrepared;

SlDriftPrepared *sl_drift_prepared_new (const SlDriftBins *bins, const double *baseline,
                                        gsize n_baseline);
void sl_drift_prepared_free (SlDriftPrepared *prepared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDriftPrepared, sl_drift_prepared_free)

/* sl_drift_measure() against a prepared baseline. */
gboolean sl_drift_measure_prepared (const SlDriftPrepared *baseline, const double *current,
                                    gsize n_current, SlDriftMeasures *out, GError **error);

/* The effective sample size of @x (@n values, in time order; values that
 * are not finite are left out of the sums): between 1 and the number of
 * finite values; 0 when there is none. */
double sl_drift_effective_size (const double *x, gsize n);
/* The decorrelation time of @x, in samples per independent sample (1 for
 * independent values), and its standard error (Madras and Sokal); returns
 * the number of finite values. */
gsize sl_drift_decorrelation (const double *x, gsize n, double *tau, double *tau_se);

G_END_DECLS
