/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixations and saccades from the gaze angles (gaze.yaw, gaze.pitch), by
 * one of the two classic algorithms of Salvucci & Goldberg ("Identifying
 * Fixations and Saccades in Eye-Tracking Protocols", ETRA 2000):
 *
 * - I-VT: a sample is part of a fixation when the angular velocity from
 *   the previous sample is below vt_threshold degrees per second;
 * - I-DT: a fixation is a stretch of at least min_fixation_s whose
 *   dispersion, (max − min yaw) + (max − min pitch), stays within
 *   dt_threshold degrees.
 *
 * Webcam gaze angles jitter by several degrees from frame to frame (the
 * landmarks move by a pixel or so), so the angles are first smoothed with
 * a running median of median_n samples, and the thresholds are wider than
 * those of infrared eye trackers (30 °/s, 1°).  Fixations shorter than
 * min_fixation_s are not fixations.  Each fixation is an event with its
 * centre and duration (the calibration wizard looks for them near each
 * target); a saccade is the move between two fixations.  Rates per minute
 * and the mean fixation duration are over the last window_s seconds.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "sl-explain.h"
#include "sl-processors.h"

enum
{
  P_METHOD,
  P_VT,
  P_DT,
  P_MIN_FIX,
  P_MEDIAN,
  P_WINDOW,
  P_MAX_GAP,
};

static const SlParamSpec params[] = {
  [P_METHOD]
  = { "method", 0, 0, 1, TRUE, N_ ("0: velocity threshold (I-VT), 1: dispersion (I-DT)") },
  [P_VT] = { "vt_threshold", 100, 5, 1000, FALSE,
             N_ ("I-VT: degrees per second below which the gaze is fixating") },
  [P_DT] = { "dt_threshold", 8, 0.5, 90, FALSE,
             N_ ("I-DT: dispersion in degrees within which the gaze is fixating") },
  [P_MIN_FIX] = { "min_fixation_s", 0.1, 0.02, 5, FALSE, N_ ("shortest fixation in seconds") },
  [P_MEDIAN] = { "median_n", 5, 1, 15, TRUE,
                 N_ ("samples of the running median that smooths the gaze angles") },
  [P_WINDOW]
  = { "window_s", 60, 5, 600, FALSE, N_ ("seconds over which rates per minute are counted") },
  [P_MAX_GAP] = { "max_gap_s", 0.2, 0.02, 5, FALSE,
                  N_ ("a gap between gaze samples longer than this ends a fixation") },
};

static const char *const needs[] = { "gaze.yaw", "gaze.pitch", NULL };
static const char *const provides[]
    = { "velocity", "fixation", "fixation_rate", "saccade_rate", "fixation_mean", NULL };

typedef struct
{
  gint64 frame;
  double t, yaw, pitch;
} Sample;

typedef struct
{
  double t, duration; /* end time and duration of a fixation */
  gboolean saccade;   /* a saccade led to it */
} Done;

typedef struct
{
  GArray *raw;  /* Sample: the last median_n raw samples */
  GArray *fix;  /* Sample: the fixation (or I-DT window) under way */
  GArray *done; /* Done: fixations of the last window_s */
  gboolean have_prev, had_fixation, started;
  Sample prev;
  double first_t; /* the first frame seen: rates before a full window */
} Saccades;

extern const SlProcessorInfo sl_saccades_processor;

static gpointer
saccades_create (const double *p, GError **error)
{
  Saccades *s = g_new0 (Saccades, 1);
  s->raw = g_array_new (FALSE, FALSE, sizeof (Sample));
  s->fix = g_array_new (FALSE, FALSE, sizeof (Sample));
  s->done = g_array_new (FALSE, FALSE, sizeof (Done));
  return s;
}

static void
saccades_destroy (gpointer state)
{
  Saccades *s = state;
  g_array_unref (s->raw);
  g_array_unref (s->fix);
  g_array_unref (s->done);
  g_free (s);
}

static double
dispersion (GArray *a, const Sample *extra)
{
  double y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE, p0 = G_MAXDOUBLE, p1 = -G_MAXDOUBLE;
  for (guint k = 0; k <= a->len; k++)
    {
      const Sample *s = k < a->len ? &g_array_index (a, Sample, k) : extra;
      if (s == NULL)
        continue;
      y0 = MIN (y0, s->yaw);
      y1 = MAX (y1, s->yaw);
      p0 = MIN (p0, s->pitch);
      p1 = MAX (p1, s->pitch);
    }
  return (y1 - y0) + (p1 - p0);
}

/* Ends the fixation under way: an event if it lasted long enough. */
static void
close_fixation (Saccades *s, const double *p, GPtrArray *events)
{
  GArray *f = s->fix;
  if (f->len == 0)
    return;
  Sample first = g_array_index (f, Sample, 0), last = g_array_index (f, Sample, f->len - 1);
  double duration = last.t - first.t;
  if (duration >= p[P_MIN_FIX])
    {
      double my = 0, mp = 0;
      for (guint k = 0; k < f->len; k++)
        {
          my += g_array_index (f, Sample, k).yaw;
          mp += g_array_index (f, Sample, k).pitch;
        }
      my /= f->len;
      mp /= f->len;
      double disp = dispersion (f, NULL);
      SlEvent *ev = sl_explain_event (&sl_saccades_processor, "fixation", first.frame, first.t,
                                      last.frame, last.t, duration);
      SlExplanation *x = sl_explain_begin (&sl_saccades_processor, p, "fixation");
      x->value_unit = (g_free (x->value_unit), g_strdup ("s"));
      sl_explanation_add_input (x, "gaze.yaw", "mean", my, "deg");
      sl_explanation_add_input (x, "gaze.pitch", "mean", mp, "deg");
      sl_explanation_add_input (x, "saccades.fixation", "duration", duration, "s");
      sl_explanation_set_limit (x, p[P_MIN_FIX], "above");
      sl_explanation_add_threshold (x, "min_fixation_s", p[P_MIN_FIX], duration, "s", "above",
                                    NULL);
      if (p[P_METHOD] >= 0.5)
        sl_explanation_add_threshold (x, "dt_threshold", p[P_DT], disp, "deg", "below", NULL);
      JsonObject *centre = json_object_new ();
      json_object_set_double_member (centre, "yaw", my);
      json_object_set_double_member (centre, "pitch", mp);
      json_object_set_object_member (x->details, "centre", centre);
      json_object_set_double_member (x->details, "dispersion", disp);
      sl_explain_evidence (x, first.frame, first.t, -1, NAN, last.frame, last.t, (int)f->len);
      sl_explanation_add_change (x, "min_fixation_s", "above", duration);
      sl_explain_end (x, ev);
      g_ptr_array_add (events, ev);

      Done d = { last.t, duration, s->had_fixation };
      g_array_append_val (s->done, d);
      s->had_fixation = TRUE;
    }
  g_array_set_size (f, 0);
}

static gboolean
saccades_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Saccades *s = state;
  const double *p = ctx->params;
  double t = ctx->face->time_s;
  if (!s->started)
    {
      s->started = TRUE;
      s->first_t = t;
    }

  /* Rates over the window, whatever this frame holds. */
  guint old = 0;
  while (old < s->done->len && g_array_index (s->done, Done, old).t < t - p[P_WINDOW])
    old++;
  if (old > 0)
    g_array_remove_range (s->done, 0, old);

  double yaw = sl_need (ctx, 0), pitch = sl_need (ctx, 1);
  if (!isfinite (yaw) || !isfinite (pitch))
    {
      if (s->have_prev && t - s->prev.t > p[P_MAX_GAP])
        {
          close_fixation (s, p, ctx->events);
          g_array_set_size (s->raw, 0);
          s->have_prev = FALSE;
        }
      return TRUE;
    }
  if (s->have_prev && t - s->prev.t > p[P_MAX_GAP])
    {
      close_fixation (s, p, ctx->events);
      g_array_set_size (s->raw, 0);
      s->have_prev = FALSE;
    }

  /* The running median. */
  Sample raw = { ctx->face->frame, t, yaw, pitch };
  g_array_append_val (s->raw, raw);
  if (s->raw->len > (guint)p[P_MEDIAN])
    g_array_remove_index (s->raw, 0);
  double ys[16], ps[16];
  guint n = s->raw->len;
  for (guint k = 0; k < n; k++)
    {
      ys[k] = g_array_index (s->raw, Sample, k).yaw;
      ps[k] = g_array_index (s->raw, Sample, k).pitch;
    }
  gsl_sort (ys, 1, n);
  gsl_sort (ps, 1, n);
  Sample cur = { ctx->face->frame, t, gsl_stats_median_from_sorted_data (ys, 1, n),
                 gsl_stats_median_from_sorted_data (ps, 1, n) };

  gboolean fixating;
  if (p[P_METHOD] >= 0.5)
    {
      /* I-DT: grow the window while it stays compact; when it would not,
       * a long enough window is a fixation, a short one slides on. */
      if (dispersion (s->fix, &cur) <= p[P_DT])
        g_array_append_val (s->fix, cur);
      else
        {
          Sample first = s->fix->len > 0 ? g_array_index (s->fix, Sample, 0) : cur;
          Sample last = s->fix->len > 0 ? g_array_index (s->fix, Sample, s->fix->len - 1) : cur;
          if (last.t - first.t >= p[P_MIN_FIX])
            close_fixation (s, p, ctx->events);
          else
            while (s->fix->len > 0 && dispersion (s->fix, &cur) > p[P_DT])
              g_array_remove_index (s->fix, 0);
          g_array_append_val (s->fix, cur);
        }
      Sample first = g_array_index (s->fix, Sample, 0);
      fixating = t - first.t >= p[P_MIN_FIX];
      ctx->out[0] = s->have_prev && t > s->prev.t
                        ? hypot (cur.yaw - s->prev.yaw, cur.pitch - s->prev.pitch) / (t - s->prev.t)
                        : NAN;
    }
  else
    {
      double v = s->have_prev && t > s->prev.t
                     ? hypot (cur.yaw - s->prev.yaw, cur.pitch - s->prev.pitch) / (t - s->prev.t)
                     : 0;
      ctx->out[0] = s->have_prev ? v : NAN;
      fixating = v < p[P_VT];
      if (fixating)
        g_array_append_val (s->fix, cur);
      else
        close_fixation (s, p, ctx->events);
    }
  s->prev = cur;
  s->have_prev = TRUE;

  ctx->out[1] = fixating;
  double minutes = MIN (p[P_WINDOW], t - s->first_t) / 60, total = 0;
  if (minutes < 1.0 / 60)
    return TRUE;
  int saccades = 0;
  for (guint k = 0; k < s->done->len; k++)
    {
      total += g_array_index (s->done, Done, k).duration;
      saccades += g_array_index (s->done, Done, k).saccade;
    }
  ctx->out[2] = s->done->len / minutes;
  ctx->out[3] = saccades / minutes;
  ctx->out[4] = s->done->len > 0 ? total / s->done->len : NAN;
  return TRUE;
}

static gboolean
saccades_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  close_fixation (state, ctx->params, ctx->events);
  return TRUE;
}

const SlProcessorInfo sl_saccades_processor = {
  .id = "saccades",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "fixations and saccades by velocity (I-VT) or dispersion (I-DT) thresholds "
            "(Salvucci & Goldberg 2000) on median-smoothed gaze angles",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = saccades_create,
  .process = saccades_process,
  .finish = saccades_finish,
  .destroy = saccades_destroy,
};
