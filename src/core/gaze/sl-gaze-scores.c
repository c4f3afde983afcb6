/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-event.h"
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
                    g_array_index (gaze, SlGazePoint, j).time_s, why[i], 0 };
      if (s.end_s - s.start_s >= MIN_STRETCH_S)
        g_array_append_val (out, s);
      i = j + 1;
    }
  g_array_sort (out, longer_first);
  return out;
}

static void
add_threshold (JsonBuilder *b, const char *param, double value, double observed, gboolean at_least)
{
  json_builder_set_member_name (b, "threshold");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "param");
  json_builder_add_string_value (b, param);
  sl_json_add_double (b, "value", value);
  sl_json_add_double (b, "observed", observed);
  sl_json_add_double (b, "crossed_by", observed - value);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "passed");
  json_builder_add_boolean_value (b, at_least ? observed >= value : observed <= value);
}

static void
add_stretches (JsonBuilder *b, GArray *stretches, const char *value_name)
{
  json_builder_set_member_name (b, "evidence");
  json_builder_begin_array (b);
  for (guint i = 0; i < MIN (stretches->len, MAX_EVIDENCE); i++)
    {
      const Stretch *s = &g_array_index (stretches, Stretch, i);
      json_builder_begin_object (b);
      sl_json_add_double (b, "start_s", s->start_s);
      sl_json_add_double (b, "end_s", s->end_s);
      if (s->reason != NULL)
        {
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, s->reason);
        }
      if (value_name != NULL)
        sl_json_add_double (b, value_name, s->value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* A share of frames with its aim: { value, inputs { frames, <counted> },
 * threshold, passed, evidence }. */
static void
add_rate (JsonBuilder *b, const char *key, double value, guint frames, const char *counted,
          guint count, const char *param, double aim, GArray *stretches)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  sl_json_add_double (b, "value", value);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  sl_json_add_int (b, "frames", frames);
  sl_json_add_int (b, counted, count);
  json_builder_end_object (b);
  add_threshold (b, param, aim, value, TRUE);
  add_stretches (b, stretches, NULL);
  json_builder_end_object (b);
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
      Stretch f = { ev->start_s, ev->end_s, NULL, rms };
      g_array_append_val (fixations, f);
      disp_sum += rms * k;
      disp_n += k;
    }
  s->fixations = fixations->len;
  s->jitter_deg = disp_n > 0 ? disp_sum / disp_n : NAN;
  s->jitter_score
      = isfinite (s->jitter_deg) ? CLAMP (1 - s->jitter_deg / opt->jitter_max_deg, 0, 1) : NAN;
  s->total = sl_gaze_scores_total (s, opt->weights);

  /* The explanation. */
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);

  g_autoptr (GArray) gaps = bad_stretches (gaze, no_sample, why);
  add_rate (b, "collection_rate", s->collection_rate, n, "on_screen_samples", valid,
            "min_collection", opt->min_collection, gaps);
  g_autoptr (GArray) faceless = bad_stretches (gaze, no_face, why);
  add_rate (b, "face_rate", s->face_rate, n, "with_face", faces, "min_face", opt->min_face,
            faceless);

  json_builder_set_member_name (b, "jitter");
  json_builder_begin_object (b);
  sl_json_add_double (b, "value", s->jitter_score);
  sl_json_add_double (b, "dispersion_deg", s->jitter_deg);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  sl_json_add_int (b, "fixations", fixations->len);
  sl_json_add_int (b, "samples", disp_n);
  json_builder_end_object (b);
  add_threshold (b, "jitter_max_deg", opt->jitter_max_deg, s->jitter_deg, FALSE);
  g_array_sort (fixations, larger_value_first);
  add_stretches (b, fixations, "dispersion_deg");
  json_builder_end_object (b);

  json_builder_set_member_name (b, "compliance");
  json_builder_begin_object (b);
  sl_json_add_double (b, "value", s->compliance);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  sl_json_add_int (b, "samples", estimates);
  sl_json_add_int (b, "inside", inside);
  json_builder_set_member_name (b, "region");
  if (opt->has_region)
    {
      json_builder_begin_array (b);
      for (int k = 0; k < 4; k++)
        json_builder_add_double_value (b, opt->region[k]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_string_value (b, "screen");
  json_builder_end_object (b);
  g_autoptr (GArray) away = bad_stretches (gaze, outside, why);
  add_stretches (b, away, NULL);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "total");
  json_builder_begin_object (b);
  sl_json_add_double (b, "value", s->total);
  json_builder_set_member_name (b, "weights");
  json_builder_begin_object (b);
  sl_json_add_double (b, "jitter", opt->weights.jitter);
  sl_json_add_double (b, "compliance", opt->weights.compliance);
  json_builder_end_object (b);
  double wsum = opt->weights.jitter + opt->weights.compliance;
  double pj = isfinite (s->jitter_score) ? opt->weights.jitter * s->jitter_score / wsum : 0;
  double pc = isfinite (s->compliance) ? opt->weights.compliance * s->compliance / wsum : 0;
  json_builder_set_member_name (b, "shares");
  json_builder_begin_object (b);
  sl_json_add_double (b, "jitter", pj + pc > 0 ? pj / (pj + pc) : NAN);
  sl_json_add_double (b, "compliance", pj + pc > 0 ? pc / (pj + pc) : NAN);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "calibration");
  json_builder_begin_object (b);
  sl_json_add_int (b, "id", p->id);
  sl_json_add_double (b, "accuracy_deg", p->accuracy_deg);
  json_builder_end_object (b);

  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  s->explanation = json_to_string (root, FALSE);
  return g_steal_pointer (&s);
}
