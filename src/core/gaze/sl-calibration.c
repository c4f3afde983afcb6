/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-text.h"
#include "sl-calibration.h"

#define MAX_TERMS (1 + SL_CAL_MAX_FEATURES + SL_CAL_MAX_FEATURES * (SL_CAL_MAX_FEATURES + 1) / 2)

struct _SlCalModel
{
  int order, n_features, n_terms;
  double mean[SL_CAL_MAX_FEATURES], scale[SL_CAL_MAX_FEATURES];
  double cx[MAX_TERMS], cy[MAX_TERMS];
};

static int
n_terms (int n_features, int order)
{
  return 1 + n_features + (order >= 2 ? n_features * (n_features + 1) / 2 : 0);
}

/* The polynomial terms of standardised features. */
static void
terms (const SlCalModel *m, const double *f, double *t)
{
  double z[SL_CAL_MAX_FEATURES];
  for (int i = 0; i < m->n_features; i++)
    z[i] = (f[i] - m->mean[i]) / m->scale[i];
  int k = 0;
  t[k++] = 1;
  for (int i = 0; i < m->n_features; i++)
    t[k++] = z[i];
  if (m->order >= 2)
    for (int i = 0; i < m->n_features; i++)
      for (int j = i; j < m->n_features; j++)
        t[k++] = z[i] * z[j];
}

void
sl_cal_model_free (SlCalModel *model)
{
  g_free (model);
}

int
sl_cal_model_terms (const SlCalModel *model)
{
  return model->n_terms;
}

int
sl_cal_model_features (const SlCalModel *model)
{
  return model->n_features;
}

static void
add_doubles (JsonBuilder *b, const char *name, const double *v, int n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (int i = 0; i < n; i++)
    json_builder_add_double_value (b, v[i]);
  json_builder_end_array (b);
}

void
sl_cal_model_to_json (const SlCalModel *m, JsonBuilder *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "order");
  json_builder_add_int_value (b, m->order);
  json_builder_set_member_name (b, "features");
  json_builder_add_int_value (b, m->n_features);
  add_doubles (b, "mean", m->mean, m->n_features);
  add_doubles (b, "scale", m->scale, m->n_features);
  add_doubles (b, "x", m->cx, m->n_terms);
  add_doubles (b, "y", m->cy, m->n_terms);
  json_builder_end_object (b);
}

static gboolean
get_doubles (JsonObject *o, const char *name, double *v, int n)
{
  JsonNode *node = json_object_get_member (o, name);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  JsonArray *a = json_node_get_array (node);
  if ((int)json_array_get_length (a) != n)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_VALUE (e)
          || (json_node_get_value_type (e) != G_TYPE_DOUBLE
              && json_node_get_value_type (e) != G_TYPE_INT64))
        return FALSE;
      v[i] = json_node_get_double (e);
      if (!isfinite (v[i]))
        return FALSE;
    }
  return TRUE;
}

SlCalModel *
sl_cal_model_from_json (JsonNode *node, GError **error)
{
  g_autoptr (SlCalModel) m = g_new0 (SlCalModel, 1);
  JsonObject *o
      = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (o != NULL)
    {
      m->order = (int)json_object_get_int_member_with_default (o, "order", 0);
      m->n_features = (int)json_object_get_int_member_with_default (o, "features", 0);
    }
  gboolean ok = o != NULL && (m->order == 1 || m->order == 2) && m->n_features >= 1
                && m->n_features <= SL_CAL_MAX_FEATURES;
  if (ok)
    {
      m->n_terms = n_terms (m->n_features, m->order);
      ok = get_doubles (o, "mean", m->mean, m->n_features)
           && get_doubles (o, "scale", m->scale, m->n_features)
           && get_doubles (o, "x", m->cx, m->n_terms) && get_doubles (o, "y", m->cy, m->n_terms);
      for (int i = 0; ok && i < m->n_features; i++)
        ok = m->scale[i] > 0;
    }
  if (!ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("A stored calibration mapping is damaged: its order, feature count or "
                      "coefficients do not agree."));
      return NULL;
    }
  return g_steal_pointer (&m);
}

