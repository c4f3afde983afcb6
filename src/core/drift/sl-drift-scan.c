/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "base/sl-sync.h"
#include "sl-drift-calibration.h"
#include "sl-drift-scan.h"

struct _SlDriftScan
{
  GObject parent_instance;

  char *library;
  SlDriftBaseline baseline;
  GStrv signals;        /* chosen among the runs' (the calibration's error taken out), or NULL */
  GStrv columns;        /* chosen, or the defaults and the calibration's error */
  gboolean calibration; /* the calibration's error is a column */
  SlDriftParams params;
  GMainContext *context; /* where progress is notified */

  SlSync sync; /* guards the fields below, written by the worker */
  guint done, total;
  gboolean notify_pending;
  GPtrArray *rows; /* SlDriftScanRow; the caller's once the scan ended */
};

G_DEFINE_FINAL_TYPE (SlDriftScan, sl_drift_scan, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DONE,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
row_free (SlDriftScanRow *row)
{
  g_clear_object (&row->session);
  sl_drift_report_free (row->report);
  g_free (row->problem);
  g_free (row);
}

SlDriftScan *
sl_drift_scan_new (const char *library, const SlDriftBaseline *baseline, const char *const *signals,
                   const SlDriftParams *params)
{
  g_return_val_if_fail (library != NULL && baseline != NULL && params != NULL, NULL);
  SlDriftScan *self = g_object_new (SL_TYPE_DRIFT_SCAN, NULL);
  self->library = g_strdup (library);
  self->baseline = sl_drift_baseline_copy (baseline);
  g_autoptr (GStrvBuilder) run_signals = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) columns = g_strv_builder_new ();
  const char *const *want = signals != NULL ? signals : sl_drift_default_signals;
  for (guint i = 0; want[i] != NULL; i++)
    {
      if (g_str_equal (want[i], SL_DRIFT_CALIBRATION_ERROR))
        self->calibration = TRUE;
      else
        g_strv_builder_add (run_signals, want[i]);
      g_strv_builder_add (columns, want[i]);
    }
  if (signals == NULL)
    {
      g_strv_builder_add (columns, SL_DRIFT_CALIBRATION_ERROR);
      self->calibration = TRUE;
    }
  self->columns = g_strv_builder_end (columns);
  self->signals = signals != NULL ? g_strv_builder_end (run_signals) : NULL;
  if (self->signals != NULL && self->signals[0] == NULL)
    {
      /* The calibration's error alone: the runs read for the one signal
       * every run has. */
      g_strfreev (self->signals);
      const char *const face[] = { SL_DRIFT_FACE_FOUND, NULL };
      self->signals = g_strdupv ((char **)face);
    }
  self->params = *params;
  self->params.window_s = 0; /* each run one window */
  return self;
}

/* ---- Progress ----------------------------------------------------------- */

