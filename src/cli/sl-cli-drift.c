/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline drift SESSION`: which of a session's signals drifted from a
 * baseline, when, and by how much (docs/drift.md).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "drift/sl-drift-scan.h"
#include "drift/sl-drift-session.h"
#include "sl-cli-private.h"

static gboolean opt_json;
static gint64 opt_run = SL_CLI_UNSET;
static char *opt_baseline;
static char *opt_signals;
static double opt_window = 60, opt_step = 10, opt_false_alarm = 0.005;
static char *opt_decide;
static gboolean opt_all, opt_baselines;

static void
say_not_kept (const GError *error)
{
  g_printerr (_ ("sightline: the baseline is not kept in the library (%s); the figures name the "
                 "runs it was made of.\n"),
              error->message);
}

SlStore *
sl_cli_open_baseline_keeper (void)
{
  g_autoptr (GError) error = NULL;
  SlStore *store = sl_cli_open_library (&error);
  if (store == NULL)
    say_not_kept (error);
  return store;
}

void
sl_cli_keep_baseline (SlStore *keeper, SlDriftReport *report)
{
  g_autoptr (GError) error = NULL;
  if (keeper != NULL && !sl_drift_report_keep_baseline (keeper, report, &error))
    say_not_kept (error);
}

void
sl_cli_keep_baselines (SlDriftScan *scan)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) keeper = sl_cli_open_baseline_keeper ();
  if (keeper != NULL && !sl_drift_scan_keep_baselines (scan, keeper, &error))
    say_not_kept (error);
}

/* @runs (SlBaselineRun) as member "baseline_runs" or "runs". */
static void
json_runs (JsonBuilder *b, const char *member, GArray *runs)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < runs->len; i++)
    {
      const SlBaselineRun *u = &g_array_index (runs, SlBaselineRun, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "session");
      json_builder_add_int_value (b, u->session_id);
      json_builder_set_member_name (b, "run");
      json_builder_add_int_value (b, u->run_id);
      sl_cli_json_number (b, "from_s", u->from_s);
      sl_cli_json_number (b, "to_s", u->to_s); /* null: to the run's end */
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
sl_cli_json_baseline (JsonBuilder *b, const SlDriftReport *r)
{
  json_builder_set_member_name (b, "baseline");
  json_builder_add_string_value (b, r->baseline);
  json_builder_set_member_name (b, "baseline_definition");
  json_builder_add_string_value (b, r->definition);
  json_builder_set_member_name (b, "baseline_id");
  if (r->baseline_id > 0)
    json_builder_add_int_value (b, r->baseline_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "baseline_version");
  if (r->baseline_id > 0)
    json_builder_add_int_value (b, r->baseline_version);
  else
    json_builder_add_null_value (b);
  json_runs (b, "baseline_runs", r->baseline_runs);
}

/* `drift --baselines`: the baselines the library keeps, each version with
 * its runs. */
static int
list_baselines (gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  g_autoptr (GPtrArray) all = store != NULL ? sl_store_list_baselines (store, &error) : NULL;
  if (all == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < all->len; i++)
    {
      const SlStoredBaseline *x = all->pdata[i];
      if (json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, x->id);
          json_builder_set_member_name (b, "definition");
          json_builder_add_string_value (b, x->definition);
          json_builder_set_member_name (b, "subject");
          json_builder_add_string_value (b, x->subject);
          json_builder_set_member_name (b, "version");
          json_builder_add_int_value (b, x->version);
          json_builder_set_member_name (b, "created");
          json_builder_add_string_value (b, x->created_at);
          json_runs (b, "runs", x->runs);
          json_builder_end_object (b);
          continue;
        }
      /* The subject: the session a first:N baseline is of, the person's,
       * or none for chosen sessions. */
      g_autofree char *of = *x->subject == '\0' ? g_strdup ("")
                            : g_str_has_prefix (x->definition, "first:")
                                ? g_strdup_printf (_ (" of session %s"), x->subject)
                                : g_strdup_printf (_ (" of %s"), x->subject);
      g_autofree char *runs = sl_drift_describe_runs (x->runs);
      g_print (_ ("Baseline %" PRId64 ", version %d: %s%s, kept %s: %s\n"), x->id, x->version,
               x->definition, of, x->created_at, runs);
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      sl_cli_print_json (root);
    }
  else if (all->len == 0)
    g_print (_ ("The library keeps no baseline yet: each drift keeps the one it was measured "
                "against.\n"));
  return 0;
}

static void
print_signal (const SlDriftSignal *d, const SlDriftParams *p)
{
  const char *measure = p->decide == SL_DRIFT_DECIDE_KL ? "KL" : "W";
  if (d->problem != NULL)
    {
      g_print (_ ("%s: not measured: %s\n"), d->signal, d->problem);
      return;
    }
  guint measured = sl_drift_signal_n_measured (d);
  const SlDriftWindow *closest = sl_drift_signal_closest (d);
  g_autofree char *tau = sl_cli_format_figure (d->tau_s, 1, FALSE, "s");
  g_print (_ ("%s: decorrelation %s, baseline %u values (about %.0f independent); %u windows, "
              "%u with enough data"),
           d->signal, tau, (guint)d->n_baseline, d->n_eff_baseline, d->windows->len, measured);
  if (closest != NULL && d->events->len == 0)
    g_print (_ (": no drift (largest %s %.3g, its threshold %.3g)"), measure, closest->value,
             closest->threshold);
  else if (measured == 0)
    g_print (_ (": not enough data in any window"));
  g_print ("\n");
  for (guint i = 0; i < d->events->len; i++)
    {
      const SlDriftEvent *e = &g_array_index (d->events, SlDriftEvent, i);
      g_autofree char *from = sl_cli_format_duration (e->start_s);
      g_autofree char *to = sl_cli_format_duration (e->end_s);
      g_autofree char *confirmed = sl_cli_format_duration (e->confirmed_s);
      g_print (_ ("  drifted %s–%s (confirmed at %s): Wasserstein %.2fσ, mean shift %+.2fσ, "
                  "KL %.3f (%s); %s %.3g against a threshold of %.3g, p %.2g; %u of %u "
                  "windows over\n"),
               from, to, confirmed, e->wasserstein_sigma, e->shift_sigma, e->peak_kl,
               sl_drift_kl_band (e->peak_kl), measure, e->peak, e->threshold, e->p_min, e->n_over,
               e->last - e->first + 1);
    }
}

void
sl_cli_json_window_measures (JsonBuilder *b, const SlDriftWindow *w, const char *decided)
{
  sl_cli_json_number (b, "kl", w->m.kl);
  sl_cli_json_number (b, "js", w->m.js);
  sl_cli_json_number (b, "psi", w->m.psi);
  sl_cli_json_number (b, "wasserstein_sigma", w->m.wasserstein_sigma);
  sl_cli_json_number (b, "shift_sigma", w->m.shift_sigma);
  sl_cli_json_number (b, "p", w->p);
  sl_cli_json_number (b, "threshold", w->threshold);
  json_builder_set_member_name (b, decided);
  json_builder_add_boolean_value (b, w->over);
}

static void
json_window (JsonBuilder *b, const SlDriftWindow *w)
{
  json_builder_begin_object (b);
  sl_cli_json_number (b, "start_s", w->start_s);
  sl_cli_json_number (b, "end_s", w->end_s);
  json_builder_set_member_name (b, "values");
  json_builder_add_int_value (b, (gint64)w->n);
  sl_cli_json_number (b, "n_eff", w->n_eff);
  json_builder_set_member_name (b, "enough_data");
  json_builder_add_boolean_value (b, !w->thin);
  if (!w->thin)
    {
      sl_cli_json_window_measures (b, w, "over");
      sl_cli_json_number (b, "null_5", w->null_lo);
      sl_cli_json_number (b, "null_95", w->null_hi);
      sl_cli_json_number (b, "kl_threshold", w->kl_threshold);
      sl_cli_json_number (b, "kl_null_5", w->kl_null_lo);
      sl_cli_json_number (b, "kl_null_95", w->kl_null_hi);
    }
  json_builder_end_object (b);
}

static void
json_signal (JsonBuilder *b, const SlDriftReport *r, guint k, const SlDriftParams *p)
{
  const SlDriftSignal *d = g_ptr_array_index (r->signals, k);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "signal");
  json_builder_add_string_value (b, d->signal);
  json_builder_set_member_name (b, "problem");
  if (d->problem != NULL)
    json_builder_add_string_value (b, d->problem);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "baseline_values");
  json_builder_add_int_value (b, (gint64)d->n_baseline);
  sl_cli_json_number (b, "baseline_n_eff", d->n_eff_baseline);
  sl_cli_json_number (b, "decorrelation_s", d->tau_s);
  json_builder_set_member_name (b, "windows");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->windows->len; i++)
    json_window (b, &g_array_index (d->windows, SlDriftWindow, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->events->len; i++)
    {
      const SlDriftEvent *e = &g_array_index (d->events, SlDriftEvent, i);
      json_builder_begin_object (b);
      sl_cli_json_number (b, "start_s", e->start_s);
      sl_cli_json_number (b, "end_s", e->end_s);
      sl_cli_json_number (b, "confirmed_s", e->confirmed_s);
      json_builder_set_member_name (b, "windows_over");
      json_builder_add_int_value (b, e->n_over);
      json_builder_set_member_name (b, "windows");
      json_builder_add_int_value (b, e->last - e->first + 1);
      sl_cli_json_number (b, "peak", e->peak);
      sl_cli_json_number (b, "threshold", e->threshold);
      sl_cli_json_number (b, "p", e->p_min);
      sl_cli_json_number (b, "wasserstein_sigma", e->wasserstein_sigma);
      sl_cli_json_number (b, "shift_sigma", e->shift_sigma);
      sl_cli_json_number (b, "kl", e->peak_kl);
      g_autoptr (SlExplanation) x = sl_drift_report_explain (r, k, i, p);
      json_builder_set_member_name (b, "explanation");
      json_builder_add_value (b, sl_explanation_to_node (x));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_json (const SlDriftReport *r, const SlDriftParams *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "session");
  json_builder_add_int_value (b, r->session_id);
  json_builder_set_member_name (b, "run");
  json_builder_add_int_value (b, r->run_id);
  sl_cli_json_baseline (b, r);
  json_builder_set_member_name (b, "decided_on");
  json_builder_add_string_value (b, p->decide == SL_DRIFT_DECIDE_KL ? "kl" : "wasserstein");
  sl_cli_json_number (b, "window_s", p->window_s);
  sl_cli_json_number (b, "step_s", p->step_s);
  sl_cli_json_number (b, "false_alarm", p->false_alarm);
  json_builder_set_member_name (b, "hysteresis");
  g_autofree char *h = g_strdup_printf ("%u of %u", p->over_k, p->over_m);
  json_builder_add_string_value (b, h);
  json_builder_set_member_name (b, "signals");
  json_builder_begin_array (b);
  for (guint k = 0; k < r->signals->len; k++)
    json_signal (b, r, k, p);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "not_in_run");
  json_builder_begin_array (b);
  for (guint k = 0; k < r->absent->len; k++)
    json_builder_add_string_value (b, g_ptr_array_index (r->absent, k));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, r->n_events);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  sl_cli_print_json (root);
}

int
sl_cli_drift (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &opt_baseline,
      N_ ("first:SECONDS (default first:120), session:ID,… or person"), N_ ("BASELINE") },
    { "signals", 0, 0, G_OPTION_ARG_STRING, &opt_signals,
      N_ ("The signals, comma-separated (default: EAR, head yaw and pitch, face size, "
          "brightness, gaze, bpm, face found)"),
      N_ ("NAME,…") },
    { "window", 0, 0, G_OPTION_ARG_DOUBLE, &opt_window, N_ ("Window length (default 60)"),
      N_ ("SECONDS") },
    { "step", 0, 0, G_OPTION_ARG_DOUBLE, &opt_step, N_ ("Window step (default 10)"),
      N_ ("SECONDS") },
    { "false-alarm", 0, 0, G_OPTION_ARG_DOUBLE, &opt_false_alarm,
      N_ ("False-alarm rate per window (default 0.005)"), N_ ("RATE") },
    { "decide", 0, 0, G_OPTION_ARG_STRING, &opt_decide,
      N_ ("The measure to decide on: wasserstein (default) or kl"), N_ ("MEASURE") },
    { "run", 0, 0, G_OPTION_ARG_INT64, &opt_run, N_ ("The run (default: the newest)"), N_ ("ID") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all,
      N_ ("Every session of the library, by recording date, against its --baseline "
          "(default: the same person's earlier sessions): a table of sessions by signals"),
      NULL },
    { "baselines", 0, 0, G_OPTION_ARG_NONE, &opt_baselines,
      N_ ("List the baselines the library keeps, each version with the runs it holds"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
      N_ ("Print every window's measures, thresholds and the events as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "drift", _ ("SESSION"),
      _ ("Says which of a session's signals drifted from a baseline, when and by how much: "
         "per signal, the windows that differ from the baseline by more than windows of the "
         "same signal with no drift do (a threshold at the false-alarm rate, from the "
         "signal's own autocorrelation), as Wasserstein distance and mean shift in the "
         "baseline's σ and KL divergence against the bands 0.3 / 0.5 / 1.0; then a line "
         "“drift: N events” (docs/drift.md)."),
      entries);
  const char *session = NULL;
  int status;
  if (argc >= 2
      && (g_strv_contains ((const char *const *)argv, "--all")
          || g_strv_contains ((const char *const *)argv, "--baselines")))
    {
      g_autoptr (GError) parse_error = NULL;
      if (!g_option_context_parse (ctx, &argc, &argv, &parse_error))
        return sl_cli_usage_error (ctx, parse_error->message);
      if (argc != 1)
        return sl_cli_usage_error (ctx, _ ("--all and --baselines take no session."));
      if (opt_baselines)
        return list_baselines (opt_json);
      status = 0;
    }
  else
    status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;
  SlDriftParams params = SL_DRIFT_PARAMS_DEFAULT;
  params.window_s = opt_window;
  params.step_s = opt_step;
  params.false_alarm = opt_false_alarm;
  if (!(opt_window > 0 && opt_window <= 24 * 3600) || !(opt_step > 0 && opt_step <= opt_window))
    return sl_cli_usage_error (ctx, _ ("--window must be a positive number of seconds, and "
                                       "--step positive and no longer than the window."));
  if (!(opt_false_alarm > 0 && opt_false_alarm < 0.5))
    return sl_cli_usage_error (ctx, _ ("--false-alarm must be between 0 and 0.5."));
  if (opt_decide != NULL && g_str_equal (opt_decide, "kl"))
    params.decide = SL_DRIFT_DECIDE_KL;
  else if (opt_decide != NULL && !g_str_equal (opt_decide, "wasserstein"))
    return sl_cli_usage_error (ctx, _ ("--decide takes wasserstein or kl."));
  g_autoptr (GError) error = NULL;
  g_auto (SlDriftBaseline) baseline = { 0 };
  if (!sl_drift_baseline_parse (opt_baseline, &baseline, &error))
    return sl_cli_usage_error (ctx, error->message);
  g_auto (GStrv) signals = NULL;
  if (opt_signals != NULL)
    {
      signals = g_strsplit (opt_signals, ",", -1);
      if (signals[0] == NULL || *signals[0] == '\0')
        return sl_cli_usage_error (ctx, _ ("--signals needs at least one signal name."));
    }

  if (opt_all)
    {
      if (opt_baseline == NULL)
        baseline.person = TRUE;
      return sl_cli_drift_library (&baseline, (const char *const *)signals, &params, opt_json);
    }
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (SlDriftReport) report
      = sl_drift_session (store, id, opt_run > 0 ? opt_run : 0, &baseline,
                          (const char *const *)signals, &params, NULL, &error);
  if (report == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlStore) keeper = sl_cli_open_baseline_keeper ();
  sl_cli_keep_baseline (keeper, report);
  if (keeper != NULL && !sl_drift_report_keep_events (keeper, report, &params, &error))
    {
      g_printerr (_ ("sightline: the drift events are not kept with the run's events (%s).\n"),
                  error->message);
      g_clear_error (&error);
    }
  if (opt_json)
    {
      print_json (report, &params);
      return 0;
    }
  g_print (_ ("Session %" PRId64 ", run %" PRId64 ", against %s: windows of %g s every %g s, "
              "decided on %s at a false-alarm rate of %g per window (Benjamini–Hochberg across "
              "%u signals), a drift event where %u of %u windows in a row exceed.\n"),
           report->session_id, report->run_id, report->baseline, params.window_s, params.step_s,
           params.decide == SL_DRIFT_DECIDE_KL ? _ ("KL divergence") : _ ("Wasserstein distance"),
           params.false_alarm, report->signals->len, params.over_k, params.over_m);
  g_autofree char *kept = sl_drift_report_describe_baseline (report);
  g_print (_ ("Baseline: %s.\n"), kept);
  for (guint k = 0; k < report->signals->len; k++)
    print_signal (g_ptr_array_index (report->signals, k), &params);
  g_print (
      _ ("(%u signals of %" PRId64 " analysed frames read in %.2f s and measured in %.2f s)\n"),
      report->signals->len, report->n_values, report->read_s, report->measure_s);
  if (report->absent->len > 0)
    {
      g_ptr_array_add (report->absent, NULL);
      g_autofree char *list = g_strjoinv (", ", (char **)report->absent->pdata);
      g_print (_ ("Not in this run: %s.\n"), list);
    }
  /* For scripts: the same in every language. */
  g_print ("drift: %u %s\n", report->n_events, report->n_events == 1 ? "event" : "events");
  return 0;
}
