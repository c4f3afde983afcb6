/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-explain.h"
#include "sl-processors.h"

JsonBuilder *
sl_explain_begin (void)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  return b;
}

void
sl_explain_threshold (JsonBuilder *b, const char *param, double value, double observed)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "param");
  json_builder_add_string_value (b, param);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, value);
  json_builder_set_member_name (b, "observed");
  json_builder_add_double_value (b, observed);
  json_builder_set_member_name (b, "crossed_by");
  json_builder_add_double_value (b, observed - value);
  json_builder_end_object (b);
}

void
sl_explain_input (JsonBuilder *b, const char *signal, const char *key, double value)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "signal");
  json_builder_add_string_value (b, signal);
  json_builder_set_member_name (b, key);
  json_builder_add_double_value (b, value);
  json_builder_end_object (b);
}

void
sl_explain_evidence (JsonBuilder *b, gint64 first, gint64 peak, gint64 last, int frames)
{
  json_builder_set_member_name (b, "evidence_frames");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "first");
  json_builder_add_int_value (b, first);
  if (peak >= 0)
    {
      json_builder_set_member_name (b, "peak");
      json_builder_add_int_value (b, peak);
    }
  json_builder_set_member_name (b, "last");
  json_builder_add_int_value (b, last);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, frames);
  json_builder_end_object (b);
}

void
sl_explain_processor (JsonBuilder *b, const SlProcessorInfo *info, const double *params)
{
  json_builder_set_member_name (b, "processor");
  sl_processor_describe (info, params, b);
}

void
sl_explain_change (JsonBuilder *b, const char *param, const char *relation, double value)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "param");
  json_builder_add_string_value (b, param);
  json_builder_set_member_name (b, relation);
  json_builder_add_double_value (b, value);
  json_builder_end_object (b);
}

void
sl_explain_end (JsonBuilder *b, SlEvent *event)
{
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  g_free (event->explanation);
  event->explanation = json_generator_to_data (gen, NULL);
  g_object_unref (b);
}

SlEvent *
sl_explain_event (const SlProcessorInfo *info, const char *kind, gint64 first, double first_s,
                  gint64 last, double last_s, double score)
{
  g_autofree char *by = g_strdup_printf ("%s %s", info->id, info->version);
  SlEvent *e = sl_event_new (kind, by);
  e->start_frame = first;
  e->end_frame = last;
  e->start_s = first_s;
  e->end_s = last_s;
  e->score = score;
  return e;
}
