/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-explanation.h"
#include "sl-json.h"

static void
clear_input (gpointer p)
{
  SlExplInput *i = p;
  g_free (i->signal);
  g_free (i->stat);
  g_free (i->unit);
  g_free (i->relation);
}

static void
clear_threshold (gpointer p)
{
  SlExplThreshold *t = p;
  g_free (t->param);
  g_free (t->unit);
  g_free (t->relation);
  g_free (t->signal);
}

static void
clear_part (gpointer p)
{
  g_free (((SlExplPart *)p)->name);
}

static void
clear_evidence (gpointer p)
{
  SlExplEvidence *e = p;
  g_free (e->role);
  g_free (e->reason);
}

static void
clear_change (gpointer p)
{
  SlExplChange *c = p;
  g_free (c->param);
  g_free (c->relation);
}

static void
clear_param (gpointer p)
{
  g_free (((SlExplParam *)p)->name);
}

static GArray *
array_of (gsize size, GDestroyNotify clear)
{
  GArray *a = g_array_new (FALSE, TRUE, (guint)size);
  g_array_set_clear_func (a, clear);
  return a;
}

SlExplanation *
sl_explanation_new (const char *subject, const char *kind)
{
  SlExplanation *x = g_new0 (SlExplanation, 1);
  x->version = SL_EXPLANATION_VERSION;
  x->subject = g_strdup (subject);
  x->kind = g_strdup (kind);
  x->value = NAN;
  x->value_unit = g_strdup ("1");
  x->frames = -1;
  x->inputs = array_of (sizeof (SlExplInput), clear_input);
  x->thresholds = array_of (sizeof (SlExplThreshold), clear_threshold);
  x->parts = array_of (sizeof (SlExplPart), clear_part);
  x->parts_total = NAN;
  x->evidence = array_of (sizeof (SlExplEvidence), clear_evidence);
  x->changes = array_of (sizeof (SlExplChange), clear_change);
  x->params = array_of (sizeof (SlExplParam), clear_param);
  x->details = json_object_new ();
  return x;
}

void
sl_explanation_free (SlExplanation *x)
{
  if (x == NULL)
    return;
  g_free (x->subject);
  g_free (x->kind);
  g_free (x->value_unit);
  g_array_unref (x->inputs);
  g_array_unref (x->thresholds);
  g_array_unref (x->parts);
  g_array_unref (x->evidence);
  g_array_unref (x->changes);
  g_array_unref (x->params);
  g_free (x->processor);
  g_free (x->processor_version);
  json_object_unref (x->details);
  g_free (x);
}

void
sl_explanation_add_input (SlExplanation *x, const char *signal, const char *stat, double value,
                          const char *unit)
{
  SlExplInput i
      = { g_strdup (signal), g_strdup (stat), value, g_strdup (unit ? unit : "1"), NAN, NULL };
  g_array_append_val (x->inputs, i);
}

void
sl_explanation_set_limit (SlExplanation *x, double limit, const char *relation)
{
  g_return_if_fail (x->inputs->len > 0);
  SlExplInput *i = &g_array_index (x->inputs, SlExplInput, x->inputs->len - 1);
  i->limit = limit;
  g_free (i->relation);
  i->relation = g_strdup (relation);
}

void
sl_explanation_add_threshold (SlExplanation *x, const char *param, double value, double observed,
                              const char *unit, const char *relation, const char *signal)
{
  SlExplThreshold t = { g_strdup (param),
                        value,
                        observed,
                        g_strdup (unit ? unit : "1"),
                        g_strdup (relation ? relation : "above"),
                        g_strdup (signal) };
  g_array_append_val (x->thresholds, t);
}

void
sl_explanation_add_part (SlExplanation *x, const char *name, double part)
{
  SlExplPart p = { g_strdup (name), part };
  g_array_append_val (x->parts, p);
  x->parts_total = (x->parts->len == 1 ? 0 : x->parts_total) + part;
}

