/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision on drift (docs/drift.md): a signal's series cut into
 * windows in seconds, each measured against a baseline, and an alarm only
 * when the window is further from the baseline than windows of the same
 * signal with no drift at all are.
 *
 * - The signal's decorrelation time τ (samples per independent sample)
 *   from the baseline's autocorrelation, taken at its estimate and
 *   tau_bound standard errors (a short baseline cannot tell its τ well,
 *   and a τ too short would make noise look like drift).  A window of n finite values holds n / τ
 *   effective samples; one with fewer than min_n_eff says "not enough
 *   data", and so does a baseline.
 * - The null: pairs of a pseudo-baseline and a pseudo-window drawn from
 *   the baseline's values, each with as many independent draws as the
 *   real one holds effective samples, measured one against the other.
 *   (A circular block bootstrap of a two-minute baseline holds only a few
 *   blocks of a slow signal, and its null came out too narrow: see
 *   docs/drift.md.)  The measure scaled by the effective samples
 *   (Wasserstein by √n, KL by 2n, n = 1 / (1/n_window + 1/n_baseline)) is
 *   about the same whatever the window's length; its replicates give each
 *   window a p-value, (1 + replicates at or above) / (replicates + 1),
 *   and the threshold at the false-alarm rate.
 * - Benjamini–Hochberg across the signals of each window, at that rate.
 * - A drift event where at least over_k of over_m consecutive windows
 *   exceed (hysteresis).
 */
#pragma once

#include <glib.h>

#include "sl-drift-measures.h"

G_BEGIN_DECLS

typedef enum
{
  SL_DRIFT_DECIDE_WASSERSTEIN, /* the default: location and spread, no bins */
  SL_DRIFT_DECIDE_KL,
} SlDriftDecide;

typedef struct
{
  double window_s, step_s; /* window_s 0: the whole series after the baseline, one window */
  double false_alarm;      /* per window, and the FDR across signals */
  double min_n_eff;        /* effective samples a window and the baseline need */
  double tau_bound;        /* standard errors added to the decorrelation time */
  gboolean independent;    /* values independent by design (one a target): τ is 1, not estimated */
  guint replicates;        /* bootstrap pairs for the null */
  guint max_bins;
  guint over_k, over_m; /* hysteresis */
  SlDriftDecide decide;
  guint64 seed;
} SlDriftParams;

#define SL_DRIFT_PARAMS_DEFAULT                                                                    \
  {                                                                                                \
    .window_s = 60, .step_s = 10, .false_alarm = 0.005, .min_n_eff = 8, .tau_bound = 2,            \
    .replicates = 2000, .max_bins = 10, .over_k = 3, .over_m = 5,                                  \
    .decide = SL_DRIFT_DECIDE_WASSERSTEIN, .seed = 1                                               \
  }

typedef struct
{
  double start_s, end_s;
  gsize n;       /* finite values */
  double n_eff;  /* n / τ */
  gboolean thin; /* not enough data: nothing measured */
  SlDriftMeasures m;
  double value;            /* the deciding measure (Wasserstein σ or KL) */
  double p;                /* its p-value under the null */
  double threshold;        /* the deciding measure's, for this window's n */
  double null_lo, null_hi; /* its null's 5 % and 95 % */
  double kl_threshold, kl_null_lo, kl_null_hi;
  gboolean over; /* exceeds, after Benjamini–Hochberg */
} SlDriftWindow;

typedef struct
{
  double start_s, end_s; /* from the first exceeding window's start to the last's end */
  double confirmed_s;    /* the end of the window that made it an event */
  guint first, last;     /* windows */
  guint n_over;
  double peak; /* the deciding measure's largest, at window peak_window */
  guint peak_window;
  double peak_kl;
  double shift_sigma; /* at the peak */
  double wasserstein_sigma;
  double threshold; /* at the peak */
  double p_min;
} SlDriftEvent;

typedef struct
{
  char *signal;
  char *problem; /* why nothing was measured (a constant baseline, …), else NULL */
  double fps;
  gsize n_baseline;      /* finite baseline values */
  double baseline_s;     /* seconds of baseline */
  double n_eff_baseline; /* its effective samples */
  double tau_s;          /* decorrelation time, in seconds */
  SlDriftBins *bins;
  GArray *null;            /* double: the scaled deciding measure's replicates, sorted */
  GArray *kl_null;         /* double: 2n·KL's, sorted */
  GArray *baseline_values; /* double: the baseline's finite values, in order */
  GArray *series;          /* double: the series measured, as given */
  double series_start_s;
  GArray *windows; /* SlDriftWindow */
  GArray *events;  /* SlDriftEvent, after sl_drift_decide() */
} SlDriftSignal;

void sl_drift_signal_free (SlDriftSignal *signal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDriftSignal, sl_drift_signal_free)

/* Measures @series (@n values at @fps, NaN where a frame has none; its
 * first value at @series_start_s) against @baseline (@n_baseline values at
 * the same rate) in windows from @from_s to the series' end.  Always gives
 * a result: one whose baseline cannot be used has its problem set and no
 * window. */
SlDriftSignal *sl_drift_signal_new (const char *name, const double *baseline, gsize n_baseline,
                                    const double *series, gsize n, double fps,
                                    double series_start_s, double from_s,
                                    const SlDriftParams *params);

/* The windows that exceed (Benjamini–Hochberg across @signals, window by
 * window, at the false-alarm rate) and the drift events (hysteresis). */
void sl_drift_decide (SlDriftSignal *const *signals, guint n_signals, const SlDriftParams *params);

/* The window of @signal nearest its threshold (furthest beyond it, when
 * any is), or NULL when none has enough data: what "no drift" is said
 * with. */
const SlDriftWindow *sl_drift_signal_closest (const SlDriftSignal *signal);

/* The product plan's band of a KL figure, in words: below the bands,
 * watch (0.3), drift (0.5), severe (1.0). */
const char *sl_drift_kl_band (double kl);

/* The number of windows of @signal with enough data. */
guint sl_drift_signal_n_measured (const SlDriftSignal *signal);

G_END_DECLS
