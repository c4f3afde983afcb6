/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "media/sl-probe.h"
#include "sl-library-jobs.h"

SlSession *
sl_library_import (SlStore *store, const char *path, gboolean *existed, GCancellable *cancellable,
                   GError **error)
{
  g_autoptr (SlProbe) probe = sl_probe_file (path, cancellable, error);
  if (probe == NULL)
    return NULL;
  return sl_store_import (store, probe, existed, error);
}

typedef struct
{
  char *library;
  char *path;
  gint64 session_id;
} Job;

static void
job_free (Job *job)
{
  g_free (job->library);
  g_free (job->path);
  g_free (job);
}

static GTask *
job_task (const char *library, const char *path, gint64 session_id, GCancellable *cancellable,
          GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tag);
  g_task_set_return_on_cancel (task, FALSE);
  Job *job = g_new0 (Job, 1);
  job->library = g_strdup (library);
  job->path = g_strdup (path);
  job->session_id = session_id;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  return task;
}

typedef struct
{
  SlSession *session;
  gboolean existed;
} Imported;

static void
imported_free (Imported *r)
{
  g_clear_object (&r->session);
  g_free (r);
}

static void
import_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (job->library, &error);
  Imported *r = g_new0 (Imported, 1);
  r->session
      = store ? sl_library_import (store, job->path, &r->existed, cancellable, &error) : NULL;
  if (r->session == NULL)
    {
      imported_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, r, (GDestroyNotify)imported_free);
}

void
sl_library_import_async (const char *library, const char *path, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && path != NULL);
  g_autoptr (GTask) task
      = job_task (library, path, 0, cancellable, callback, user_data, sl_library_import_async);
  g_task_run_in_thread (task, import_thread);
}

SlSession *
sl_library_import_finish (GAsyncResult *result, gboolean *existed, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_library_import_async, NULL);
  Imported *r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  if (existed != NULL)
    *existed = r->existed;
  SlSession *s = g_steal_pointer (&r->session);
  imported_free (r);
  return s;
}

static void
forget_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (job->library, &error);
  SlForgetReport *r
      = store ? sl_store_forget_session (store, job->session_id, FALSE, &error) : NULL;
  if (r == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, r, (GDestroyNotify)sl_forget_report_free);
}

void
sl_library_forget_async (const char *library, gint64 session_id, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && session_id > 0);
  g_autoptr (GTask) task = job_task (library, NULL, session_id, cancellable, callback, user_data,
                                     sl_library_forget_async);
  g_task_run_in_thread (task, forget_thread);
}

SlForgetReport *
sl_library_forget_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_library_forget_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
array_unref0 (gpointer a)
{
  if (a != NULL)
    g_array_unref (a);
}

SlRunSeries *
sl_run_series_load (SlStore *store, gint64 run_id, const char *const *names, guint n,
                    GCancellable *cancellable, GError **error)
{
  g_autoptr (SlRunSeries) r = g_new0 (SlRunSeries, 1);
  r->series = g_ptr_array_new_full (n, array_unref0);
  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      GArray *series = NULL;
      if (names[i] != NULL
          && (series = sl_store_get_signal_series (store, run_id, names[i], error)) == NULL)
        return NULL;
      g_ptr_array_add (r->series, series);
    }
  r->events = sl_store_list_events (store, run_id, error);
  if (r->events == NULL)
    return NULL;
  r->run = sl_store_get_run (store, run_id, error);
  return r->run != NULL ? g_steal_pointer (&r) : NULL;
}

void
sl_run_series_free (SlRunSeries *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->series, g_ptr_array_unref);
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_pointer (&r->run, sl_run_free);
  g_free (r);
}

typedef struct
{
  char *library;
  gint64 run_id;
  GPtrArray *names; /* owned copies, NULL where no series is wanted */
} SeriesJob;

static void
series_job_free (SeriesJob *job)
{
  g_free (job->library);
  g_ptr_array_unref (job->names);
  g_free (job);
}

static void
series_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SeriesJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  SlRunSeries *r = store != NULL ? sl_run_series_load (store, job->run_id,
                                                       (const char *const *)job->names->pdata,
                                                       job->names->len, cancellable, &error)
                                 : NULL;
  if (r == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, r, (GDestroyNotify)sl_run_series_free);
}

void
sl_run_series_load_async (const char *library, gint64 run_id, const char *const *names, guint n,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_return_if_fail (library != NULL && run_id > 0);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_run_series_load_async);
  SeriesJob *job = g_new0 (SeriesJob, 1);
  job->library = g_strdup (library);
  job->run_id = run_id;
  job->names = g_ptr_array_new_full (n, g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (job->names, g_strdup (names[i]));
  g_task_set_task_data (task, job, (GDestroyNotify)series_job_free);
  g_task_run_in_thread (task, series_thread);
}

SlRunSeries *
sl_run_series_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_run_series_load_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
