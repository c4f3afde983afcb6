/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Heart rate from skin colour (remote photoplethysmography).
 *
 * The skin processor's mean R, G, B over the last window_s seconds are
 * resampled to 30 Hz and turned into a pulse signal by
 *
 * - POS, "plane orthogonal to skin" (Wang, den Brinker, Stuijk & de Haan,
 *   "Algorithmic Principles of Remote PPG", IEEE TBME 64(7), 2017): in
 *   1.6 s windows, the colour divided by its mean is projected on
 *   S1 = G − B and S2 = G + B − 2R, h = S1 + (σ(S1)/σ(S2)) S2, and the
 *   windows are overlap-added; or
 * - CHROM (de Haan & Jeanne, "Robust Pulse Rate From Chrominance-Based
 *   rPPG", IEEE TBME 60(10), 2013): X = 3R − 2G, Y = 1.5R + G − 1.5B on
 *   the normalised colour, both band-passed, S = X − (σ(X)/σ(Y)) Y.
 *
 * The pulse signal is band-passed to 0.7–4 Hz (42–240 bpm) in the
 * frequency domain, Hann-windowed, zero-padded to 4096 points and the
 * highest spectral peak in the band, refined by parabolic interpolation,
 * is the heart rate.  Its quality is the SNR of de Haan & Jeanne (2013):
 * the energy within ±0.1 Hz of the peak and of its first harmonic over
 * the rest of the band, in dB; below min_snr no bpm is reported.  An
 * estimate is made every update_s once the window is full.  FFTs are
 * GSL's mixed-radix real transforms.
 *
 * A session's mean heart rate (run metric "rppg.mean_bpm", with its SNR)
 * is the peak of the average of every estimate's spectrum, each
 * normalised to unit energy in the band: Welch's method, which a
 * recording's few clean windows dominate.  On the skin-patch test videos
 * (../shared/testdata/rppg) averaging the per-window peaks instead gave
 * errors above 40 bpm: most single 10 s windows there are noise.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_real.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "sl-processors.h"

#define FS 30.0   /* resampling rate, Hz */
#define NFFT 4096 /* zero-padded spectrum length */
#define POS_WINDOW_S 1.6
#define BAND_LO 0.7
#define BAND_HI 4.0
#define SNR_HALF_WIDTH 0.1 /* Hz */

enum
{
  P_METHOD,
  P_WINDOW,
  P_UPDATE,
  P_MIN_SNR,
};

static const SlParamSpec params[] = {
  [P_METHOD]
  = { "method", 0, 0, 1, TRUE, N_ ("0: POS (Wang et al. 2017), 1: CHROM (de Haan 2013)") },
  [P_WINDOW] = { "window_s", 10, 4, 60, FALSE, N_ ("seconds of colour one estimate uses") },
  [P_UPDATE] = { "update_s", 1, 0.1, 30, FALSE, N_ ("seconds between estimates") },
  [P_MIN_SNR] = { "min_snr", -3, -20, 20, FALSE,
                  N_ ("signal-to-noise ratio in dB below which no bpm is reported") },
};

static const char *const needs[] = { "skin.r", "skin.g", "skin.b", NULL };
static const char *const provides[] = { "bpm", "snr", "pulse_hz", NULL };

typedef struct
{
  double t, c[3];
} Sample;

typedef struct
{
  GArray *buf; /* Sample, the last window_s + a little */
  double last_estimate_t;
  gboolean have_estimate;
  double bpm, snr, hz;
  double *x[3]; /* resampled channels */
  double *pulse, *spec, *tmp;
  double power[NFFT / 2];
  double welch[NFFT / 2]; /* the sum of every estimate's normalised in-band spectrum */
  int n_welch;
  gsl_fft_real_wavetable *rw_n;
  gsl_fft_halfcomplex_wavetable *hw_n;
  gsl_fft_real_workspace *ws_n;
  gsl_fft_real_wavetable *rw_fft;
  gsl_fft_real_workspace *ws_fft;
  size_t n;
} Rppg;

static gpointer
rppg_create (const double *p, GError **error)
{
  /* GSL reports errors through return values here, never by aborting. */
  gsl_set_error_handler_off ();
  Rppg *r = g_new0 (Rppg, 1);
  r->buf = g_array_new (FALSE, FALSE, sizeof (Sample));
  r->n = (size_t)lround (p[P_WINDOW] * FS);
  for (int c = 0; c < 3; c++)
    r->x[c] = g_new0 (double, r->n);
  r->pulse = g_new0 (double, r->n);
  r->tmp = g_new0 (double, r->n);
  r->spec = g_new0 (double, NFFT);
  r->rw_n = gsl_fft_real_wavetable_alloc (r->n);
  r->hw_n = gsl_fft_halfcomplex_wavetable_alloc (r->n);
  r->ws_n = gsl_fft_real_workspace_alloc (r->n);
  r->rw_fft = gsl_fft_real_wavetable_alloc (NFFT);
  r->ws_fft = gsl_fft_real_workspace_alloc (NFFT);
  r->bpm = r->snr = r->hz = NAN;
  return r;
}

static void
rppg_destroy (gpointer state)
{
  Rppg *r = state;
  g_array_unref (r->buf);
  for (int c = 0; c < 3; c++)
    g_free (r->x[c]);
  g_free (r->pulse);
  g_free (r->tmp);
  g_free (r->spec);
  gsl_fft_real_wavetable_free (r->rw_n);
  gsl_fft_halfcomplex_wavetable_free (r->hw_n);
  gsl_fft_real_workspace_free (r->ws_n);
  gsl_fft_real_wavetable_free (r->rw_fft);
  gsl_fft_real_workspace_free (r->ws_fft);
  g_free (r);
}

/* Keeps only the 0.7–4 Hz part of @x (length r->n), in place. */
static void
band_pass (Rppg *r, double *x)
{
  size_t n = r->n;
  gsl_fft_real_transform (x, 1, n, r->rw_n, r->ws_n);
  /* Half-complex order: x[0] is DC, then (re, im) of k = 1 … */
  x[0] = 0;
  for (size_t k = 1; k <= n / 2; k++)
    {
      double f = k * FS / n;
      if (f >= BAND_LO && f <= BAND_HI)
        continue;
      x[2 * k - 1] = 0;
      if (2 * k < n)
        x[2 * k] = 0;
    }
  gsl_fft_halfcomplex_inverse (x, 1, n, r->hw_n, r->ws_n);
}

static void
pos (Rppg *r)
{
  size_t n = r->n, l = (size_t)lround (POS_WINDOW_S * FS);
  memset (r->pulse, 0, n * sizeof (double));
  double s1[64], s2[64];
  g_assert (l <= G_N_ELEMENTS (s1));
  for (size_t m = 0; m + l <= n; m++)
    {
      const double mean[3]
          = { gsl_stats_mean (r->x[0] + m, 1, l), gsl_stats_mean (r->x[1] + m, 1, l),
              gsl_stats_mean (r->x[2] + m, 1, l) };
      if (mean[0] <= 0 || mean[1] <= 0 || mean[2] <= 0)
        continue;
      for (size_t k = 0; k < l; k++)
        {
          double rn = r->x[0][m + k] / mean[0], gn = r->x[1][m + k] / mean[1],
                 bn = r->x[2][m + k] / mean[2];
          s1[k] = gn - bn;
          s2[k] = gn + bn - 2 * rn;
        }
      double sd2 = gsl_stats_sd (s2, 1, l);
      double alpha = sd2 > 0 ? gsl_stats_sd (s1, 1, l) / sd2 : 0;
      double h[64], hm = 0;
      for (size_t k = 0; k < l; k++)
        hm += h[k] = s1[k] + alpha * s2[k];
      hm /= l;
      for (size_t k = 0; k < l; k++)
        r->pulse[m + k] += h[k] - hm;
    }
  band_pass (r, r->pulse);
}

static void
chrom (Rppg *r)
{
  size_t n = r->n;
  double mean[3];
  for (int c = 0; c < 3; c++)
    mean[c] = gsl_stats_mean (r->x[c], 1, n);
  for (size_t k = 0; k < n; k++)
    {
      double rn = r->x[0][k] / mean[0], gn = r->x[1][k] / mean[1], bn = r->x[2][k] / mean[2];
      r->pulse[k] = 3 * rn - 2 * gn;        /* X */
      r->tmp[k] = 1.5 * rn + gn - 1.5 * bn; /* Y */
    }
  band_pass (r, r->pulse);
  band_pass (r, r->tmp);
  double sy = gsl_stats_sd (r->tmp, 1, n);
  double alpha = sy > 0 ? gsl_stats_sd (r->pulse, 1, n) / sy : 0;
  for (size_t k = 0; k < n; k++)
    r->pulse[k] -= alpha * r->tmp[k];
}

/* The peak of @power over the band (refined by parabolic interpolation),
 * in Hz, and its SNR in dB. */
static double
band_peak (const double *power, double *snr)
{
  size_t lo = (size_t)ceil (BAND_LO * NFFT / FS), hi = (size_t)floor (BAND_HI * NFFT / FS);
  size_t best = lo;
  for (size_t k = lo; k <= hi; k++)
    if (power[k] > power[best])
      best = k;
  double delta = 0;
  if (best > lo && best < hi)
    {
      double a = power[best - 1], b = power[best], c = power[best + 1];
      double d = a - 2 * b + c;
      if (d < 0)
        delta = 0.5 * (a - c) / d;
    }
  double f0 = (best + delta) * FS / NFFT;
  double signal = 0, noise = 0;
  for (size_t k = lo; k <= hi; k++)
    {
      double f = k * FS / NFFT;
      if (fabs (f - f0) <= SNR_HALF_WIDTH || fabs (f - 2 * f0) <= SNR_HALF_WIDTH)
        signal += power[k];
      else
        noise += power[k];
    }
  *snr = noise > 0 && signal > 0 ? 10 * log10 (signal / noise) : NAN;
  return f0;
}

/* The spectral peak of the pulse in the band, and its SNR. */
static void
spectrum_peak (Rppg *r)
{
  size_t n = r->n;
  memset (r->spec, 0, NFFT * sizeof (double));
  for (size_t k = 0; k < n; k++)
    r->spec[k] = r->pulse[k] * (0.5 - 0.5 * cos (2 * G_PI * k / (n - 1)));
  gsl_fft_real_transform (r->spec, 1, NFFT, r->rw_fft, r->ws_fft);
  /* Power per bin k = 1 … NFFT/2 − 1. */
  double *power = r->power;
  size_t lo = (size_t)ceil (BAND_LO * NFFT / FS), hi = (size_t)floor (BAND_HI * NFFT / FS);
  double energy = 0;
  for (size_t k = lo; k <= hi; k++)
    {
      power[k] = r->spec[2 * k - 1] * r->spec[2 * k - 1] + r->spec[2 * k] * r->spec[2 * k];
      energy += power[k];
    }
  r->hz = band_peak (power, &r->snr);
  if (energy > 0)
    {
      for (size_t k = lo; k <= hi; k++)
        r->welch[k] += power[k] / energy;
      r->n_welch++;
    }
}

/* Resamples the buffer's last window to FS by linear interpolation. */
static gboolean
resample (Rppg *r, double t_end)
{
  GArray *b = r->buf;
  double t0 = t_end - (r->n - 1) / FS;
  guint j = 0;
  for (size_t k = 0; k < r->n; k++)
    {
      double t = t0 + k / FS;
      while (j + 1 < b->len && g_array_index (b, Sample, j + 1).t < t)
        j++;
      if (j + 1 >= b->len)
        {
          for (int c = 0; c < 3; c++)
            r->x[c][k] = g_array_index (b, Sample, b->len - 1).c[c];
          continue;
        }
      Sample s0 = g_array_index (b, Sample, j), s1 = g_array_index (b, Sample, j + 1);
      /* Gaps over half a second (no skin) make the window unusable. */
      if (s1.t - s0.t > 0.5)
        return FALSE;
      double w = s1.t > s0.t ? CLAMP ((t - s0.t) / (s1.t - s0.t), 0, 1) : 0;
      for (int c = 0; c < 3; c++)
        r->x[c][k] = s0.c[c] + w * (s1.c[c] - s0.c[c]);
    }
  return TRUE;
}

static gboolean
rppg_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Rppg *r = state;
  const double *p = ctx->params;
  double t = ctx->face->time_s;
  Sample s = { t, { sl_need (ctx, 0), sl_need (ctx, 1), sl_need (ctx, 2) } }; /* R, G, B */
  if (isfinite (s.c[0]) && isfinite (s.c[1]) && isfinite (s.c[2]))
    g_array_append_val (r->buf, s);

  /* Keep the window and one sample before it. */
  guint drop = 0;
  while (drop + 1 < r->buf->len
         && g_array_index (r->buf, Sample, drop + 1).t < t - p[P_WINDOW] - 0.1)
    drop++;
  if (drop > 0)
    g_array_remove_range (r->buf, 0, drop);

  gboolean full = r->buf->len > 2 && g_array_index (r->buf, Sample, 0).t <= t - p[P_WINDOW] + 0.1
                  && isfinite (s.c[0]);
  if (!full)
    {
      r->have_estimate = FALSE;
      return TRUE;
    }
  if (!r->have_estimate || t - r->last_estimate_t >= p[P_UPDATE])
    {
      r->have_estimate = resample (r, t);
      r->last_estimate_t = t;
      if (r->have_estimate)
        {
          if (p[P_METHOD] >= 0.5)
            chrom (r);
          else
            pos (r);
          spectrum_peak (r);
          r->bpm = 60 * r->hz;
        }
    }
  if (!r->have_estimate)
    return TRUE;
  ctx->out[1] = r->snr;
  ctx->out[2] = r->hz;
  ctx->out[0] = isfinite (r->snr) && r->snr >= p[P_MIN_SNR] ? r->bpm : NAN;
  return TRUE;
}

static gboolean
rppg_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Rppg *r = state;
  if (r->n_welch == 0 || ctx->metrics == NULL)
    return TRUE;
  double snr, hz = band_peak (r->welch, &snr);
  SlMetric m[] = { { "rppg.mean_bpm", 60 * hz }, { "rppg.mean_snr", snr } };
  g_array_append_vals (ctx->metrics, m, G_N_ELEMENTS (m));
  return TRUE;
}

const SlProcessorInfo sl_rppg_processor = {
  .id = "rppg",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "POS (Wang et al. 2017) or CHROM (de Haan & Jeanne 2013), band-pass 0.7–4 Hz, "
            "spectral peak over a sliding window with its SNR",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = rppg_create,
  .process = rppg_process,
  .finish = rppg_finish,
  .destroy = rppg_destroy,
};
