/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis pipeline.
 *
 *   decode (the task's thread) ─▶ chunks of consecutive analysed frames
 *        ─▶ N workers (face stage; a chunk starts a fresh track)
 *        ─▶ writer: chunks in order, track ids, batched transactions
 *
 * At most max_in_flight chunks exist at once, so memory does not grow with
 * the length of a recording.  The writer commits only in frame order, and
 * records the last committed frame with each batch; a cancelled, failed or
 * killed run therefore keeps a clean prefix and resumes after it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "library/sl-store.h"
#include "sl-analysis-private.h"

enum
{
  PROP_0,
  PROP_RUN_ID,
  PROP_FRAMES_DONE,
  PROP_FRAMES_TOTAL,
  PROP_FRACTION,
  PROP_FPS,
  PROP_ETA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlAnalysis, sl_analysis, G_TYPE_OBJECT)

static const struct
{
  const char *name;
  int step;
  const char *label;
} presets[] = {
  [SL_PRESET_EVERY_FRAME] = { "every-frame", 1, N_ ("Every frame") },
  [SL_PRESET_HIGH_ACCURACY] = { "high-accuracy", 3, N_ ("High accuracy (every 3rd frame)") },
  [SL_PRESET_BALANCED] = { "balanced", 10, N_ ("Balanced (every 10th frame)") },
  [SL_PRESET_HIGH_PERFORMANCE]
  = { "high-performance", 20, N_ ("High performance (every 20th frame)") },
};

const char *
sl_preset_label (SlPreset preset)
{
  g_return_val_if_fail (preset <= SL_PRESET_HIGH_PERFORMANCE, NULL);
  return _ (presets[preset].label);
}

const char *
sl_preset_label_for (const char *name)
{
  SlPreset preset;
  return sl_preset_from_string (name, &preset) ? sl_preset_label (preset) : name;
}

const char *
sl_preset_to_string (SlPreset preset)
{
  g_return_val_if_fail (preset <= SL_PRESET_HIGH_PERFORMANCE, NULL);
  return presets[preset].name;
}

int
sl_preset_step (SlPreset preset)
{
  g_return_val_if_fail (preset <= SL_PRESET_HIGH_PERFORMANCE, 1);
  return presets[preset].step;
}

gboolean
sl_preset_from_string (const char *s, SlPreset *preset)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (s, presets[i].name) == 0)
      {
        *preset = i;
        return TRUE;
      }
  return FALSE;
}

static void
sl_analysis_finalize (GObject *object)
{
  SlAnalysis *self = SL_ANALYSIS (object);

  /* The last reference may be dropped by the coordinator thread just
   * after the owner's last call: taking the lock once orders everything
   * the owner did under it before the teardown, for ThreadSanitizer as
   * for the memory model (GObject's reference count is atomic but not
   * seen by the sanitizer). */
  sl_sync_lock (&self->sync);
  sl_sync_unlock (&self->sync);

  g_free (self->library_path);
  g_free (self->message);
  g_free (self->model_reason);
  g_ptr_array_unref (self->sets);
  g_clear_pointer (&self->plan, sl_plan_free);
  g_clear_pointer (&self->processor_ns, g_free);
  g_main_context_unref (self->context);
  g_queue_clear_full (&self->pending, (GDestroyNotify)sl_analysis_chunk_free);
  g_hash_table_unref (self->done);
  g_clear_error (&self->error);
  sl_sync_clear (&self->sync);

  G_OBJECT_CLASS (sl_analysis_parent_class)->finalize (object);
}

