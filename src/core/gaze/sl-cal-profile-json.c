/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A calibration profile as JSON (docs/formats.md), and applying, saving
 * and loading it through the library.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "base/sl-json.h"
#include "sl-cal-profile-private.h"

/* ---- the profile as JSON -------------------------------------------------- */

/* The members a target and the head range are written and read as: one
 * list for both directions. */
typedef enum
{
  MEMBER_DOUBLE, /* null when not finite; NaN when absent */
  MEMBER_INT,    /* int; 0 when absent */
  MEMBER_INT64,  /* gint64; −1 when absent */
  MEMBER_BOOL,   /* FALSE when absent */
} MemberKind;

typedef struct
{
  const char *name;
  size_t offset;
  MemberKind kind;
} Member;

#define POINT(field, name, kind)                                                                   \
  {                                                                                                \
    name, G_STRUCT_OFFSET (SlCalPoint, field), kind                                                \
  }
static const Member point_members[] = {
  POINT (x, "x", MEMBER_DOUBLE),
  POINT (y, "y", MEMBER_DOUBLE),
  POINT (validation, "validation", MEMBER_BOOL),
  POINT (start_ms, "start_ms", MEMBER_DOUBLE),
  POINT (end_ms, "end_ms", MEMBER_DOUBLE),
  POINT (frames, "frames", MEMBER_INT),
  POINT (no_face, "no_face", MEMBER_INT),
  POINT (closed, "closed", MEMBER_INT),
  POINT (no_pupil, "no_pupil", MEMBER_INT),
  POINT (samples, "samples", MEMBER_INT),
  POINT (outliers, "outliers", MEMBER_INT),
  POINT (too_few, "too_few", MEMBER_BOOL),
  POINT (accuracy_deg, "accuracy_deg", MEMBER_DOUBLE),
  POINT (in_sample_deg, "in_sample_deg", MEMBER_DOUBLE),
  POINT (precision_deg, "precision_deg", MEMBER_DOUBLE),
  POINT (ex, "estimate_x", MEMBER_DOUBLE),
  POINT (ey, "estimate_y", MEMBER_DOUBLE),
  POINT (first_frame, "first_frame", MEMBER_INT64),
  POINT (last_frame, "last_frame", MEMBER_INT64),
};
#undef POINT

#define HEAD(field, name)                                                                          \
  {                                                                                                \
    name, G_STRUCT_OFFSET (SlCalProfile, field), MEMBER_DOUBLE                                     \
  }
static const Member head_members[] = {
  HEAD (yaw_min, "yaw_min"),     HEAD (yaw_max, "yaw_max"),      HEAD (pitch_min, "pitch_min"),
  HEAD (pitch_max, "pitch_max"), HEAD (face_min, "face_min_px"), HEAD (face_max, "face_max_px"),
};
#undef HEAD

static double get_number (JsonObject *o, const char *name);

