/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decision on drift against signals whose answer is known: AR(1)
 * noise at 30 Hz with no drift gives at most one drift event per 8 hours
 * at φ 0.9, 0.99 and 0.995 and several window lengths, and a shift of the
 * mean is found within what the data allow (0.5σ within 60 s at φ 0.9,
 * 1σ within 3 minutes at φ 0.99).  Windows with too few effective samples
 * say so.  Benjamini–Hochberg across signals, hysteresis, bad input.
 *
 * SIGHTLINE_DRIFT_HOURS (default 8) sets the hours of signal per case.
 */
#include "config.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "drift/sl-drift-detect.h"

#define FPS 30.0
#define BASELINE_S 120.0 /* seconds */

static double
hours (void)
{
  const char *h = g_getenv ("SIGHTLINE_DRIFT_HOURS");
  return h != NULL ? g_ascii_strtod (h, NULL) : 8;
}

/* The reference's false-alarm rate per window: the detector's unless
 * SIGHTLINE_DRIFT_REFERENCE_ALPHA says otherwise, to find the α at
 * which it keeps to the detector's false events. */
static double
reference_alpha (const SlDriftParams *p)
{
  const char *a = g_getenv ("SIGHTLINE_DRIFT_REFERENCE_ALPHA");
  return a != NULL ? g_ascii_strtod (a, NULL) : p->false_alarm;
}

/* AR(1) noise of unit variance, @shift added from sample @from on. */
static double *
ar1 (gsl_rng *rng, gsize n, double phi, gsize from, double shift)
{
  double *x = g_new (double, n);
  double v = gsl_ran_gaussian (rng, 1);
  for (gsize i = 0; i < n; i++)
    {
      v = phi * v + gsl_ran_gaussian (rng, sqrt (1 - phi * phi));
      x[i] = v + (i >= from ? shift : 0);
    }
  return x;
}

/* One session: a baseline of @baseline_s and the rest watched. */
static SlDriftSignal *
session_with (const double *x, gsize n, double baseline_s, const SlDriftParams *p)
{
  gsize nb = (gsize)(baseline_s * FPS);
  SlDriftSignal *s = sl_drift_signal_new ("x", x, nb, x, n, FPS, 0, baseline_s, p);
  sl_drift_decide (&s, 1, p);
  return s;
}

static SlDriftSignal *
session (const double *x, gsize n, const SlDriftParams *p)
{
  return session_with (x, n, BASELINE_S, p);
}

/* The variance of the mean of @m consecutive values of AR(1) noise of
 * unit variance. */
static double
ar1_mean_variance (double phi, double m)
{
  return (m + 2 * phi * (m * (1 - phi) - (1 - pow (phi, m))) / ((1 - phi) * (1 - phi))) / (m * m);
}

/* The references: a two-sided z-test of each window's mean against the
 * baseline's, on the windows the detector measures (the same lengths and
 * steps from the baseline's end), at the same α, through the same
 * hysteresis.  Knowing φ (@phi > 0), with the variance such noise gives
 * a mean: what the data allow, since no detector that must learn the
 * decorrelation time does better on a shift of the mean.  Learning τ
 * (@phi 0) from the baseline as the detector does, its estimate and
 * tau_bound standard errors: what a test of the mean alone would give
 * in the detector's place. */
static SlDriftSignal *
mean_reference (const double *x, gsize n, double phi, double baseline_s,
                const SlDriftParams *detector)
{
  SlDriftParams reference = *detector;
  reference.false_alarm = reference_alpha (detector);
  const SlDriftParams *p = &reference;
  gsize nb = (gsize)(baseline_s * FPS), wn = (gsize)llround (p->window_s * FPS),
        step = (gsize)llround (p->step_s * FPS);
  double base_mean = 0;
  for (gsize i = 0; i < nb; i++)
    base_mean += x[i] / nb;
  SlDriftSignal *s = g_new0 (SlDriftSignal, 1);
  s->windows = g_array_new (FALSE, FALSE, sizeof (SlDriftWindow));
  s->events = g_array_new (FALSE, FALSE, sizeof (SlDriftEvent));
  s->null = g_array_new (FALSE, FALSE, sizeof (double));
  s->kl_null = g_array_new (FALSE, FALSE, sizeof (double));
  double se;
  if (phi > 0)
    se = sqrt (ar1_mean_variance (phi, wn) + ar1_mean_variance (phi, nb));
  else
    {
      double tau, tau_se;
      sl_drift_decorrelation (x, nb, &tau, &tau_se);
      double base_sd = gsl_stats_sd (x, 1, nb);
      se = base_sd * sqrt ((tau + p->tau_bound * tau_se) * (1.0 / wn + 1.0 / nb));
    }
  for (gsize at = nb; at + wn <= n; at += step)
    {
      double mean = 0;
      for (gsize i = at; i < at + wn; i++)
        mean += x[i] / wn;
      SlDriftWindow w = {
        .start_s = at / FPS,
        .end_s = (at + wn) / FPS,
        .n = wn,
        .value = fabs (mean - base_mean),
        .p = 2 * gsl_cdf_ugaussian_Q (fabs (mean - base_mean) / se),
        .threshold = 1,
      };
      g_array_append_val (s->windows, w);
    }
  sl_drift_decide (&s, 1, p);
  return s;
}

