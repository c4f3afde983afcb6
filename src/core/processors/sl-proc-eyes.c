/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Eyes: the eye aspect ratio of each eye from the six landmarks around it
 * (Soukupová & Čech, "Real-Time Eye Blink Detection using Facial
 * Landmarks", CVWW 2016):
 *
 *   EAR = (|p2 − p6| + |p3 − p5|) / (2 |p1 − p4|)
 *
 * an openness estimate, and blinks and microsleeps found with a threshold
 * that adapts to the person rather than one EAR constant for everybody.
 *
 * The person's open-eye level ("baseline") is the 75th percentile of the
 * mean EAR of both eyes over the last baseline_s seconds of frames in
 * which the eyes were open; frames inside an eye closure do not move it,
 * so a long closure does not teach it that closed is normal (after
 * relearn_s of uninterrupted closure it learns again, so that a change of
 * camera angle cannot keep the eyes "closed" for ever).  The eye counts as
 * closing or closed while the EAR is more than closed_drop below the
 * baseline.  Stretches separated by less than merge_gap_s are one blink
 * (dlib's points jitter on the lids at the bottom of a blink).
 *
 * A blink has four moments: onset (the last local maximum of the EAR
 * before it fell below the threshold, at most 0.5 s back), the closed
 * phase (the frames within 20 % of the baseline-to-minimum range of the
 * deepest point), and the end (the first frame back above the
 * threshold); closing runs from onset to the closed phase and reopening
 * from it to the end.  A closure of microsleep_s or more is a microsleep
 * instead of a blink when the eyes were really shut (median openness at
 * most microsleep_openness); a long closure that is not deep is eyes
 * narrowed (looking down, smiling, squinting) and neither.  On the two
 * talking-head recordings of ../shared/testdata/video, narrowed eyes held
 * for 2 s read as microsleeps before that rule.
 *
 * The signal "closed_for" is how long the eyes have been shut (openness at
 * most microsleep_openness, gaps up to merge_gap_s bridged), so that the
 * fusion processor can call a microsleep while it lasts.
 *
 * The signal "blink" holds, on the frame at which a blink is complete, the
 * time the EAR stayed below the threshold, in seconds (for the drowsiness
 * processor's blink statistics: unlike onset-to-end, it does not depend on
 * how slowly the lids began to fall).
 *
 * Openness is 1 at the baseline and 0 at the person's fully closed level:
 * the lower quartile of the deepest EAR of their recent blinks (default
 * shut_ratio × the baseline until three blinks are known).
 *
 * Defaults were chosen on the ZJU eyeblink clips (sightline evaluate
 * --kind blink, 40 clips, 124 blinks), F1 by closed_drop: 0.15 → 0.941
 * (false blinks on glasses), 0.17 → 0.956, 0.20 → 0.960, 0.25 → 0.947
 * (shallow blinks missed).  Merging gaps up to 0.1 s removed split
 * blinks.  The percentile and window made no difference on those 5 s
 * clips; 10 s keeps a 0.3 s blink a small share of the window and still
 * follows posture.
 *
 * Needs every frame or nearly: the processor resets when analysed frames
 * are more than max_gap_s apart, and a run that samples every 10th frame
 * cannot see blinks at all.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "sl-explain.h"
#include "sl-processors.h"

#define VERSION "1.0"

enum
{
  P_CLOSED_DROP,
  P_BASELINE_S,
  P_MERGE_GAP,
  P_MICROSLEEP,
  P_SHUT_RATIO,
  P_RELEARN,
  P_MAX_GAP,
  P_MICROSLEEP_OPEN,
};

static const SlParamSpec params[] = {
  [P_CLOSED_DROP] = { "closed_drop", 0.2, 0.05, 0.6, FALSE,
                      N_ ("fraction below the person's open-eye EAR at which the eye counts as "
                          "closing") },
  [P_BASELINE_S]
  = { "baseline_s", 10, 1, 120, FALSE, N_ ("seconds of open-eye frames the baseline follows") },
  [P_MERGE_GAP] = { "merge_gap_s", 0.1, 0, 0.5, FALSE,
                    N_ ("closures closer than this many seconds are one blink") },
  [P_MICROSLEEP]
  = { "microsleep_s", 1.5, 0.3, 10, FALSE, N_ ("seconds of closure that make a microsleep") },
  [P_SHUT_RATIO] = { "shut_ratio", 0.45, 0.1, 0.9, FALSE,
                     N_ ("fully closed EAR as a fraction of the baseline, until blinks teach it") },
  [P_RELEARN] = { "relearn_s", 10, 2, 600, FALSE,
                  N_ ("seconds of unbroken closure after which the baseline learns again") },
  [P_MAX_GAP] = { "max_gap_s", 0.25, 0.05, 5, FALSE,
                  N_ ("a gap between analysed frames longer than this resets the blink state") },
  [P_MICROSLEEP_OPEN]
  = { "microsleep_openness", 0.3, 0, 1, FALSE,
      N_ ("a long closure is a microsleep only if its median openness is at most this") },
};

static const char *const needs[] = { SL_NEED_LANDMARKS, NULL };
static const char *const provides[]
    = { "ear_left", "ear_right", "ear",        "baseline", "openness",
        "closed",   "blink",     "closed_for", NULL };
enum
{
  OUT_EAR_LEFT,
  OUT_EAR_RIGHT,
  OUT_EAR,
  OUT_BASELINE,
  OUT_OPENNESS,
  OUT_CLOSED,
  OUT_BLINK,      /* on the frame a blink is told: its duration in seconds */
  OUT_CLOSED_FOR, /* seconds the eyes have been shut (openness ≤ microsleep_openness) */
};

#define ONSET_BACK_S 0.5
#define SHUT_MEMORY 20

typedef struct
{
  gint64 frame;
  double t;
  double ear;
} Sample;

typedef struct
{
  GArray *history; /* Sample: open-eye frames of the last baseline_s */
  GArray *recent;  /* Sample: every frame of the last ONSET_BACK_S */
  double *sorted;  /* scratch for the percentile */
  guint sorted_len;
  double baseline;
  double shut[SHUT_MEMORY]; /* deepest EAR / baseline of recent blinks */
  guint n_shut;
  gboolean have_last;
  double last_t;
  double told;      /* duration of the blink emitted during this frame, or NaN */
  gboolean shut_on; /* openness at most microsleep_openness, gaps of merge_gap_s bridged */
  double shut_since, shut_last;

  /* The closure under way. */
  gboolean active;
  gboolean reopened;  /* back above the threshold, waiting merge_gap_s */
  Sample onset;       /* where the EAR started to fall */
  Sample first, last; /* first and last frame below the threshold */
  Sample end;         /* first frame back above it */
  double base_at;     /* the baseline when it began */
  GArray *stretch;    /* Sample: onset … last */
} Eyes;

static gpointer
eyes_create (const double *p, GError **error)
{
  Eyes *e = g_new0 (Eyes, 1);
  e->history = g_array_new (FALSE, FALSE, sizeof (Sample));
  e->recent = g_array_new (FALSE, FALSE, sizeof (Sample));
  e->stretch = g_array_new (FALSE, FALSE, sizeof (Sample));
  return e;
}

static void
eyes_destroy (gpointer state)
{
  Eyes *e = state;
  g_array_unref (e->history);
  g_array_unref (e->recent);
  g_array_unref (e->stretch);
  g_free (e->sorted);
  g_free (e);
}

extern const SlProcessorInfo sl_eyes_processor;

double
sl_eye_aspect_ratio (const float *points, int first)
{
  /* p1 … p6 are points first … first+5: corners p1, p4; upper lid p2, p3;
   * lower lid p6, p5. */
#define P(k) (points + 2 * (first + (k)-1))
#define DIST(a, b) hypot ((double)P (a)[0] - P (b)[0], (double)P (a)[1] - P (b)[1])
  double width = DIST (1, 4);
  double ear = (DIST (2, 6) + DIST (3, 5)) / (2.0 * width);
#undef DIST
#undef P
  return isfinite (ear) && width > 0 ? ear : NAN;
}

static void
drop_older (GArray *a, double t_min)
{
  guint k = 0;
  while (k < a->len && g_array_index (a, Sample, k).t < t_min)
    k++;
  if (k > 0)
    g_array_remove_range (a, 0, k);
}

static double
percentile (Eyes *e, GArray *a, double q)
{
  if (a->len == 0)
    return NAN;
  if (e->sorted_len < a->len)
    {
      e->sorted_len = MAX (a->len, 2 * e->sorted_len);
      e->sorted = g_renew (double, e->sorted, e->sorted_len);
    }
  for (guint k = 0; k < a->len; k++)
    e->sorted[k] = g_array_index (a, Sample, k).ear;
  gsl_sort (e->sorted, 1, a->len);
  return gsl_stats_quantile_from_sorted_data (e->sorted, 1, a->len, q);
}

/* The fully closed EAR as a fraction of the baseline. */
static double
shut_ratio (const Eyes *e, const double *p)
{
  if (e->n_shut < 3)
    return p[P_SHUT_RATIO];
  double v[SHUT_MEMORY];
  memcpy (v, e->shut, e->n_shut * sizeof (double));
  gsl_sort (v, 1, e->n_shut);
  return gsl_stats_quantile_from_sorted_data (v, 1, e->n_shut, 0.25);
}

static void
reset_closure (Eyes *e)
{
  e->active = FALSE;
  e->reopened = FALSE;
  g_array_set_size (e->stretch, 0);
}

static void
emit (Eyes *e, const double *p, GPtrArray *events)
{
  GArray *st = e->stretch;
  double base = e->base_at;
  double thr = base * (1 - p[P_CLOSED_DROP]);

  /* The deepest point, and the closed phase around it. */
  Sample deep = e->first;
  for (guint k = 0; k < st->len; k++)
    if (g_array_index (st, Sample, k).ear < deep.ear)
      deep = g_array_index (st, Sample, k);
  double level = deep.ear + 0.2 * (base - deep.ear);
  Sample c0 = deep, c1 = deep;
  for (guint k = 0; k < st->len; k++)
    {
      Sample s = g_array_index (st, Sample, k);
      if (s.ear <= level && s.t >= e->first.t)
        {
          if (s.t < c0.t)
            c0 = s;
          if (s.t > c1.t)
            c1 = s;
        }
    }

  double closure = e->last.t - e->first.t;
  gboolean microsleep = closure >= p[P_MICROSLEEP];
  double median_open = NAN;
  if (microsleep)
    {
      /* How shut the eyes were over the closure. */
      double shut = shut_ratio (e, p) * base;
      g_autoptr (GArray) in = g_array_new (FALSE, FALSE, sizeof (Sample));
      for (guint k = 0; k < st->len; k++)
        if (g_array_index (st, Sample, k).t >= e->first.t
            && g_array_index (st, Sample, k).t <= e->last.t)
          g_array_append_val (in, g_array_index (st, Sample, k));
      double median = percentile (e, in, 0.5);
      median_open = base > shut ? CLAMP ((median - shut) / (base - shut), 0, 1) : 1;
      if (median_open > p[P_MICROSLEEP_OPEN])
        {
          reset_closure (e); /* narrowed eyes, not closed ones */
          return;
        }
    }
  if (!microsleep && e->n_shut < SHUT_MEMORY)
    e->shut[e->n_shut++] = deep.ear / base;
  else if (!microsleep)
    {
      memmove (e->shut, e->shut + 1, (SHUT_MEMORY - 1) * sizeof (double));
      e->shut[SHUT_MEMORY - 1] = deep.ear / base;
    }

  double drop = 1 - deep.ear / base;
  if (!microsleep)
    e->told = e->end.t - e->first.t;
  SlEvent *ev
      = sl_explain_event (&sl_eyes_processor, microsleep ? "microsleep" : "blink", e->onset.frame,
                          e->onset.t, e->end.frame, e->end.t, drop / p[P_CLOSED_DROP]);
  SlExplanation *x = sl_explain_begin (&sl_eyes_processor, p, microsleep ? "microsleep" : "blink");
  sl_explanation_add_input (x, "eyes.ear", "min", deep.ear, "1");
  sl_explanation_set_limit (x, thr, "below");
  sl_explanation_add_input (x, "eyes.baseline", "value", base, "1");
  /* A closure shorter than microsleep_s is a blink; a longer one a microsleep. */
  sl_explanation_add_input (x, "eyes.blink", "duration", closure, "s");
  sl_explanation_set_limit (x, p[P_MICROSLEEP], microsleep ? "above" : "below");
  /* The threshold is a drop below the baseline: crossed by how much deeper
   * the EAR went. */
  sl_explanation_add_threshold (x, "closed_drop", p[P_CLOSED_DROP], drop, "1", "above", NULL);
  if (microsleep)
    {
      sl_explanation_add_threshold (x, "microsleep_s", p[P_MICROSLEEP], closure, "s", "above",
                                    NULL);
      sl_explanation_add_threshold (x, "microsleep_openness", p[P_MICROSLEEP_OPEN], median_open,
                                    "1", "below", "eyes.openness");
    }

  json_object_set_double_member (x->details, "ear_threshold", thr);
  JsonObject *phases = json_object_new ();
  const struct
  {
    const char *name;
    double t;
  } moments[] = {
    { "onset_s", e->onset.t },
    { "below_threshold_s", e->first.t },
    { "closed_start_s", c0.t },
    { "closed_end_s", c1.t },
    { "above_threshold_s", e->end.t },
    { "closing_s", c0.t - e->onset.t },
    { "closed_s", c1.t - c0.t },
    { "reopening_s", e->end.t - c1.t },
    { "duration_s", e->end.t - e->onset.t },
  };
  for (guint k = 0; k < G_N_ELEMENTS (moments); k++)
    json_object_set_double_member (phases, moments[k].name, moments[k].t);
  json_object_set_object_member (x->details, "phases", phases);

  sl_explain_evidence (x, e->onset.frame, e->onset.t, deep.frame, deep.t, e->end.frame, e->end.t,
                       (int)st->len + 1);
  sl_explanation_add_change (x, "closed_drop", "above", drop);
  if (microsleep)
    {
      sl_explanation_add_change (x, "microsleep_s", "above", closure);
      sl_explanation_add_change (x, "microsleep_openness", "below", median_open);
    }
  else
    sl_explanation_add_change (x, "microsleep_s", "at_most", closure);
  sl_explain_end (x, ev);
  g_ptr_array_add (events, ev);
  reset_closure (e);
}

/* Closes the closure under way where the frames stop: a blink that had
 * reopened is complete; one still closed counts only as a microsleep, and
 * only when it already lasted long enough. */
static void
close_open (Eyes *e, const double *p, GPtrArray *events)
{
  if (e->active && !e->reopened && e->last.t - e->first.t >= p[P_MICROSLEEP])
    {
      e->end = e->last;
      e->reopened = TRUE;
    }
  if (e->active && e->reopened)
    emit (e, p, events);
  reset_closure (e);
}

static gboolean
eyes_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Eyes *e = state;
  const double *p = ctx->params;
  const SlFaceResult *face = ctx->face;
  double t = face->time_s;
  e->told = NAN;

  if (e->have_last && t - e->last_t > p[P_MAX_GAP])
    {
      /* Frames too far apart to follow a blink: close what is open and
       * start over (the baseline stays; it is the same person). */
      close_open (e, p, ctx->events);
      g_array_set_size (e->recent, 0);
    }

  double left = face->success ? sl_eye_aspect_ratio (face->points, 36) : NAN;
  double right = face->success ? sl_eye_aspect_ratio (face->points, 42) : NAN;
  ctx->out[OUT_EAR_LEFT] = left;
  ctx->out[OUT_EAR_RIGHT] = right;
  if (!isfinite (left) || !isfinite (right))
    {
      /* No face or no usable eye: a blink cannot span it. */
      close_open (e, p, ctx->events);
      g_array_set_size (e->recent, 0);
      e->have_last = FALSE;
      e->shut_on = FALSE;
      ctx->out[OUT_BLINK] = e->told;
      return TRUE;
    }
  e->have_last = TRUE;
  e->last_t = t;

  Sample s = { face->frame, t, (left + right) / 2 };
  ctx->out[OUT_EAR] = s.ear;

  drop_older (e->history, t - p[P_BASELINE_S]);
  drop_older (e->recent, t - ONSET_BACK_S);

  /* The baseline includes this frame, so the first frame is open. */
  g_array_append_val (e->history, s);
  double base = percentile (e, e->history, 0.75);
  g_array_set_size (e->history, e->history->len - 1);
  double thr = base * (1 - p[P_CLOSED_DROP]);
  gboolean below = s.ear < thr;

  if (below)
    {
      if (!e->active)
        {
          /* Onset: walk back while the EAR was falling. */
          e->onset = s;
          for (guint k = e->recent->len; k > 0; k--)
            {
              Sample r = g_array_index (e->recent, Sample, k - 1);
              if (r.ear < e->onset.ear)
                break;
              e->onset = r;
            }
          for (guint k = 0; k < e->recent->len; k++)
            if (g_array_index (e->recent, Sample, k).t >= e->onset.t)
              g_array_append_val (e->stretch, g_array_index (e->recent, Sample, k));
          e->active = TRUE;
          e->first = s;
          e->base_at = base;
        }
      e->reopened = FALSE;
      e->last = s;
      g_array_append_val (e->stretch, s);
      if (t - e->first.t >= p[P_RELEARN])
        g_array_append_val (e->history, s);
    }
  else
    {
      if (e->active && !e->reopened)
        {
          e->reopened = TRUE;
          e->end = s;
        }
      if (e->active && t - e->end.t > p[P_MERGE_GAP])
        emit (e, p, ctx->events);
      else if (e->active)
        g_array_append_val (e->stretch, s);
      if (!e->active)
        g_array_append_val (e->history, s);
    }
  g_array_append_val (e->recent, s);
  e->baseline = base;

  double shut = shut_ratio (e, p) * base;
  ctx->out[OUT_BASELINE] = base;
  ctx->out[OUT_OPENNESS] = base > shut ? CLAMP ((s.ear - shut) / (base - shut), 0.0, 1.0) : NAN;
  ctx->out[OUT_CLOSED] = below;
  ctx->out[OUT_BLINK] = e->told;
  double open = ctx->out[OUT_OPENNESS];
  if (isfinite (open) && open <= p[P_MICROSLEEP_OPEN])
    {
      if (!e->shut_on || t - e->shut_last > p[P_MERGE_GAP])
        e->shut_since = t;
      e->shut_on = TRUE;
      e->shut_last = t;
    }
  else if (e->shut_on && t - e->shut_last > p[P_MERGE_GAP])
    e->shut_on = FALSE;
  ctx->out[OUT_CLOSED_FOR] = e->shut_on ? t - e->shut_since : 0;
  return TRUE;
}

static gboolean
eyes_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  close_open (state, ctx->params, ctx->events);
  return TRUE;
}

const SlProcessorInfo sl_eyes_processor = {
  .id = "eyes",
  .version = VERSION,
  .stage = SL_STAGE_TEMPORAL,
  .method = "eye aspect ratio (Soukupová & Čech 2016); blinks and microsleeps below a "
            "per-person adaptive baseline",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = eyes_create,
  .process = eyes_process,
  .finish = eyes_finish,
  .destroy = eyes_destroy,
};
