/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drowsiness from the eyes and the mouth, over a sliding window:
 *
 * - PERCLOS, the share of time the eyes are at least 80 % closed (P80;
 *   P70 selectable), over the last window_s seconds (60 s by default), as
 *   defined by Wierwille et al. (1994) and validated by Dinges & Grace
 *   (FHWA-MCRT-98-006, 1998); "80 % closed" is an openness (eyes
 *   processor) of 0.2 or less.
 * - Blink rate (blinks per minute) and mean blink duration over the same
 *   window; drowsy blinks grow longer (Schleicher et al., Ergonomics 2008:
 *   from about 0.2 s alert to beyond 0.4 s).  The duration is the time the
 *   eyes processor saw the EAR below its threshold: over the 124 blinks of
 *   the alert people of the ZJU clips, mean 0.21 s, 90th percentile
 *   0.37 s, so the 0.4 s limit is about twice the alert mean.
 * - Yawns: the mouth aspect ratio (inner lips, (|61−67| + |62−66| +
 *   |63−65|) / (3 |60−64|)) above yawn_mar for at least yawn_min_s; talking
 *   opens the mouth as wide but not for that long.
 *
 * A drowsy event covers the time any enabled measure is past its limit:
 * PERCLOS ≥ perclos_max (0.15, the level at which Dinges & Grace saw lapses
 * rise), mean blink duration ≥ blink_duration_max, or yawns in the window ≥
 * yawns_max (0 disables a measure).  Measures are reported once the window
 * holds min_coverage_s (half the window) of frames with eyes, so a
 * recording's first seconds do not decide: with 10 s, one look down at the
 * start of a talking-head recording made a PERCLOS of 0.21.  No recording here has drowsiness
 * annotated: the limits are the literature's, not fitted.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-explain.h"
#include "sl-processors.h"

enum
{
  P_WINDOW,
  P_LEVEL,
  P_PERCLOS_MAX,
  P_BLINK_DUR_MAX,
  P_YAWN_MAR,
  P_YAWN_MIN,
  P_YAWNS_MAX,
  P_MIN_COVERAGE,
};

static const SlParamSpec params[] = {
  [P_WINDOW] = { "window_s", 60, 5, 600, FALSE, N_ ("seconds of the sliding window") },
  [P_LEVEL]
  = { "perclos_level", 80, 70, 80, TRUE,
      N_ ("PERCLOS counts eyes at least this many percent closed: 80 (P80) or 70 (P70)") },
  [P_PERCLOS_MAX] = { "perclos_max", 0.15, 0, 1, FALSE,
                      N_ ("PERCLOS at or above which the person is drowsy (0: not used)") },
  [P_BLINK_DUR_MAX]
  = { "blink_duration_max", 0.4, 0, 5, FALSE,
      N_ ("mean blink duration in seconds at or above which the person is drowsy (0: not used)") },
  [P_YAWN_MAR] = { "yawn_mar", 0.6, 0.2, 2, FALSE,
                   N_ ("inner-mouth aspect ratio above which the mouth is open for a yawn") },
  [P_YAWN_MIN]
  = { "yawn_min_s", 1.5, 0.3, 10, FALSE, N_ ("seconds the mouth must stay open for a yawn") },
  [P_YAWNS_MAX]
  = { "yawns_max", 3, 0, 100, TRUE,
      N_ ("yawns in the window at or above which the person is drowsy (0: not used)") },
  [P_MIN_COVERAGE]
  = { "min_coverage_s", 30, 1, 600, FALSE,
      N_ ("seconds of frames with eyes the window needs before measures are reported") },
};

static const char *const needs[] = { "eyes.openness", "eyes.blink", SL_NEED_LANDMARKS, NULL };
enum
{
  NEED_OPENNESS,
  NEED_BLINK,
};
static const char *const provides[]
    = { "perclos", "blink_rate", "blink_duration", "mar", "yawning", "drowsy", NULL };
enum
{
  OUT_PERCLOS,
  OUT_BLINK_RATE,
  OUT_BLINK_DURATION,
  OUT_MAR,
  OUT_YAWNING,
  OUT_DROWSY,
};

typedef struct
{
  double t, dt;  /* time, and the time this frame stands for */
  gboolean shut; /* at least level % closed */
  double blink;  /* duration of a blink told on this frame, or NaN */
  gboolean yawn; /* a yawn was told on this frame */
} Sample;

typedef struct
{
  gboolean active;
  gint64 first, last, peak_frame;
  double first_s, last_s, peak_s;
  int frames;
  double peak[3];    /* perclos, blink duration, yawns */
  double peak_ratio; /* the largest measure ÷ limit */
  int beyond[3];     /* frames past each limit */
} Stretch;

typedef struct
{
  GArray *window; /* Sample */
  double covered; /* sum of dt in the window */
  double shut_time;
  int blinks, yawns;
  double blink_time;
  gboolean have_last;
  double last_t;
  /* The yawn under way. */
  gboolean mouth_open;
  gint64 yawn_first, yawn_peak_frame;
  double yawn_first_s, yawn_peak, yawn_peak_s, yawn_last_s;
  gint64 yawn_last;
  Stretch drowsy;
} Drowsiness;

