/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "sl-drift-session.h"

const char *const sl_drift_default_signals[] = {
  "eyes.ear", "head_pose.yaw", "head_pose.pitch", "quality.face_size", "quality.brightness",
  "gaze.h",   "gaze.v",        "rppg.bpm",        SL_DRIFT_FACE_FOUND, NULL,
};

void
sl_drift_baseline_clear (SlDriftBaseline *baseline)
{
  g_clear_pointer (&baseline->sessions, g_array_unref);
}

SlDriftBaseline
sl_drift_baseline_copy (const SlDriftBaseline *from)
{
  return (SlDriftBaseline){
    .first_s = from->first_s,
    .sessions = from->sessions != NULL ? g_array_copy (from->sessions) : NULL,
    .person = from->person,
  };
}

gboolean
sl_drift_baseline_parse (const char *spec, SlDriftBaseline *baseline, GError **error)
{
  *baseline = (SlDriftBaseline){ .first_s = 120 };
  if (spec == NULL)
    return TRUE;
  if (g_str_equal (spec, "person"))
    {
      baseline->person = TRUE;
      return TRUE;
    }
  const char *colon = strchr (spec, ':');
  if (colon != NULL && g_str_has_prefix (spec, "first:"))
    {
      char *end;
      double s = g_ascii_strtod (colon + 1, &end);
      if (*end == '\0' && end != colon + 1 && isfinite (s) && s > 0)
        {
          baseline->first_s = s;
          return TRUE;
        }
    }
  else if (colon != NULL && g_str_has_prefix (spec, "session:"))
    {
      g_auto (GStrv) ids = g_strsplit (colon + 1, ",", -1);
      baseline->sessions = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; ids[i] != NULL; i++)
        {
          gint64 id;
          if (!g_ascii_string_to_signed (ids[i], 10, 1, G_MAXINT64, &id, NULL))
            {
              g_clear_pointer (&baseline->sessions, g_array_unref);
              break;
            }
          g_array_append_val (baseline->sessions, id);
        }
      if (baseline->sessions != NULL && baseline->sessions->len > 0)
        return TRUE;
      g_clear_pointer (&baseline->sessions, g_array_unref);
    }
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("“%s” is not a baseline: give first:SECONDS (the session's first seconds), "
                  "session:ID,… (other sessions, whole) or person (the same person's earlier "
                  "sessions)."),
               spec);
  return FALSE;
}

char *
sl_drift_baseline_describe (const SlDriftBaseline *baseline)
{
  if (baseline->sessions == NULL)
    return g_strdup_printf (_ ("the session's first %g s"), baseline->first_s);
  g_autoptr (GString) ids = g_string_new (NULL);
  for (guint i = 0; i < baseline->sessions->len; i++)
    g_string_append_printf (ids, "%s%" PRId64, i == 0 ? "" : ", ",
                            g_array_index (baseline->sessions, gint64, i));
  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "session %s", "sessions %s", baseline->sessions->len),
      ids->str);
}

char *
sl_drift_baseline_to_string (const SlDriftBaseline *baseline)
{
  if (baseline->person)
    return g_strdup ("person");
  if (baseline->sessions == NULL)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strconcat ("first:", g_ascii_dtostr (number, sizeof number, baseline->first_s),
                          NULL);
    }
  GString *s = g_string_new ("session:");
  for (guint i = 0; i < baseline->sessions->len; i++)
    g_string_append_printf (s, "%s%" PRId64, i == 0 ? "" : ",",
                            g_array_index (baseline->sessions, gint64, i));
  return g_string_free (s, FALSE);
}

void
sl_drift_report_free (SlDriftReport *report)
{
  if (report == NULL)
    return;
  g_free (report->baseline);
  g_free (report->definition);
  g_free (report->subject);
  g_clear_pointer (&report->baseline_runs, g_array_unref);
  g_ptr_array_unref (report->signals);
  g_ptr_array_unref (report->absent);
  g_free (report);
}

typedef struct
{
  double **series; /* one per signal, by frame */
  guint n_signals;
  gint64 n_frames;
  gint64 n_read;  /* frames stored, one after the other */
  int face_found; /* its index, or -1 */
  GCancellable *cancellable;
} Reading;