void
sl_explanation_add_evidence (SlExplanation *x, const char *role, gint64 first, gint64 last,
                             double start_s, double end_s)
{
  SlExplEvidence e = { g_strdup (role), first, last, start_s, end_s, NULL, NAN };
  g_array_append_val (x->evidence, e);
}

void
sl_explanation_set_evidence_reason (SlExplanation *x, const char *reason, double value)
{
  g_return_if_fail (x->evidence->len > 0);
  SlExplEvidence *e = &g_array_index (x->evidence, SlExplEvidence, x->evidence->len - 1);
  g_free (e->reason);
  e->reason = g_strdup (reason);
  e->value = value;
}

void
sl_explanation_add_change (SlExplanation *x, const char *param, const char *relation, double value)
{
  SlExplChange c = { g_strdup (param), g_strdup (relation), value };
  g_array_append_val (x->changes, c);
}

void
sl_explanation_set_processor (SlExplanation *x, const char *id, const char *version)
{
  g_free (x->processor);
  g_free (x->processor_version);
  x->processor = g_strdup (id);
  x->processor_version = g_strdup (version);
}

void
sl_explanation_add_param (SlExplanation *x, const char *name, double value)
{
  SlExplParam p = { g_strdup (name), value };
  g_array_append_val (x->params, p);
}

double
sl_expl_threshold_margin (const SlExplThreshold *t)
{
  return t->observed - t->value;
}

gboolean
sl_expl_threshold_met (const SlExplThreshold *t)
{
  return g_strcmp0 (t->relation, "below") == 0 ? t->observed <= t->value : t->observed >= t->value;
}

const SlExplInput *
sl_explanation_find_input (const SlExplanation *x, const char *signal)
{
  for (guint i = 0; i < x->inputs->len; i++)
    if (g_strcmp0 (g_array_index (x->inputs, SlExplInput, i).signal, signal) == 0)
      return &g_array_index (x->inputs, SlExplInput, i);
  return NULL;
}

double
sl_explanation_param (const SlExplanation *x, const char *name)
{
  for (guint i = 0; i < x->params->len; i++)
    if (g_strcmp0 (g_array_index (x->params, SlExplParam, i).name, name) == 0)
      return g_array_index (x->params, SlExplParam, i).value;
  return NAN;
}

/* ---- Writing ---------------------------------------------------------- */

static void
add_string (JsonBuilder *b, const char *name, const char *v)
{
  if (v == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, v);
}

static void
add_frame (JsonBuilder *b, const char *name, gint64 v)
{
  if (v >= 0)
    sl_json_add_int (b, name, v);
}