/* A model with no coefficients yet: the features' means and spreads. */
static SlCalModel *
standardised (const SlCalSample *s, guint n, int n_features, int order, GError **error)
{
  g_autoptr (SlCalModel) m = g_new0 (SlCalModel, 1);
  m->order = order;
  m->n_features = n_features;
  m->n_terms = n_terms (n_features, order);
  for (int i = 0; i < n_features; i++)
    {
      double sum = 0, sq = 0;
      for (guint k = 0; k < n; k++)
        {
          if (!isfinite (s[k].f[i]) || !isfinite (s[k].x) || !isfinite (s[k].y))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("Sample %u has a value that is not a number."), k + 1);
              return NULL;
            }
          sum += s[k].f[i];
          sq += s[k].f[i] * s[k].f[i];
        }
      m->mean[i] = sum / n;
      double var = sq / n - m->mean[i] * m->mean[i];
      m->scale[i] = var > 1e-18 ? sqrt (var) : 1;
    }
  return g_steal_pointer (&m);
}

SlCalModel *
sl_cal_fit (const SlCalSample *s, guint n, int n_features, int order, GError **error)
{
  g_return_val_if_fail (n_features >= 1 && n_features <= SL_CAL_MAX_FEATURES, NULL);
  g_return_val_if_fail (order == 1 || order == 2, NULL);
  int p = n_terms (n_features, order);
  if ((int)n < p + 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("A fit of order %d over %d features needs more than %d samples; there "
                      "are %u."),
                   order, n_features, p, n);
      return NULL;
    }
  g_autoptr (SlCalModel) m = standardised (s, n, n_features, order, error);
  if (m == NULL)
    return NULL;

  gsl_set_error_handler_off ();
  gsl_matrix *X = gsl_matrix_alloc (n, p);
  gsl_vector *yx = gsl_vector_alloc (n), *yy = gsl_vector_alloc (n);
  gsl_vector *cx = gsl_vector_alloc (p), *cy = gsl_vector_alloc (p);
  gsl_matrix *cov = gsl_matrix_alloc (p, p);
  gsl_multifit_linear_workspace *work = gsl_multifit_linear_alloc (n, p);
  double t[MAX_TERMS];
  for (guint k = 0; k < n; k++)
    {
      terms (m, s[k].f, t);
      for (int j = 0; j < p; j++)
        gsl_matrix_set (X, k, j, t[j]);
      gsl_vector_set (yx, k, s[k].x);
      gsl_vector_set (yy, k, s[k].y);
    }
  double chisq;
  size_t rank_x = 0, rank_y = 0;
  int rc = gsl_multifit_linear_tsvd (X, yx, 1e-9, cx, cov, &chisq, &rank_x, work);
  if (rc == GSL_SUCCESS)
    rc = gsl_multifit_linear_tsvd (X, yy, 1e-9, cy, cov, &chisq, &rank_y, work);
  for (int j = 0; j < p && rc == GSL_SUCCESS; j++)
    {
      m->cx[j] = gsl_vector_get (cx, j);
      m->cy[j] = gsl_vector_get (cy, j);
    }
  gsl_multifit_linear_free (work);
  gsl_matrix_free (cov);
  gsl_vector_free (cx);
  gsl_vector_free (cy);
  gsl_vector_free (yx);
  gsl_vector_free (yy);
  gsl_matrix_free (X);
  if (rc != GSL_SUCCESS)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("The least-squares fit failed: %s"),
                   gsl_strerror (rc));
      return NULL;
    }
  return g_steal_pointer (&m);
}

void
sl_cal_predict (const SlCalModel *m, const double *f, double *x, double *y)
{
  double t[MAX_TERMS];
  terms (m, f, t);
  double sx = 0, sy = 0;
  for (int j = 0; j < m->n_terms; j++)
    {
      sx += m->cx[j] * t[j];
      sy += m->cy[j] * t[j];
    }
  *x = sx;
  *y = sy;
}

/* The prediction of @t's samples by a fit made without them, the slow and
 * exact way: a fit of its own (its own standardisation, truncated SVD). */
static gboolean
fold_by_refit (const SlCalSample *s, guint n, int n_features, int order, int t, GArray *rest,
               SlCalTargetError *e, GError **error)
{
  g_array_set_size (rest, 0);
  for (guint k = 0; k < n; k++)
    if (s[k].target != t)
      g_array_append_val (rest, s[k]);
  g_autoptr (SlCalModel) m
      = sl_cal_fit ((const SlCalSample *)rest->data, rest->len, n_features, order, error);
  if (m == NULL)
    return FALSE;
  e->px = e->py = 0;
  for (guint k = 0; k < n; k++)
    if (s[k].target == t)
      {
        double x, y;
        sl_cal_predict (m, s[k].f, &x, &y);
        e->px += x / e->samples;
        e->py += y / e->samples;
      }
  return TRUE;
}

