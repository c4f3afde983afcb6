/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "base/sl-error.h"
#include "base/sl-event.h"
#include "base/sl-file-writer.h"
#include "base/sl-json.h"
#include "sl-cal-setup.h"

static gboolean invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_INPUT, message);
  return FALSE;
}

gboolean
sl_screen_geometry_check (const SlScreenGeometry *g, GError **error)
{
  if (g->width_px < 64 || g->height_px < 64 || g->width_px > 16384 || g->height_px > 16384)
    return invalid (error,
                    _ ("A screen of %d × %d pixels is not possible: each side is 64 to "
                       "16384 pixels."),
                    g->width_px, g->height_px);
  if (!(g->width_mm >= 50 && g->height_mm >= 50 && g->width_mm <= 5000 && g->height_mm <= 5000))
    return invalid (error,
                    _ ("A screen of %g × %g mm is not possible: each side is 50 to 5000 mm."),
                    g->width_mm, g->height_mm);
  double aspect = (g->width_mm / g->width_px) / (g->height_mm / g->height_px);
  if (aspect < 0.5 || aspect > 2)
    return invalid (error,
                    _ ("%d × %d pixels on %g × %g mm would make pixels %.1f times wider than "
                       "tall: check the sizes."),
                    g->width_px, g->height_px, g->width_mm, g->height_mm, aspect);
  if (!(g->distance_mm >= 100 && g->distance_mm <= 5000))
    return invalid (error, _ ("A viewing distance of %g mm is not possible: it is 100 to 5000 mm."),
                    g->distance_mm);
  if (!(fabs (g->camera_x_mm) <= 2000 && fabs (g->camera_y_mm) <= 2000))
    return invalid (error,
                    _ ("The camera at %g, %g mm from the screen's top centre is too far away: "
                       "within 2000 mm."),
                    g->camera_x_mm, g->camera_y_mm);
  return TRUE;
}

double
sl_screen_angle (const SlScreenGeometry *g, double x1, double y1, double x2, double y2)
{
  double sx = g->width_mm / g->width_px, sy = g->height_mm / g->height_px;
  double a[3] = { (x1 - g->width_px / 2.0) * sx, (y1 - g->height_px / 2.0) * sy, g->distance_mm };
  double b[3] = { (x2 - g->width_px / 2.0) * sx, (y2 - g->height_px / 2.0) * sy, g->distance_mm };
  double cx = a[1] * b[2] - a[2] * b[1], cy = a[2] * b[0] - a[0] * b[2],
         cz = a[0] * b[1] - a[1] * b[0];
  double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return atan2 (sqrt (cx * cx + cy * cy + cz * cz), dot) * 180 / G_PI;
}

static gboolean
near_rel (double a, double b, double tol)
{
  return fabs (a - b) <= tol * MAX (fabs (a), fabs (b));
}

gboolean
sl_screen_geometry_same_setup (const SlScreenGeometry *a, const SlScreenGeometry *b)
{
  return a->width_px == b->width_px && a->height_px == b->height_px
         && near_rel (a->width_mm, b->width_mm, 0.01) && near_rel (a->height_mm, b->height_mm, 0.01)
         && fabs (a->distance_mm - b->distance_mm) <= 50
         && hypot (a->camera_x_mm - b->camera_x_mm, a->camera_y_mm - b->camera_y_mm) <= 50;
}

int
sl_cal_layout_points (int layout, int width, int height, double *xy)
{
  /* Fractions of the screen. */
  static const double five[] = { 0.1, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9, 0.5, 0.5 };
  static const double nine[] = { 0.1, 0.1, 0.5, 0.1, 0.9, 0.1, 0.1, 0.5, 0.5,
                                 0.5, 0.9, 0.5, 0.1, 0.9, 0.5, 0.9, 0.9, 0.9 };
  static const double four[] = { 0.3, 0.3, 0.7, 0.3, 0.3, 0.7, 0.7, 0.7 };
  const double *f = layout == 5 ? five : layout == 9 ? nine : layout == 4 ? four : NULL;
  if (f == NULL)
    return 0;
  for (int i = 0; i < layout; i++)
    {
      xy[2 * i] = round (f[2 * i] * width);
      xy[2 * i + 1] = round (f[2 * i + 1] * height);
    }
  return layout;
}

static void
target_clear (gpointer p)
{
  SlCalTarget *t = p;
  g_free (t->id);
}

SlCalSchedule *
sl_cal_schedule_new (void)
{
  SlCalSchedule *s = g_new0 (SlCalSchedule, 1);
  s->targets = g_array_new (FALSE, TRUE, sizeof (SlCalTarget));
  g_array_set_clear_func (s->targets, target_clear);
  return s;
}