JsonNode *
sl_explanation_to_node (const SlExplanation *x)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  sl_json_add_int (b, "schema", SL_EXPLANATION_VERSION);
  add_string (b, "subject", x->subject);
  add_string (b, "kind", x->kind);
  sl_json_add_double (b, "value", x->value);
  add_string (b, "value_unit", x->value_unit);
  add_frame (b, "frames", x->frames);

  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  for (guint k = 0; k < x->inputs->len; k++)
    {
      const SlExplInput *i = &g_array_index (x->inputs, SlExplInput, k);
      json_builder_begin_object (b);
      add_string (b, "signal", i->signal);
      add_string (b, "stat", i->stat);
      sl_json_add_double (b, "value", i->value);
      add_string (b, "unit", i->unit);
      if (i->relation != NULL)
        {
          sl_json_add_double (b, "limit", i->limit);
          add_string (b, "relation", i->relation);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "thresholds");
  json_builder_begin_array (b);
  for (guint k = 0; k < x->thresholds->len; k++)
    {
      const SlExplThreshold *t = &g_array_index (x->thresholds, SlExplThreshold, k);
      json_builder_begin_object (b);
      add_string (b, "param", t->param);
      sl_json_add_double (b, "value", t->value);
      sl_json_add_double (b, "observed", t->observed);
      sl_json_add_double (b, "crossed_by", sl_expl_threshold_margin (t));
      add_string (b, "unit", t->unit);
      add_string (b, "relation", t->relation);
      add_string (b, "signal", t->signal);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (x->parts->len > 0)
    {
      json_builder_set_member_name (b, "parts");
      json_builder_begin_array (b);
      for (guint k = 0; k < x->parts->len; k++)
        {
          const SlExplPart *p = &g_array_index (x->parts, SlExplPart, k);
          json_builder_begin_object (b);
          add_string (b, "name", p->name);
          sl_json_add_double (b, "part", p->part);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      sl_json_add_double (b, "parts_total", x->parts_total);
    }

  json_builder_set_member_name (b, "evidence");
  json_builder_begin_array (b);
  for (guint k = 0; k < x->evidence->len; k++)
    {
      const SlExplEvidence *e = &g_array_index (x->evidence, SlExplEvidence, k);
      json_builder_begin_object (b);
      add_string (b, "role", e->role);
      add_frame (b, "first", e->first);
      add_frame (b, "last", e->last);
      if (isfinite (e->start_s))
        sl_json_add_double (b, "start_s", e->start_s);
      if (isfinite (e->end_s))
        sl_json_add_double (b, "end_s", e->end_s);
      add_string (b, "reason", e->reason);
      if (isfinite (e->value))
        sl_json_add_double (b, "value", e->value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "would_change");
  json_builder_begin_array (b);
  for (guint k = 0; k < x->changes->len; k++)
    {
      const SlExplChange *c = &g_array_index (x->changes, SlExplChange, k);
      json_builder_begin_object (b);
      add_string (b, "param", c->param);
      add_string (b, "relation", c->relation);
      sl_json_add_double (b, "value", c->value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (x->processor != NULL || x->params->len > 0)
    {
      json_builder_set_member_name (b, "processor");
      json_builder_begin_object (b);
      add_string (b, "id", x->processor);
      add_string (b, "version", x->processor_version);
      json_builder_set_member_name (b, "params");
      json_builder_begin_object (b);
      for (guint k = 0; k < x->params->len; k++)
        {
          const SlExplParam *p = &g_array_index (x->params, SlExplParam, k);
          sl_json_add_double (b, p->name, p->value);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "details");
  JsonNode *details = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (details, x->details);
  json_builder_add_value (b, details);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
sl_explanation_to_json (const SlExplanation *x)
{
  g_autoptr (JsonNode) root = sl_explanation_to_node (x);
  return json_to_string (root, FALSE);
}

/* ---- Reading ---------------------------------------------------------- */

typedef struct
{
  GError **error;
  const char *where; /* the member being read, for the message */
  gboolean failed;
} Reader;

static gboolean
bad (Reader *r, const char *what)
{
  if (!r->failed)
    g_set_error (r->error, SL_ERROR, SL_ERROR_CORRUPT,
                 _ ("The stored explanation is damaged (%s: %s). Analyse the session again to "
                    "write it anew."),
                 r->where, what);
  r->failed = TRUE;
  return FALSE;
}

/* A number: a JSON number, or null for "none" (NaN). */
static gboolean
read_number (Reader *r, JsonObject *o, const char *name, gboolean required, double *out)
{
  *out = NAN;
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL)
    {
      if (required)
        {
          g_autofree char *what = g_strdup_printf (_ ("no “%s”"), name);
          return bad (r, what);
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    {
      g_autofree char *what = g_strdup_printf (_ ("“%s” is not a number"), name);
      return bad (r, what);
    }
  *out = json_node_get_double (n);
  return TRUE;
}

static gboolean
read_frame (Reader *r, JsonObject *o, const char *name, gint64 *out)
{
  *out = -1;
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
      || json_node_get_int (n) < 0)
    {
      g_autofree char *what = g_strdup_printf (_ ("“%s” is not a frame number"), name);
      return bad (r, what);
    }
  *out = json_node_get_int (n);
  return TRUE;
}

static gboolean
read_string (Reader *r, JsonObject *o, const char *name, gboolean required, char **out)
{
  *out = NULL;
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    {
      if (required)
        {
          g_autofree char *what = g_strdup_printf (_ ("no “%s”"), name);
          return bad (r, what);
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf (_ ("“%s” is not text"), name);
      return bad (r, what);
    }
  *out = g_strdup (json_node_get_string (n));
  return TRUE;
}

/* The member @name as an array of objects (absent: empty). */
static JsonArray *
objects_of (Reader *r, JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      g_autofree char *what = g_strdup_printf (_ ("“%s” is not a list"), name);
      bad (r, what);
      return NULL;
    }
  JsonArray *a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (a, i)))
      {
        g_autofree char *what
            = g_strdup_printf (_ ("item %u of “%s” is not an object"), i + 1, name);
        bad (r, what);
        return NULL;
      }
  return a;
}

static JsonObject *
object_of (Reader *r, JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      g_autofree char *what = g_strdup_printf (_ ("“%s” is not an object"), name);
      bad (r, what);
      return NULL;
    }
  return json_node_get_object (n);
}

static const char *const relations[] = { "above", "below", "at_least", "at_most", NULL };

static gboolean
read_relation (Reader *r, JsonObject *o, const char *name, gboolean required, char **out)
{
  if (!read_string (r, o, name, required, out))
    return FALSE;
  if (*out != NULL && !g_strv_contains (relations, *out))
    {
      g_autofree char *what = g_strdup_printf (_ ("the relation “%s” is none of above, below, "
                                                  "at_least, at_most"),
                                               *out);
      return bad (r, what);
    }
  return TRUE;
}

static void
read_params (Reader *r, SlExplanation *x, JsonObject *proc)
{
  if (proc == NULL)
    return;
  g_clear_pointer (&x->processor, g_free);
  g_clear_pointer (&x->processor_version, g_free);
  read_string (r, proc, "id", FALSE, &x->processor);
  read_string (r, proc, "version", FALSE, &x->processor_version);
  JsonObject *params = object_of (r, proc, "params");
  if (params == NULL)
    return;
  /* In the order written (json-glib keeps it; its iterator does not). */
  g_autoptr (GList) names = json_object_get_members (params);
  for (GList *l = names; l != NULL; l = l->next)
    {
      double d;
      if (!read_number (r, params, l->data, TRUE, &d))
        return;
      sl_explanation_add_param (x, l->data, d);
    }
}

static void
read_v2 (Reader *r, SlExplanation *x, JsonObject *o)
{
  g_clear_pointer (&x->subject, g_free);
  g_clear_pointer (&x->kind, g_free);
  g_clear_pointer (&x->value_unit, g_free);
  r->where = "explanation";
  if (!read_string (r, o, "subject", TRUE, &x->subject)
      || !read_string (r, o, "kind", TRUE, &x->kind)
      || !read_number (r, o, "value", FALSE, &x->value)
      || !read_string (r, o, "value_unit", FALSE, &x->value_unit)
      || !read_frame (r, o, "frames", &x->frames))
    return;
  if (g_strcmp0 (x->subject, "event") != 0 && g_strcmp0 (x->subject, "score") != 0)
    {
      bad (r, _ ("it is about neither an event nor a score"));
      return;
    }
  if (x->value_unit == NULL)
    x->value_unit = g_strdup ("1");

  r->where = "inputs";
  JsonArray *a = objects_of (r, o, "inputs");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      SlExplInput in = { NULL, NULL, NAN, NULL, NAN, NULL };
      if (read_string (r, e, "signal", TRUE, &in.signal)
          && read_string (r, e, "stat", TRUE, &in.stat)
          && read_number (r, e, "value", TRUE, &in.value)
          && read_string (r, e, "unit", TRUE, &in.unit)
          && read_number (r, e, "limit", FALSE, &in.limit))
        read_relation (r, e, "relation", FALSE, &in.relation);
      g_array_append_val (x->inputs, in);
    }

  r->where = "thresholds";
  a = objects_of (r, o, "thresholds");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      SlExplThreshold t = { NULL, NAN, NAN, NULL, NULL, NULL };
      if (read_string (r, e, "param", TRUE, &t.param) && read_number (r, e, "value", TRUE, &t.value)
          && read_number (r, e, "observed", TRUE, &t.observed)
          && read_string (r, e, "unit", TRUE, &t.unit)
          && read_relation (r, e, "relation", TRUE, &t.relation))
        read_string (r, e, "signal", FALSE, &t.signal);
      g_array_append_val (x->thresholds, t);
    }

  r->where = "parts";
  a = objects_of (r, o, "parts");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      SlExplPart p = { NULL, NAN };
      if (read_string (r, e, "name", TRUE, &p.name))
        read_number (r, e, "part", TRUE, &p.part);
      g_array_append_val (x->parts, p);
    }
  if (!r->failed && a != NULL)
    read_number (r, o, "parts_total", TRUE, &x->parts_total);

  r->where = "evidence";
  a = objects_of (r, o, "evidence");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      SlExplEvidence ev = { NULL, -1, -1, NAN, NAN, NULL, NAN };
      if (read_string (r, e, "role", TRUE, &ev.role) && read_frame (r, e, "first", &ev.first)
          && read_frame (r, e, "last", &ev.last)
          && read_number (r, e, "start_s", FALSE, &ev.start_s)
          && read_number (r, e, "end_s", FALSE, &ev.end_s)
          && read_string (r, e, "reason", FALSE, &ev.reason))
        read_number (r, e, "value", FALSE, &ev.value);
      g_array_append_val (x->evidence, ev);
      if (!r->failed && ev.first >= 0 && ev.last >= 0 && ev.last < ev.first)
        bad (r, _ ("it ends before it begins"));
    }

  r->where = "would_change";
  a = objects_of (r, o, "would_change");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      SlExplChange c = { NULL, NULL, NAN };
      if (read_string (r, e, "param", TRUE, &c.param)
          && read_relation (r, e, "relation", TRUE, &c.relation))
        read_number (r, e, "value", TRUE, &c.value);
      g_array_append_val (x->changes, c);
    }

  r->where = "processor";
  if (!r->failed)
    read_params (r, x, object_of (r, o, "processor"));
  r->where = "explanation";
  JsonObject *details = r->failed ? NULL : object_of (r, o, "details");
  if (details != NULL)
    {
      json_object_unref (x->details);
      x->details = json_object_ref (details);
    }
}

