/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-live-calibration.h"
#include "sl-sync.h"
#include "vision.h"

struct _SlLiveCalibration
{
  char *recording;
  SlCalSchedule *schedule; /* positions; times written as targets finish */
  GArray *skipped;         /* gboolean per target */
  SlLiveTiming timing;
  SlvCamera *camera;
  SlvVideoInfo info;
  GThread *thread;

  SlSync lock;   /* POSIX, so that ThreadSanitizer sees it (sl-sync.h) */
  gint64 frames; /* recorded so far */
  char *failure; /* why the camera stopped, or NULL */
  gboolean stop;

  int current;         /* target shown now; targets->len when done */
  gint64 target_start; /* frames recorded when it appeared */
};

GStrv
sl_live_list_cameras (void)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_autoptr (GDir) dir = g_dir_open ("/dev", 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "video"))
      g_ptr_array_add (out, g_build_filename ("/dev", name, NULL));
  g_ptr_array_sort (out, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (out, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gpointer
capture_thread (gpointer data)
{
  SlLiveCalibration *live = data;
  for (;;)
    {
      sl_sync_lock (&live->lock);
      gboolean stop = live->stop;
      sl_sync_unlock (&live->lock);
      if (stop)
        break;
      SlvFrame frame = { 0 };
      char *message = NULL;
      int rc = slv_camera_read (live->camera, &frame, &message);
      slv_frame_clear (&frame);
      sl_sync_lock (&live->lock);
      if (rc == 1)
        live->frames++;
      else
        {
          live->failure = g_strdup (message != NULL ? message : "the camera stopped");
          live->stop = TRUE;
        }
      sl_sync_unlock (&live->lock);
      free (message);
      if (rc != 1)
        break;
    }
  return NULL;
}

SlLiveCalibration *
sl_live_calibration_start (const char *device, const char *recording, const SlCalSchedule *targets,
                           SlLiveTiming timing, GError **error)
{
  g_return_val_if_fail (targets->targets->len > 0, NULL);
  char *message = NULL;
  SlvCamera *camera = slv_camera_open (device, recording, &message);
  if (camera == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Camera %s: %s."), device,
                   message != NULL ? message : "");
      free (message);
      g_unlink (recording);
      return NULL;
    }
  SlLiveCalibration *live = g_new0 (SlLiveCalibration, 1);
  live->recording = g_strdup (recording);
  live->camera = camera;
  live->info = *slv_camera_info (camera);
  live->timing = timing;
  live->schedule = sl_cal_schedule_new ();
  live->schedule->geometry = targets->geometry;
  live->schedule->has_geometry = TRUE;
  live->schedule->layout = targets->layout;
  for (guint i = 0; i < targets->targets->len; i++)
    {
      SlCalTarget t = g_array_index (targets->targets, SlCalTarget, i);
      t.id = g_strdup (t.id);
      t.start_ms = t.end_ms = 0;
      g_array_append_val (live->schedule->targets, t);
    }
  live->skipped = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), targets->targets->len);
  g_array_set_size (live->skipped, targets->targets->len);
  sl_sync_init (&live->lock);
  live->thread = g_thread_new ("sl-camera", capture_thread, live);
  return live;
}

gint64
sl_live_calibration_get_frames (SlLiveCalibration *live)
{
  sl_sync_lock (&live->lock);
  gint64 n = live->frames;
  sl_sync_unlock (&live->lock);
  return n;
}

void
sl_live_calibration_get_format (SlLiveCalibration *live, int *width, int *height, double *fps)
{
  *width = live->info.width;
  *height = live->info.height;
  *fps = live->info.fps;
}

static gboolean
failed (SlLiveCalibration *live)
{
  sl_sync_lock (&live->lock);
  gboolean f = live->failure != NULL;
  sl_sync_unlock (&live->lock);
  return f;
}

