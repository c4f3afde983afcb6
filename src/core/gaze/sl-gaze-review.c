/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-gaze-review.h"

void
sl_gaze_review_free (SlGazeReview *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->points, g_array_unref);
  g_clear_pointer (&r->scores, sl_gaze_scores_free);
  g_free (r);
}

SlCalProfile *
sl_gaze_session_profile (SlStore *store, gint64 session_id, gint64 calibration_id, GError **error)
{
  if (calibration_id == 0)
    {
      g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
      if (s == NULL)
        return NULL;
      if (s->calibration_id == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                       _ ("Session %" PRId64 " has no calibration: calibrate it (sightline "
                          "calibrate %" PRId64 " --targets FILE.json) or apply a profile "
                          "(--apply ID)."),
                       session_id, session_id);
          return NULL;
        }
      calibration_id = s->calibration_id;
    }
  return sl_cal_profile_load (store, calibration_id, error);
}

SlGazeReview *
sl_gaze_review_load (SlStore *store, gint64 session_id, gint64 calibration_id,
                     const SlScoreOptions *options, GCancellable *cancellable, GError **error)
{
  g_autoptr (SlCalProfile) profile
      = sl_gaze_session_profile (store, session_id, calibration_id, error);
  if (profile == NULL)
    return NULL;
  calibration_id = profile->id;
  g_autoptr (SlGazeRun) gr = sl_gaze_run_load (store, session_id, 0, error);
  if (gr == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  SlGazeReview *r = g_new0 (SlGazeReview, 1);
  r->session_id = session_id;
  r->calibration_id = calibration_id;
  r->points = sl_cal_profile_apply (profile, gr->frames);
  r->screen = profile->geometry;
  r->accuracy_deg = profile->accuracy_deg;
  r->has_region = profile->has_region;
  memcpy (r->region, profile->region, sizeof r->region);
  r->scores = sl_gaze_scores_compute (profile, gr->frames, gr->events, options);
  return r;
}

typedef struct
{
  char *library;
  gint64 session_id, calibration_id;
  SlScoreOptions options;
} Job;

static void
job_free (Job *job)
{
  g_free (job->library);
  g_free (job);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (job->library, &error);
  SlGazeReview *r = store ? sl_gaze_review_load (store, job->session_id, job->calibration_id,
                                                 &job->options, cancellable, &error)
                          : NULL;
  if (r == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, r, (GDestroyNotify)sl_gaze_review_free);
}

void
sl_gaze_review_load_async (const char *library, gint64 session_id, gint64 calibration_id,
                           const SlScoreOptions *options, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && options != NULL);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_gaze_review_load_async);
  Job *job = g_new0 (Job, 1);
  job->library = g_strdup (library);
  job->session_id = session_id;
  job->calibration_id = calibration_id;
  job->options = *options;
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, load_thread);
}

SlGazeReview *
sl_gaze_review_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_gaze_review_load_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