static void
write_members (JsonBuilder *b, const void *base, const Member *members, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const void *at = (const char *)base + members[i].offset;
      switch (members[i].kind)
        {
        case MEMBER_DOUBLE:
          sl_json_add_double (b, members[i].name, *(const double *)at);
          break;
        case MEMBER_INT:
          sl_json_add_int (b, members[i].name, *(const int *)at);
          break;
        case MEMBER_INT64:
          sl_json_add_int (b, members[i].name, *(const gint64 *)at);
          break;
        case MEMBER_BOOL:
          json_builder_set_member_name (b, members[i].name);
          json_builder_add_boolean_value (b, *(const gboolean *)at);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* @o may be NULL: every member takes its absent value. */
static void
read_members (JsonObject *o, void *base, const Member *members, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      void *at = (char *)base + members[i].offset;
      const char *name = members[i].name;
      switch (members[i].kind)
        {
        case MEMBER_DOUBLE:
          *(double *)at = get_number (o, name);
          break;
        case MEMBER_INT:
          *(int *)at = o != NULL ? (int)json_object_get_int_member_with_default (o, name, 0) : 0;
          break;
        case MEMBER_INT64:
          *(gint64 *)at = o != NULL ? json_object_get_int_member_with_default (o, name, -1) : -1;
          break;
        case MEMBER_BOOL:
          *(gboolean *)at
              = o != NULL && json_object_get_boolean_member_with_default (o, name, FALSE);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

char *
sl_cal_profile_to_json (const SlCalProfile *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  sl_json_add_int (b, "format", 1);
  sl_screen_geometry_to_json (&p->geometry, b);
  sl_json_add_int (b, "layout", p->layout);
  sl_json_add_int (b, "order", p->options.order);
  sl_json_add_double (b, "outlier_deg", p->options.outlier_deg);
  sl_json_add_int (b, "min_samples", p->options.min_samples);
  json_builder_set_member_name (b, "models");
  json_builder_begin_object (b);
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    if (p->models[fit] != NULL)
      {
        json_builder_set_member_name (b, sl_cal_fit_name (fit));
        sl_cal_model_to_json (p->models[fit], b);
      }
  json_builder_end_object (b);
  sl_json_add_double (b, "accuracy_deg", p->accuracy_deg);
  sl_json_add_double (b, "precision_deg", p->precision_deg);
  if (p->has_region)
    {
      json_builder_set_member_name (b, "region");
      json_builder_begin_array (b);
      for (int k = 0; k < 4; k++)
        json_builder_add_double_value (b, p->region[k]);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "accuracy_from");
  json_builder_add_string_value (b, p->by_validation ? "validation" : "leave-one-target-out");
  json_builder_set_member_name (b, "fit_accuracy_deg");
  json_builder_begin_object (b);
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    sl_json_add_double (b, sl_cal_fit_name (fit), p->fit_accuracy_deg[fit]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "head_range");
  json_builder_begin_object (b);
  write_members (b, p, head_members, G_N_ELEMENTS (head_members));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "points");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, pt->id);
      write_members (b, pt, point_members, G_N_ELEMENTS (point_members));
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        {
          g_autofree char *name = g_strdup_printf ("accuracy_%s_deg", sl_cal_fit_name (fit));
          sl_json_add_double (b, name, pt->fit_accuracy_deg[fit]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (p->versions != NULL)
    {
      json_builder_set_member_name (b, "versions");
      g_autoptr (JsonNode) v = sl_json_parse (p->versions, -1, NULL);
      if (v != NULL)
        json_builder_add_value (b, g_steal_pointer (&v));
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static double
get_number (JsonObject *o, const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NAN;
  GType t = json_node_get_value_type (n);
  return t == G_TYPE_DOUBLE || t == G_TYPE_INT64 ? json_node_get_double (n) : NAN;
}

static JsonObject *
get_object (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

SlCalProfile *
sl_cal_profile_from_json (const char *json, GError **error)
{
  g_autoptr (JsonNode) root = sl_json_parse (json, -1, NULL);
  JsonObject *o
      = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *models = o != NULL ? get_object (o, "models") : NULL;
  JsonNode *points = o != NULL ? json_object_get_member (o, "points") : NULL;
  g_autoptr (SlCalProfile) p = sl_cal_profile_new ();
  gboolean has_screen = FALSE;
  g_autoptr (GError) sub = NULL;
  if (o == NULL || !sl_screen_geometry_from_json (o, &p->geometry, &has_screen, &sub) || !has_screen
      || models == NULL || points == NULL || !JSON_NODE_HOLDS_ARRAY (points))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("A stored calibration profile is damaged: it lacks its screen, mapping "
                      "or points."));
      return NULL;
    }
  if (!sl_screen_geometry_check (&p->geometry, &sub))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("A stored calibration profile is damaged: %s"), sub->message);
      return NULL;
    }
  p->layout = (int)json_object_get_int_member_with_default (o, "layout", 0);
  p->options.order = (int)json_object_get_int_member_with_default (o, "order", 2);
  p->options.outlier_deg = get_number (o, "outlier_deg");
  p->options.min_samples = (int)json_object_get_int_member_with_default (o, "min_samples", 5);
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    {
      JsonNode *m = json_object_get_member (models, sl_cal_fit_name (fit));
      if (m == NULL)
        continue;
      p->models[fit] = sl_cal_model_from_json (m, error);
      if (p->models[fit] == NULL)
        return NULL;
      if (sl_cal_model_features (p->models[fit]) != sl_cal_fit_n_features (fit))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                       _ ("A stored calibration profile is damaged: its %s mapping has %d "
                          "features."),
                       sl_cal_fit_name (fit), sl_cal_model_features (p->models[fit]));
          return NULL;
        }
    }
  if (!sl_cal_have_model (p->models))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("A stored calibration profile is damaged: it has no mapping."));
      return NULL;
    }
  p->accuracy_deg = get_number (o, "accuracy_deg");
  p->precision_deg = get_number (o, "precision_deg");
  JsonNode *region = json_object_get_member (o, "region");
  if (region != NULL && JSON_NODE_HOLDS_ARRAY (region)
      && json_array_get_length (json_node_get_array (region)) == 4)
    {
      p->has_region = TRUE;
      for (int k = 0; k < 4; k++)
        p->region[k] = json_array_get_double_element (json_node_get_array (region), k);
      p->has_region = p->region[2] > 0 && p->region[3] > 0;
    }
  p->by_validation = g_strcmp0 (json_object_get_string_member_with_default (o, "accuracy_from", ""),
                                "validation")
                     == 0;
  JsonObject *fa = get_object (o, "fit_accuracy_deg");
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    p->fit_accuracy_deg[fit] = get_number (fa, sl_cal_fit_name (fit));
  JsonObject *hr = get_object (o, "head_range");
  read_members (hr, p, head_members, G_N_ELEMENTS (head_members));
  JsonArray *pa = json_node_get_array (points);
  for (guint i = 0; i < json_array_get_length (pa); i++)
    {
      JsonNode *e = json_array_get_element (pa, i);
      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      JsonObject *po = json_node_get_object (e);
      SlCalPoint pt = { 0 };
      pt.id = g_strdup (json_object_get_string_member_with_default (po, "id", "?"));
      read_members (po, &pt, point_members, G_N_ELEMENTS (point_members));
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        {
          g_autofree char *name = g_strdup_printf ("accuracy_%s_deg", sl_cal_fit_name (fit));
          pt.fit_accuracy_deg[fit] = get_number (po, name);
        }
      g_array_append_val (p->points, pt);
    }
  JsonNode *versions = json_object_get_member (o, "versions");
  if (versions != NULL)
    p->versions = json_to_string (versions, FALSE);
  return g_steal_pointer (&p);
}

