/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline what-if SESSION --set P.PARAM=VALUE …`: the events a run would
 * have found with other temporal parameters, from what the library holds
 * (no decoding), against the stored ones: added, removed and changed.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "base/sl-explanation.h"
#include "base/sl-json.h"
#include "pipeline/sl-what-if.h"
#include "processors/sl-explain-text.h"
#include "sl-cli-private.h"

static gboolean opt_json;
static gboolean opt_save;
static gint64 opt_run = SL_CLI_UNSET;
static char **opt_set;

static const char *const change_names[] = { "same", "added", "removed", "changed" };

static void
add_event (JsonBuilder *b, const char *name, const SlEvent *e)
{
  json_builder_set_member_name (b, name);
  if (e == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  sl_json_add_int (b, "id", e->id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, e->kind);
  sl_json_add_int (b, "start_frame", e->start_frame);
  sl_json_add_int (b, "end_frame", e->end_frame);
  sl_json_add_double (b, "start_s", e->start_s);
  sl_json_add_double (b, "end_s", e->end_s);
  sl_json_add_double (b, "score", e->score);
  json_builder_end_object (b);
}

void
sl_cli_json_event_changes (JsonBuilder *b, const SlWhatIf *w)
{
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->rows->len; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->change == SL_WHAT_IF_SAME)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "change");
      json_builder_add_string_value (b, change_names[r->change]);
      add_event (b, "stored", r->stored);
      add_event (b, "found", r->found);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
sl_cli_print_event_changes (const SlWhatIf *w)
{
  for (guint i = 0; i < w->rows->len; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->change == SL_WHAT_IF_SAME)
        continue;
      const SlEvent *e = r->found != NULL ? r->found : r->stored;
      g_autofree char *from = sl_cli_format_duration (e->start_s);
      const char *what = r->change == SL_WHAT_IF_ADDED     ? _ ("added")
                         : r->change == SL_WHAT_IF_REMOVED ? _ ("removed")
                                                           : _ ("changed");
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, NULL);
      g_autofree char *reason = x != NULL ? sl_explain_reason (x) : g_strdup ("");
      if (r->change == SL_WHAT_IF_CHANGED)
        g_print ("%-8s %-12s %s  frames %" PRId64 "–%" PRId64 " → %" PRId64 "–%" PRId64
                 "  score %.2f → %.2f  %s\n",
                 what, e->kind, from, r->stored->start_frame, r->stored->end_frame,
                 r->found->start_frame, r->found->end_frame, r->stored->score, r->found->score,
                 reason);
      else
        g_print ("%-8s %-12s %s  frames %" PRId64 "–%" PRId64 "  score %.2f  %s\n", what, e->kind,
                 from, e->start_frame, e->end_frame, e->score, reason);
    }
}

int
sl_cli_what_if (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
            N_ ("A temporal processor's parameter to try (repeatable)"), N_ ("PROC.PARAM=VALUE") },
          { "run", 0, 0, G_OPTION_ARG_INT64, &opt_run, N_ ("The run (default: the newest)"),
            N_ ("ID") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the comparison as JSON"), NULL },
          { "save", 0, 0, G_OPTION_ARG_NONE, &opt_save,
            N_ ("Save the result as a new run of the session, with its provenance"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "what-if", _ ("SESSION"),
      _ ("Runs the temporal stage of a session's run again over its stored landmarks and "
         "signals, with the parameters given by --set, and lists the events that would be "
         "added, removed or changed. Nothing is decoded, and nothing is written unless --save "
         "keeps the result as a new run (the stored run is never changed). Only the "
         "temporal processors' parameters can be tried (eyes, drowsiness, attention, fusion, "
         "saccades, …: see `sightline processors`); the others need the video again."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
    if (!sl_what_if_check (opt_set[i], &error))
      return sl_cli_usage_error (ctx, error->message);
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (SlRun) run = sl_cli_resolve_run (store, id, opt_run, &error);
  if (run == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlWhatIf) w
      = opt_save ? sl_what_if_save (store, run->id, (const char *const *)opt_set, NULL, &error)
                 : sl_what_if_run (store, run->id, (const char *const *)opt_set, NULL, &error);
  if (w == NULL)
    return sl_cli_fail_with (error);

  if (opt_json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      sl_json_add_int (b, "run", w->run_id);
      json_builder_set_member_name (b, "set");
      json_builder_begin_array (b);
      for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
        json_builder_add_string_value (b, opt_set[i]);
      json_builder_end_array (b);
      sl_json_add_int (b, "added", w->added);
      sl_json_add_int (b, "removed", w->removed);
      sl_json_add_int (b, "changed", w->changed);
      sl_json_add_int (b, "same", w->same);
      sl_json_add_int (b, "frames", w->frames);
      sl_json_add_double (b, "seconds", w->elapsed_us / 1e6);
      if (w->saved_run_id > 0)
        sl_json_add_int (b, "saved_run", w->saved_run_id);
      sl_cli_json_event_changes (b, w);
      json_builder_end_object (b);
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      sl_cli_print_json (root);
      return 0;
    }
  sl_cli_print_event_changes (w);
  g_print (
      _ ("%u added, %u removed, %u changed (%u the same; %" PRId64 " stored frames in %.2f s)\n"),
      w->added, w->removed, w->changed, w->same, w->frames, w->elapsed_us / 1e6);
  if (w->saved_run_id > 0)
    g_print (_ ("Saved as run %" PRId64 ".\n"), w->saved_run_id);
  return 0;
}