static gboolean
read_row (const SlFaceResult *result, double *row, gpointer user_data, GError **error)
{
  Reading *r = user_data;
  if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
    return FALSE;
  if (r->n_read >= r->n_frames)
    return TRUE;
  for (guint k = 0; k < r->n_signals; k++)
    r->series[k][r->n_read] = (int)k == r->face_found ? (result->success ? 1 : 0) : row[k];
  r->n_read++;
  return TRUE;
}

/* The series of @names over the frames @run analysed (every step-th),
 * NaN where a frame has none: an array of @n double arrays of *@n_read
 * values, room for @n_frames. */
static double **
read_series (SlStore *store, const SlRun *run, gint64 n_frames, const char *const *names, guint n,
             gint64 *n_read, GCancellable *cancellable, GError **error)
{
  g_autofree gint64 *ids = g_new0 (gint64, n);
  g_autofree guint *slots = g_new0 (guint, n);
  guint n_ids = 0;
  Reading r
      = { .n_signals = n, .n_frames = n_frames, .face_found = -1, .cancellable = cancellable };
  for (guint k = 0; k < n; k++)
    {
      if (g_str_equal (names[k], SL_DRIFT_FACE_FOUND))
        {
          r.face_found = k;
          continue;
        }
      gint64 id = sl_store_find_signal_id (store, names[k], error);
      if (id < 0)
        return NULL;
      ids[n_ids] = id;
      slots[n_ids++] = k;
    }
  r.series = g_new (double *, n);
  for (guint k = 0; k < n; k++)
    {
      r.series[k] = g_new (double, MAX (n_frames, 1));
      for (gint64 i = 0; i < n_frames; i++)
        r.series[k][i] = NAN;
    }
  if (!sl_store_foreach_frame (store, run->id, run->last_frame, ids, slots, n_ids, n, read_row, &r,
                               error))
    {
      for (guint k = 0; k < n; k++)
        g_free (r.series[k]);
      g_free (r.series);
      return NULL;
    }
  *n_read = r.n_read;
  return r.series;
}

static void
free_series (double **series, guint n)
{
  for (guint k = 0; series != NULL && k < n; k++)
    g_free (series[k]);
  g_free (series);
}

/* The signals to measure: @chosen, each of which @run must have stored,
 * or the defaults it stored (the others in @absent). */
static GPtrArray *
choose_signals (SlStore *store, const SlRun *run, const char *const *chosen, GPtrArray *absent,
                GError **error)
{
  g_autoptr (GPtrArray) stored = sl_store_list_signals (store, run->id, error);
  if (stored == NULL)
    return NULL;
  g_ptr_array_add (stored, g_strdup (SL_DRIFT_FACE_FOUND));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *const *want = chosen != NULL ? chosen : sl_drift_default_signals;
  for (guint i = 0; want[i] != NULL; i++)
    {
      gboolean has = g_ptr_array_find_with_equal_func (stored, want[i], g_str_equal, NULL);
      if (has)
        g_ptr_array_add (names, g_strdup (want[i]));
      else if (chosen == NULL)
        g_ptr_array_add (absent, g_strdup (want[i]));
      else
        {
          g_ptr_array_add (stored, NULL);
          g_autofree char *list = g_strjoinv (", ", (char **)stored->pdata);
          g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                       _ ("Run %" PRId64 " stored no signal “%s”; it has: %s."), run->id, want[i],
                       list);
          g_ptr_array_unref (names);
          return NULL;
        }
    }
  return names;
}

