/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attention: distraction as the head held beyond yaw or pitch limits for
 * longer than a set time, the usual driver-monitoring rule (as in Euro
 * NCAP's driver-state assessment: a glance away held ≥ 3 s, or repeated
 * shorter ones; here the time is a parameter, 2 s by default as the
 * interview product used), and stretches without a face, each with the
 * cause the quality processor gave for most of its frames.
 *
 * A temporal processor: it sees analysed frames in order.  Durations run
 * from the first to the last frame of a stretch.  Angles count from the
 * person's usual direction, the median of the last neutral_s seconds (as
 * driver monitoring calibrates "eyes on the road"): a webcam above a
 * screen sees a person reading the screen at about 18° of pitch (cap12
 * of ../shared/testdata/video), which is not looking away.  Peaks in the
 * explanation are deviations from that direction, given with it.  The gaze angles (head
 * and eyes, from the gaze processor) have limits of their own: the head
 * may face the road while the eyes look at a phone.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sl-explain.h"
#include "sl-processors.h"

#define VERSION "1.3"

enum
{
  P_MAX_YAW,
  P_MAX_PITCH,
  P_MIN_DURATION,
  P_NO_FACE_MIN,
  P_MAX_GAZE_YAW,
  P_MAX_GAZE_PITCH,
  P_NEUTRAL,
};

static const SlParamSpec params[] = {
  [P_MAX_YAW] = { "max_yaw", 30, 0, 90, FALSE,
                  N_ ("head yaw, in degrees either way, beyond which the head is turned away") },
  [P_MAX_PITCH]
  = { "max_pitch", 20, 0, 90, FALSE,
      N_ ("head pitch, in degrees either way, beyond which the head is turned away") },
  [P_MIN_DURATION] = { "min_duration_s", 2.0, 0, 60, FALSE,
                       N_ ("seconds the head must stay turned away to count as distracted") },
  [P_NO_FACE_MIN]
  = { "no_face_min_s", 1.0, 0, 60, FALSE, N_ ("seconds without a face before a no-face event") },
  [P_MAX_GAZE_YAW] = { "max_gaze_yaw", 30, 0, 90, FALSE,
                       N_ ("gaze yaw (head and eyes), in degrees either way, beyond which the "
                           "gaze is away") },
  [P_MAX_GAZE_PITCH] = { "max_gaze_pitch", 20, 0, 90, FALSE,
                         N_ ("gaze pitch (head and eyes), in degrees either way, beyond which "
                             "the gaze is away") },
  [P_NEUTRAL] = { "neutral_s", 60, 0, 3600, FALSE,
                  N_ ("seconds over which the person's usual head and gaze direction is the "
                      "median (0: straight into the camera)") },
};

static const char *const needs[]
    = { "head_pose.yaw", "head_pose.pitch", "gaze.yaw", "gaze.pitch", "quality.reason", NULL };

/* The four inputs of the distraction rule and the parameters limiting them. */
#define N_INPUTS 4
static const char *const input_names[N_INPUTS]
    = { "head_pose.yaw", "head_pose.pitch", "gaze.yaw", "gaze.pitch" };
static const char *const limit_names[N_INPUTS]
    = { "max_yaw", "max_pitch", "max_gaze_yaw", "max_gaze_pitch" };
static const int limit_params[N_INPUTS]
    = { P_MAX_YAW, P_MAX_PITCH, P_MAX_GAZE_YAW, P_MAX_GAZE_PITCH };
/* "away", then the usual direction of each input, in the inputs' order:
 * what the angles are counted from. */
static const char *const provides[] = {
  "away", "neutral_yaw", "neutral_pitch", "neutral_gaze_yaw", "neutral_gaze_pitch", NULL,
};

/* The quality processor's reason codes. */
static const char *const reason_names[] = {
  "usable",         "no face found",       "too dark", "too bright", "blurred",
  "face too small", "face tilted too far",
};

typedef struct
{
  gboolean active;
  gint64 first, last, peak_frame;
  double first_s, last_s, peak_s;
  int frames;
  /* distraction */
  double peak[N_INPUTS], peak_ratio; /* signed values with the largest magnitude */
  int beyond[N_INPUTS];
  /* no face */
  int reasons[G_N_ELEMENTS (reason_names)];
} Stretch;

typedef struct
{
  double t, v[N_INPUTS];
} Pose;

typedef struct
{
  Stretch away;
  Stretch none;
  GArray *recent;           /* Pose of the last neutral_s */
  double neutral[N_INPUTS]; /* the medians of recent, refreshed each second */
  double neutral_at;        /* when they were */
  double *scratch;
} Attention;

