/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Head sway: how much the head moves about its mean position, the RMS
 * distance of the head (head_pose.tx, ty, tz, in millimetres) from its
 * mean over the last window_s seconds — the square root of the summed
 * variances, a measure of postural sway used in drowsiness studies (the
 * head nods and drifts as alertness falls).  Reported once the window
 * holds at least half its length of frames with a pose.  Variances are
 * GSL's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "sl-processors.h"

static const SlParamSpec params[] = {
  { "window_s", 10, 1, 600, FALSE, N_ ("seconds of head positions the sway is measured over") },
};

static const char *const needs[] = { "head_pose.tx", "head_pose.ty", "head_pose.tz", NULL };
static const char *const provides[] = { "sway", NULL };

typedef struct
{
  GArray *t;      /* double */
  GArray *xyz[3]; /* double */
  double first_t;
  gboolean started;
} Sway;

static gpointer
sway_create (const double *p, GError **error)
{
  Sway *s = g_new0 (Sway, 1);
  s->t = g_array_new (FALSE, FALSE, sizeof (double));
  for (int c = 0; c < 3; c++)
    s->xyz[c] = g_array_new (FALSE, FALSE, sizeof (double));
  return s;
}

static void
sway_destroy (gpointer state)
{
  Sway *s = state;
  g_array_unref (s->t);
  for (int c = 0; c < 3; c++)
    g_array_unref (s->xyz[c]);
  g_free (s);
}

static gboolean
sway_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Sway *s = state;
  double window = ctx->params[0], t = ctx->face->time_s;
  double v[3] = { sl_need (ctx, 0), sl_need (ctx, 1), sl_need (ctx, 2) };
  if (isfinite (v[0]) && isfinite (v[1]) && isfinite (v[2]))
    {
      g_array_append_val (s->t, t);
      for (int c = 0; c < 3; c++)
        g_array_append_val (s->xyz[c], v[c]);
    }
  guint old = 0;
  while (old < s->t->len && g_array_index (s->t, double, old) < t - window)
    old++;
  if (old > 0)
    {
      g_array_remove_range (s->t, 0, old);
      for (int c = 0; c < 3; c++)
        g_array_remove_range (s->xyz[c], 0, old);
    }
  if (s->t->len < 3 || t - g_array_index (s->t, double, 0) < window / 2)
    return TRUE;
  double var = 0;
  for (int c = 0; c < 3; c++)
    var += gsl_stats_variance ((const double *)s->xyz[c]->data, 1, s->xyz[c]->len);
  ctx->out[0] = sqrt (var);
  return TRUE;
}

const SlProcessorInfo sl_sway_processor = {
  .id = "sway",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "RMS distance of the head position from its mean over a sliding window",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = sway_create,
  .process = sway_process,
  .destroy = sway_destroy,
};