/* The baseline sessions' values of @names, one after the other. */
static GArray **
read_baseline_sessions (SlStore *store, const SlDriftBaseline *baseline, GPtrArray *names,
                        gint64 session_id, GArray *runs, GCancellable *cancellable, GError **error)
{
  guint n = names->len;
  GArray **values = g_new (GArray *, n);
  for (guint k = 0; k < n; k++)
    values[k] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < baseline->sessions->len; i++)
    {
      gint64 id = g_array_index (baseline->sessions, gint64, i);
      g_autoptr (GError) local = NULL;
      g_autoptr (SlSession) s = sl_store_get_session (store, id, &local);
      g_autoptr (SlRun) run = s != NULL ? sl_store_latest_run (store, id, &local) : NULL;
      double **series = NULL;
      gint64 n_read = 0;
      if (s == NULL || run == NULL || id == session_id)
        {
          if (s == NULL)
            g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                         _ ("The baseline's session %" PRId64 " is not in the library (it may "
                            "have been removed): choose other sessions, or the session's first "
                            "seconds (--baseline first:120)."),
                         id);
          else if (run == NULL && local != NULL)
            g_propagate_error (error, g_steal_pointer (&local));
          else if (run == NULL)
            g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                         _ ("The baseline's session %" PRId64 " has not been analysed: analyse "
                            "it first (sightline analyze %" PRId64 ")."),
                         id, id);
          else
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                         _ ("Session %" PRId64 " cannot be its own whole baseline: give other "
                            "sessions, or its first seconds (--baseline first:120)."),
                         id);
        }
      else
        series = read_series (store, run, MAX (s->frame_count, run->last_frame + 1),
                              (const char *const *)names->pdata, n, &n_read, cancellable, error);
      if (series == NULL)
        {
          for (guint k = 0; k < n; k++)
            g_array_unref (values[k]);
          g_free (values);
          return NULL;
        }
      for (guint k = 0; k < n; k++)
        g_array_append_vals (values[k], series[k], n_read);
      free_series (series, n);
      SlBaselineRun used = { .session_id = id, .run_id = run->id, .from_s = 0, .to_s = INFINITY };
      g_array_append_val (runs, used);
    }
  return values;
}

/* The analysed sessions of @s's person recorded before it (by recording
 * time, then by number). */
static GArray *
earlier_sessions (SlStore *store, const SlSession *s, GError **error)
{
  if (s->person == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Session %" PRId64
                      " names nobody: say who it records (sightline edit %" PRId64
                      " --person NAME), or choose another baseline."),
                   s->id, s->id);
      return NULL;
    }
  g_autoptr (GPtrArray) all = sl_store_list_sessions (store, error);
  if (all == NULL)
    return NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < all->len; i++)
    {
      SlSession *o = all->pdata[i];
      gboolean before
          = o->recorded_us < s->recorded_us || (o->recorded_us == s->recorded_us && o->id < s->id);
      if (o->id != s->id && g_strcmp0 (o->person, s->person) == 0 && before && o->last_run_id > 0)
        g_array_append_val (ids, o->id);
    }
  if (ids->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("%s has no analysed session recorded before session %" PRId64
                      ": analyse one, or choose another baseline."),
                   s->person, s->id);
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