static void
test_false_alarms (void)
{
  const double phis[] = { 0.9, 0.99, 0.995 };
  const double windows[] = { 30, 60, 120, 300 };
  const double session_s = 30 * 60;
  guint sessions = (guint)ceil (hours () * 3600 / session_s);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 2026);
  for (guint f = 0; f < G_N_ELEMENTS (phis); f++)
    for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
      {
        SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
        p.window_s = windows[w];
        guint events = 0, measured = 0, thin = 0, over = 0, refused = 0, known = 0, learned = 0;
        gsize n = (gsize)((BASELINE_S + session_s) * FPS);
        for (guint k = 0; k < sessions; k++)
          {
            g_autofree double *x = ar1 (rng, n, phis[f], n, 0);
            g_autoptr (SlDriftSignal) s = session (x, n, &p);
            g_autoptr (SlDriftSignal) ref = mean_reference (x, n, phis[f], BASELINE_S, &p);
            known += ref->events->len;
            g_autoptr (SlDriftSignal) learning = mean_reference (x, n, 0, BASELINE_S, &p);
            learned += learning->events->len;
            if (s->problem != NULL)
              {
                refused++;
                continue;
              }
            events += s->events->len;
            for (guint i = 0; i < s->windows->len; i++)
              {
                const SlDriftWindow *win = &g_array_index (s->windows, SlDriftWindow, i);
                thin += win->thin;
                measured += !win->thin;
                over += win->over;
              }
          }
        double watched_h = sessions * session_s / 3600;
        g_test_message ("no drift, φ %.3f, window %3.0f s: %u events in %.1f h (%.2f per 8 h); "
                        "%u windows measured, %u exceeded (%.2f %%), %u not enough data, %u of "
                        "%u baselines too short; tests of the mean at α %.3f: knowing φ %.2f, "
                        "learning τ %.2f per 8 h",
                        phis[f], windows[w], events, watched_h, events * 8 / watched_h, measured,
                        over, measured ? 100.0 * over / measured : 0.0, thin, refused, sessions,
                        reference_alpha (&p), known * 8 / watched_h, learned * 8 / watched_h);
        g_assert_cmpfloat (events * 8 / watched_h, <=, 1.0 + 1e-9);
      }
  gsl_rng_free (rng);
}

typedef struct
{
  double found;     /* share of trials with an event that places the shift within @within_s */
  double confirmed; /* share confirmed (3 of 5) within @within_s of the shift */
  double delay;     /* mean seconds from the shift to the confirmation */
  guint early;      /* events before the shift */
} Found;

typedef struct
{
  Found detector, knowing, learning; /* the detector and the references */
  guint refused;                     /* baselines with too few effective samples */
} Detection;

/* Counts into @f the first event of @s after a shift at @at_s. */
static void
tally (const SlDriftSignal *s, double at_s, double within_s, Found *f)
{
  for (guint i = 0; i < s->events->len; i++)
    {
      const SlDriftEvent *e = &g_array_index (s->events, SlDriftEvent, i);
      if (e->end_s <= at_s)
        {
          f->early++;
          continue;
        }
      /* The event's first window holds the shift, or starts within
       * @within_s of it. */
      if (e->start_s <= at_s + within_s)
        {
          f->found++;
          f->delay += e->confirmed_s - at_s;
        }
      if (e->confirmed_s <= at_s + within_s)
        f->confirmed++;
      return;
    }
}

static void
tally_end (Found *f, guint trials)
{
  f->delay = f->found > 0 ? f->delay / f->found : NAN;
  f->found /= trials;
  f->confirmed /= trials;
}

/* A shift of @shift σ two minutes after a baseline of @baseline_s, six
 * minutes watched after it, @trials times. */