/* Each fold's least squares from the whole set's normal equations less the
 * left-out target's share: O(samples + targets) fits instead of O(samples
 * × targets).  The polynomial's span does not change under the affine
 * standardisation a fold would make of its own, so one standardisation
 * serves every fold and the predictions are those of a fit made without
 * the target.  A fold whose system is near singular (collinear features:
 * the truncated SVD's case) is fitted the exact way instead. */
GArray *
sl_cal_leave_one_target_out (const SlCalSample *s, guint n, int n_features, int order,
                             GError **error)
{
  int n_targets = 0;
  for (guint k = 0; k < n; k++)
    n_targets = MAX (n_targets, s[k].target + 1);
  if (n_targets < 4)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Leaving one target out needs at least 4 targets; there are %d."), n_targets);
      return NULL;
    }
  /* The whole set's standardisation, as sl_cal_fit makes it. */
  if ((int)n < n_terms (n_features, order) + 1)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("A fit of order %d over %d features needs more than %d samples; there "
                      "are %u."),
                   order, n_features, n_terms (n_features, order), n);
      return NULL;
    }
  g_autoptr (SlCalModel) base = standardised (s, n, n_features, order, error);
  if (base == NULL)
    return NULL;
  int p = base->n_terms;
  gsize pp = (gsize)p * p;
  g_autofree double *gram = g_new0 (double, pp);
  g_autofree double *b = g_new0 (double, 2 * p);
  /* The samples by target (a counting sort), so each target's share is
   * summed from its own samples: memory stays O(samples). */
  g_autofree guint *first = g_new0 (guint, (gsize)n_targets + 1);
  g_autofree guint *order_by = g_new (guint, MAX (n, 1));
  double t[MAX_TERMS];
  for (guint k = 0; k < n; k++)
    {
      if (s[k].target >= 0)
        first[s[k].target + 1]++;
      terms (base, s[k].f, t);
      for (int i = 0; i < p; i++)
        {
          for (int j = 0; j <= i; j++)
            gram[i * p + j] += t[i] * t[j];
          b[i] += t[i] * s[k].x;
          b[p + i] += t[i] * s[k].y;
        }
    }
  for (int tg = 0; tg < n_targets; tg++)
    first[tg + 1] += first[tg];
  {
    g_autofree guint *fill = g_memdup2 (first, sizeof (guint) * ((gsize)n_targets + 1));
    for (guint k = 0; k < n; k++)
      if (s[k].target >= 0)
        order_by[fill[s[k].target]++] = k;
  }
  g_autofree double *g = g_new (double, pp);
  double bt[2 * MAX_TERMS];

  gsl_set_error_handler_off ();
  gsl_matrix *a = gsl_matrix_alloc (p, p);
  gsl_vector *rhs = gsl_vector_alloc (p), *cx = gsl_vector_alloc (p), *cy = gsl_vector_alloc (p);
  gsl_vector *work = gsl_vector_alloc (3 * p);
  g_autoptr (GArray) out = g_array_new (FALSE, TRUE, sizeof (SlCalTargetError));
  g_autoptr (GArray) rest = g_array_new (FALSE, FALSE, sizeof (SlCalSample));
  gboolean ok = TRUE;
  for (int tg = 0; tg < n_targets && ok; tg++)
    {
      guint from = first[tg], to = first[tg + 1];
      if (to == from)
        continue;
      const SlCalSample *one = &s[order_by[from]];
      SlCalTargetError e = { tg, one->x, one->y, (int)(to - from), 0, 0, NAN };
      memset (g, 0, sizeof (double) * pp);
      memset (bt, 0, sizeof bt);
      for (guint q = from; q < to; q++)
        {
          const SlCalSample *sk = &s[order_by[q]];
          terms (base, sk->f, t);
          for (int i = 0; i < p; i++)
            {
              for (int j = 0; j <= i; j++)
                g[i * p + j] += t[i] * t[j];
              bt[i] += t[i] * sk->x;
              bt[p + i] += t[i] * sk->y;
            }
        }
      for (int i = 0; i < p; i++)
        for (int j = 0; j <= i; j++)
          {
            double v = gram[i * p + j] - g[i * p + j];
            gsl_matrix_set (a, i, j, v);
            gsl_matrix_set (a, j, i, v);
          }
      double rcond = 0;
      gboolean solved = n - (to - from) > (guint)p && gsl_linalg_cholesky_decomp1 (a) == GSL_SUCCESS
                        && gsl_linalg_cholesky_rcond (a, &rcond, work) == GSL_SUCCESS
                        && rcond > 1e-13;
      for (int axis = 0; solved && axis < 2; axis++)
        {
          for (int i = 0; i < p; i++)
            gsl_vector_set (rhs, i, b[axis * p + i] - bt[axis * p + i]);
          solved = gsl_linalg_cholesky_solve (a, rhs, axis == 0 ? cx : cy) == GSL_SUCCESS;
        }
      for (guint q = from; solved && q < to; q++)
        {
          terms (base, s[order_by[q]].f, t);
          double x = 0, y = 0;
          for (int j = 0; j < p; j++)
            {
              x += gsl_vector_get (cx, j) * t[j];
              y += gsl_vector_get (cy, j) * t[j];
            }
          e.px += x / e.samples;
          e.py += y / e.samples;
        }
      if (!solved)
        ok = fold_by_refit (s, n, n_features, order, tg, rest, &e, error);
      e.error_px = hypot (e.px - e.x, e.py - e.y);
      if (ok && !isfinite (e.error_px))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("The fit without target %d gives no finite estimate: the features are "
                          "too large or degenerate."),
                       tg + 1);
          ok = FALSE;
        }
      if (ok)
        g_array_append_val (out, e);
    }
  gsl_matrix_free (a);
  gsl_vector_free (rhs);
  gsl_vector_free (cx);
  gsl_vector_free (cy);
  gsl_vector_free (work);
  return ok ? g_steal_pointer (&out) : NULL;
}

