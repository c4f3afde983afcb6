/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort.h>

#include "base/sl-error.h"
#include "base/sl-json.h"
#include "sl-cal-profile-private.h"

/* Which features each fit uses. */
static const int fit_features[SL_CAL_N_FITS][SL_GF_N] = {
  [SL_CAL_BINOCULAR]
  = { SL_GF_LEFT_H, SL_GF_LEFT_V, SL_GF_RIGHT_H, SL_GF_RIGHT_V, SL_GF_YAW, SL_GF_PITCH },
  [SL_CAL_LEFT] = { SL_GF_LEFT_H, SL_GF_LEFT_V, SL_GF_YAW, SL_GF_PITCH },
  [SL_CAL_RIGHT] = { SL_GF_RIGHT_H, SL_GF_RIGHT_V, SL_GF_YAW, SL_GF_PITCH },
};
static const int fit_n_features[SL_CAL_N_FITS] = { 6, 4, 4 };

const char *
sl_cal_fit_name (SlCalFit fit)
{
  static const char *const names[] = { "binocular", "left", "right" };
  g_return_val_if_fail (fit < SL_CAL_N_FITS, "binocular");
  return names[fit];
}

/* ---- features of a run ---------------------------------------------------- */

static gboolean
add_face (const SlFaceResult *r, gpointer data, GError **error)
{
  SlGazeFrame g = {
    r->frame, r->time_s, r->success, FALSE, { 0 }, { NAN, NAN }, r->success ? r->box[2] : NAN
  };
  for (int i = 0; i < SL_GF_N; i++)
    g.f[i] = NAN;
  g_array_append_val ((GArray *)data, g);
  return TRUE;
}

GArray *
sl_gaze_frames_load (SlStore *store, gint64 run_id, GError **error)
{
  static const char *const names[] = { "gaze.left_h",
                                       "gaze.left_v",
                                       "gaze.right_h",
                                       "gaze.right_v",
                                       "head_pose.yaw",
                                       "head_pose.pitch",
                                       "eyes.closed",
                                       "pupils.left_confidence",
                                       "pupils.right_confidence" };
  G_STATIC_ASSERT (SL_GF_N == 6);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (SlGazeFrame));
  if (!sl_store_foreach_face (store, run_id, add_face, out, error))
    return NULL;
  SlGazeFrame *f = (SlGazeFrame *)out->data;
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autoptr (GArray) series = sl_store_get_signal_series (store, run_id, names[k], error);
      if (series == NULL)
        return NULL;
      /* Both are in frame order. */
      guint j = 0;
      for (guint i = 0; i < series->len; i++)
        {
          SlSample s = g_array_index (series, SlSample, i);
          while (j < out->len && f[j].frame < s.frame)
            j++;
          if (j == out->len)
            break;
          if (f[j].frame != s.frame)
            continue;
          if (k < SL_GF_N)
            f[j].f[k] = s.value;
          else if (k == SL_GF_N)
            f[j].closed = s.value > 0.5;
          else
            f[j].confidence[k - SL_GF_N - 1] = s.value;
        }
    }
  return g_steal_pointer (&out);
}

void
sl_gaze_run_free (SlGazeRun *gr)
{
  if (gr == NULL)
    return;
  g_clear_pointer (&gr->run, sl_run_free);
  g_clear_pointer (&gr->frames, g_array_unref);
  g_clear_pointer (&gr->events, g_ptr_array_unref);
  g_free (gr);
}