/* ---- applying and storing ------------------------------------------------- */

GArray *
sl_cal_profile_apply (const SlCalProfile *p, const GArray *frames)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (SlGazePoint), frames->len);
  const SlScreenGeometry *g = &p->geometry;
  for (guint i = 0; i < frames->len; i++)
    {
      const SlGazeFrame *f = &g_array_index (frames, SlGazeFrame, i);
      SlGazePoint gp = { f->frame, f->time_s, NAN, NAN, FALSE, 0, FALSE, SL_CAL_BINOCULAR };
      if (f->face && !f->closed && sl_cal_predict_with (p->models, f, &gp.x, &gp.y, &gp.fit))
        {
          gp.on_screen = gp.x >= 0 && gp.y >= 0 && gp.x < g->width_px && gp.y < g->height_px;
          double c0 = isfinite (f->confidence[0]) ? f->confidence[0] : 0;
          double c1 = isfinite (f->confidence[1]) ? f->confidence[1] : 0;
          gp.confidence = gp.fit == SL_CAL_BINOCULAR ? (c0 + c1) / 2
                          : gp.fit == SL_CAL_LEFT    ? c0
                                                     : c1;
          double yaw = f->f[SL_GF_YAW], pitch = f->f[SL_GF_PITCH];
          gp.in_range = yaw >= p->yaw_min - RANGE_MARGIN_DEG && yaw <= p->yaw_max + RANGE_MARGIN_DEG
                        && pitch >= p->pitch_min - RANGE_MARGIN_DEG
                        && pitch <= p->pitch_max + RANGE_MARGIN_DEG
                        && (!isfinite (p->face_min)
                            || (f->face_width >= p->face_min / RANGE_MARGIN_SIZE
                                && f->face_width <= p->face_max * RANGE_MARGIN_SIZE));
        }
      g_array_append_val (out, gp);
    }
  return out;
}

gboolean
sl_cal_profile_save (SlCalProfile *p, SlStore *store, GError **error)
{
  g_autofree char *json = sl_cal_profile_to_json (p);
  SlStoredCalibration c
      = { 0, p->session_id, p->run_id, p->name, NULL, p->accuracy_deg, p->precision_deg, json };
  gint64 id = sl_store_add_calibration (store, &c, p->session_id != 0, error);
  if (id == 0)
    return FALSE;
  p->id = id;
  return TRUE;
}

gboolean
sl_cal_profile_update (const SlCalProfile *p, SlStore *store, GError **error)
{
  g_return_val_if_fail (p->id != 0, FALSE);
  g_autofree char *json = sl_cal_profile_to_json (p);
  return sl_store_update_calibration (store, p->id, json, error);
}

SlCalProfile *
sl_cal_profile_load (SlStore *store, gint64 id, GError **error)
{
  g_autoptr (SlStoredCalibration) c = sl_store_get_calibration (store, id, error);
  if (c == NULL)
    return NULL;
  SlCalProfile *p = sl_cal_profile_from_json (c->profile, error);
  if (p == NULL)
    return NULL;
  p->id = c->id;
  p->session_id = c->session_id;
  p->run_id = c->run_id;
  p->name = g_strdup (c->name);
  p->created_at = g_strdup (c->created_at);
  return p;
}
