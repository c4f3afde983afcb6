/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline explain EVENT_ID`: why an event happened, as the window's
 * panel says it: the sentence, each input against its limit with its
 * margin in the person's own spread, the thresholds, the parts, the
 * evidence, what would have flipped it and the provenance; or, with
 * --json, the explanation in the one schema (docs/explanations.md).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "base/sl-explanation.h"
#include "pipeline/sl-what-if.h"
#include "processors/sl-explain-text.h"
#include "sl-cli-private.h"

static gboolean opt_json;
static gboolean opt_search;

/* The spread of @signal over the run: the σ margins are in. */
static double
signal_sd (SlStore *store, gint64 run_id, const char *signal)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) series = sl_store_get_signal_series (store, run_id, signal, &error);
  if (series == NULL || series->len < 2)
    return NAN;
  g_autofree double *v = g_new (double, series->len);
  for (guint i = 0; i < series->len; i++)
    v[i] = g_array_index (series, SlSample, i).value;
  return sl_explain_spread (v, series->len);
}

typedef struct
{
  SlStore *store;
  gint64 run_id;
} SdData;

static double
signal_sd_for (const char *signal, gpointer data)
{
  SdData *d = data;
  return signal_sd (d->store, d->run_id, signal);
}

/* The smallest change of @c's parameter that flips @e, found by what-ifs. */
static gboolean
search_change (SlStore *store, gint64 run_id, const SlEvent *e, const SlExplanation *x,
               const SlExplChange *c)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *param = sl_explain_change_param (x, c);
  SlWhatIfFlip flip;
  if (!sl_what_if_flip (store, run_id, e->id, param, c->relation, c->value, NULL, &flip, &error))
    {
      sl_cli_fail_with (error);
      return FALSE;
    }
  if (!flip.found)
    {
      g_print (_ ("  searched (%u what-ifs): no value of %s between %g and %g removes it\n"),
               flip.tries, param, flip.from, flip.kept);
      return TRUE;
    }
  gboolean up = g_strcmp0 (c->relation, "above") == 0 || g_strcmp0 (c->relation, "at_least") == 0;
  SlExplChange found = { (char *)c->param, (char *)(up ? "at_least" : "at_most"), flip.value };
  g_autofree char *t = sl_explain_change_text (x, &found);
  /* TRANSLATORS: what a search with what-ifs found, and the nearest value that kept the event */
  g_print (_ ("  searched (%u what-ifs): %s (still found at %g)\n"), flip.tries, t, flip.kept);
  return TRUE;
}

int
sl_cli_explain (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the explanation as JSON"),
            NULL },
          { "search", 0, 0, G_OPTION_ARG_NONE, &opt_search,
            N_ ("Search with what-ifs for the smallest change of each parameter that flips it "
                "(for a composite result, more than its margin may be needed)"),
            NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "explain", _ ("EVENT"),
      _ ("Says why an event was found: each input against its limit, with the margin in the "
         "person's own spread (σ over the run); the thresholds; a composite's parts; the "
         "evidence frames; the parameter values that would have flipped it; and the processor "
         "with its version and parameters. EVENT is the number `sightline events` shows."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  gint64 event_id = 0;
  if (argc != 2 || !sl_cli_parse_session_id (argv[1], &event_id))
    return sl_cli_usage_error (ctx, _ ("Name one event by its number."));
  g_autofree char *path = sl_cli_library_path ();
  g_autoptr (SlStore) store = sl_store_open_read_only (path, &error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  gint64 run_id = 0;
  g_autoptr (SlEvent) e = sl_store_get_event (store, event_id, &run_id, &error);
  if (e == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, &error);
  if (x == NULL)
    return sl_cli_fail_with (error);

  if (opt_json)
    {
      g_autoptr (JsonNode) root = sl_explanation_to_node (x);
      sl_cli_print_json (root);
      return 0;
    }

  SdData sd_data = { store, run_id };
  g_autofree char *sentence = sl_explain_sentence (x, e->start_s, e->end_s - e->start_s);
  g_print (_ ("Event %" PRId64 " of run %" PRId64 ", frames %" PRId64 "–%" PRId64 "\n%s\n"), e->id,
           run_id, e->start_frame, e->end_frame, sentence);
  /* The same sections as the window's panel. */
  g_autofree char *details = sl_explain_details (x, signal_sd_for, &sd_data);
  g_print ("\n%s", details);
  for (guint i = 0; opt_search && i < x->changes->len; i++)
    if (!search_change (store, run_id, e, x, &g_array_index (x->changes, SlExplChange, i)))
      return 1;
  if (x->processor != NULL)
    {
      g_autoptr (GString) params = g_string_new (NULL);
      for (guint i = 0; i < x->params->len; i++)
        {
          const SlExplParam *p = &g_array_index (x->params, SlExplParam, i);
          g_string_append_printf (params, "%s%s=%g", i > 0 ? " " : "", p->name, p->value);
        }
      g_print (_ ("Parameters: %s\n"), params->str);
    }
  return 0;
}