SlDriftReport *
sl_drift_session (SlStore *store, gint64 session_id, gint64 run_id, const SlDriftBaseline *baseline,
                  const char *const *signals, const SlDriftParams *params,
                  GCancellable *cancellable, GError **error)
{
  g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
  if (s == NULL)
    return NULL;
  g_autoptr (SlRun) run = run_id > 0 ? sl_store_get_run (store, run_id, error)
                                     : sl_store_latest_run (store, s->id, error);
  if (run == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("Session %" PRId64 " has not been analysed: analyse it first "
                        "(sightline analyze %" PRId64 ")."),
                     s->id, s->id);
      return NULL;
    }
  g_auto (SlDriftBaseline) resolved = { .first_s = baseline->first_s };
  if (baseline->person)
    {
      resolved.sessions = earlier_sessions (store, s, error);
      if (resolved.sessions == NULL)
        return NULL;
      resolved.person = TRUE;
      baseline = &resolved;
    }
  double fps = s->fps > 0 ? s->fps : 30;
  gint64 n_frames = MAX (s->frame_count, run->last_frame + 1);
  double duration = n_frames / fps;
  if (baseline->sessions == NULL && duration < baseline->first_s + MAX (params->window_s, 1))
    {
      g_set_error (
          error, SL_ERROR, SL_ERROR_INVALID_INPUT,
          duration < baseline->first_s
              ? _ ("The recording is %.0f s long, shorter than the baseline of its first %g s: "
                   "choose a shorter baseline (--baseline first:SECONDS) or other sessions "
                   "(--baseline session:ID).")
              : _ ("The recording is %.0f s long: after a baseline of its first %g s less than "
                   "one window is left. Choose a shorter baseline (--baseline first:SECONDS), "
                   "a shorter window (--window), or other sessions (--baseline session:ID)."),
          duration, baseline->first_s);
      return NULL;
    }

  g_autoptr (SlDriftReport) report = g_new0 (SlDriftReport, 1);
  report->session_id = s->id;
  report->run_id = run->id;
  report->fps = fps;
  report->duration_s = duration;
  g_autofree char *which = sl_drift_baseline_describe (baseline);
  report->baseline = resolved.person ? g_strdup_printf (_ ("%s's earlier %s"), s->person, which)
                                     : g_steal_pointer (&which);
  report->definition = sl_drift_baseline_to_string (baseline);
  /* Whose baseline: a person's earlier sessions are those before this
   * one, so the subject names both (a version per session, not one that
   * flips as the library's sessions take turns). */
  report->subject = resolved.person
                        ? g_strdup_printf ("%s, before session %" PRId64, s->person, s->id)
                    : baseline->sessions == NULL ? g_strdup_printf ("%" PRId64, s->id)
                                                 : g_strdup ("");
  report->baseline_runs = g_array_new (FALSE, FALSE, sizeof (SlBaselineRun));
  if (baseline->sessions == NULL)
    {
      SlBaselineRun used
          = { .session_id = s->id, .run_id = run->id, .from_s = 0, .to_s = baseline->first_s };
      g_array_append_val (report->baseline_runs, used);
    }
  report->signals = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_drift_signal_free);
  report->absent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = choose_signals (store, run, signals, report->absent, error);
  if (names == NULL)
    return NULL;
  gint64 n_read = 0, t0 = g_get_monotonic_time ();
  double **series = read_series (store, run, n_frames, (const char *const *)names->pdata,
                                 names->len, &n_read, cancellable, error);
  if (series == NULL)
    return NULL;
  GArray **base = NULL;
  if (baseline->sessions != NULL)
    {
      base = read_baseline_sessions (store, baseline, names, s->id, report->baseline_runs,
                                     cancellable, error);
      if (base == NULL)
        {
          free_series (series, names->len);
          return NULL;
        }
    }
  gint64 t1 = g_get_monotonic_time ();
  report->n_values = n_read;
  report->read_s = (t1 - t0) / 1e6;
  /* The analysed frames' rate. */
  double rate = fps / MAX (run->step, 1);
  gsize first_n = (gsize)MIN (llround (baseline->first_s * rate), n_read);
  for (guint k = 0; k < names->len; k++)
    {
      const char *name = g_ptr_array_index (names, k);
      SlDriftSignal *d;
      if (base != NULL)
        d = sl_drift_signal_new (name, (const double *)(gpointer)base[k]->data, base[k]->len,
                                 series[k], n_read, rate, 0, 0, params);
      else
        d = sl_drift_signal_new (name, series[k], first_n, series[k], n_read, rate, 0,
                                 baseline->first_s, params);
      g_ptr_array_add (report->signals, d);
    }
  free_series (series, names->len);
  for (guint k = 0; base != NULL && k < names->len; k++)
    g_array_unref (base[k]);
  g_free (base);
  sl_drift_decide ((SlDriftSignal *const *)report->signals->pdata, report->signals->len, params);
  report->measure_s = (g_get_monotonic_time () - t1) / 1e6;
  for (guint k = 0; k < report->signals->len; k++)
    report->n_events += ((SlDriftSignal *)g_ptr_array_index (report->signals, k))->events->len;
  return g_steal_pointer (&report);
}

gboolean
sl_drift_report_keep_baseline (SlStore *store, SlDriftReport *r, GError **error)
{
  int version = 0;
  gint64 id = sl_store_keep_baseline (store, r->definition, r->subject,
                                      (const SlBaselineRun *)(gpointer)r->baseline_runs->data,
                                      r->baseline_runs->len, &version, error);
  if (id == 0)
    return FALSE;
  r->baseline_id = id;
  r->baseline_version = version;
  return TRUE;
}