static gboolean
publish_progress (gpointer data)
{
  SlDriftScan *self = data;
  sl_sync_lock (&self->sync);
  self->notify_pending = FALSE;
  sl_sync_unlock (&self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  return G_SOURCE_REMOVE;
}

static void
set_progress (SlDriftScan *self, guint done, guint total)
{
  sl_sync_lock (&self->sync);
  self->done = done;
  self->total = total;
  if (!self->notify_pending && self->context != NULL)
    {
      self->notify_pending = TRUE;
      GSource *source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, publish_progress, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  sl_sync_unlock (&self->sync);
}

guint
sl_drift_scan_get_done (SlDriftScan *self)
{
  g_return_val_if_fail (SL_IS_DRIFT_SCAN (self), 0);
  sl_sync_lock (&self->sync);
  guint v = self->done;
  sl_sync_unlock (&self->sync);
  return v;
}

guint
sl_drift_scan_get_total (SlDriftScan *self)
{
  g_return_val_if_fail (SL_IS_DRIFT_SCAN (self), 0);
  sl_sync_lock (&self->sync);
  guint v = self->total;
  sl_sync_unlock (&self->sync);
  return v;
}

/* ---- The scan ----------------------------------------------------------- */

static int
by_date (gconstpointer a, gconstpointer b)
{
  const SlSession *x = *(SlSession *const *)a, *y = *(SlSession *const *)b;
  if (x->recorded_us != y->recorded_us)
    return x->recorded_us < y->recorded_us ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

gboolean
sl_drift_scan_run (SlDriftScan *self, SlStore *store, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SL_IS_DRIFT_SCAN (self), FALSE);
  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, error);
  if (sessions == NULL)
    return FALSE;
  g_ptr_array_sort (sessions, by_date);
  guint total = 0;
  for (guint i = 0; i < sessions->len; i++)
    total += ((SlSession *)sessions->pdata[i])->last_run_id > 0;
  set_progress (self, 0, total);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  for (guint i = 0; i < sessions->len; i++)
    {
      SlSession *s = sessions->pdata[i];
      if (s->last_run_id == 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      SlDriftScanRow *row = g_new0 (SlDriftScanRow, 1);
      row->session = g_object_ref (s);
      g_autoptr (GError) local = NULL;
      row->report
          = sl_drift_session (store, s->id, 0, &self->baseline, (const char *const *)self->signals,
                              &self->params, cancellable, &local);
      if (row->report == NULL && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          row_free (row);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (row->report == NULL)
        row->problem = g_strdup (local->message);
      else if (self->calibration)
        g_ptr_array_add (row->report->signals,
                         sl_drift_calibration_signal (store, row->report, &self->params));
      g_ptr_array_add (rows, row);
      set_progress (self, rows->len, total);
    }
  sl_sync_lock (&self->sync);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_steal_pointer (&rows);
  sl_sync_unlock (&self->sync);
  return TRUE;
}

static void
scan_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SlDriftScan *self = source;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (self->library, &error);
  if (store != NULL && sl_drift_scan_run (self, store, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
sl_drift_scan_run_async (SlDriftScan *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (SL_IS_DRIFT_SCAN (self));
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_drift_scan_run_async);
  sl_sync_lock (&self->sync);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  sl_sync_unlock (&self->sync);
  g_task_run_in_thread (task, scan_thread);
}

gboolean
sl_drift_scan_run_finish (SlDriftScan *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_drift_scan_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
sl_drift_scan_get_rows (SlDriftScan *self)
{
  g_return_val_if_fail (SL_IS_DRIFT_SCAN (self), NULL);
  sl_sync_lock (&self->sync);
  GPtrArray *rows = self->rows;
  sl_sync_unlock (&self->sync);
  return rows;
}

gboolean
sl_drift_scan_keep_baselines (SlDriftScan *self, SlStore *store, GError **error)
{
  GPtrArray *rows = sl_drift_scan_get_rows (self);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      SlDriftScanRow *row = rows->pdata[i];
      if (row->report != NULL && !sl_drift_report_keep_baseline (store, row->report, error))
        return FALSE;
    }
  return TRUE;
}

const char *const *
sl_drift_scan_get_signals (SlDriftScan *self)
{
  return (const char *const *)self->columns;
}

const SlDriftParams *
sl_drift_scan_get_params (SlDriftScan *self)
{
  return &self->params;
}

const SlDriftWindow *
sl_drift_scan_row_cell (const SlDriftScanRow *row, const char *signal)
{
  for (guint j = 0; row->report != NULL && j < row->report->signals->len; j++)
    {
      const SlDriftSignal *d = row->report->signals->pdata[j];
      if (g_str_equal (d->signal, signal))
        {
          const SlDriftWindow *w
              = d->windows->len > 0 ? &g_array_index (d->windows, SlDriftWindow, 0) : NULL;
          return w != NULL && !w->thin ? w : NULL;
        }
    }
  return NULL;
}

/* ---- GObject ------------------------------------------------------------ */

static void
sl_drift_scan_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlDriftScan *self = SL_DRIFT_SCAN (object);
  switch (prop_id)
    {
    case PROP_DONE:
      g_value_set_uint (value, sl_drift_scan_get_done (self));
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, sl_drift_scan_get_total (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_drift_scan_finalize (GObject *object)
{
  SlDriftScan *self = SL_DRIFT_SCAN (object);
  g_free (self->library);
  sl_drift_baseline_clear (&self->baseline);
  g_strfreev (self->signals);
  g_strfreev (self->columns);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  sl_sync_clear (&self->sync);
  G_OBJECT_CLASS (sl_drift_scan_parent_class)->finalize (object);
}

static void
sl_drift_scan_class_init (SlDriftScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = sl_drift_scan_get_property;
  object_class->finalize = sl_drift_scan_finalize;
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  properties[PROP_DONE] = g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_drift_scan_init (SlDriftScan *self)
{
  sl_sync_init (&self->sync);
}