static void
sl_analysis_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlAnalysis *self = SL_ANALYSIS (object);

  switch (prop_id)
    {
    case PROP_RUN_ID:
      g_value_set_int64 (value, sl_analysis_get_run_id (self));
      break;
    case PROP_FRAMES_DONE:
      g_value_set_int64 (value, sl_analysis_get_frames_done (self));
      break;
    case PROP_FRAMES_TOTAL:
      g_value_set_int64 (value, sl_analysis_get_frames_total (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, sl_analysis_get_fraction (self));
      break;
    case PROP_FPS:
      g_value_set_double (value, sl_analysis_get_fps (self));
      break;
    case PROP_ETA:
      g_value_set_double (value, sl_analysis_get_eta (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_analysis_class_init (SlAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_analysis_finalize;
  object_class->get_property = sl_analysis_get_property;

  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_RUN_ID] = g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FRAMES_DONE]
      = g_param_spec_int64 ("frames-done", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FRAMES_TOTAL]
      = g_param_spec_int64 ("frames-total", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_FPS] = g_param_spec_double ("fps", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_ETA] = g_param_spec_double ("eta", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_analysis_init (SlAnalysis *self)
{
  SlFaceParams defaults = SL_FACE_PARAMS_DEFAULT;

  self->face = defaults;
  self->context = g_main_context_ref_thread_default ();
  self->done = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)sl_analysis_chunk_free);
  sl_sync_init (&self->sync);
}

SlAnalysis *
sl_analysis_new (const char *library_path, gint64 session_id, SlPreset preset, int threads,
                 gboolean force_new)
{
  g_return_val_if_fail (library_path != NULL, NULL);
  g_return_val_if_fail (preset <= SL_PRESET_HIGH_PERFORMANCE, NULL);

  SlAnalysis *self = g_object_new (SL_TYPE_ANALYSIS, NULL);
  self->library_path = g_strdup (library_path);
  self->session_id = session_id;
  self->preset = preset;
  self->threads = CLAMP (threads, 1, 64);
  self->force_new = force_new;
  g_autoptr (GError) error = NULL;
  self->plan = sl_plan_new (&error);
  self->sets = g_ptr_array_new_with_free_func (g_free);
  if (self->plan == NULL)
    g_error ("The processor registry is inconsistent: %s", error->message);
  self->processor_ns = g_new0 (gint64, sl_plan_n_processors (self->plan));
  return self;
}

gboolean
sl_analysis_set (SlAnalysis *self, const char *assignment, GError **error)
{
  g_return_val_if_fail (SL_IS_ANALYSIS (self), FALSE);
  if (!sl_plan_set (self->plan, assignment, error))
    return FALSE;
  g_ptr_array_add (self->sets, g_strdup (assignment));
  return TRUE;
}

void
sl_analysis_set_face_params (SlAnalysis *self, const SlFaceParams *params)
{
  g_return_if_fail (SL_IS_ANALYSIS (self));
  self->face = *params;
}

/* ---- Progress ----------------------------------------------------------- */

static gboolean
publish_progress (gpointer data)
{
  SlAnalysis *self = data;

  sl_sync_lock (&self->sync);
  self->notify_pending = FALSE;
  sl_sync_unlock (&self->sync);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
void
sl_analysis_schedule_progress_locked (SlAnalysis *self)
{
  if (self->notify_pending)
    return;
  self->notify_pending = TRUE;
  GSource *source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, publish_progress, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

#define LOCKED_GETTER(type, name, expr)                                                            \
  type sl_analysis_get_##name (SlAnalysis *self)                                                   \
  {                                                                                                \
    g_return_val_if_fail (SL_IS_ANALYSIS (self), 0);                                               \
    sl_sync_lock (&self->sync);                                                                    \
    type v = (expr);                                                                               \
    sl_sync_unlock (&self->sync);                                                                  \
    return v;                                                                                      \
  }

LOCKED_GETTER (gint64, run_id, self->run_id)
LOCKED_GETTER (gint64, frames_done, self->frames_done)
LOCKED_GETTER (gint64, frames_total, self->frames_total)
LOCKED_GETTER (double, fps, self->fps)
LOCKED_GETTER (double, eta, self->eta)
LOCKED_GETTER (double, fraction,
               self->frames_total > 0
                   ? CLAMP ((double)self->frames_done / self->frames_total, 0.0, 1.0)
                   : 0.0)

const char *
sl_analysis_get_message (SlAnalysis *self)
{
  g_return_val_if_fail (SL_IS_ANALYSIS (self), NULL);
  sl_sync_lock (&self->sync);
  const char *message = self->message;
  sl_sync_unlock (&self->sync);
  return message;
}

guint
sl_analysis_get_n_processors (SlAnalysis *self)
{
  return sl_plan_n_processors (self->plan);
}

const char *
sl_analysis_get_processor_id (SlAnalysis *self, guint i)
{
  return sl_plan_processor (self->plan, i)->id;
}

void
sl_analysis_get_stats (SlAnalysis *self, SlAnalysisStats *stats)
{
  sl_sync_lock (&self->sync);
  *stats = self->stats;
  sl_sync_unlock (&self->sync);
}

gint64
sl_analysis_get_processor_ns (SlAnalysis *self, guint i)
{
  g_return_val_if_fail (SL_IS_ANALYSIS (self), 0);
  g_return_val_if_fail (i < sl_plan_n_processors (self->plan), 0);
  sl_sync_lock (&self->sync);
  gint64 ns = self->processor_ns != NULL ? self->processor_ns[i] : 0;
  sl_sync_unlock (&self->sync);
  return ns;
}

/* ---- Pipeline ----------------------------------------------------------- */

/* Records the first failure and stops every thread.  Lock held. */
void
sl_analysis_fail_locked (SlAnalysis *self, GError *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  sl_sync_broadcast (&self->sync);
}

gboolean
sl_analysis_stopping_locked (SlAnalysis *self)
{
  return self->error != NULL || g_cancellable_is_cancelled (self->cancellable);
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SlAnalysis *self = source;
  g_autoptr (GError) error = NULL;

  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->store = sl_store_open (self->library_path, &error);
  gboolean ok = self->store != NULL && sl_analysis_run_pipeline (self, &error);

  if (self->trackers != NULL)
    for (int i = 0; i < self->threads; i++)
      sl_face_tracker_free (self->trackers[i]);
  g_clear_pointer (&self->trackers, g_free);
  if (self->states != NULL)
    {
      guint n_proc = sl_plan_n_processors (self->plan);
      for (gsize k = 0; k < (gsize)self->threads * n_proc; k++)
        if (self->states[k] != NULL)
          sl_plan_processor (self->plan, k % n_proc)->destroy (self->states[k]);
    }
  g_clear_pointer (&self->states, g_free);
  if (self->temporal_states != NULL)
    for (guint i = 0; i < sl_plan_n_processors (self->plan); i++)
      if (self->temporal_states[i] != NULL)
        sl_plan_processor (self->plan, i)->destroy (self->temporal_states[i]);
  g_clear_pointer (&self->temporal_states, g_free);
  g_clear_pointer (&self->metrics, g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->signal_ids, g_free);
  g_clear_pointer (&self->landmarker, slv_landmarker_free);
  g_clear_pointer (&self->store, sl_store_free);
  g_clear_object (&self->cancellable);

  sl_sync_lock (&self->sync);
  sl_analysis_schedule_progress_locked (self);
  sl_sync_unlock (&self->sync);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The coordinator runs on a thread of its own rather than GTask's pool, so
 * that the hand-over of the run's settings is a thread creation, which
 * ThreadSanitizer can see. */
static gpointer
coordinator_thread (gpointer data)
{
  g_autoptr (GTask) task = data;
  run_thread (task, g_task_get_source_object (task), NULL, g_task_get_cancellable (task));
  return NULL;
}

void
sl_analysis_run_async (SlAnalysis *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_return_if_fail (SL_IS_ANALYSIS (self));

  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_analysis_run_async);
  /* A cancelled run still reports its own error, which says what was kept. */
  g_task_set_check_cancellable (task, FALSE);
  g_thread_unref (g_thread_new ("sl-analysis", coordinator_thread, task));
}

gboolean
sl_analysis_run_finish (SlAnalysis *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_analysis_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