SlCalSchedule *
sl_cal_schedule_copy (const SlCalSchedule *s,
                      gboolean (*keep) (const SlCalTarget *target, gpointer data), gpointer data)
{
  SlCalSchedule *c = sl_cal_schedule_new ();
  c->geometry = s->geometry;
  c->has_geometry = s->has_geometry;
  c->layout = s->layout;
  for (guint i = 0; i < s->targets->len; i++)
    {
      SlCalTarget t = g_array_index (s->targets, SlCalTarget, i);
      if (keep != NULL && !keep (&t, data))
        continue;
      t.id = g_strdup (t.id);
      g_array_append_val (c->targets, t);
    }
  return c;
}

void
sl_cal_schedule_free (SlCalSchedule *s)
{
  if (s == NULL)
    return;
  g_array_unref (s->targets);
  g_free (s);
}

/* A number member; FALSE (and @error set) when present but not a number. */
static gboolean
get_number (JsonObject *o, const char *member, const char *where, double *value, gboolean *present,
            GError **error)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;
  *present = n != NULL && !JSON_NODE_HOLDS_NULL (n);
  if (!*present)
    return TRUE;
  GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return invalid (error, _ ("%s: “%s” must be a number"), where, member);
  *value = json_node_get_double (n);
  return TRUE;
}

static gboolean
require_number (JsonObject *o, const char *member, const char *where, double *value, GError **error)
{
  gboolean present;
  if (!get_number (o, member, where, value, &present, error))
    return FALSE;
  if (!present)
    return invalid (error, _ ("%s has no “%s”"), where, member);
  return TRUE;
}

void
sl_screen_geometry_to_json (const SlScreenGeometry *g, JsonBuilder *b)
{
  json_builder_set_member_name (b, "screen");
  json_builder_begin_object (b);
  sl_json_add_int (b, "width_px", g->width_px);
  sl_json_add_int (b, "height_px", g->height_px);
  sl_json_add_double (b, "width_mm", g->width_mm);
  sl_json_add_double (b, "height_mm", g->height_mm);
  json_builder_end_object (b);
  sl_json_add_double (b, "distance_mm", g->distance_mm);
  json_builder_set_member_name (b, "camera");
  json_builder_begin_object (b);
  sl_json_add_double (b, "x_mm", g->camera_x_mm);
  sl_json_add_double (b, "y_mm", g->camera_y_mm);
  json_builder_end_object (b);
}

gboolean
sl_screen_geometry_from_json (JsonObject *root, SlScreenGeometry *g, gboolean *has, GError **error)
{
  JsonNode *sn = json_object_get_member (root, "screen");
  *has = FALSE;
  if (sn == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (sn))
    return invalid (error, _ ("“screen” must be an object with width_px, height_px, width_mm "
                              "and height_mm"));
  JsonObject *so = json_node_get_object (sn);
  double w, h;
  if (!require_number (so, "width_px", "screen", &w, error)
      || !require_number (so, "height_px", "screen", &h, error)
      || !require_number (so, "width_mm", "screen", &g->width_mm, error)
      || !require_number (so, "height_mm", "screen", &g->height_mm, error)
      || !require_number (root, "distance_mm", _ ("The sidecar"), &g->distance_mm, error))
    return FALSE;
  g->width_px = (int)CLAMP (w, -1, 1e6);
  g->height_px = (int)CLAMP (h, -1, 1e6);
  JsonNode *cn = json_object_get_member (root, "camera");
  if (cn != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (cn))
        return invalid (error, _ ("“camera” must be an object with x_mm and y_mm"));
      JsonObject *co = json_node_get_object (cn);
      if (!require_number (co, "x_mm", "camera", &g->camera_x_mm, error)
          || !require_number (co, "y_mm", "camera", &g->camera_y_mm, error))
        return FALSE;
    }
  *has = TRUE;
  return TRUE;
}

