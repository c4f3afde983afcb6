/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "sl-evidence.h"

void
sl_evidence_free (SlEvidence *e)
{
  if (e == NULL)
    return;
  for (guint i = 0; e->frames != NULL && i < e->frames->len; i++)
    {
      SlEvidenceFrame *f = &g_array_index (e->frames, SlEvidenceFrame, i);
      sl_video_frame_clear (&f->image);
      g_free (f->values);
    }
  g_clear_pointer (&e->frames, g_array_unref);
  g_strfreev (e->names);
  g_free (e->video_error);
  g_free (e);
}

double
sl_evidence_value (const SlEvidence *e, guint i, const char *name)
{
  g_return_val_if_fail (e != NULL && i < e->frames->len, NAN);
  const SlEvidenceFrame *f = &g_array_index (e->frames, SlEvidenceFrame, i);
  for (guint k = 0; e->names != NULL && e->names[k] != NULL; k++)
    if (g_strcmp0 (e->names[k], name) == 0)
      return f->values[k];
  return NAN;
}

/* The pictures, from the session's recording; FALSE with @error saying why
 * not.  Frames already decoded are kept. */
static gboolean
decode (SlStore *store, gint64 run_id, SlEvidence *e, GCancellable *cancellable, GError **error)
{
  g_autoptr (SlRun) run = sl_store_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  g_autoptr (SlSession) session = sl_store_get_session (store, run->session_id, error);
  if (session == NULL)
    return FALSE;
  if (session->path == NULL || !g_file_test (session->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The recording “%s” is not there: relocate the session to show its frames."),
                   session->path != NULL ? session->path : "");
      return FALSE;
    }
  g_autoptr (SlVideoSource) source = sl_video_source_open (session->path, error);
  if (source == NULL)
    return FALSE;
  for (guint i = 0; i < e->frames->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      SlEvidenceFrame *f = &g_array_index (e->frames, SlEvidenceFrame, i);
      if (!sl_video_source_seek (source, f->frame, error)
          || !sl_video_source_read (source, &f->image, error))
        {
          sl_video_frame_clear (&f->image);
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _ ("Frame %" PRId64 " is past the end of the recording “%s”: "
                            "it has changed since it was analysed; analyse it again."),
                         f->frame, session->path);
          return FALSE;
        }
    }
  return TRUE;
}

SlEvidence *
sl_evidence_load (SlStore *store, gint64 run_id, const gint64 *frames, guint n,
                  const char *const *names, GCancellable *cancellable, GError **error)
{
  g_autoptr (SlEvidence) e = g_new0 (SlEvidence, 1);
  e->names = g_strdupv ((char **)names);
  guint n_names = names != NULL ? g_strv_length ((char **)names) : 0;
  e->frames = g_array_sized_new (FALSE, TRUE, sizeof (SlEvidenceFrame), n);
  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      SlEvidenceFrame f = { .frame = frames[i], .values = g_new (double, MAX (n_names, 1)) };
      g_array_append_val (e->frames, f);
      SlEvidenceFrame *in = &g_array_index (e->frames, SlEvidenceFrame, i);
      g_autoptr (GError) local = NULL;
      in->has_face = sl_store_get_face (store, run_id, frames[i], &in->face, &local);
      if (local != NULL
          || (n_names > 0
              && sl_store_get_signals (store, run_id, frames[i], names, n_names, in->values, &local)
                     == 0
              && local != NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_autoptr (GError) video = NULL;
  if (n > 0 && !decode (store, run_id, e, cancellable, &video))
    {
      if (g_error_matches (video, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&video));
          return NULL;
        }
      e->video_error = g_strdup (video->message);
    }
  return g_steal_pointer (&e);
}

typedef struct
{
  char *library;
  gint64 run_id;
  GArray *frames;
  char **names;
} EvidenceJob;

static void
evidence_job_free (EvidenceJob *job)
{
  g_free (job->library);
  g_array_unref (job->frames);
  g_strfreev (job->names);
  g_free (job);
}

static void
evidence_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  EvidenceJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  SlEvidence *e = store != NULL
                      ? sl_evidence_load (store, job->run_id, (const gint64 *)job->frames->data,
                                          job->frames->len, (const char *const *)job->names,
                                          cancellable, &error)
                      : NULL;
  if (e == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, e, (GDestroyNotify)sl_evidence_free);
}

void
sl_evidence_load_async (const char *library, gint64 run_id, const gint64 *frames, guint n,
                        const char *const *names, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && run_id > 0);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_evidence_load_async);
  EvidenceJob *job = g_new0 (EvidenceJob, 1);
  job->library = g_strdup (library);
  job->run_id = run_id;
  job->frames = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (job->frames, frames, n);
  job->names = g_strdupv ((char **)names);
  g_task_set_task_data (task, job, (GDestroyNotify)evidence_job_free);
  g_task_run_in_thread (task, evidence_thread);
}

SlEvidence *
sl_evidence_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_evidence_load_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
