/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline events SESSION`: what the processors found, with explanations.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "base/sl-explanation.h"
#include "base/sl-json.h"
#include "processors/sl-explain-text.h"
#include "sl-cli-private.h"

static gboolean opt_json;
static gint64 opt_run = SL_CLI_UNSET;

int
sl_cli_events (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
            N_ ("Print the events with their explanations as JSON"), NULL },
          { "run", 0, 0, G_OPTION_ARG_INT64, &opt_run, N_ ("The run (default: the newest)"),
            N_ ("ID") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "events", _ ("SESSION"),
      _ ("Lists what the processors found in a session (distractions, stretches without a "
         "face, …), each with its score and the reason in one line; with --json, its full "
         "explanation "
         "(docs/explanations.md): inputs with their units and limits, thresholds and how far "
         "they were crossed, parts, evidence, what would change it, processor and parameters."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (SlRun) run = sl_cli_resolve_run (store, id, opt_run, &error);
  if (run == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GPtrArray) events = sl_store_list_events (store, run->id, &error);
  if (events == NULL)
    return sl_cli_fail_with (error);

  if (opt_json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < events->len; i++)
        {
          const SlEvent *e = events->pdata[i];
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, e->id);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, e->kind);
          json_builder_set_member_name (b, "start_frame");
          json_builder_add_int_value (b, e->start_frame);
          json_builder_set_member_name (b, "end_frame");
          json_builder_add_int_value (b, e->end_frame);
          json_builder_set_member_name (b, "start_s");
          json_builder_add_double_value (b, e->start_s);
          json_builder_set_member_name (b, "end_s");
          json_builder_add_double_value (b, e->end_s);
          json_builder_set_member_name (b, "score");
          json_builder_add_double_value (b, e->score);
          json_builder_set_member_name (b, "processor");
          json_builder_add_string_value (b, e->processor);
          /* In the one schema, read and checked; a damaged one says so. */
          g_autoptr (GError) bad = NULL;
          g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, &bad);
          json_builder_set_member_name (b, "explanation");
          json_builder_add_value (b, x != NULL ? sl_explanation_to_node (x)
                                               : json_node_new (JSON_NODE_NULL));
          if (x == NULL)
            {
              json_builder_set_member_name (b, "explanation_error");
              json_builder_add_string_value (b, bad->message);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      sl_cli_print_json (root);
      return 0;
    }
  if (events->len == 0)
    {
      g_print (_ ("Run %" PRId64 " found no events.\n"), run->id);
      return 0;
    }
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      g_autofree char *from = sl_cli_format_duration (e->start_s);
      g_autoptr (GError) bad = NULL;
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, &bad);
      g_autofree char *reason = x != NULL ? sl_explain_reason (x) : g_strdup (bad->message);
      g_print ("%5" PRId64 "  %-12s %s  %6.1f s  frames %" PRId64 "–%" PRId64 "  score %.2f  %s\n",
               e->id, e->kind, from, e->end_s - e->start_s, e->start_frame, e->end_frame, e->score,
               reason);
    }
  return 0;
}
