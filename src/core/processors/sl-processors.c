/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "base/sl-error.h"
#include "sl-processors.h"

extern const SlProcessorInfo sl_quality_processor;
extern const SlProcessorInfo sl_head_pose_processor;
extern const SlProcessorInfo sl_attention_processor;
extern const SlProcessorInfo sl_eyes_processor;
extern const SlProcessorInfo sl_drowsiness_processor;
extern const SlProcessorInfo sl_fusion_processor;
extern const SlProcessorInfo sl_skin_processor;
extern const SlProcessorInfo sl_rppg_processor;
extern const SlProcessorInfo sl_iris_processor;
extern const SlProcessorInfo sl_pupils_processor;
extern const SlProcessorInfo sl_gaze_processor;
extern const SlProcessorInfo sl_saccades_processor;
extern const SlProcessorInfo sl_sway_processor;

/* The registry, in the order processors run when their needs allow. */
/* clang-format off */
static const SlProcessorInfo *const all_processors[] = {
  &sl_quality_processor,
  &sl_head_pose_processor,
  &sl_attention_processor,
  &sl_eyes_processor,
  &sl_drowsiness_processor,
  &sl_fusion_processor,
  &sl_skin_processor,
  &sl_rppg_processor,
  &sl_iris_processor,
  &sl_pupils_processor,
  &sl_gaze_processor,
  &sl_saccades_processor,
  &sl_sway_processor,
  NULL,
};
/* clang-format on */

const SlProcessorInfo *const *
sl_processors_all (void)
{
  return all_processors;
}

const SlProcessorInfo *
sl_processors_find (const char *id)
{
  for (guint i = 0; all_processors[i] != NULL; i++)
    if (g_strcmp0 (all_processors[i]->id, id) == 0)
      return all_processors[i];
  return NULL;
}

static gboolean
is_builtin (const char *need)
{
  return g_str_equal (need, SL_NEED_FACE) || g_str_equal (need, SL_NEED_LANDMARKS);
}

static gboolean
provides (const SlProcessorInfo *info, const char *signal)
{
  gsize len = strlen (info->id);
  if (strncmp (signal, info->id, len) != 0 || signal[len] != '.')
    return FALSE;
  for (guint k = 0; info->provides[k] != NULL; k++)
    if (g_str_equal (signal + len + 1, info->provides[k]))
      return TRUE;
  return FALSE;
}

GPtrArray *
sl_processors_order (const SlProcessorInfo *const *infos, GError **error)
{
  g_autoptr (GPtrArray) left = g_ptr_array_new ();
  for (guint i = 0; infos[i] != NULL; i++)
    g_ptr_array_add (left, (gpointer)infos[i]);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();

  /* Repeatedly take every processor whose needs are met: a plain
   * topological sort, stable in the registry's order. */
  while (left->len > 0)
    {
      gboolean progress = FALSE;
      for (guint i = 0; i < left->len;)
        {
          const SlProcessorInfo *p = left->pdata[i];
          gboolean ready = TRUE;
          for (guint n = 0; p->needs[n] != NULL && ready; n++)
            {
              if (is_builtin (p->needs[n]))
                continue;
              ready = FALSE;
              for (guint k = 0; k < order->len && !ready; k++)
                {
                  const SlProcessorInfo *q = order->pdata[k];
                  if (!provides (q, p->needs[n]))
                    continue;
                  if (p->stage == SL_STAGE_FRAME && q->stage == SL_STAGE_TEMPORAL)
                    {
                      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                                   _ ("The frame-local processor “%s” cannot use “%s”, which "
                                      "only exists once frames are in order."),
                                   p->id, p->needs[n]);
                      return NULL;
                    }
                  ready = TRUE;
                }
            }
          if (ready)
            {
              g_ptr_array_add (order, (gpointer)p);
              g_ptr_array_remove_index (left, i);
              progress = TRUE;
            }
          else
            i++;
        }
      if (!progress)
        {
          /* Name the first need that nothing in the set provides. */
          const SlProcessorInfo *p = left->pdata[0];
          for (guint n = 0; p->needs[n] != NULL; n++)
            {
              gboolean found = is_builtin (p->needs[n]);
              for (guint i = 0; infos[i] != NULL && !found; i++)
                found = provides (infos[i], p->needs[n]);
              if (!found)
                {
                  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                               _ ("The processor “%s” needs the signal “%s”, which no "
                                  "processor of this run provides."),
                               p->id, p->needs[n]);
                  return NULL;
                }
            }
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("The processors “%s” and others need each other's signals in a "
                          "circle."),
                       p->id);
          return NULL;
        }
    }
  return g_steal_pointer (&order);
}

struct _SlPlan
{
  GPtrArray *order;  /* const SlProcessorInfo * */
  GPtrArray *params; /* double[] per processor */
  GArray *first_slot;
  GPtrArray *signal_names;
  GPtrArray *need_slots; /* int[] per processor */
};

void
sl_plan_free (SlPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->order);
  g_ptr_array_unref (plan->params);
  g_array_unref (plan->first_slot);
  g_ptr_array_unref (plan->signal_names);
  g_ptr_array_unref (plan->need_slots);
  g_free (plan);
}