extern const SlProcessorInfo sl_drowsiness_processor;

static gpointer
drowsiness_create (const double *p, GError **error)
{
  Drowsiness *d = g_new0 (Drowsiness, 1);
  d->window = g_array_new (FALSE, FALSE, sizeof (Sample));
  return d;
}

static void
drowsiness_destroy (gpointer state)
{
  Drowsiness *d = state;
  g_array_unref (d->window);
  g_free (d);
}

double
sl_mouth_aspect_ratio (const float *pts)
{
#define D(a, b)                                                                                    \
  hypot ((double)pts[2 * (a)] - pts[2 * (b)], (double)pts[2 * (a) + 1] - pts[2 * (b) + 1])
  double width = D (60, 64);
  double mar = (D (61, 67) + D (62, 66) + D (63, 65)) / (3 * width);
#undef D
  return isfinite (mar) && width > 0 ? mar : NAN;
}

static const char *const measure_names[]
    = { "drowsiness.perclos", "drowsiness.blink_duration", "drowsiness.yawns" };
static const char *const measure_params[] = { "perclos_max", "blink_duration_max", "yawns_max" };
static const char *const measure_units[] = { "1", "s", "{yawn}" };

static void
close_drowsy (Drowsiness *d, const double *p, GPtrArray *events)
{
  Stretch *s = &d->drowsy;
  if (!s->active)
    return;
  s->active = FALSE;
  const double limits[] = { p[P_PERCLOS_MAX], p[P_BLINK_DUR_MAX], p[P_YAWNS_MAX] };
  SlEvent *ev = sl_explain_event (&sl_drowsiness_processor, "drowsy", s->first, s->first_s, s->last,
                                  s->last_s, s->peak_ratio);
  SlExplanation *x = sl_explain_begin (&sl_drowsiness_processor, p, "drowsy");
  for (int k = 0; k < 3; k++)
    if (limits[k] > 0)
      {
        sl_explanation_add_input (x, measure_names[k], "peak", s->peak[k], measure_units[k]);
        sl_explanation_set_limit (x, limits[k], "above");
      }
  for (int k = 0; k < 3; k++)
    if (limits[k] > 0)
      sl_explanation_add_threshold (x, measure_params[k], limits[k], s->peak[k], measure_units[k],
                                    "above", measure_names[k]);
  /* Each measure's part: the frames it was past its limit. */
  for (int k = 0; k < 3; k++)
    if (limits[k] > 0)
      sl_explanation_add_part (x, measure_names[k], s->beyond[k]);
  json_object_set_double_member (x->details, "window_s", p[P_WINDOW]);
  json_object_set_int_member (x->details, "perclos_level", (gint64)p[P_LEVEL]);
  sl_explain_evidence (x, s->first, s->first_s, s->peak_frame, s->peak_s, s->last, s->last_s,
                       s->frames);
  for (int k = 0; k < 3; k++)
    if (limits[k] > 0 && s->beyond[k] > 0)
      sl_explanation_add_change (x, measure_params[k], "above", s->peak[k]);
  sl_explain_end (x, ev);
  g_ptr_array_add (events, ev);
}

static void
close_yawn (Drowsiness *d, const double *p, GPtrArray *events, gboolean *told)
{
  if (!d->mouth_open)
    return;
  d->mouth_open = FALSE;
  double duration = d->yawn_last_s - d->yawn_first_s;
  if (duration < p[P_YAWN_MIN])
    return;
  *told = TRUE;
  SlEvent *ev = sl_explain_event (&sl_drowsiness_processor, "yawn", d->yawn_first, d->yawn_first_s,
                                  d->yawn_last, d->yawn_last_s, d->yawn_peak / p[P_YAWN_MAR]);
  SlExplanation *x = sl_explain_begin (&sl_drowsiness_processor, p, "yawn");
  sl_explanation_add_input (x, "drowsiness.mar", "peak", d->yawn_peak, "1");
  sl_explanation_set_limit (x, p[P_YAWN_MAR], "above");
  sl_explanation_add_input (x, "drowsiness.yawning", "duration", duration, "s");
  sl_explanation_set_limit (x, p[P_YAWN_MIN], "above");
  sl_explanation_add_threshold (x, "yawn_mar", p[P_YAWN_MAR], d->yawn_peak, "1", "above",
                                "drowsiness.mar");
  sl_explanation_add_threshold (x, "yawn_min_s", p[P_YAWN_MIN], duration, "s", "above", NULL);
  sl_explain_evidence (x, d->yawn_first, d->yawn_first_s, d->yawn_peak_frame, d->yawn_peak_s,
                       d->yawn_last, d->yawn_last_s, -1);
  sl_explanation_add_change (x, "yawn_mar", "at_least", d->yawn_peak);
  sl_explanation_add_change (x, "yawn_min_s", "above", duration);
  sl_explain_end (x, ev);
  g_ptr_array_add (events, ev);
}