/* The recording's time of frame @n, in ms. */
static double
frame_ms (const SlLiveCalibration *live, double n)
{
  return round (n / live->info.fps * 1000);
}

int
sl_live_calibration_update (SlLiveCalibration *live, double *progress, gboolean *collecting)
{
  guint n = live->schedule->targets->len;
  if (failed (live) || live->current >= (int)n)
    return -1;
  gint64 now = sl_live_calibration_get_frames (live);
  double fps = live->info.fps;
  double settle = live->timing.settle_s * fps, total = settle + live->timing.collect_s * fps;
  while (live->current < (int)n && now - live->target_start >= total)
    {
      /* The target's collection stretch is over: it is the target's. */
      SlCalTarget *t = &g_array_index (live->schedule->targets, SlCalTarget, live->current);
      t->start_ms = frame_ms (live, live->target_start + settle);
      t->end_ms = frame_ms (live, live->target_start + total);
      live->target_start += (gint64)ceil (total);
      live->current++;
    }
  if (live->current >= (int)n)
    return -1;
  double into = now - live->target_start;
  gboolean coll = into >= settle;
  if (progress != NULL)
    *progress = coll ? CLAMP ((into - settle) / (total - settle), 0, 1)
                     : (settle > 0 ? CLAMP (into / settle, 0, 1) : 1);
  if (collecting != NULL)
    *collecting = coll;
  return live->current;
}

void
sl_live_calibration_skip (SlLiveCalibration *live)
{
  if (live->current >= (int)live->schedule->targets->len)
    return;
  g_array_index (live->skipped, gboolean, live->current) = TRUE;
  live->current++;
  live->target_start = sl_live_calibration_get_frames (live);
}

static void
stop_camera (SlLiveCalibration *live)
{
  if (live->thread != NULL)
    {
      sl_sync_lock (&live->lock);
      live->stop = TRUE;
      sl_sync_unlock (&live->lock);
      g_thread_join (live->thread);
      live->thread = NULL;
    }
  g_clear_pointer (&live->camera, slv_camera_close);
}

gboolean
sl_live_calibration_finish (SlLiveCalibration *live, GError **error)
{
  guint n = live->schedule->targets->len;
  sl_live_calibration_update (live, NULL, NULL);
  gboolean done = live->current >= (int)n;
  stop_camera (live);
  if (live->failure != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE,
                   _ ("The calibration stopped: %s. Nothing was kept; check the camera and "
                      "start again."),
                   live->failure);
      g_unlink (live->recording);
      return FALSE;
    }
  if (!done)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CANCELLED,
                   _ ("The calibration was stopped before the last target; nothing was kept."));
      g_unlink (live->recording);
      return FALSE;
    }
  /* The skipped targets leave the schedule. */
  for (int i = (int)n - 1; i >= 0; i--)
    if (g_array_index (live->skipped, gboolean, i))
      g_array_remove_index (live->schedule->targets, i);
  g_autoptr (GError) local = NULL;
  if (!sl_cal_schedule_check (live->schedule, 0, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Too many targets were skipped: %s Nothing was kept."), local->message);
      g_unlink (live->recording);
      return FALSE;
    }
  g_autofree char *base = g_strdup (live->recording);
  char *dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  g_autofree char *sidecar = g_strconcat (base, ".calibration.json", NULL);
  if (!sl_cal_schedule_save (live->schedule, sidecar, error))
    {
      g_unlink (live->recording);
      return FALSE;
    }
  g_clear_pointer (&live->recording, g_free); /* kept */
  return TRUE;
}

void
sl_live_calibration_free (SlLiveCalibration *live)
{
  if (live == NULL)
    return;
  stop_camera (live);
  if (live->recording != NULL)
    g_unlink (live->recording);
  g_free (live->recording);
  sl_cal_schedule_free (live->schedule);
  g_array_unref (live->skipped);
  g_free (live->failure);
  sl_sync_clear (&live->lock);
  g_free (live);
}