GArray *
sl_cal_read_features (const char *path, int *n_features, char ***feature_names, GError **error)
{
  g_autofree char *text = sl_text_read_file (path, SL_CAL_MAX_CSV_BYTES, NULL, error);
  if (text == NULL)
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto (GStrv) header = lines[0] ? g_strsplit (g_strstrip (lines[0]), ",", -1) : NULL;
  int px = -1, py = -1;
  for (int i = 0; header != NULL && header[i] != NULL; i++)
    {
      g_strstrip (header[i]);
      if (g_str_equal (header[i], "point_x"))
        px = i;
      else if (g_str_equal (header[i], "point_y"))
        py = i;
    }
  if (px < 1 || py != px + 1 || px > SL_CAL_MAX_FEATURES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s: the first line must name the feature columns, then point_x and "
                      "point_y (at most %d features)"),
                   path, SL_CAL_MAX_FEATURES);
      return NULL;
    }
  g_autoptr (GArray) out = g_array_new (FALSE, TRUE, sizeof (SlCalSample));
  int target = -1;
  double last_x = NAN, last_y = NAN;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line == '\0')
        continue;
      g_auto (GStrv) f = g_strsplit (line, ",", -1);
      if (g_strv_length (f) < (guint)py + 1)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s, line %u: %u columns, fewer than the header's"), path, i + 1,
                       g_strv_length (f));
          return NULL;
        }
      SlCalSample smp = { { 0 } };
      double v[SL_CAL_MAX_FEATURES + 2];
      for (int c = 0; c <= py; c++)
        {
          char *end = NULL;
          v[c] = g_ascii_strtod (g_strstrip (f[c]), &end);
          if (end == f[c] || *end != '\0' || !isfinite (v[c]))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("%s, line %u, column %d: “%.20s” is not a number"), path, i + 1,
                           c + 1, f[c]);
              return NULL;
            }
          /* Iris positions and screen points are pixels: far beyond any
           * screen or camera is a broken file, and would overflow the fit. */
          if (fabs (v[c]) > SL_CAL_MAX_VALUE)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("%s, line %u, column %d: %g is out of range (at most %g in size)"),
                           path, i + 1, c + 1, v[c], SL_CAL_MAX_VALUE);
              return NULL;
            }
        }
      for (int c = 0; c < px; c++)
        smp.f[c] = v[c];
      smp.x = v[px];
      smp.y = v[py];
      if (smp.x != last_x || smp.y != last_y)
        target++;
      last_x = smp.x;
      last_y = smp.y;
      smp.target = target;
      g_array_append_val (out, smp);
    }
  if (out->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("%s holds no samples"), path);
      return NULL;
    }
  *n_features = px;
  if (feature_names != NULL)
    {
      *feature_names = g_new0 (char *, px + 1);
      for (int c = 0; c < px; c++)
        (*feature_names)[c] = g_strdup (header[c]);
    }
  return g_steal_pointer (&out);
}