/* Version 1 (schema 3 to 8 libraries): events only, without units,
 * relations, subject or kind (the event's row has the kind).  The units of
 * its inputs and thresholds follow from their names: the set is closed. */
static const char *
v1_unit (const char *signal, const char *stat)
{
  if (g_str_has_prefix (stat, "frames"))
    return "{frame}";
  if (g_str_has_suffix (stat, "_s") || g_str_has_suffix (signal, "_s")
      || g_str_has_suffix (signal, "blink_duration") || g_str_has_suffix (signal, "duration_max"))
    return "s";
  if (g_str_has_suffix (signal, "yawns") || g_str_has_suffix (signal, "yawns_max"))
    return "{yawn}";
  if (g_str_has_suffix (signal, ".yaw") || g_str_has_suffix (signal, ".pitch")
      || g_str_has_prefix (signal, "max_") || g_str_has_suffix (signal, "_deg")
      || strcmp (signal, "dt_threshold") == 0)
    return "deg";
  return "1";
}

static void
read_v1 (Reader *r, SlExplanation *x, JsonObject *o)
{
  g_free (x->subject);
  x->subject = g_strdup ("event");
  /* Until the event's row gives it. */
  g_free (x->kind);
  x->kind = g_strdup ("");
  r->where = "inputs";
  JsonArray *a = objects_of (r, o, "inputs");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      g_autofree char *signal = NULL;
      if (!read_string (r, e, "signal", TRUE, &signal))
        break;
      g_autoptr (GList) names = json_object_get_members (e);
      for (GList *l = names; l != NULL; l = l->next)
        {
          double d;
          if (strcmp (l->data, "signal") == 0)
            continue;
          if (!read_number (r, e, l->data, TRUE, &d))
            break;
          sl_explanation_add_input (x, signal, l->data, d, v1_unit (signal, l->data));
        }
    }

  r->where = "thresholds";
  a = objects_of (r, o, "thresholds");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      g_autofree char *param = NULL;
      double value, observed;
      if (read_string (r, e, "param", TRUE, &param) && read_number (r, e, "value", TRUE, &value)
          && read_number (r, e, "observed", TRUE, &observed))
        sl_explanation_add_threshold (
            x, param, value, observed, v1_unit (param, ""),
            strcmp (param, "microsleep_openness") == 0 ? "below" : "above", NULL);
    }

  r->where = "shares";
  JsonObject *shares = r->failed ? NULL : object_of (r, o, "shares");
  if (shares != NULL)
    {
      g_autoptr (GList) names = json_object_get_members (shares);
      for (GList *l = names; l != NULL; l = l->next)
        {
          double d;
          if (!read_number (r, shares, l->data, TRUE, &d))
            break;
          sl_explanation_add_part (x, l->data, d);
        }
    }

  r->where = "evidence";
  JsonObject *ev = r->failed ? NULL : object_of (r, o, "evidence_frames");
  if (ev != NULL)
    {
      gint64 first, peak, last, frames;
      if (read_frame (r, ev, "first", &first) && read_frame (r, ev, "peak", &peak)
          && read_frame (r, ev, "last", &last) && read_frame (r, ev, "frames", &frames))
        {
          x->frames = frames;
          sl_explanation_add_evidence (x, "onset", first, first, NAN, NAN);
          if (peak >= 0)
            sl_explanation_add_evidence (x, "peak", peak, peak, NAN, NAN);
          sl_explanation_add_evidence (x, "end", last, last, NAN, NAN);
        }
    }

  r->where = "would_change";
  a = r->failed ? NULL : objects_of (r, o, "would_change");
  for (guint k = 0; a != NULL && k < json_array_get_length (a) && !r->failed; k++)
    {
      JsonObject *e = json_array_get_object_element (a, k);
      g_autofree char *param = NULL;
      if (!read_string (r, e, "param", TRUE, &param))
        break;
      for (guint j = 0; relations[j] != NULL; j++)
        if (json_object_has_member (e, relations[j]))
          {
            double d;
            if (read_number (r, e, relations[j], TRUE, &d))
              sl_explanation_add_change (x, param, relations[j], d);
          }
    }

  r->where = "processor";
  if (!r->failed)
    read_params (r, x, object_of (r, o, "processor"));

  /* What only this kind had. */
  static const char *const known[]
      = { "inputs", "thresholds", "shares", "processor", "would_change", "evidence_frames", NULL };
  g_autoptr (GList) names = json_object_get_members (o);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      json_object_set_member (x->details, l->data,
                              json_node_copy (json_object_get_member (o, l->data)));
}