static gpointer
attention_create (const double *p, GError **error)
{
  Attention *a = g_new0 (Attention, 1);
  a->recent = g_array_new (FALSE, FALSE, sizeof (Pose));
  a->neutral_at = -G_MAXDOUBLE;
  return a;
}

static void
attention_destroy (gpointer state)
{
  Attention *a = state;
  g_array_unref (a->recent);
  g_free (a->scratch);
  g_free (a);
}

/* The usual direction: the median of each input over the last neutral_s,
 * refreshed once a second. */
static void
update_neutral (Attention *a, const double *p, double t, const double *v)
{
  if (p[P_NEUTRAL] <= 0)
    return;
  Pose pose = { t, { v[0], v[1], v[2], v[3] } };
  g_array_append_val (a->recent, pose);
  guint old = 0;
  while (old < a->recent->len && g_array_index (a->recent, Pose, old).t < t - p[P_NEUTRAL])
    old++;
  if (old > 0)
    g_array_remove_range (a->recent, 0, old);
  if (t - a->neutral_at < 1.0)
    return;
  a->neutral_at = t;
  a->scratch = g_renew (double, a->scratch, a->recent->len);
  for (int k = 0; k < N_INPUTS; k++)
    {
      size_t n = 0;
      for (guint i = 0; i < a->recent->len; i++)
        if (isfinite (g_array_index (a->recent, Pose, i).v[k]))
          a->scratch[n++] = g_array_index (a->recent, Pose, i).v[k];
      if (n == 0)
        continue;
      gsl_sort (a->scratch, 1, n);
      a->neutral[k] = gsl_stats_median_from_sorted_data (a->scratch, 1, n);
    }
}

extern const SlProcessorInfo sl_attention_processor;

static SlEvent *
new_event (const char *kind, const Stretch *s, double score)
{
  return sl_explain_event (&sl_attention_processor, kind, s->first, s->first_s, s->last, s->last_s,
                           score);
}

static void
close_away (Attention *a, const double *p, GPtrArray *events)
{
  Stretch *s = &a->away;
  if (!s->active)
    return;
  s->active = FALSE;
  double duration = s->last_s - s->first_s;
  if (duration < p[P_MIN_DURATION])
    return;

  SlExplanation *x = sl_explain_begin (&sl_attention_processor, p, "distracted");
  int main = 0;
  for (int k = 0; k < N_INPUTS; k++)
    if (s->beyond[k] > s->beyond[main])
      main = k;
  for (int k = 0; k < N_INPUTS; k++)
    {
      /* Angles count from the person's usual direction, either way. */
      sl_explanation_add_input (x, input_names[k], "peak_from_neutral", s->peak[k], "deg");
      sl_explanation_set_limit (x, p[limit_params[k]], "above");
      sl_explanation_add_input (x, input_names[k], "neutral", a->neutral[k], "deg");
    }
  sl_explanation_add_input (x, "attention.away", "duration", duration, "s");
  sl_explanation_set_limit (x, p[P_MIN_DURATION], "above");
  for (int k = 0; k < N_INPUTS; k++)
    sl_explanation_add_threshold (x, limit_names[k], p[limit_params[k]], fabs (s->peak[k]), "deg",
                                  "above", input_names[k]);
  sl_explanation_add_threshold (x, "min_duration_s", p[P_MIN_DURATION], duration, "s", "above",
                                NULL);
  /* Each input's part: of the frames beyond a limit, how many it put there. */
  for (int k = 0; k < N_INPUTS; k++)
    sl_explanation_add_part (x, input_names[k], s->beyond[k]);
  sl_explain_evidence (x, s->first, s->first_s, s->peak_frame, s->peak_s, s->last, s->last_s,
                       s->frames);
  sl_explanation_add_change (x, limit_names[main], "at_least", fabs (s->peak[main]));
  sl_explanation_add_change (x, "min_duration_s", "above", duration);

  SlEvent *e = new_event ("distracted", s, s->peak_ratio);
  sl_explain_end (x, e);
  g_ptr_array_add (events, e);
}