static Detection
detection (gsl_rng *rng, double phi, double shift, double within_s, double baseline_s, guint trials,
           const SlDriftParams *p)
{
  const double at_s = baseline_s + 120, session_s = at_s + 360;
  gsize n = (gsize)(session_s * FPS), from = (gsize)(at_s * FPS);
  Detection d = { 0 };
  for (guint t = 0; t < trials; t++)
    {
      g_autofree double *x = ar1 (rng, n, phi, from, shift);
      g_autoptr (SlDriftSignal) known = mean_reference (x, n, phi, baseline_s, p);
      tally (known, at_s, within_s, &d.knowing);
      g_autoptr (SlDriftSignal) learned = mean_reference (x, n, 0, baseline_s, p);
      tally (learned, at_s, within_s, &d.learning);
      g_autoptr (SlDriftSignal) s = session_with (x, n, baseline_s, p);
      if (s->problem != NULL)
        d.refused++;
      else
        tally (s, at_s, within_s, &d.detector);
    }
  tally_end (&d.detector, trials);
  tally_end (&d.knowing, trials);
  tally_end (&d.learning, trials);
  return d;
}

static void
test_detection (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 99);
  const guint trials = 100;
  struct
  {
    double phi, shift, within_s, baseline_s, window_s, want;
  } cases[] = {
    /* The aim is 90 %: a test of the mean that knows φ finds 93 % at
     * α 0.001; one that learns τ as the detector does, 86 % at α 0.005
     * (docs/drift.md). */
    { 0.9, 0.5, 60, 120, 60, 0.75 },
    /* About nine independent samples a minute: two minutes of baseline
     * hold too few to tell τ, and a minute's window too few to decide. */
    { 0.99, 1.0, 180, 120, 60, 0 },
    { 0.99, 1.0, 180, 300, 60, 0 },
    { 0.99, 1.0, 180, 300, 120, 0.4 },
    /* Ten minutes of baseline tell τ well enough to come near the aim
     * of 80 %. */
    { 0.99, 1.0, 180, 600, 180, 0.75 },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (int k = 0; k < 2; k++)
      {
        SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
        p.decide = k == 0 ? SL_DRIFT_DECIDE_WASSERSTEIN : SL_DRIFT_DECIDE_KL;
        p.window_s = cases[c].window_s;
        Detection d = detection (rng, cases[c].phi, cases[c].shift, cases[c].within_s,
                                 cases[c].baseline_s, trials, &p);
        g_test_message ("φ %.2f, shift %.1fσ, baseline %.0f s, window %.0f s, deciding on %s: "
                        "found within %.0f s of the shift in %.0f %% of %u trials, confirmed "
                        "within it in %.0f %% (mean delay %.0f s); %u alarms before the shift, "
                        "%u baselines too short",
                        cases[c].phi, cases[c].shift, cases[c].baseline_s, cases[c].window_s,
                        k == 0 ? "Wasserstein" : "KL", cases[c].within_s, 100 * d.detector.found,
                        trials, 100 * d.detector.confirmed, d.detector.delay, d.detector.early,
                        d.refused);
        if (k == 0)
          g_test_message ("  tests of the mean at α %.3f: knowing φ found in %.0f %%, confirmed "
                          "in %.0f %% (mean delay %.0f s); learning τ found in %.0f %%, "
                          "confirmed in %.0f %% (mean delay %.0f s)",
                          reference_alpha (&p), 100 * d.knowing.found, 100 * d.knowing.confirmed,
                          d.knowing.delay, 100 * d.learning.found, 100 * d.learning.confirmed,
                          d.learning.delay);
        if (k == 0)
          g_assert_cmpfloat (d.detector.found, >=, cases[c].want);
      }
  gsl_rng_free (rng);
}

static void
test_not_enough_data (void)
{
  /* φ 0.995 holds about 4.5 independent samples a minute: a 60 s window
   * says so rather than guess; its two-minute baseline (about 9) is just
   * enough, and a 60 s baseline is not. */
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 5);
  gsize n = (gsize)(600 * FPS);
  g_autofree double *x = ar1 (rng, n, 0.995, n, 0);
  SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
  g_autoptr (SlDriftSignal) s = session (x, n, &p);
  g_test_message ("φ 0.995: baseline n_eff %.1f, τ %.1f s, %u of %u windows measured",
                  s->n_eff_baseline, s->tau_s, sl_drift_signal_n_measured (s), s->windows->len);
  if (s->problem == NULL)
    g_assert_cmpuint (sl_drift_signal_n_measured (s), <, s->windows->len / 2);
  g_autoptr (SlDriftSignal) short_base
      = sl_drift_signal_new ("x", x, (gsize)(20 * FPS), x, n, FPS, 0, 20, &p);
  g_assert_nonnull (short_base->problem);
  g_assert_nonnull (strstr (short_base->problem, "longer baseline"));
  g_assert_cmpuint (short_base->windows->len, ==, 0);
  gsl_rng_free (rng);
}