char *
sl_drift_describe_runs (GArray *runs)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < runs->len; i++)
    {
      const SlBaselineRun *b = &g_array_index (runs, SlBaselineRun, i);
      if (i > 0)
        g_string_append (s, ", ");
      if (isfinite (b->to_s))
        g_string_append_printf (s, _ ("session %" PRId64 " run %" PRId64 " %g–%g s"), b->session_id,
                                b->run_id, b->from_s, b->to_s);
      else
        g_string_append_printf (s, _ ("session %" PRId64 " run %" PRId64), b->session_id,
                                b->run_id);
    }
  return g_string_free (s, FALSE);
}

char *
sl_drift_report_describe_baseline (const SlDriftReport *r)
{
  g_autofree char *runs = sl_drift_describe_runs (r->baseline_runs);
  if (r->baseline_id == 0)
    return g_steal_pointer (&runs);
  return g_strdup_printf (_ ("baseline %" PRId64 ", version %d: %s"), r->baseline_id,
                          r->baseline_version, runs);
}

/* The recording's frame at @s seconds into it. */
static gint64
frame_at (const SlDriftReport *r, double s)
{
  return (gint64)llround (s * r->fps);
}

SlExplanation *
sl_drift_report_explain (const SlDriftReport *r, guint signal, guint event, const SlDriftParams *p)
{
  g_return_val_if_fail (signal < r->signals->len, NULL);
  const SlDriftSignal *d = g_ptr_array_index (r->signals, signal);
  g_return_val_if_fail (event < d->events->len, NULL);
  const SlDriftEvent *e = &g_array_index (d->events, SlDriftEvent, event);
  const SlDriftWindow *peak = &g_array_index (d->windows, SlDriftWindow, e->peak_window);
  gboolean kl = p->decide == SL_DRIFT_DECIDE_KL;
  const char *unit = kl ? "1" : "{baseline_sd}";
  SlExplanation *x = sl_explanation_new ("event", "drift");
  x->value = e->peak;
  x->value_unit = (g_free (x->value_unit), g_strdup (unit));
  x->frames = 0;
  for (guint i = e->first; i <= e->last; i++)
    x->frames = MAX (x->frames, (gint64)g_array_index (d->windows, SlDriftWindow, i).n);
  /* The deciding measure held against its threshold: the reason. */
  sl_explanation_add_input (x, d->signal, "wasserstein", peak->m.wasserstein_sigma,
                            "{baseline_sd}");
  if (!kl)
    sl_explanation_set_limit (x, e->threshold, "above");
  sl_explanation_add_input (x, d->signal, "mean_shift", peak->m.shift_sigma, "{baseline_sd}");
  sl_explanation_add_input (x, d->signal, "kl", peak->m.kl, "1");
  if (kl)
    sl_explanation_set_limit (x, e->threshold, "above");
  sl_explanation_add_input (x, d->signal, "js", peak->m.js, "1");
  sl_explanation_add_input (x, d->signal, "psi", peak->m.psi, "1");
  sl_explanation_add_input (x, d->signal, "effective_samples", peak->n_eff, "1");
  sl_explanation_add_threshold (x, "threshold", e->threshold, e->peak, unit, "above", d->signal);
  sl_explanation_add_threshold (x, "windows_over", p->over_k, e->n_over, "{window}", "at_least",
                                NULL);
  sl_explanation_add_evidence (x, "onset", frame_at (r, e->start_s),
                               frame_at (r, e->confirmed_s) - 1, e->start_s, e->confirmed_s);
  sl_explanation_add_evidence (x, "peak", frame_at (r, peak->start_s),
                               frame_at (r, peak->end_s) - 1, peak->start_s, peak->end_s);
  sl_explanation_add_evidence (x, "end", frame_at (r, e->start_s), frame_at (r, e->end_s) - 1,
                               e->start_s, e->end_s);
  /* At a false-alarm rate below its smallest p-value it would not have
   * been found. */
  sl_explanation_add_change (x, "false_alarm", "below", e->p_min);
  sl_explanation_set_processor (x, SL_DRIFT_PROCESSOR, SL_DRIFT_VERSION);
  sl_explanation_add_param (x, "window_s", p->window_s);
  sl_explanation_add_param (x, "step_s", p->step_s);
  sl_explanation_add_param (x, "false_alarm", p->false_alarm);
  sl_explanation_add_param (x, "min_n_eff", p->min_n_eff);
  sl_explanation_add_param (x, "tau_bound", p->tau_bound);
  sl_explanation_add_param (x, "replicates", p->replicates);
  sl_explanation_add_param (x, "over_k", p->over_k);
  sl_explanation_add_param (x, "over_m", p->over_m);
  json_object_set_string_member (x->details, "baseline", r->baseline);
  g_autofree char *runs = sl_drift_report_describe_baseline (r);
  json_object_set_string_member (x->details, "baseline_runs", runs);
  if (r->baseline_id > 0)
    {
      json_object_set_int_member (x->details, "baseline_id", r->baseline_id);
      json_object_set_int_member (x->details, "baseline_version", r->baseline_version);
    }
  json_object_set_string_member (x->details, "decided_on", kl ? "kl" : "wasserstein");
  json_object_set_string_member (x->details, "threshold_from",
                                 "the null of baseline-against-baseline pairs at the effective "
                                 "sample size, Benjamini-Hochberg across signals");
  json_object_set_double_member (x->details, "decorrelation_s", d->tau_s);
  json_object_set_double_member (x->details, "baseline_effective_samples", d->n_eff_baseline);
  json_object_set_int_member (x->details, "windows", e->last - e->first + 1);
  return x;
}

