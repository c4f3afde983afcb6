/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "sl-drift-compare.h"

static int
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

static void
signal_diff_clear (SlSignalDiff *d)
{
  g_free (d->signal);
}

void
sl_runs_comparison_free (SlRunsComparison *c)
{
  if (c == NULL)
    return;
  g_clear_pointer (&c->events, sl_what_if_free);
  g_clear_pointer (&c->signals, g_array_unref);
  g_free (c);
}

/* The two series, frame by frame. */
static void
diff_series (const GArray *a, const GArray *b, SlSignalDiff *d)
{
  const SlSample *sa = a != NULL ? (const SlSample *)(gpointer)a->data : NULL;
  const SlSample *sb = b != NULL ? (const SlSample *)(gpointer)b->data : NULL;
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0, i = 0, j = 0;
  double sum = 0, sum_a = 0, sum_b = 0;
  d->max_abs = 0;
  while (i < na || j < nb)
    {
      if (j >= nb || (i < na && sa[i].frame < sb[j].frame))
        {
          d->only_a++;
          i++;
          continue;
        }
      if (i >= na || sb[j].frame < sa[i].frame)
        {
          d->only_b++;
          j++;
          continue;
        }
      double diff = fabs (sb[j].value - sa[i].value);
      d->both++;
      d->differ += sb[j].value != sa[i].value;
      sum += diff;
      sum_a += sa[i].value;
      sum_b += sb[j].value;
      d->max_abs = MAX (d->max_abs, diff);
      i++;
      j++;
    }
  d->mean_abs = d->both > 0 ? sum / d->both : NAN;
  d->mean_a = d->both > 0 ? sum_a / d->both : NAN;
  d->mean_b = d->both > 0 ? sum_b / d->both : NAN;
  if (d->both == 0)
    d->max_abs = NAN;
}

SlRunsComparison *
sl_drift_compare_runs (SlStore *store, gint64 run_a, gint64 run_b, GError **error)
{
  g_autoptr (SlRun) a = sl_store_get_run (store, run_a, error);
  if (a == NULL)
    return NULL;
  g_autoptr (SlRun) b = sl_store_get_run (store, run_b, error);
  if (b == NULL)
    return NULL;
  if (a->session_id != b->session_id)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Run %" PRId64 " is of session %" PRId64 " and run %" PRId64
                      " of session %" PRId64 ": two sessions are compared with sightline "
                      "compare SESSION_A SESSION_B."),
                   a->id, a->session_id, b->id, b->session_id);
      return NULL;
    }
  g_autoptr (GPtrArray) ea = sl_store_list_events (store, a->id, error);
  g_autoptr (GPtrArray) eb = ea != NULL ? sl_store_list_events (store, b->id, error) : NULL;
  g_autoptr (GPtrArray) na = eb != NULL ? sl_store_list_signals (store, a->id, error) : NULL;
  g_autoptr (GPtrArray) nb = na != NULL ? sl_store_list_signals (store, b->id, error) : NULL;
  if (nb == NULL)
    return NULL;
  /* What the analyses found: drift events depend on the baseline each
   * run was last measured against, not on the run alone. */
  sl_events_drop_by (ea, SL_DRIFT_PROCESSOR);
  sl_events_drop_by (eb, SL_DRIFT_PROCESSOR);
  g_autoptr (SlRunsComparison) c = g_new0 (SlRunsComparison, 1);
  c->run_a = a->id;
  c->run_b = b->id;
  c->session_id = a->session_id;
  c->events = sl_what_if_compare (ea, eb);
  c->signals = g_array_new (FALSE, TRUE, sizeof (SlSignalDiff));
  g_array_set_clear_func (c->signals, (GDestroyNotify)signal_diff_clear);
  /* Every name either stored, in order. */
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; i < na->len; i++)
    g_ptr_array_add (names, na->pdata[i]);
  for (guint i = 0; i < nb->len; i++)
    if (!g_ptr_array_find_with_equal_func (na, nb->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (names, nb->pdata[i]);
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      gboolean in_a = g_ptr_array_find_with_equal_func (na, name, g_str_equal, NULL);
      gboolean in_b = g_ptr_array_find_with_equal_func (nb, name, g_str_equal, NULL);
      g_autoptr (GArray) sa = in_a ? sl_store_get_signal_series (store, a->id, name, error) : NULL;
      if (in_a && sa == NULL)
        return NULL;
      g_autoptr (GArray) sb = in_b ? sl_store_get_signal_series (store, b->id, name, error) : NULL;
      if (in_b && sb == NULL)
        return NULL;
      SlSignalDiff d = { .signal = g_strdup (name) };
      diff_series (sa, sb, &d);
      g_array_append_val (c->signals, d);
    }
  return g_steal_pointer (&c);
}

static void
rate_clear (SlEventRate *r)
{
  g_free (r->kind);
}

void
sl_sessions_comparison_free (SlSessionsComparison *c)
{
  if (c == NULL)
    return;
  g_clear_pointer (&c->drift, sl_drift_report_free);
  g_clear_pointer (&c->rates, g_array_unref);
  g_free (c);
}

