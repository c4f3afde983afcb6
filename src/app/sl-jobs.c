/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-jobs.h"

struct _SlJob
{
  GObject parent_instance;
  char *library;
  gint64 session_id;
  SlAnalysis *analysis;
  GCancellable *cancellable;
  gpointer owner;
  GAsyncReadyCallback callback;
  gpointer user_data;
};

G_DEFINE_FINAL_TYPE (SlJob, sl_job, G_TYPE_OBJECT)

static void
sl_job_finalize (GObject *object)
{
  SlJob *self = SL_JOB (object);
  g_free (self->library);
  g_clear_object (&self->analysis);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sl_job_parent_class)->finalize (object);
}

static void
sl_job_class_init (SlJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_job_finalize;
}

static void
sl_job_init (SlJob *self)
{
  self->cancellable = g_cancellable_new ();
}

const char *
sl_job_get_library (SlJob *self)
{
  return self->library;
}

gint64
sl_job_get_session_id (SlJob *self)
{
  return self->session_id;
}

SlAnalysis *
sl_job_get_analysis (SlJob *self)
{
  return self->analysis;
}

void
sl_job_cancel (SlJob *self)
{
  g_cancellable_cancel (self->cancellable);
}

struct _SlJobs
{
  GObject parent_instance;
  GListStore *jobs;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlJobs, sl_jobs, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return SL_TYPE_JOB;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SL_JOBS (model)->jobs));
}

static gpointer
get_item (GListModel *model, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (SL_JOBS (model)->jobs), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_items_changed (SlJobs *self, guint position, guint removed, guint added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
sl_jobs_dispose (GObject *object)
{
  SlJobs *self = SL_JOBS (object);
  /* The runs stop with the application; each holds the jobs until its
   * callback, so this is reached once all have. */
  g_clear_object (&self->jobs);
  G_OBJECT_CLASS (sl_jobs_parent_class)->dispose (object);
}

static void
sl_jobs_class_init (SlJobsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_jobs_dispose;
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, SL_TYPE_JOB);
}

static void
sl_jobs_init (SlJobs *self)
{
  self->jobs = g_list_store_new (SL_TYPE_JOB);
  g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
}

SlJobs *
sl_jobs_new (void)
{
  return g_object_new (SL_TYPE_JOBS, NULL);
}

SlJob *
sl_jobs_find (SlJobs *self, const char *library, gint64 session_id)
{
  GListModel *list = G_LIST_MODEL (self->jobs);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (SlJob) job = g_list_model_get_item (list, i);
      if (job->session_id == session_id && g_strcmp0 (job->library, library) == 0)
        return job; /* the list holds it */
    }
  return NULL;
}

typedef struct
{
  SlJobs *jobs;
  SlJob *job;
} Done;

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Done *d = data;
  guint position;
  if (g_list_store_find (d->jobs->jobs, d->job, &position))
    g_list_store_remove (d->jobs->jobs, position);
  g_signal_emit (d->jobs, signals[FINISHED], 0, d->job);
  if (d->job->callback != NULL)
    d->job->callback (source, result, d->job->user_data);
  g_object_unref (d->job);
  g_object_unref (d->jobs);
  g_free (d);
}

SlJob *
sl_jobs_start (SlJobs *self, SlAnalysis *analysis, const char *library, gint64 session_id,
               gpointer owner, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_val_if_fail (SL_IS_JOBS (self) && SL_IS_ANALYSIS (analysis), NULL);
  if (sl_jobs_find (self, library, session_id) != NULL)
    return NULL;
  SlJob *job = g_object_new (SL_TYPE_JOB, NULL);
  job->library = g_strdup (library);
  job->session_id = session_id;
  job->analysis = g_object_ref (analysis);
  job->owner = owner;
  job->callback = callback;
  job->user_data = user_data;
  g_list_store_append (self->jobs, job);
  Done *d = g_new (Done, 1);
  d->jobs = g_object_ref (self);
  d->job = job; /* the reference made above */
  sl_analysis_run_async (analysis, job->cancellable, on_done, d);
  return job;
}

void
sl_jobs_cancel_owned (SlJobs *self, gpointer owner)
{
  GListModel *list = G_LIST_MODEL (self->jobs);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (SlJob) job = g_list_model_get_item (list, i);
      if (job->owner == owner)
        {
          job->owner = NULL;
          sl_job_cancel (job);
        }
    }
}