GPtrArray *
sl_drift_report_events (const SlDriftReport *r, const SlDriftParams *p)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  for (guint k = 0; k < r->signals->len; k++)
    {
      const SlDriftSignal *d = g_ptr_array_index (r->signals, k);
      for (guint i = 0; i < d->events->len; i++)
        {
          const SlDriftEvent *e = &g_array_index (d->events, SlDriftEvent, i);
          SlEvent *ev = sl_event_new ("drift", SL_DRIFT_PROCESSOR " " SL_DRIFT_VERSION);
          ev->start_s = e->start_s;
          ev->end_s = e->end_s;
          ev->start_frame = frame_at (r, e->start_s);
          ev->end_frame = MAX (frame_at (r, e->end_s) - 1, ev->start_frame);
          ev->score = e->threshold > 0 ? e->peak / e->threshold : e->peak;
          g_autoptr (SlExplanation) x = sl_drift_report_explain (r, k, i, p);
          ev->explanation = sl_explanation_to_json (x);
          g_ptr_array_add (events, ev);
        }
    }
  return events;
}

gboolean
sl_drift_report_keep_events (SlStore *store, const SlDriftReport *r, const SlDriftParams *p,
                             GError **error)
{
  g_autoptr (SlRun) run = sl_store_get_run (store, r->run_id, error);
  if (run == NULL)
    return FALSE;
  if (run->state != SL_RUN_COMPLETE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("run %" PRId64 " is %s, not complete: its drift events are kept with its "
                      "events once it is"),
                   run->id, sl_run_state_to_string (run->state));
      return FALSE;
    }
  g_autoptr (GPtrArray) events = sl_drift_report_events (r, p);
  return sl_store_replace_events (store, r->run_id, SL_DRIFT_PROCESSOR, events, error);
}

typedef struct
{
  char *library;
  gint64 session_id, run_id;
  SlDriftBaseline baseline;
  GStrv signals;
  SlDriftParams params;
} Job;

static void
job_free (Job *job)
{
  g_free (job->library);
  sl_drift_baseline_clear (&job->baseline);
  g_strfreev (job->signals);
  g_free (job);
}

static void
job_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  SlDriftReport *r = store != NULL
                         ? sl_drift_session (store, job->session_id, job->run_id, &job->baseline,
                                             (const char *const *)job->signals, &job->params,
                                             cancellable, &error)
                         : NULL;
  if (r == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, r, (GDestroyNotify)sl_drift_report_free);
}

void
sl_drift_session_async (const char *library, gint64 session_id, gint64 run_id,
                        const SlDriftBaseline *baseline, const char *const *signals,
                        const SlDriftParams *params, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && session_id > 0);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_drift_session_async);
  Job *job = g_new0 (Job, 1);
  job->library = g_strdup (library);
  job->session_id = session_id;
  job->run_id = run_id;
  job->baseline = sl_drift_baseline_copy (baseline);
  job->signals = g_strdupv ((char **)signals);
  job->params = *params;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, job_thread);
}

SlDriftReport *
sl_drift_session_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_drift_session_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