SlCalSchedule *
sl_cal_schedule_load (const char *path, int layout, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) rn = sl_json_load_file (path, &local);
  if (rn == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("%s does not exist"), path);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("%s is not a calibration sidecar: %s"), path, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (rn))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s is not a calibration sidecar: it must hold one JSON object with "
                      "“targets” (docs/formats.md)"),
                   path);
      return NULL;
    }
  JsonObject *root = json_node_get_object (rn);
  g_autoptr (SlCalSchedule) s = sl_cal_schedule_new ();
  g_autoptr (GError) sub = NULL;
  double number;
  gboolean present;
  if (!sl_screen_geometry_from_json (root, &s->geometry, &s->has_geometry, &sub)
      || !get_number (root, "layout", _ ("The sidecar"), &number, &present, &sub))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, "%s: %s", path, sub->message);
      return NULL;
    }
  s->layout = layout != 0 ? layout : present ? (int)number : 0;
  if (s->layout != 0 && s->layout != 5 && s->layout != 9)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s: the layout is 5 or 9 points, not %d"), path, s->layout);
      return NULL;
    }

  JsonNode *tn = json_object_get_member (root, "targets");
  if (tn == NULL || !JSON_NODE_HOLDS_ARRAY (tn))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s: “targets” must be a list of targets, each with id, x, y, start_ms "
                      "and end_ms"),
                   path);
      return NULL;
    }
  JsonArray *ta = json_node_get_array (tn);
  int n_cal = 0, n_val = 0;
  for (guint i = 0; i < json_array_get_length (ta); i++)
    {
      JsonNode *en = json_array_get_element (ta, i);
      g_autofree char *where = g_strdup_printf (_ ("target %u"), i + 1);
      if (!JSON_NODE_HOLDS_OBJECT (en))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("%s: %s is not an object"), path,
                       where);
          return NULL;
        }
      JsonObject *o = json_node_get_object (en);
      SlCalTarget t = { 0 };
      JsonNode *idn = json_object_get_member (o, "id");
      if (idn != NULL && JSON_NODE_HOLDS_VALUE (idn)
          && json_node_get_value_type (idn) == G_TYPE_STRING)
        t.id = g_strdup (json_node_get_string (idn));
      else if (idn != NULL && JSON_NODE_HOLDS_VALUE (idn)
               && json_node_get_value_type (idn) == G_TYPE_INT64)
        t.id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (idn));
      else
        t.id = g_strdup_printf ("%u", i + 1);
      JsonNode *vn = json_object_get_member (o, "validation");
      t.validation = vn != NULL && JSON_NODE_HOLDS_VALUE (vn)
                     && json_node_get_value_type (vn) == G_TYPE_BOOLEAN
                     && json_node_get_boolean (vn);
      g_array_append_val (s->targets, t);
      SlCalTarget *tp = &g_array_index (s->targets, SlCalTarget, s->targets->len - 1);
      gboolean has_x, has_y;
      if (!require_number (o, "start_ms", where, &tp->start_ms, &sub)
          || !require_number (o, "end_ms", where, &tp->end_ms, &sub)
          || !get_number (o, "x", where, &tp->x, &has_x, &sub)
          || !get_number (o, "y", where, &tp->y, &has_y, &sub)
          || !get_number (o, "shown_ms", where, &tp->shown_ms, &tp->live, &sub))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, "%s: %s", path, sub->message);
          return NULL;
        }
      if (tp->live && !(tp->shown_ms >= 0 && tp->shown_ms <= tp->start_ms))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s: target “%s” was shown at %.0f ms, not before its samples began "
                          "(%.0f ms)"),
                       path, tp->id, tp->shown_ms, tp->start_ms);
          return NULL;
        }
      JsonNode *sn = json_object_get_member (o, "settled");
      tp->settled = sn != NULL && JSON_NODE_HOLDS_VALUE (sn)
                    && json_node_get_value_type (sn) == G_TYPE_BOOLEAN
                    && json_node_get_boolean (sn);
      int k = tp->validation ? n_val++ : n_cal++;
      if (!has_x || !has_y)
        {
          int lay = tp->validation ? SL_CAL_LAYOUT_VALIDATION : s->layout;
          double xy[18];
          if (lay == 0 || !s->has_geometry)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("%s: target “%s” has no x and y, and there is no layout and "
                              "screen to place it"),
                           path, tp->id);
              return NULL;
            }
          int n = sl_cal_layout_points (lay, s->geometry.width_px, s->geometry.height_px, xy);
          if (k >= n)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("%s: target “%s” has no x and y, and the %d-point layout has "
                              "only %d"),
                           path, tp->id, lay, n);
              return NULL;
            }
          tp->x = xy[2 * k];
          tp->y = xy[2 * k + 1];
        }
    }
  return g_steal_pointer (&s);
}