SlExplanation *
sl_explanation_from_node (JsonNode *node, GError **error)
{
  Reader r = { error, "explanation", FALSE };
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (&r, _ ("it is not a JSON object"));
      return NULL;
    }
  JsonObject *o = json_node_get_object (node);
  double schema = 1;
  if (!read_number (&r, o, "schema", FALSE, &schema))
    return NULL;
  if (!isfinite (schema))
    schema = 1;
  g_autoptr (SlExplanation) x = sl_explanation_new ("event", NULL);
  if (schema == 1)
    read_v1 (&r, x, o);
  else if (schema == SL_EXPLANATION_VERSION)
    read_v2 (&r, x, o);
  else
    {
      g_autofree char *what
          = g_strdup_printf (_ ("schema version %g is not one this Sightline reads (%d); a "
                                "newer Sightline wrote it"),
                             schema, SL_EXPLANATION_VERSION);
      bad (&r, what);
    }
  if (r.failed)
    return NULL;
  return g_steal_pointer (&x);
}

SlExplanation *
sl_explanation_parse (const char *json, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (JsonNode) root = sl_json_parse (json != NULL ? json : "", -1, &local);
  if (root == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("The stored explanation is damaged: %s. Analyse the session again to write "
                      "it anew."),
                   local->message);
      return NULL;
    }
  return sl_explanation_from_node (root, error);
}