static void
window_add (Drowsiness *d, const Sample *s)
{
  g_array_append_val (d->window, *s);
  d->covered += s->dt;
  d->shut_time += s->shut ? s->dt : 0;
  if (isfinite (s->blink))
    {
      d->blinks++;
      d->blink_time += s->blink;
    }
  d->yawns += s->yawn;
}

static void
window_trim (Drowsiness *d, double t_min)
{
  guint k = 0;
  for (; k < d->window->len; k++)
    {
      Sample *s = &g_array_index (d->window, Sample, k);
      if (s->t >= t_min)
        break;
      d->covered -= s->dt;
      d->shut_time -= s->shut ? s->dt : 0;
      if (isfinite (s->blink))
        {
          d->blinks--;
          d->blink_time -= s->blink;
        }
      d->yawns -= s->yawn;
    }
  if (k > 0)
    g_array_remove_range (d->window, 0, k);
}

static gboolean
drowsiness_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Drowsiness *d = state;
  const double *p = ctx->params;
  const SlFaceResult *face = ctx->face;
  double t = face->time_s;
  /* A frame stands for the time to the previous one, at most 0.5 s (a
   * gap in the analysis is not time with the eyes open or shut). */
  double dt = d->have_last ? CLAMP (t - d->last_t, 0, 0.5) : 0;
  d->have_last = TRUE;
  d->last_t = t;

  /* The mouth. */
  gboolean yawn_told = FALSE;
  double mar = face->success ? sl_mouth_aspect_ratio (face->points) : NAN;
  ctx->out[OUT_MAR] = mar;
  if (isfinite (mar) && mar > p[P_YAWN_MAR])
    {
      if (!d->mouth_open)
        {
          d->mouth_open = TRUE;
          d->yawn_first = face->frame;
          d->yawn_first_s = t;
          d->yawn_peak = 0;
        }
      d->yawn_last = face->frame;
      d->yawn_last_s = t;
      if (mar > d->yawn_peak)
        {
          d->yawn_peak = mar;
          d->yawn_peak_frame = face->frame;
          d->yawn_peak_s = t;
        }
    }
  else
    close_yawn (d, p, ctx->events, &yawn_told);
  ctx->out[OUT_YAWNING] = d->mouth_open && t - d->yawn_first_s >= p[P_YAWN_MIN];

  /* The window. */
  double openness = sl_need (ctx, NEED_OPENNESS);
  Sample s = { t, isfinite (openness) ? dt : 0, FALSE, sl_need (ctx, NEED_BLINK), yawn_told };
  s.shut = isfinite (openness) && openness <= 1 - p[P_LEVEL] / 100.0;
  window_trim (d, t - p[P_WINDOW]);
  window_add (d, &s);
  if (d->covered < p[P_MIN_COVERAGE])
    {
      close_drowsy (d, p, ctx->events);
      return TRUE;
    }
  double minutes = d->covered / 60;
  double measures[3] = {
    d->shut_time / d->covered,
    d->blinks > 0 ? d->blink_time / d->blinks : 0,
    d->yawns,
  };
  ctx->out[OUT_PERCLOS] = measures[0];
  ctx->out[OUT_BLINK_RATE] = d->blinks / minutes;
  ctx->out[OUT_BLINK_DURATION] = d->blinks > 0 ? measures[1] : NAN;

  const double limits[] = { p[P_PERCLOS_MAX], p[P_BLINK_DUR_MAX], p[P_YAWNS_MAX] };
  gboolean past[3], any = FALSE;
  for (int k = 0; k < 3; k++)
    {
      past[k] = limits[k] > 0 && measures[k] >= limits[k];
      any |= past[k];
    }
  ctx->out[OUT_DROWSY] = any;
  if (!any)
    {
      close_drowsy (d, p, ctx->events);
      return TRUE;
    }
  Stretch *st = &d->drowsy;
  if (!st->active)
    {
      *st = (Stretch){ .active = TRUE, .first = face->frame, .first_s = t };
    }
  st->last = face->frame;
  st->last_s = t;
  st->frames++;
  double ratio = 0;
  for (int k = 0; k < 3; k++)
    {
      st->beyond[k] += past[k];
      st->peak[k] = MAX (st->peak[k], measures[k]);
      if (limits[k] > 0)
        ratio = MAX (ratio, measures[k] / limits[k]);
    }
  if (ratio > st->peak_ratio)
    {
      st->peak_ratio = ratio;
      st->peak_frame = face->frame;
      st->peak_s = t;
    }
  return TRUE;
}

static gboolean
drowsiness_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Drowsiness *d = state;
  gboolean told = FALSE;
  close_yawn (d, ctx->params, ctx->events, &told);
  close_drowsy (d, ctx->params, ctx->events);
  return TRUE;
}

const SlProcessorInfo sl_drowsiness_processor = {
  .id = "drowsiness",
  .version = "1.1",
  .stage = SL_STAGE_TEMPORAL,
  .method = "PERCLOS P80/P70 (Wierwille 1994; Dinges & Grace 1998), blink rate and duration, "
            "yawns from the inner-mouth aspect ratio, over a sliding window",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = drowsiness_create,
  .process = drowsiness_process,
  .finish = drowsiness_finish,
  .destroy = drowsiness_destroy,
};