SlGazeRun *
sl_gaze_run_load (SlStore *store, gint64 session_id, gint64 run_id, GError **error)
{
  g_autoptr (SlGazeRun) gr = g_new0 (SlGazeRun, 1);
  if (run_id != 0)
    gr->run = sl_store_get_run (store, run_id, error);
  else
    {
      g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
      if (s == NULL)
        return NULL;
      g_autoptr (GError) local = NULL;
      gr->run = sl_store_latest_run (store, session_id, &local);
      if (gr->run == NULL && local == NULL)
        g_set_error (&local, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("Session %" PRId64 " has not been analysed: analyse it first "
                        "(every frame gives a calibration the most samples)."),
                     session_id);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  if (gr->run == NULL)
    return NULL;
  if (gr->run->session_id != session_id)
    {
      g_set_error (
          error, SL_ERROR, SL_ERROR_NOT_FOUND,
          _ ("Run %" PRId64 " belongs to session %" PRId64 ", not to session %" PRId64 "."), run_id,
          gr->run->session_id, session_id);
      return NULL;
    }
  gr->frames = sl_gaze_frames_load (store, gr->run->id, error);
  if (gr->frames == NULL)
    return NULL;
  gr->events = sl_store_list_events (store, gr->run->id, error);
  if (gr->events == NULL)
    return NULL;
  return g_steal_pointer (&gr);
}

/* ---- fitting ------------------------------------------------------------- */

static gboolean
features_of (const SlGazeFrame *g, SlCalFit fit, double *f)
{
  for (int i = 0; i < fit_n_features[fit]; i++)
    {
      f[i] = g->f[fit_features[fit][i]];
      if (!isfinite (f[i]))
        return FALSE;
    }
  return TRUE;
}

/* The estimate of the first fit (binocular, then each eye) that has both a
 * model and the features. */
gboolean
sl_cal_predict_with (SlCalModel *const *models, const SlGazeFrame *g, double *x, double *y,
                     SlCalFit *which)
{
  double f[SL_GF_N];
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    if (models[fit] != NULL && features_of (g, fit, f))
      {
        sl_cal_predict (models[fit], f, x, y);
        if (which != NULL)
          *which = fit;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  const SlGazeFrame *g;
  int point;
  gboolean kept;
  double ex, ey; /* the estimate measured for accuracy */
} Sample;

typedef struct
{
  SlCalProfile *p;
  const SlCalSchedule *schedule;
  GArray *samples; /* Sample, point by point, frame order within one */
} Work;

static SlCalPoint *
point_at (const Work *w, int i)
{
  return &g_array_index (w->p->points, SlCalPoint, i);
}

static gboolean
usable_calibration (const Work *w, int i)
{
  const SlCalPoint *pt = point_at (w, i);
  return !pt->validation && !pt->too_few;
}

/* Fits every kind on the kept calibration samples, leaving out @exclude
 * (−1: none).  A kind that cannot be fitted is NULL. */
static void
fit_all (const Work *w, int exclude, SlCalModel **models)
{
  g_autoptr (GArray) set = g_array_new (FALSE, FALSE, sizeof (SlCalSample));
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    {
      g_array_set_size (set, 0);
      for (guint k = 0; k < w->samples->len; k++)
        {
          const Sample *s = &g_array_index (w->samples, Sample, k);
          if (!s->kept || s->point == exclude || !usable_calibration (w, s->point))
            continue;
          SlCalSample c = { { 0 } };
          if (!features_of (s->g, fit, c.f))
            continue;
          c.x = point_at (w, s->point)->x;
          c.y = point_at (w, s->point)->y;
          c.target = s->point;
          g_array_append_val (set, c);
        }
      models[fit] = set->len > 0 ? sl_cal_fit ((const SlCalSample *)set->data, set->len,
                                               fit_n_features[fit], w->p->options.order, NULL)
                                 : NULL;
    }
}

static void
free_models (SlCalModel **models)
{
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    g_clear_pointer (&models[fit], sl_cal_model_free);
}

gboolean
sl_cal_have_model (SlCalModel *const *models)
{
  return models[0] != NULL || models[1] != NULL || models[2] != NULL;
}

static double
median (GArray *v)
{
  gsl_sort ((double *)v->data, 1, v->len);
  return gsl_stats_median_from_sorted_data ((const double *)v->data, 1, v->len);
}

/* Drops the samples whose estimate is more than outlier_deg from the
 * median estimate of their target, or that have none. */
static void
reject_outliers (Work *w, SlCalModel *const *models)
{
  const SlScreenGeometry *geo = &w->p->geometry;
  g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  guint k = 0;
  while (k < w->samples->len)
    {
      int point = g_array_index (w->samples, Sample, k).point;
      guint end = k;
      g_array_set_size (xs, 0);
      g_array_set_size (ys, 0);
      for (; end < w->samples->len && g_array_index (w->samples, Sample, end).point == point; end++)
        {
          Sample *s = &g_array_index (w->samples, Sample, end);
          s->kept = sl_cal_predict_with (models, s->g, &s->ex, &s->ey, NULL);
          if (s->kept)
            {
              g_array_append_val (xs, s->ex);
              g_array_append_val (ys, s->ey);
            }
        }
      SlCalPoint *pt = point_at (w, point);
      if (xs->len > 0)
        {
          double mx = median (xs), my = median (ys);
          for (guint i = k; i < end; i++)
            {
              Sample *s = &g_array_index (w->samples, Sample, i);
              if (s->kept
                  && sl_screen_angle (geo, s->ex, s->ey, mx, my) > w->p->options.outlier_deg)
                s->kept = FALSE;
            }
        }
      for (guint i = k; i < end; i++)
        pt->outliers += !g_array_index (w->samples, Sample, i).kept;
      if (pt->samples - pt->outliers < w->p->options.min_samples)
        pt->too_few = TRUE;
      k = end;
    }
}

/* Estimates every kept sample of @point with @models, into ex, ey, and the
 * point's accuracy figures. */
static void
measure_point (Work *w, int point, SlCalModel *const *models)
{
  const SlScreenGeometry *geo = &w->p->geometry;
  SlCalPoint *pt = point_at (w, point);
  double sum = 0, fit_sum[SL_CAL_N_FITS] = { 0 };
  int n = 0, fit_n[SL_CAL_N_FITS] = { 0 };
  pt->ex = pt->ey = 0;
  for (guint k = 0; k < w->samples->len; k++)
    {
      Sample *s = &g_array_index (w->samples, Sample, k);
      if (s->point != point || !s->kept)
        continue;
      if (!sl_cal_predict_with (models, s->g, &s->ex, &s->ey, NULL))
        {
          s->ex = s->ey = NAN;
          continue;
        }
      sum += sl_screen_angle (geo, s->ex, s->ey, pt->x, pt->y);
      pt->ex += s->ex;
      pt->ey += s->ey;
      n++;
      double f[SL_GF_N], x, y;
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        if (models[fit] != NULL && features_of (s->g, fit, f))
          {
            sl_cal_predict (models[fit], f, &x, &y);
            fit_sum[fit] += sl_screen_angle (geo, x, y, pt->x, pt->y);
            fit_n[fit]++;
          }
    }
  pt->accuracy_deg = n > 0 ? sum / n : NAN;
  pt->ex = n > 0 ? pt->ex / n : NAN;
  pt->ey = n > 0 ? pt->ey / n : NAN;
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    pt->fit_accuracy_deg[fit] = fit_n[fit] > 0 ? fit_sum[fit] / fit_n[fit] : NAN;
}

/* Precision and the in-sample error of every point, with the final fit;
 * also the range of frames used. */
static void
measure_final (Work *w, SlCalModel *const *models, double *sq_sum, int *pairs)
{
  const SlScreenGeometry *geo = &w->p->geometry;
  for (guint i = 0; i < w->p->points->len; i++)
    {
      SlCalPoint *pt = point_at (w, i);
      double in_sum = 0, sq = 0, px = NAN, py = NAN;
      int n = 0, np = 0;
      pt->first_frame = pt->last_frame = -1;
      for (guint k = 0; k < w->samples->len; k++)
        {
          const Sample *s = &g_array_index (w->samples, Sample, k);
          double x, y;
          if (s->point != (int)i || !s->kept || !sl_cal_predict_with (models, s->g, &x, &y, NULL))
            continue;
          if (pt->first_frame < 0)
            pt->first_frame = s->g->frame;
          pt->last_frame = s->g->frame;
          in_sum += sl_screen_angle (geo, x, y, pt->x, pt->y);
          n++;
          if (isfinite (px))
            {
              double a = sl_screen_angle (geo, x, y, px, py);
              sq += a * a;
              np++;
            }
          px = x;
          py = y;
        }
      if (pt->too_few)
        continue;
      pt->in_sample_deg = !pt->validation && n > 0 ? in_sum / n : NAN;
      pt->precision_deg = np > 0 ? sqrt (sq / np) : NAN;
      *sq_sum += sq;
      *pairs += np;
    }
}

static void
point_clear (gpointer p)
{
  g_free (((SlCalPoint *)p)->id);
}

SlCalProfile *
sl_cal_profile_new (void)
{
  SlCalProfile *p = g_new0 (SlCalProfile, 1);
  p->points = g_array_new (FALSE, TRUE, sizeof (SlCalPoint));
  g_array_set_clear_func (p->points, point_clear);
  p->accuracy_deg = p->precision_deg = NAN;
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    p->fit_accuracy_deg[fit] = NAN;
  return p;
}

void
sl_cal_profile_free (SlCalProfile *p)
{
  if (p == NULL)
    return;
  free_models (p->models);
  g_array_unref (p->points);
  g_free (p->name);
  g_free (p->created_at);
  g_free (p->versions);
  g_free (p);
}

/* "“tl” (12 frames: no face 3, eyes closed 9)", for an error message. */
static void
describe_point (GString *s, const SlCalPoint *pt)
{
  g_string_append_printf (s, _ ("“%s” (%d valid of %d frames"), pt->id, pt->samples - pt->outliers,
                          pt->frames);
  if (pt->no_face > 0)
    g_string_append_printf (s, _ ("; no face in %d"), pt->no_face);
  if (pt->closed > 0)
    g_string_append_printf (s, _ ("; eyes closed in %d"), pt->closed);
  if (pt->no_pupil > 0)
    g_string_append_printf (s, _ ("; no pupils in %d"), pt->no_pupil);
  if (pt->outliers > 0)
    g_string_append_printf (s, _ ("; %d looked elsewhere"), pt->outliers);
  g_string_append (s, ")");
}

static gboolean
enough_targets (const Work *w, GError **error)
{
  int usable = 0;
  for (guint i = 0; i < w->p->points->len; i++)
    usable += usable_calibration (w, i);
  if (usable >= 4)
    return TRUE;
  g_autoptr (GString) names = g_string_new (NULL);
  for (guint i = 0; i < w->p->points->len; i++)
    if (point_at (w, i)->too_few && !point_at (w, i)->validation)
      {
        if (names->len > 0)
          g_string_append (names, ", ");
        describe_point (names, point_at (w, i));
      }
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("Only %d calibration targets have enough valid samples; a fit needs 4. Too "
                  "few: %s. Re-mark those targets where the person looked at them, or analyse "
                  "the session with every frame."),
               usable, names->str);
  return FALSE;
}

/* Each target's point, with its frames counted and its valid samples
 * gathered; too_few marks those without enough. */
static void
count_samples (Work *w, const GArray *frames)
{
  const SlGazeFrame *fr = (const SlGazeFrame *)frames->data;
  for (guint i = 0; i < w->schedule->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (w->schedule->targets, SlCalTarget, i);
      SlCalPoint pt = { g_strdup (t->id), t->x, t->y, t->validation, t->start_ms, t->end_ms };
      pt.accuracy_deg = pt.in_sample_deg = pt.precision_deg = pt.ex = pt.ey = NAN;
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        pt.fit_accuracy_deg[fit] = NAN;
      double f[SL_GF_N];
      for (guint j = 0; j < frames->len; j++)
        {
          double ms = fr[j].time_s * 1000;
          if (ms < t->start_ms || ms > t->end_ms)
            continue;
          pt.frames++;
          if (!fr[j].face)
            pt.no_face++;
          else if (fr[j].closed)
            pt.closed++;
          else if (!features_of (&fr[j], SL_CAL_LEFT, f) && !features_of (&fr[j], SL_CAL_RIGHT, f))
            pt.no_pupil++;
          else
            {
              Sample s = { &fr[j], (int)i, TRUE, NAN, NAN };
              g_array_append_val (w->samples, s);
              pt.samples++;
            }
        }
      pt.too_few = pt.samples < MAX (w->p->options.min_samples, (int)ceil (pt.frames / 4.0));
      g_array_append_val (w->p->points, pt);
    }
}

GStrv
sl_cal_too_few (const SlCalSchedule *schedule, const GArray *frames, const SlCalOptions *opt)
{
  g_autoptr (SlCalProfile) p = sl_cal_profile_new ();
  p->options = *opt;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  Work w = { p, schedule, samples };
  count_samples (&w, frames);
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  for (guint i = 0; i < p->points->len; i++)
    if (point_at (&w, i)->too_few)
      g_strv_builder_add (ids, point_at (&w, i)->id);
  return g_strv_builder_end (ids);
}

SlCalProfile *
sl_cal_calibrate (const SlCalSchedule *schedule, const GArray *frames, const SlCalOptions *opt,
                  GError **error)
{
  g_return_val_if_fail (opt->order == 1 || opt->order == 2, NULL);
  if (!sl_cal_schedule_check (schedule, 0, error))
    return NULL;
  g_autoptr (SlCalProfile) p = sl_cal_profile_new ();
  p->geometry = schedule->geometry;
  p->layout = schedule->layout;
  p->options = *opt;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  Work w = { p, schedule, samples };
  count_samples (&w, frames);
  if (!enough_targets (&w, error))
    return NULL;

  /* Fit, drop the outliers, fit again. */
  SlCalModel *first[SL_CAL_N_FITS];
  fit_all (&w, -1, first);
  if (!sl_cal_have_model (first))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The samples cannot determine a mapping of order %d: too few samples, or "
                      "the eyes did not move between targets."),
                   opt->order);
      return NULL;
    }
  reject_outliers (&w, first);
  free_models (first);
  if (!enough_targets (&w, error))
    return NULL;
  fit_all (&w, -1, p->models);
  if (!sl_cal_have_model (p->models))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Without the outliers, the samples cannot determine a mapping of "
                      "order %d."),
                   opt->order);
      return NULL;
    }

  /* Accuracy: validation targets with the final fit; each calibration
   * target with a fit made without it. */
  for (guint i = 0; i < p->points->len; i++)
    {
      SlCalPoint *pt = point_at (&w, i);
      if (pt->too_few)
        continue;
      if (pt->validation)
        {
          p->by_validation = TRUE;
          measure_point (&w, i, p->models);
          continue;
        }
      SlCalModel *without[SL_CAL_N_FITS];
      fit_all (&w, i, without);
      measure_point (&w, i, without);
      free_models (without);
    }
  double sum = 0, fit_sum[SL_CAL_N_FITS] = { 0 };
  int n = 0, fit_n[SL_CAL_N_FITS] = { 0 };
  for (guint k = 0; k < samples->len; k++)
    {
      const Sample *s = &g_array_index (samples, Sample, k);
      const SlCalPoint *pt = point_at (&w, s->point);
      if (!s->kept || pt->too_few || pt->validation != p->by_validation || !isfinite (s->ex))
        continue;
      sum += sl_screen_angle (&p->geometry, s->ex, s->ey, pt->x, pt->y);
      n++;
    }
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = point_at (&w, i);
      if (pt->too_few || pt->validation != p->by_validation)
        continue;
      int kept = pt->samples - pt->outliers;
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        if (isfinite (pt->fit_accuracy_deg[fit]))
          {
            fit_sum[fit] += pt->fit_accuracy_deg[fit] * kept;
            fit_n[fit] += kept;
          }
    }
  p->accuracy_deg = n > 0 ? sum / n : NAN;
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    p->fit_accuracy_deg[fit] = fit_n[fit] > 0 ? fit_sum[fit] / fit_n[fit] : NAN;
  double sq = 0;
  int pairs = 0;
  measure_final (&w, p->models, &sq, &pairs);
  p->precision_deg = pairs > 0 ? sqrt (sq / pairs) : NAN;

  /* The head while calibrating. */
  p->yaw_min = p->pitch_min = p->face_min = INFINITY;
  p->yaw_max = p->pitch_max = p->face_max = -INFINITY;
  for (guint k = 0; k < samples->len; k++)
    {
      const Sample *s = &g_array_index (samples, Sample, k);
      if (!s->kept || !usable_calibration (&w, s->point))
        continue;
      p->yaw_min = MIN (p->yaw_min, s->g->f[SL_GF_YAW]);
      p->yaw_max = MAX (p->yaw_max, s->g->f[SL_GF_YAW]);
      p->pitch_min = MIN (p->pitch_min, s->g->f[SL_GF_PITCH]);
      p->pitch_max = MAX (p->pitch_max, s->g->f[SL_GF_PITCH]);
      if (isfinite (s->g->face_width))
        {
          p->face_min = MIN (p->face_min, s->g->face_width);
          p->face_max = MAX (p->face_max, s->g->face_width);
        }
    }
  return g_steal_pointer (&p);
}

char *
sl_cal_feature_versions (const char *run_processors)
{
  static const char *const sources[]
      = { "face", "landmarks", "head_pose", "iris", "eyes", "pupils", "gaze" };
  g_autoptr (JsonNode) in = run_processors ? sl_json_parse (run_processors, -1, NULL) : NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  if (in != NULL && JSON_NODE_HOLDS_ARRAY (in))
    {
      JsonArray *a = json_node_get_array (in);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (!JSON_NODE_HOLDS_OBJECT (e))
            continue;
          JsonObject *o = json_node_get_object (e);
          const char *id = json_object_get_string_member_with_default (o, "id", "");
          const char *version = json_object_get_string_member_with_default (o, "version", "");
          if (g_strv_contains (sources, id))
            {
              json_builder_set_member_name (b, id);
              json_builder_add_string_value (b, version);
            }
        }
    }
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

int
sl_cal_fit_n_features (int fit)
{
  g_return_val_if_fail (fit >= 0 && fit < SL_CAL_N_FITS, 0);
  return fit_n_features[fit];
}