SlPlan *
sl_plan_new (GError **error)
{
  GPtrArray *order = sl_processors_order (all_processors, error);
  if (order == NULL)
    return NULL;
  SlPlan *plan = g_new0 (SlPlan, 1);
  plan->order = order;
  plan->params = g_ptr_array_new_with_free_func (g_free);
  plan->first_slot = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->signal_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < order->len; i++)
    {
      const SlProcessorInfo *p = order->pdata[i];
      double *values = g_new0 (double, MAX (p->n_params, 1));
      for (guint k = 0; k < p->n_params; k++)
        values[k] = p->params[k].default_value;
      g_ptr_array_add (plan->params, values);
      guint first = plan->signal_names->len;
      g_array_append_val (plan->first_slot, first);
      for (guint k = 0; p->provides[k] != NULL; k++)
        g_ptr_array_add (plan->signal_names, g_strdup_printf ("%s.%s", p->id, p->provides[k]));
    }
  plan->need_slots = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < order->len; i++)
    {
      const SlProcessorInfo *p = order->pdata[i];
      guint n = g_strv_length ((char **)p->needs);
      int *slots = g_new (int, MAX (n, 1));
      for (guint k = 0; k < n; k++)
        slots[k] = is_builtin (p->needs[k]) ? -1 : sl_plan_slot (plan, p->needs[k]);
      g_ptr_array_add (plan->need_slots, slots);
    }
  return plan;
}

gboolean
sl_plan_set (SlPlan *plan, const char *assignment, GError **error)
{
  const char *eq = strchr (assignment, '=');
  const char *dot = strchr (assignment, '.');
  if (eq == NULL || dot == NULL || dot > eq)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not of the form processor.parameter=value"), assignment);
      return FALSE;
    }
  g_autofree char *id = g_strndup (assignment, dot - assignment);
  g_autofree char *name = g_strndup (dot + 1, eq - dot - 1);
  for (guint i = 0; i < plan->order->len; i++)
    {
      const SlProcessorInfo *p = plan->order->pdata[i];
      if (!g_str_equal (p->id, id))
        continue;
      for (guint k = 0; k < p->n_params; k++)
        {
          const SlParamSpec *spec = &p->params[k];
          if (!g_str_equal (spec->name, name))
            continue;
          char *end = NULL;
          double v = g_ascii_strtod (eq + 1, &end);
          if (end == eq + 1 || *end != '\0' || !isfinite (v))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("%s.%s: “%s” is not a number"), id, name, eq + 1);
              return FALSE;
            }
          if (v < spec->min || v > spec->max || (spec->integer && v != floor (v)))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           spec->integer ? _ ("%s.%s must be a whole number from %g to %g")
                                         : _ ("%s.%s must be between %g and %g"),
                           id, name, spec->min, spec->max);
              return FALSE;
            }
          ((double *)plan->params->pdata[i])[k] = v;
          return TRUE;
        }
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The processor “%s” has no parameter “%s” (see sightline processors)"), id,
                   name);
      return FALSE;
    }
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("There is no processor “%s” (see sightline processors)"), id);
  return FALSE;
}

guint
sl_plan_n_processors (const SlPlan *plan)
{
  return plan->order->len;
}

const SlProcessorInfo *
sl_plan_processor (const SlPlan *plan, guint i)
{
  return plan->order->pdata[i];
}

const double *
sl_plan_params (const SlPlan *plan, guint i)
{
  return plan->params->pdata[i];
}

const int *
sl_plan_need_slots (const SlPlan *plan, guint i)
{
  return plan->need_slots->pdata[i];
}

guint
sl_plan_first_slot (const SlPlan *plan, guint i)
{
  return g_array_index (plan->first_slot, guint, i);
}

guint
sl_plan_n_signals (const SlPlan *plan)
{
  return plan->signal_names->len;
}

int
sl_plan_slot (const SlPlan *plan, const char *signal)
{
  for (guint k = 0; k < plan->signal_names->len; k++)
    if (g_str_equal (plan->signal_names->pdata[k], signal))
      return (int)k;
  return -1;
}

const char *
sl_plan_signal_name (const SlPlan *plan, guint slot)
{
  return plan->signal_names->pdata[slot];
}

void
sl_processor_describe (const SlProcessorInfo *p, const double *values, JsonBuilder *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, p->id);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, p->version);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  for (guint k = 0; k < p->n_params; k++)
    {
      json_builder_set_member_name (b, p->params[k].name);
      if (p->params[k].integer)
        json_builder_add_int_value (b, (gint64)values[k]);
      else
        json_builder_add_double_value (b, values[k]);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

GArray *
sl_plan_frame_stage_slots (const SlPlan *plan)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      if (p->stage != SL_STAGE_FRAME)
        continue;
      for (guint k = 0; p->provides[k] != NULL; k++)
        {
          guint slot = sl_plan_first_slot (plan, i) + k;
          g_array_append_val (slots, slot);
        }
    }
  return slots;
}

void
sl_plan_describe (const SlPlan *plan, JsonBuilder *b)
{
  for (guint i = 0; i < plan->order->len; i++)
    sl_processor_describe (plan->order->pdata[i], plan->params->pdata[i], b);
}
