/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline compare SESSION_A SESSION_B` and `sightline compare --runs
 * RUN_A RUN_B`: two sessions' signals and event rates side by side, or
 * what changed between two runs of one session (docs/drift.md).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "base/sl-json.h"
#include "drift/sl-drift-compare.h"
#include "sl-cli-private.h"

static gboolean opt_runs;
static gboolean opt_json;
static char *opt_signals;

static int
compare_runs (gint64 a, gint64 b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_autoptr (SlRunsComparison) c = sl_drift_compare_runs (store, a, b, &error);
  if (c == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  const SlWhatIf *w = c->events;
  guint differ = 0;
  for (guint i = 0; i < c->signals->len; i++)
    {
      const SlSignalDiff *d = &g_array_index (c->signals, SlSignalDiff, i);
      differ += d->differ > 0 || d->only_a > 0 || d->only_b > 0;
    }
  if (opt_json)
    {
      g_autoptr (JsonBuilder) jb = json_builder_new ();
      json_builder_begin_object (jb);
      sl_json_add_int (jb, "session", c->session_id);
      sl_json_add_int (jb, "run_a", c->run_a);
      sl_json_add_int (jb, "run_b", c->run_b);
      sl_json_add_int (jb, "added", w->added);
      sl_json_add_int (jb, "removed", w->removed);
      sl_json_add_int (jb, "changed", w->changed);
      sl_json_add_int (jb, "same", w->same);
      sl_cli_json_event_changes (jb, w);
      json_builder_set_member_name (jb, "signals");
      json_builder_begin_array (jb);
      for (guint i = 0; i < c->signals->len; i++)
        {
          const SlSignalDiff *d = &g_array_index (c->signals, SlSignalDiff, i);
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "signal");
          json_builder_add_string_value (jb, d->signal);
          sl_json_add_int (jb, "frames_both", d->both);
          sl_json_add_int (jb, "frames_only_a", d->only_a);
          sl_json_add_int (jb, "frames_only_b", d->only_b);
          sl_json_add_int (jb, "frames_differ", d->differ);
          sl_cli_json_number (jb, "mean_abs_difference", d->mean_abs);
          sl_cli_json_number (jb, "max_abs_difference", d->max_abs);
          sl_cli_json_number (jb, "mean_a", d->mean_a);
          sl_cli_json_number (jb, "mean_b", d->mean_b);
          json_builder_end_object (jb);
        }
      json_builder_end_array (jb);
      json_builder_end_object (jb);
      g_autoptr (JsonNode) root = json_builder_get_root (jb);
      sl_cli_print_json (root);
      return 0;
    }
  g_print (_ ("Runs %" PRId64 " and %" PRId64 " of session %" PRId64 ", the second against the "
              "first:\n"),
           c->run_a, c->run_b, c->session_id);
  sl_cli_print_event_changes (w);
  g_print (_ ("events: %u added, %u removed, %u changed, %u the same\n"), w->added, w->removed,
           w->changed, w->same);
  for (guint i = 0; i < c->signals->len; i++)
    {
      const SlSignalDiff *d = &g_array_index (c->signals, SlSignalDiff, i);
      if (d->differ == 0 && d->only_a == 0 && d->only_b == 0)
        continue;
      if (d->both == 0)
        {
          g_print (d->only_a > 0 ? _ ("  %s: only in the first run\n")
                                 : _ ("  %s: only in the second run\n"),
                   d->signal);
          continue;
        }
      g_print (_ ("  %s: %" PRId64 " of %" PRId64 " frames differ, by %.4g on average and %.4g "
                  "at most (mean %.4g → %.4g)"),
               d->signal, d->differ, d->both, d->mean_abs, d->max_abs, d->mean_a, d->mean_b);
      if (d->only_a > 0 || d->only_b > 0)
        g_print (_ ("; %" PRId64 " frames only in the first, %" PRId64 " only in the second"),
                 d->only_a, d->only_b);
      g_print ("\n");
    }
  g_print (_ ("signals: %u differ, %u the same on every frame\n"), differ,
           c->signals->len - differ);
  return 0;
}

static int
compare_sessions (gint64 a, gint64 b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_auto (GStrv) signals = opt_signals != NULL ? g_strsplit (opt_signals, ",", -1) : NULL;
  SlDriftParams params = SL_DRIFT_PARAMS_DEFAULT;
  g_autoptr (SlSessionsComparison) c
      = sl_drift_compare_sessions (store, a, b, (const char *const *)signals, &params, &error);
  if (c == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  const SlDriftReport *r = c->drift;
  if (opt_json)
    {
      g_autoptr (JsonBuilder) jb = json_builder_new ();
      json_builder_begin_object (jb);
      sl_json_add_int (jb, "session_a", a);
      sl_json_add_int (jb, "session_b", b);
      sl_cli_json_number (jb, "minutes_a", c->minutes_a);
      sl_cli_json_number (jb, "minutes_b", c->minutes_b);
      json_builder_set_member_name (jb, "signals");
      json_builder_begin_array (jb);
      for (guint k = 0; k < r->signals->len; k++)
        {
          const SlDriftSignal *d = g_ptr_array_index (r->signals, k);
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "signal");
          json_builder_add_string_value (jb, d->signal);
          json_builder_set_member_name (jb, "problem");
          if (d->problem != NULL)
            json_builder_add_string_value (jb, d->problem);
          else
            json_builder_add_null_value (jb);
          if (d->windows->len > 0 && !g_array_index (d->windows, SlDriftWindow, 0).thin)
            {
              const SlDriftWindow *w = &g_array_index (d->windows, SlDriftWindow, 0);
              sl_cli_json_window_measures (jb, w, "differs");
            }
          json_builder_end_object (jb);
        }
      json_builder_end_array (jb);
      json_builder_set_member_name (jb, "events_per_minute");
      json_builder_begin_array (jb);
      for (guint i = 0; i < c->rates->len; i++)
        {
          const SlEventRate *e = &g_array_index (c->rates, SlEventRate, i);
          json_builder_begin_object (jb);
          json_builder_set_member_name (jb, "kind");
          json_builder_add_string_value (jb, e->kind);
          sl_json_add_int (jb, "a", e->n_a);
          sl_json_add_int (jb, "b", e->n_b);
          sl_cli_json_number (jb, "per_minute_a", e->per_minute_a);
          sl_cli_json_number (jb, "per_minute_b", e->per_minute_b);
          json_builder_end_object (jb);
        }
      json_builder_end_array (jb);
      json_builder_end_object (jb);
      g_autoptr (JsonNode) root = json_builder_get_root (jb);
      sl_cli_print_json (root);
      return 0;
    }
  g_print (_ ("Session %" PRId64 " against session %" PRId64 " (their newest runs, whole; a "
              "difference beyond what one session holds against itself at a false-alarm rate "
              "of %g, Benjamini–Hochberg across %u signals):\n"),
           b, a, params.false_alarm, r->signals->len);
  guint differ = 0;
  for (guint k = 0; k < r->signals->len; k++)
    {
      const SlDriftSignal *d = g_ptr_array_index (r->signals, k);
      const SlDriftWindow *w
          = d->windows->len > 0 ? &g_array_index (d->windows, SlDriftWindow, 0) : NULL;
      if (d->problem != NULL || w == NULL || w->thin)
        {
          g_print (_ ("  %s: not compared: %s\n"), d->signal,
                   d->problem != NULL ? d->problem : _ ("too few independent samples"));
          continue;
        }
      differ += w->over;
      g_print (_ ("  %s: %s — Wasserstein %.2fσ, mean shift %+.2fσ, KL %.3f, JS %.3f, PSI "
                  "%.3f; threshold %.2fσ, p %.2g\n"),
               d->signal, w->over ? _ ("differs") : _ ("does not differ"), w->m.wasserstein_sigma,
               w->m.shift_sigma, w->m.kl, w->m.js, w->m.psi, w->threshold, w->p);
    }
  g_print (
      _ ("Events per minute (session %" PRId64 ", %.1f min → session %" PRId64 ", %.1f min):\n"), a,
      c->minutes_a, b, c->minutes_b);
  for (guint i = 0; i < c->rates->len; i++)
    {
      const SlEventRate *e = &g_array_index (c->rates, SlEventRate, i);
      g_print ("  %-14s %7.2f → %7.2f  (%u → %u)\n", e->kind, e->per_minute_a, e->per_minute_b,
               e->n_a, e->n_b);
    }
  g_print ("compare: %u %s\n", differ, differ == 1 ? "signal differs" : "signals differ");
  return 0;
}

int
sl_cli_compare (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "runs", 0, 0, G_OPTION_ARG_NONE, &opt_runs,
            N_ ("Compare two runs of one session (RUN_A RUN_B) instead of two sessions"), NULL },
          { "signals", 0, 0, G_OPTION_ARG_STRING, &opt_signals,
            N_ ("Two sessions: the signals, comma-separated (default as drift)"), N_ ("NAME,…") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the comparison as JSON"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "compare", _ ("SESSION_A SESSION_B"),
      _ ("Two sessions side by side: each signal of the second measured against the first's "
         "(Wasserstein distance and mean shift in the first's σ, KL, JS, PSI, and whether it "
         "differs by more than a session does from itself), and their events per minute. With "
         "--runs, two runs of one session: the events added, removed and changed, and each "
         "signal's difference frame by frame."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  gint64 a, b;
  if (argc != 3)
    return sl_cli_usage_error (ctx, opt_runs ? _ ("Name two runs.") : _ ("Name two sessions."));
  if (!sl_cli_parse_session_id (argv[1], &a) || !sl_cli_parse_session_id (argv[2], &b))
    return sl_cli_usage_error (ctx, opt_runs ? _ ("A run is named by its number.")
                                             : _ ("A session is named by its number."));
  if (a == b)
    return sl_cli_usage_error (ctx, opt_runs ? _ ("Name two different runs.")
                                             : _ ("Name two different sessions."));
  return opt_runs ? compare_runs (a, b) : compare_sessions (a, b);
}
