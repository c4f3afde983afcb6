/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-event.h"
#include "base/sl-explanation.h"
#include "base/sl-json.h"
#include "sl-gaze-scores.h"

/* Stretches shorter than this are not named as evidence. */
#define MIN_STRETCH_S 1.0
/* At most this many stretches or fixations are named per score. */
#define MAX_EVIDENCE 5

void
sl_gaze_scores_free (SlGazeScores *s)
{
  if (s == NULL)
    return;
  g_free (s->explanation);
  g_free (s);
}

gboolean
sl_score_weights_check (SlScoreWeights w, GError **error)
{
  if (!(w.jitter >= 0 && w.compliance >= 0 && w.jitter + w.compliance > 0 && isfinite (w.jitter)
        && isfinite (w.compliance)))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Weights %g, %g cannot weigh scores: both must be 0 or more, and not both "
                      "0."),
                   w.jitter, w.compliance);
      return FALSE;
    }
  return TRUE;
}

double
sl_gaze_scores_total (const SlGazeScores *s, SlScoreWeights w)
{
  double sum = w.jitter + w.compliance;
  double j = isfinite (s->jitter_score) ? s->jitter_score : 0;
  double c = isfinite (s->compliance) ? s->compliance : 0;
  return sum > 0 ? (w.jitter * j + w.compliance * c) / sum : NAN;
}

typedef struct
{
  double start_s, end_s;
  const char *reason;
  double value;
  gint64 first, last;
} Stretch;

static int
longer_first (gconstpointer a, gconstpointer b)
{
  const Stretch *x = a, *y = b;
  double dx = x->end_s - x->start_s, dy = y->end_s - y->start_s;
  return dx > dy ? -1 : dx < dy ? 1 : 0;
}

static int
larger_value_first (gconstpointer a, gconstpointer b)
{
  const Stretch *x = a, *y = b;
  return x->value > y->value ? -1 : x->value < y->value ? 1 : 0;
}

/* Stretches of frames where @bad (per frame) holds for at least
 * MIN_STRETCH_S, the longest first; the reason is @why of the stretch's
 * first frame. */
static GArray *
bad_stretches (const GArray *gaze, const gboolean *bad, const char *const *why)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Stretch));
  guint i = 0;
  while (i < gaze->len)
    {
      if (!bad[i])
        {
          i++;
          continue;
        }
      guint j = i;
      while (j + 1 < gaze->len && bad[j + 1])
        j++;
      Stretch s = { g_array_index (gaze, SlGazePoint, i).time_s,
                    g_array_index (gaze, SlGazePoint, j).time_s,
                    why[i],
                    0,
                    g_array_index (gaze, SlGazePoint, i).frame,
                    g_array_index (gaze, SlGazePoint, j).frame };
      if (s.end_s - s.start_s >= MIN_STRETCH_S)
        g_array_append_val (out, s);
      i = j + 1;
    }
  g_array_sort (out, longer_first);
  return out;
}

/* A score's explanation, with what every score has: the calibration it
 * was mapped by. */
static SlExplanation *
score_new (const char *kind, double value, const SlCalProfile *p)
{
  SlExplanation *x = sl_explanation_new ("score", kind);
  x->value = value;
  JsonObject *cal = json_object_new ();
  json_object_set_int_member (cal, "id", p->id);
  json_object_set_double_member (cal, "accuracy_deg", p->accuracy_deg);
  json_object_set_object_member (x->details, "calibration", cal);
  return x;
}

static void
add_threshold (SlExplanation *x, const char *param, double value, double observed, const char *unit,
               gboolean at_least)
{
  sl_explanation_add_threshold (x, param, value, observed, unit, at_least ? "above" : "below",
                                NULL);
  json_object_set_boolean_member (x->details, "passed",
                                  at_least ? observed >= value : observed <= value);
  sl_explanation_add_change (x, param, at_least ? "above" : "below", observed);
}

static void
add_stretches (SlExplanation *x, GArray *stretches, const char *role)
{
  for (guint i = 0; i < MIN (stretches->len, MAX_EVIDENCE); i++)
    {
      const Stretch *s = &g_array_index (stretches, Stretch, i);
      sl_explanation_add_evidence (x, role, s->first, s->last, s->start_s, s->end_s);
      sl_explanation_set_evidence_reason (x, s->reason, s->reason == NULL ? s->value : NAN);
    }
}