static void
close_none (Attention *a, const double *p, GPtrArray *events)
{
  Stretch *s = &a->none;
  if (!s->active)
    return;
  s->active = FALSE;
  double duration = s->last_s - s->first_s;
  if (duration < p[P_NO_FACE_MIN])
    return;

  /* The cause: the reason quality gave most often in the stretch. */
  guint cause = 1;
  for (guint k = 1; k < G_N_ELEMENTS (reason_names); k++)
    if (s->reasons[k] > s->reasons[cause])
      cause = k;

  SlExplanation *x = sl_explain_begin (&sl_attention_processor, p, "no_face");
  sl_explanation_add_input (x, "face", "frames_without", s->frames, "{frame}");
  sl_explanation_add_input (x, "attention.no_face", "duration", duration, "s");
  sl_explanation_set_limit (x, p[P_NO_FACE_MIN], "above");
  JsonObject *why = json_object_new ();
  json_object_set_string_member (why, "signal", "quality.reason");
  json_object_set_int_member (why, "code", cause);
  json_object_set_string_member (why, "name", reason_names[cause]);
  json_object_set_double_member (why, "share", (double)s->reasons[cause] / MAX (1, s->frames));
  json_object_set_object_member (x->details, "cause", why);
  sl_explanation_add_threshold (x, "no_face_min_s", p[P_NO_FACE_MIN], duration, "s", "above", NULL);
  sl_explain_evidence (x, s->first, s->first_s, -1, NAN, s->last, s->last_s, s->frames);
  sl_explanation_add_change (x, "no_face_min_s", "above", duration);

  SlEvent *e = new_event ("no_face", s, p[P_NO_FACE_MIN] > 0 ? duration / p[P_NO_FACE_MIN] : 1);
  sl_explain_end (x, e);
  g_ptr_array_add (events, e);
}

static void
extend (Stretch *s, const SlFaceResult *face)
{
  if (!s->active)
    {
      memset (s, 0, sizeof *s);
      s->active = TRUE;
      s->first = face->frame;
      s->first_s = face->time_s;
    }
  s->last = face->frame;
  s->last_s = face->time_s;
  s->frames++;
}

static gboolean
attention_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Attention *a = state;
  const double *p = ctx->params;
  double reason = sl_need (ctx, N_INPUTS); /* quality.reason */

  if (!ctx->face->success)
    {
      close_away (a, p, ctx->events);
      extend (&a->none, ctx->face);
      if (isfinite (reason) && reason >= 0 && reason < G_N_ELEMENTS (reason_names))
        a->none.reasons[(int)reason]++;
      return TRUE;
    }
  close_none (a, p, ctx->events);

  /* A face without a pose or gaze says nothing either way on those.
   * Angles count from the person's usual direction. */
  double v[N_INPUTS], raw[N_INPUTS];
  for (int k = 0; k < N_INPUTS; k++)
    raw[k] = sl_need (ctx, k); /* the inputs are the first needs */
  update_neutral (a, p, ctx->face->time_s, raw);
  for (int k = 0; k < N_INPUTS; k++)
    if (isfinite (raw[k]))
      ctx->out[1 + k] = a->neutral[k];
  gboolean out[N_INPUTS], any = FALSE, known = FALSE;
  double ratio = 0;
  for (int k = 0; k < N_INPUTS; k++)
    {
      v[k] = raw[k] - a->neutral[k];
      double limit = p[limit_params[k]];
      out[k] = isfinite (v[k]) && fabs (v[k]) > limit;
      known |= isfinite (v[k]);
      any |= out[k];
      if (isfinite (v[k]))
        ratio = MAX (ratio, limit > 0 ? fabs (v[k]) / limit : 1);
    }
  if (!known)
    return TRUE;
  ctx->out[0] = any;
  if (!any)
    {
      close_away (a, p, ctx->events);
      return TRUE;
    }
  Stretch *s = &a->away;
  extend (s, ctx->face);
  for (int k = 0; k < N_INPUTS; k++)
    {
      s->beyond[k] += out[k];
      if (isfinite (v[k]) && fabs (v[k]) > fabs (s->peak[k]))
        s->peak[k] = v[k];
    }
  if (ratio > s->peak_ratio)
    {
      s->peak_ratio = ratio;
      s->peak_frame = ctx->face->frame;
      s->peak_s = ctx->face->time_s;
    }
  return TRUE;
}

static gboolean
attention_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Attention *a = state;
  close_away (a, ctx->params, ctx->events);
  close_none (a, ctx->params, ctx->events);
  return TRUE;
}

const SlProcessorInfo sl_attention_processor = {
  .id = "attention",
  .version = VERSION,
  .stage = SL_STAGE_TEMPORAL,
  .method = "head or gaze yaw/pitch beyond limits held past a minimum time; no-face stretches "
            "with their quality cause",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = attention_create,
  .process = attention_process,
  .finish = attention_finish,
  .destroy = attention_destroy,
};