static void
test_bad_input (void)
{
  SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
  gsize n = (gsize)(300 * FPS), nb = (gsize)(BASELINE_S * FPS);
  g_autofree double *constant = g_new (double, n), *nothing = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      constant[i] = 0.25;
      nothing[i] = NAN;
    }
  g_autoptr (SlDriftSignal) c
      = sl_drift_signal_new ("c", constant, nb, constant, n, FPS, 0, BASELINE_S, &p);
  g_assert_nonnull (strstr (c->problem, "constant"));
  g_autoptr (SlDriftSignal) e
      = sl_drift_signal_new ("e", nothing, nb, nothing, n, FPS, 0, BASELINE_S, &p);
  g_assert_nonnull (strstr (e->problem, "too few"));
  /* Shorter than baseline and one window. */
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 8);
  g_autofree double *x = ar1 (rng, n, 0.5, n, 0);
  gsize short_n = (gsize)(150 * FPS);
  g_autoptr (SlDriftSignal) s
      = sl_drift_signal_new ("s", x, nb, x, short_n, FPS, 0, BASELINE_S, &p);
  g_assert_nonnull (strstr (s->problem, "less than one window"));
  /* A window without values says so. */
  for (gsize i = (gsize)(200 * FPS); i < (gsize)(270 * FPS); i++)
    x[i] = NAN;
  g_autoptr (SlDriftSignal) holes = session (x, n, &p);
  g_assert_null (holes->problem);
  gboolean saw_thin = FALSE;
  for (guint i = 0; i < holes->windows->len; i++)
    saw_thin |= g_array_index (holes->windows, SlDriftWindow, i).thin;
  g_assert_true (saw_thin);
  sl_drift_decide (NULL, 0, &p);
  gsl_rng_free (rng);
}

static void
test_across_signals (void)
{
  /* Benjamini–Hochberg across three signals, one of which shifts: the one
   * that shifts drifts, the two that do not stay quiet; windows and
   * events are the same run after run (a fixed seed). */
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 12);
  gsize n = (gsize)(600 * FPS), from = (gsize)(300 * FPS);
  SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
  g_autofree double *a = ar1 (rng, n, 0.9, n, 0), *b = ar1 (rng, n, 0.9, from, 1.0),
                    *c = ar1 (rng, n, 0.99, n, 0);
  gsize nb = (gsize)(BASELINE_S * FPS);
  SlDriftSignal *s[3] = {
    sl_drift_signal_new ("a", a, nb, a, n, FPS, 0, BASELINE_S, &p),
    sl_drift_signal_new ("b", b, nb, b, n, FPS, 0, BASELINE_S, &p),
    sl_drift_signal_new ("c", c, nb, c, n, FPS, 0, BASELINE_S, &p),
  };
  sl_drift_decide (s, 3, &p);
  g_assert_cmpuint (s[0]->events->len, ==, 0);
  g_assert_cmpuint (s[1]->events->len, ==, 1);
  g_assert_cmpuint (s[2]->events->len, ==, 0);
  const SlDriftEvent *e = &g_array_index (s[1]->events, SlDriftEvent, 0);
  g_test_message ("b: drifted %.0f–%.0f s (confirmed at %.0f s), W %.2fσ, shift %+.2fσ, "
                  "threshold %.2fσ, KL %.3f",
                  e->start_s, e->end_s, e->confirmed_s, e->wasserstein_sigma, e->shift_sigma,
                  e->threshold, e->peak_kl);
  g_assert_cmpfloat (e->start_s, >=, 300 - p.window_s);
  g_assert_cmpfloat (e->confirmed_s, <=, 300 + 90);
  g_assert_cmpfloat (e->end_s, ==, 600);
  g_assert_cmpfloat (fabs (e->shift_sigma - 1), <, 0.3);
  /* The same again. */
  SlDriftSignal *again = sl_drift_signal_new ("b", b, nb, b, n, FPS, 0, BASELINE_S, &p);
  g_assert_cmpuint (again->null->len, ==, s[1]->null->len);
  g_assert_cmpmem (again->null->data, again->null->len * sizeof (double), s[1]->null->data,
                   s[1]->null->len * sizeof (double));
  for (guint i = 0; i < 3; i++)
    sl_drift_signal_free (s[i]);
  sl_drift_signal_free (again);
  gsl_rng_free (rng);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/drift/false-alarms", test_false_alarms);
  g_test_add_func ("/core/drift/detection", test_detection);
  g_test_add_func ("/core/drift/not-enough-data", test_not_enough_data);
  g_test_add_func ("/core/drift/bad-input", test_bad_input);
  g_test_add_func ("/core/drift/across-signals", test_across_signals);
  return g_test_run ();
}