/* A share of frames with its aim. */
static SlExplanation *
rate_new (const SlCalProfile *p, const char *kind, double value, guint frames, const char *counted,
          guint count, const char *param, double aim, GArray *stretches)
{
  SlExplanation *x = score_new (kind, value, p);
  x->frames = frames;
  sl_explanation_add_input (x, "frames", "count", frames, "{frame}");
  sl_explanation_add_input (x, counted, "count", count, "{frame}");
  add_threshold (x, param, aim, value, "1", TRUE);
  add_stretches (x, stretches, "stretch");
  return x;
}

/* The index of @frame in @gaze (frame order), or the first after it. */
static guint
find_frame (const GArray *gaze, gint64 frame)
{
  guint lo = 0, hi = gaze->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (gaze, SlGazePoint, mid).frame < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

SlGazeScores *
sl_gaze_scores_compute (const SlCalProfile *p, const GArray *frames, const GPtrArray *events,
                        const SlScoreOptions *options)
{
  /* The region given, else the profile's, else the whole screen. */
  SlScoreOptions with_region = *options;
  if (!with_region.has_region && p->has_region)
    {
      with_region.has_region = TRUE;
      memcpy (with_region.region, p->region, sizeof with_region.region);
    }
  const SlScoreOptions *opt = &with_region;
  g_autoptr (SlGazeScores) s = g_new0 (SlGazeScores, 1);
  g_autoptr (GArray) gaze = sl_cal_profile_apply (p, frames);
  const SlGazeFrame *fr = (const SlGazeFrame *)frames->data;
  guint n = gaze->len;
  s->frames = n;
  g_autofree gboolean *no_sample = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *no_face = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *outside = g_new0 (gboolean, MAX (n, 1));
  g_autofree const char **why = g_new0 (const char *, MAX (n, 1));
  guint faces = 0, valid = 0, estimates = 0, inside = 0;
  for (guint i = 0; i < n; i++)
    {
      const SlGazePoint *g = &g_array_index (gaze, SlGazePoint, i);
      gboolean has = isfinite (g->x);
      faces += fr[i].face;
      no_face[i] = !fr[i].face;
      no_sample[i] = !(has && g->on_screen);
      valid += !no_sample[i];
      why[i] = !fr[i].face    ? "no face"
               : fr[i].closed ? "eyes closed"
               : !has         ? "no pupils"
                              : "off screen";
      if (has)
        {
          gboolean in = opt->has_region ? g->x >= opt->region[0] && g->y >= opt->region[1]
                                              && g->x < opt->region[0] + opt->region[2]
                                              && g->y < opt->region[1] + opt->region[3]
                                        : g->on_screen;
          estimates++;
          inside += in;
          outside[i] = !in;
        }
    }
  s->collection_rate = n > 0 ? (double)valid / n : NAN;
  s->face_rate = n > 0 ? (double)faces / n : NAN;
  s->compliance = estimates > 0 ? (double)inside / estimates : NAN;

  /* Jitter: dispersion within each fixation. */
  g_autoptr (GArray) fixations = g_array_new (FALSE, FALSE, sizeof (Stretch));
  double disp_sum = 0;
  int disp_n = 0;
  for (guint e = 0; events != NULL && e < events->len; e++)
    {
      const SlEvent *ev = events->pdata[e];
      if (g_strcmp0 (ev->kind, "fixation") != 0)
        continue;
      double sx = 0, sy = 0;
      int k = 0;
      guint first = find_frame (gaze, ev->start_frame);
      for (guint i = first; i < n && g_array_index (gaze, SlGazePoint, i).frame <= ev->end_frame;
           i++)
        {
          const SlGazePoint *g = &g_array_index (gaze, SlGazePoint, i);
          if (isfinite (g->x))
            {
              sx += g->x;
              sy += g->y;
              k++;
            }
        }
      if (k < 3)
        continue;
      double cx = sx / k, cy = sy / k, sq = 0;
      for (guint i = first; i < n && g_array_index (gaze, SlGazePoint, i).frame <= ev->end_frame;
           i++)
        {
          const SlGazePoint *g = &g_array_index (gaze, SlGazePoint, i);
          if (isfinite (g->x))
            {
              double a = sl_screen_angle (&p->geometry, g->x, g->y, cx, cy);
              sq += a * a;
            }
        }
      double rms = sqrt (sq / k);
      Stretch f = { ev->start_s, ev->end_s, NULL, rms, ev->start_frame, ev->end_frame };
      g_array_append_val (fixations, f);
      disp_sum += rms * k;
      disp_n += k;
    }
  s->fixations = fixations->len;
  s->jitter_deg = disp_n > 0 ? disp_sum / disp_n : NAN;
  s->jitter_score
      = isfinite (s->jitter_deg) ? CLAMP (1 - s->jitter_deg / opt->jitter_max_deg, 0, 1) : NAN;
  s->total = sl_gaze_scores_total (s, opt->weights);

  /* The explanations, one per score. */
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_explanation_free);
  g_autoptr (GArray) gaps = bad_stretches (gaze, no_sample, why);
  g_ptr_array_add (all, rate_new (p, "collection_rate", s->collection_rate, n, "on_screen_samples",
                                  valid, "min_collection", opt->min_collection, gaps));
  g_autoptr (GArray) faceless = bad_stretches (gaze, no_face, why);
  g_ptr_array_add (all, rate_new (p, "face_rate", s->face_rate, n, "with_face", faces, "min_face",
                                  opt->min_face, faceless));

  /* Jitter: 1 − dispersion ÷ jitter_max_deg, at least 0; its parts are
   * that formula's terms. */
  SlExplanation *x = score_new ("jitter", s->jitter_score, p);
  sl_explanation_add_input (x, "dispersion", "rms", s->jitter_deg, "deg");
  sl_explanation_set_limit (x, opt->jitter_max_deg, "below");
  sl_explanation_add_input (x, "fixations", "count", fixations->len, "{fixation}");
  sl_explanation_add_input (x, "samples", "count", disp_n, "{sample}");
  add_threshold (x, "jitter_max_deg", opt->jitter_max_deg, s->jitter_deg, "deg", FALSE);
  if (isfinite (s->jitter_score))
    {
      double term = s->jitter_deg / opt->jitter_max_deg;
      sl_explanation_add_part (x, "steady", 1);
      sl_explanation_add_part (x, "dispersion", -term);
      if (1 - term < 0)
        sl_explanation_add_part (x, "floor", s->jitter_score - (1 - term));
    }
  json_object_set_double_member (x->details, "dispersion_deg", s->jitter_deg);
  g_array_sort (fixations, larger_value_first);
  add_stretches (x, fixations, "fixation");
  g_ptr_array_add (all, x);

  x = score_new ("compliance", s->compliance, p);
  sl_explanation_add_input (x, "samples", "count", estimates, "{sample}");
  sl_explanation_add_input (x, "inside", "count", inside, "{sample}");
  if (opt->has_region)
    {
      JsonArray *r = json_array_new ();
      for (int k = 0; k < 4; k++)
        json_array_add_double_element (r, opt->region[k]);
      json_object_set_array_member (x->details, "region", r);
    }
  else
    json_object_set_string_member (x->details, "region", "screen");
  g_autoptr (GArray) away = bad_stretches (gaze, outside, why);
  add_stretches (x, away, "stretch");
  g_ptr_array_add (all, x);

  /* The total: each score's weighted part, which sum to it. */
  x = score_new ("total", s->total, p);
  double wsum = opt->weights.jitter + opt->weights.compliance;
  sl_explanation_add_input (x, "jitter", "score", s->jitter_score, "1");
  sl_explanation_add_input (x, "compliance", "score", s->compliance, "1");
  sl_explanation_add_part (
      x, "jitter", isfinite (s->jitter_score) ? opt->weights.jitter * s->jitter_score / wsum : 0);
  sl_explanation_add_part (x, "compliance",
                           isfinite (s->compliance) ? opt->weights.compliance * s->compliance / wsum
                                                    : 0);
  JsonObject *w = json_object_new ();
  json_object_set_double_member (w, "jitter", opt->weights.jitter);
  json_object_set_double_member (w, "compliance", opt->weights.compliance);
  json_object_set_object_member (x->details, "weights", w);
  g_ptr_array_add (all, x);

  JsonArray *list = json_array_new ();
  for (guint i = 0; i < all->len; i++)
    json_array_add_element (list, sl_explanation_to_node (all->pdata[i]));
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, list);
  s->explanation = json_to_string (root, FALSE);
  return g_steal_pointer (&s);
}

GPtrArray *
sl_gaze_scores_explanations (const SlGazeScores *s, GError **error)
{
  g_autoptr (JsonNode) root = sl_json_parse (s->explanation, -1, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("The scores' explanations are not a list."));
      return NULL;
    }
  JsonArray *a = json_node_get_array (root);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_explanation_free);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      SlExplanation *x = sl_explanation_from_node (json_array_get_element (a, i), error);
      if (x == NULL)
        return NULL;
      g_ptr_array_add (out, x);
    }
  return g_steal_pointer (&out);
}

const SlExplanation *
sl_gaze_scores_find (GPtrArray *explanations, const char *kind)
{
  for (guint i = 0; explanations != NULL && i < explanations->len; i++)
    if (g_strcmp0 (((SlExplanation *)explanations->pdata[i])->kind, kind) == 0)
      return explanations->pdata[i];
  return NULL;
}