gboolean
sl_cal_schedule_save (const SlCalSchedule *s, const char *path, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  sl_screen_geometry_to_json (&s->geometry, b);
  if (s->layout != 0)
    sl_json_add_int (b, "layout", s->layout);
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, t->id);
      sl_json_add_double (b, "x", t->x);
      sl_json_add_double (b, "y", t->y);
      sl_json_add_double (b, "start_ms", t->start_ms);
      sl_json_add_double (b, "end_ms", t->end_ms);
      if (t->validation)
        {
          json_builder_set_member_name (b, "validation");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (t->live)
        {
          sl_json_add_double (b, "shown_ms", t->shown_ms);
          json_builder_set_member_name (b, "settled");
          json_builder_add_boolean_value (b, t->settled);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = json_to_string (root, TRUE);
  return sl_file_write_private (path, text, strlen (text), error);
}

gboolean
sl_cal_schedule_check (const SlCalSchedule *s, double duration_s, GError **error)
{
  const SlScreenGeometry *g = &s->geometry;
  if (!sl_screen_geometry_check (g, error))
    return FALSE;
  int n_cal = 0;
  const SlCalTarget *prev = NULL;
  for (guint i = 0; i < s->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      if (!(t->x >= 0 && t->y >= 0 && t->x < g->width_px && t->y < g->height_px))
        return invalid (error, _ ("Target “%s” at %g, %g is off the %d × %d screen."), t->id, t->x,
                        t->y, g->width_px, g->height_px);
      if (!(t->start_ms >= 0 && t->end_ms > t->start_ms))
        return invalid (error,
                        _ ("Target “%s” is shown from %g to %g ms: times start at 0 and a "
                           "target ends after it starts."),
                        t->id, t->start_ms, t->end_ms);
      if (duration_s > 0 && t->end_ms > duration_s * 1000 + 1)
        return invalid (error, _ ("Target “%s” ends at %.1f s, after the recording ends (%.1f s)."),
                        t->id, t->end_ms / 1000, duration_s);
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (g_array_index (s->targets, SlCalTarget, j).id, t->id) == 0)
          return invalid (error, _ ("Two targets are called “%s”."), t->id);
      if (prev != NULL && t->start_ms < prev->end_ms)
        return invalid (error,
                        _ ("Targets “%s” (%g–%g ms) and “%s” (%g–%g ms) overlap, or are not in "
                           "time order."),
                        prev->id, prev->start_ms, prev->end_ms, t->id, t->start_ms, t->end_ms);
      prev = t;
      n_cal += !t->validation;
    }
  if (n_cal < 4)
    return invalid (error,
                    _ ("A calibration needs at least 4 calibration targets; the schedule has %d."),
                    n_cal);
  return TRUE;
}

static int
by_start (gconstpointer a, gconstpointer b)
{
  const SlEvent *x = *(SlEvent *const *)a, *y = *(SlEvent *const *)b;
  return (x->start_s > y->start_s) - (x->start_s < y->start_s);
}

static int
by_duration (gconstpointer a, gconstpointer b)
{
  const SlEvent *x = *(SlEvent *const *)a, *y = *(SlEvent *const *)b;
  double dx = x->end_s - x->start_s, dy = y->end_s - y->start_s;
  return (dx < dy) - (dx > dy);
}

int
sl_cal_schedule_propose (SlCalSchedule *s, const GPtrArray *events)
{
  g_autoptr (GPtrArray) fix = g_ptr_array_new ();
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      SlEvent *e = events->pdata[i];
      if (g_strcmp0 (e->kind, "fixation") == 0 && e->end_s > e->start_s)
        g_ptr_array_add (fix, e);
    }
  if (fix->len == 0)
    return 0;
  gboolean any_range = FALSE;
  for (guint i = 0; i < s->targets->len; i++)
    any_range |= g_array_index (s->targets, SlCalTarget, i).end_ms > 0;

  int moved = 0;
  if (!any_range)
    {
      /* The longest fixations, one per calibration target, in time order. */
      guint n_cal = 0;
      for (guint i = 0; i < s->targets->len; i++)
        n_cal += !g_array_index (s->targets, SlCalTarget, i).validation;
      g_ptr_array_sort (fix, by_duration);
      g_ptr_array_set_size (fix, MIN (fix->len, n_cal));
      g_ptr_array_sort (fix, by_start);
      guint k = 0;
      for (guint i = 0; i < s->targets->len && k < fix->len; i++)
        {
          SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
          if (t->validation)
            continue;
          const SlEvent *e = fix->pdata[k++];
          t->start_ms = round (e->start_s * 1000);
          t->end_ms = round (e->end_s * 1000);
          moved++;
        }
      return moved;
    }

  double floor_ms = 0;
  for (guint i = 0; i < s->targets->len; i++)
    {
      SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      const SlEvent *best = NULL;
      for (guint k = 0; k < fix->len; k++)
        {
          const SlEvent *e = fix->pdata[k];
          double a = e->start_s * 1000, b = e->end_s * 1000;
          if (b < t->start_ms - 500 || a > t->end_ms + 500 || b <= floor_ms)
            continue;
          if (best == NULL || e->end_s - e->start_s > best->end_s - best->start_s)
            best = e;
        }
      if (best != NULL)
        {
          double a = MAX (round (best->start_s * 1000), floor_ms);
          double b = round (best->end_s * 1000);
          /* Stay clear of the next target's range as given. */
          if (i + 1 < s->targets->len)
            b = MIN (b, MAX (g_array_index (s->targets, SlCalTarget, i + 1).start_ms - 1, a + 1));
          if (b > a && (a != t->start_ms || b != t->end_ms))
            {
              t->start_ms = a;
              t->end_ms = b;
              moved++;
            }
        }
      floor_ms = MAX (floor_ms, t->end_ms + 1);
    }
  return moved;
}