static SlEventRate *
rate_of (GArray *rates, const char *kind)
{
  for (guint i = 0; i < rates->len; i++)
    if (g_str_equal (g_array_index (rates, SlEventRate, i).kind, kind))
      return &g_array_index (rates, SlEventRate, i);
  SlEventRate r = { .kind = g_strdup (kind) };
  g_array_append_val (rates, r);
  return &g_array_index (rates, SlEventRate, rates->len - 1);
}

static int
by_kind (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const SlEventRate *)a)->kind, ((const SlEventRate *)b)->kind);
}

/* A session's newest run's events and minutes. */
static GPtrArray *
newest_events (SlStore *store, gint64 session_id, double *minutes, GError **error)
{
  g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
  if (s == NULL)
    return NULL;
  g_autoptr (SlRun) run = sl_store_latest_run (store, session_id, error);
  if (run == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("Session %" PRId64 " has not been analysed: analyse it first "
                        "(sightline analyze %" PRId64 ")."),
                     session_id, session_id);
      return NULL;
    }
  double fps = s->fps > 0 ? s->fps : 30;
  *minutes = (MAX (s->frame_count, run->last_frame + 1)) / fps / 60;
  GPtrArray *events = sl_store_list_events (store, run->id, error);
  if (events != NULL)
    sl_events_drop_by (events, SL_DRIFT_PROCESSOR); /* as in the runs' comparison */
  return events;
}

SlSessionsComparison *
sl_drift_compare_sessions (SlStore *store, gint64 session_a, gint64 session_b,
                           const char *const *signals, const SlDriftParams *params, GError **error)
{
  g_autoptr (SlSessionsComparison) c = g_new0 (SlSessionsComparison, 1);
  g_autoptr (GPtrArray) ea = newest_events (store, session_a, &c->minutes_a, error);
  if (ea == NULL)
    return NULL;
  g_autoptr (GPtrArray) eb = newest_events (store, session_b, &c->minutes_b, error);
  if (eb == NULL)
    return NULL;
  SlDriftParams p = *params;
  p.window_s = 0;
  g_auto (SlDriftBaseline) baseline = { .sessions = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_array_append_val (baseline.sessions, session_a);
  c->drift = sl_drift_session (store, session_b, 0, &baseline, signals, &p, NULL, error);
  if (c->drift == NULL)
    return NULL;
  c->rates = g_array_new (FALSE, TRUE, sizeof (SlEventRate));
  g_array_set_clear_func (c->rates, (GDestroyNotify)rate_clear);
  for (guint i = 0; i < ea->len; i++)
    rate_of (c->rates, ((SlEvent *)ea->pdata[i])->kind)->n_a++;
  for (guint i = 0; i < eb->len; i++)
    rate_of (c->rates, ((SlEvent *)eb->pdata[i])->kind)->n_b++;
  g_array_sort (c->rates, by_kind);
  for (guint i = 0; i < c->rates->len; i++)
    {
      SlEventRate *r = &g_array_index (c->rates, SlEventRate, i);
      r->per_minute_a = c->minutes_a > 0 ? r->n_a / c->minutes_a : NAN;
      r->per_minute_b = c->minutes_b > 0 ? r->n_b / c->minutes_b : NAN;
    }
  return g_steal_pointer (&c);
}

/* ---- On a worker thread ------------------------------------------------- */

typedef struct
{
  char *library;
  gint64 a, b; /* runs, or sessions */
  gboolean sessions;
  GStrv signals;
  SlDriftParams params;
} Job;

static void
job_free (Job *job)
{
  g_free (job->library);
  g_strfreev (job->signals);
  g_free (job);
}

static void
job_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->sessions)
    {
      SlSessionsComparison *c = sl_drift_compare_sessions (
          store, job->a, job->b, (const char *const *)job->signals, &job->params, &error);
      if (c != NULL)
        g_task_return_pointer (task, c, (GDestroyNotify)sl_sessions_comparison_free);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  SlRunsComparison *c = sl_drift_compare_runs (store, job->a, job->b, &error);
  if (c != NULL)
    g_task_return_pointer (task, c, (GDestroyNotify)sl_runs_comparison_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
run_job (Job *job, gpointer tag, GCancellable *cancellable, GAsyncReadyCallback callback,
         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, job_thread);
}

void
sl_drift_compare_runs_async (const char *library, gint64 run_a, gint64 run_b,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (library != NULL);
  Job *job = g_new0 (Job, 1);
  job->library = g_strdup (library);
  job->a = run_a;
  job->b = run_b;
  run_job (job, sl_drift_compare_runs_async, cancellable, callback, user_data);
}

SlRunsComparison *
sl_drift_compare_runs_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_drift_compare_runs_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sl_drift_compare_sessions_async (const char *library, gint64 session_a, gint64 session_b,
                                 const char *const *signals, const SlDriftParams *params,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (library != NULL && params != NULL);
  Job *job = g_new0 (Job, 1);
  job->library = g_strdup (library);
  job->a = session_a;
  job->b = session_b;
  job->sessions = TRUE;
  job->signals = g_strdupv ((char **)signals);
  job->params = *params;
  run_job (job, sl_drift_compare_sessions_async, cancellable, callback, user_data);
}

SlSessionsComparison *
sl_drift_compare_sessions_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_drift_compare_sessions_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
