/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_statistics_double.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-file-writer.h"
#include "base/sl-sync.h"
#include "pipeline/sl-face-tracker.h"
#include "processors/sl-processors.h"
#include "sl-live-calibration.h"
#include "vision.h"

/* One watched frame. */
typedef struct
{
  gint64 frame;
  SlLiveEyes eyes;
  double yaw, pitch; /* eye angles in degrees, running medians; NaN without eyes */
} EyeSample;

struct _SlLiveCalibration
{
  char *recording;               /* what the camera records into; NULL once kept */
  char *first;                   /* shown again: the first run's recording */
  SlCalSchedule *first_schedule; /* and its targets */
  char *output;                  /* shown again: where the two are joined */
  SlCalSchedule *schedule;       /* positions; times written as targets finish */
  GArray *skipped;               /* gboolean per target */
  SlLiveTiming timing;
  gboolean watch;  /* the eyes are watched (settle_max_s > settle_min_s) */
  gboolean replay; /* a recorded camera: every frame watched, so a run is the same each time */
  SlvCamera *camera;
  SlvVideoInfo info;
  GThread *thread;
  GThread *eyes_thread;

  SlSync lock;   /* POSIX, so that ThreadSanitizer sees it (sl-sync.h) */
  gint64 frames; /* recorded so far */
  char *failure; /* why the camera (or the eyes' models) stopped, or NULL */
  gboolean stop;
  gboolean ready;    /* the eyes are watched (or need not be) */
  SlvFrame pending;  /* the newest frame not yet watched */
  gint64 pending_no; /* its number, or −1 */
  GArray *samples;   /* EyeSample, in frame order */
  gint64 watched;    /* frames watched */

  /* Main thread only. */
  gboolean started;    /* the first target is up */
  int current;         /* target shown now; targets->len when done */
  gint64 target_start; /* frames recorded when it appeared */
  gint64 settle_end;   /* the frame its collection began, or −1 while settling */
  gboolean settled;
  guint sample_from; /* the first sample that may still matter */
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

static void
fail (SlLiveCalibration *live, const char *why)
{
  sl_sync_lock (&live->lock);
  if (live->failure == NULL)
    {
      /* Said inside a sentence: without its own full stop. */
      live->failure = g_strdup (why);
      gsize n = strlen (live->failure);
      while (n > 0 && (live->failure[n - 1] == '.' || g_ascii_isspace (live->failure[n - 1])))
        live->failure[--n] = '\0';
    }
  live->stop = TRUE;
  pthread_cond_broadcast (&live->lock.cond);
  sl_sync_unlock (&live->lock);
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
      if (rc != 1)
        {
          slv_frame_clear (&frame);
          fail (live, message != NULL ? message : "the camera stopped");
          free (message);
          break;
        }
      sl_sync_lock (&live->lock);
      /* A replay waits for the eyes' thread to take the frame before: the
       * targets settle on the same frames however busy the machine. */
      while (live->watch && live->replay && !live->stop && live->pending_no >= 0)
        sl_sync_wait (&live->lock);
      if (live->watch)
        {
          /* The eyes' thread takes the newest frame; an older one it had
           * no time for (a camera does not wait) is only recorded. */
          slv_frame_clear (&live->pending);
          live->pending = frame;
          live->pending_no = live->frames;
          pthread_cond_broadcast (&live->lock.cond);
        }
      else
        slv_frame_clear (&frame);
      live->frames++;
      sl_sync_unlock (&live->lock);
    }
  return NULL;
}

static double
param_default (const SlProcessorInfo *info, const char *name)
{
  for (guint i = 0; i < info->n_params; i++)
    if (strcmp (info->params[i].name, name) == 0)
      return info->params[i].default_value;
  g_return_val_if_reached (NAN);
}

/* Eye angles of one frame as the analysis finds them: the face stage, the
 * iris processor, the gaze processor's features and eyeball model. */
static SlLiveEyes
watch_frame (SlFaceTracker *tracker, const SlProcessorInfo *iris, const double *iris_params,
             double eye_radius, const SlvImage *image, double *yaw, double *pitch, GError **error)
{
  SlFaceResult face = { 0 };
  SlFaceTimes times = { 0 };
  *yaw = *pitch = NAN;
  if (!sl_face_tracker_process (tracker, image, &face, &times, error))
    return SL_LIVE_EYES_UNKNOWN;
  if (!face.success)
    return SL_LIVE_EYES_NO_FACE;
  double out[6];
  for (guint i = 0; i < G_N_ELEMENTS (out); i++)
    out[i] = NAN;
  SlFrameContext ctx = { .image = image, .face = &face, .params = iris_params, .out = out };
  if (!iris->process (NULL, &ctx, error))
    return SL_LIVE_EYES_UNKNOWN;
  double sh = 0, sv = 0;
  int n = 0;
  for (int e = 0; e < 2; e++)
    {
      double h, v;
      if (sl_gaze_eye_features (face.points, e, out[3 * e], out[3 * e + 1], &h, &v))
        {
          sh += h;
          sv += v;
          n++;
        }
    }
  if (n == 0)
    return SL_LIVE_EYES_NOT_FOUND;
  /* As the gaze processor turns features into the eye's rotation. */
  *yaw = -asin (CLAMP (sh / n / eye_radius, -1, 1)) * 180 / G_PI;
  *pitch = asin (CLAMP (sv / n / eye_radius, -1, 1)) * 180 / G_PI;
  return SL_LIVE_EYES_SEEN;
}

static gpointer
eyes_thread (gpointer data)
{
  SlLiveCalibration *live = data;
  g_autoptr (GError) error = NULL;
  SlvLandmarker *landmarker = sl_landmarker_open (&error);
  SlFaceParams params = SL_FACE_PARAMS_DEFAULT;
  params.input_size = 128; /* a face at a screen's distance from its camera */
  SlFaceTracker *tracker
      = landmarker != NULL ? sl_face_tracker_new (&params, landmarker, &error) : NULL;
  if (tracker == NULL)
    {
      g_autofree char *why = g_strdup_printf (_ ("the eyes cannot be watched: %s"), error->message);
      fail (live, why);
      slv_landmarker_free (landmarker);
      return NULL;
    }
  const SlProcessorInfo *iris = sl_processors_find ("iris");
  double iris_params[8];
  g_assert (iris->n_params <= G_N_ELEMENTS (iris_params));
  for (guint i = 0; i < iris->n_params; i++)
    iris_params[i] = iris->params[i].default_value;
  double eye_radius = param_default (sl_processors_find ("gaze"), "eye_radius");
  /* The last raw angles, for the running medians. */
  double raw_yaw[SL_LIVE_SETTLE_MEDIAN], raw_pitch[SL_LIVE_SETTLE_MEDIAN];
  gint64 raw_frame[SL_LIVE_SETTLE_MEDIAN];
  int n_raw = 0;
  double max_gap = live->info.fps * SL_LIVE_SETTLE_WINDOW_S * 2;

  sl_sync_lock (&live->lock);
  live->ready = TRUE;
  for (;;)
    {
      while (!live->stop && live->pending_no < 0)
        sl_sync_wait (&live->lock);
      if (live->stop)
        break;
      SlvFrame frame = live->pending;
      gint64 no = live->pending_no;
      memset (&live->pending, 0, sizeof live->pending);
      live->pending_no = -1;
      sl_sync_broadcast (&live->lock); /* a replay waits for this */
      sl_sync_unlock (&live->lock);

      EyeSample s = { no, SL_LIVE_EYES_UNKNOWN, NAN, NAN };
      double yaw, pitch;
      s.eyes = watch_frame (tracker, iris, iris_params, eye_radius, &frame.image, &yaw, &pitch,
                            &error);
      slv_frame_clear (&frame);
      if (error != NULL)
        {
          g_autofree char *why
              = g_strdup_printf (_ ("the eyes cannot be watched: %s"), error->message);
          fail (live, why);
          sl_sync_lock (&live->lock);
          break;
        }
      if (s.eyes == SL_LIVE_EYES_SEEN)
        {
          /* A gap of frames without eyes starts the medians again. */
          if (n_raw > 0 && no - raw_frame[(n_raw - 1) % SL_LIVE_SETTLE_MEDIAN] > max_gap)
            n_raw = 0;
          int k = n_raw % SL_LIVE_SETTLE_MEDIAN;
          raw_yaw[k] = yaw;
          raw_pitch[k] = pitch;
          raw_frame[k] = no;
          n_raw++;
          if (n_raw >= SL_LIVE_SETTLE_MEDIAN)
            {
              double y[SL_LIVE_SETTLE_MEDIAN], p[SL_LIVE_SETTLE_MEDIAN];
              memcpy (y, raw_yaw, sizeof y);
              memcpy (p, raw_pitch, sizeof p);
              s.yaw = gsl_stats_median (y, 1, SL_LIVE_SETTLE_MEDIAN);
              s.pitch = gsl_stats_median (p, 1, SL_LIVE_SETTLE_MEDIAN);
            }
        }
      sl_sync_lock (&live->lock);
      g_array_append_val (live->samples, s);
      live->watched++;
    }
  sl_sync_unlock (&live->lock);
  sl_face_tracker_free (tracker);
  slv_landmarker_free (landmarker);
  return NULL;
}

static SlLiveCalibration *
start (const char *device, const char *recording, const char *first, const SlCalSchedule *targets,
       SlLiveTiming timing, GError **error)
{
  g_return_val_if_fail (targets->targets->len > 0, NULL);
  g_return_val_if_fail (timing.settle_max_s >= timing.settle_min_s && timing.collect_s > 0, NULL);
  if (!sl_file_create_private (recording, error))
    return NULL;
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
  live->first = g_strdup (first);
  live->info = *slv_camera_info (camera);
  live->timing = timing;
  live->watch = timing.settle_max_s > timing.settle_min_s;
  live->replay = slv_camera_is_replay (camera);
  live->ready = !live->watch;
  live->pending_no = -1;
  live->settle_end = -1;
  live->samples = g_array_new (FALSE, FALSE, sizeof (EyeSample));
  live->schedule = sl_cal_schedule_copy (targets, NULL, NULL);
  live->schedule->has_geometry = TRUE;
  for (guint i = 0; i < targets->targets->len; i++)
    {
      SlCalTarget *t = &g_array_index (live->schedule->targets, SlCalTarget, i);
      t->start_ms = t->end_ms = t->shown_ms = 0;
      t->live = TRUE;
      t->settled = FALSE;
    }
  live->skipped = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), targets->targets->len);
  g_array_set_size (live->skipped, targets->targets->len);
  sl_sync_init (&live->lock);
  if (live->watch)
    live->eyes_thread = g_thread_new ("sl-live-eyes", eyes_thread, live);
  live->thread = g_thread_new ("sl-camera", capture_thread, live);
  return live;
}

SlLiveCalibration *
sl_live_calibration_start (const char *device, const char *recording, const SlCalSchedule *targets,
                           SlLiveTiming timing, GError **error)
{
  return start (device, recording, NULL, targets, timing, error);
}

SlLiveCalibration *
sl_live_calibration_start_again (const char *device, const char *recording, const char *first,
                                 const SlCalSchedule *first_schedule, const SlCalSchedule *targets,
                                 SlLiveTiming timing, GError **error)
{
  g_autofree char *base = g_strdup (recording);
  char *dot = strrchr (base, '.');
  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    *dot = '\0';
  g_autofree char *part = g_strconcat (base, "-again.avi", NULL);
  SlLiveCalibration *live = start (device, part, first, targets, timing, error);
  if (live != NULL)
    {
      live->output = g_strdup (recording);
      live->first_schedule = sl_cal_schedule_copy (first_schedule, NULL, NULL);
    }
  return live;
}

/* A count the threads move on, read under the lock. */
static gint64
read_count (SlLiveCalibration *live, const gint64 *count)
{
  sl_sync_lock (&live->lock);
  gint64 n = *count;
  sl_sync_unlock (&live->lock);
  return n;
}

gint64
sl_live_calibration_get_frames (SlLiveCalibration *live)
{
  return read_count (live, &live->frames);
}

gint64
sl_live_calibration_get_watched (SlLiveCalibration *live)
{
  return read_count (live, &live->watched);
}

SlLiveEyes
sl_live_calibration_get_eyes (SlLiveCalibration *live)
{
  SlLiveEyes eyes = SL_LIVE_EYES_UNKNOWN;
  sl_sync_lock (&live->lock);
  if (live->samples->len > 0)
    {
      const EyeSample *s = &g_array_index (live->samples, EyeSample, live->samples->len - 1);
      if (live->frames - s->frame <= live->info.fps / 2)
        eyes = s->eyes;
    }
  sl_sync_unlock (&live->lock);
  return eyes;
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

/* The first watched frame, at least settle_min_s after the current target
 * appeared, that ends a settled window of eye angles; −1 when none yet. */
static gint64
find_settled (SlLiveCalibration *live)
{
  double fps = live->info.fps;
  gint64 earliest = live->target_start + (gint64)ceil (live->timing.settle_min_s * fps);
  double window = SL_LIVE_SETTLE_WINDOW_S * fps;
  gint64 found = -1;
  sl_sync_lock (&live->lock);
  GArray *a = live->samples;
  while (live->sample_from < a->len
         && g_array_index (a, EyeSample, live->sample_from).frame < live->target_start)
    live->sample_from++;
  for (guint i = live->sample_from; i < a->len && found < 0; i++)
    {
      const EyeSample *end = &g_array_index (a, EyeSample, i);
      if (end->frame < earliest)
        continue;
      double y0 = INFINITY, y1 = -INFINITY, p0 = INFINITY, p1 = -INFINITY;
      int n = 0;
      gboolean all = TRUE;
      for (guint j = i + 1; j-- > live->sample_from;)
        {
          const EyeSample *s = &g_array_index (a, EyeSample, j);
          if (end->frame - s->frame >= window)
            break;
          if (!isfinite (s->yaw))
            {
              all = FALSE;
              break;
            }
          y0 = MIN (y0, s->yaw);
          y1 = MAX (y1, s->yaw);
          p0 = MIN (p0, s->pitch);
          p1 = MAX (p1, s->pitch);
          n++;
        }
      if (all && n >= 3 && (y1 - y0) + (p1 - p0) <= SL_LIVE_SETTLE_DEG)
        found = end->frame;
    }
  sl_sync_unlock (&live->lock);
  return found;
}

int
sl_live_calibration_update (SlLiveCalibration *live, double *progress, SlLivePhase *phase)
{
  guint n = live->schedule->targets->len;
  if (failed (live) || live->current >= (int)n)
    return -1;
  gint64 now = sl_live_calibration_get_frames (live);
  if (!live->started)
    {
      sl_sync_lock (&live->lock);
      live->started = live->ready;
      sl_sync_unlock (&live->lock);
      live->target_start = now;
      if (!live->started)
        {
          if (progress != NULL)
            *progress = 0;
          if (phase != NULL)
            *phase = SL_LIVE_PREPARING;
          return live->current;
        }
    }
  double fps = live->info.fps;
  double settle_max = live->timing.settle_max_s * fps, collect = live->timing.collect_s * fps;
  while (live->current < (int)n)
    {
      if (live->settle_end < 0)
        {
          live->settle_end = live->watch ? find_settled (live) : -1;
          live->settled = live->settle_end >= 0;
          if (live->settle_end < 0 && now - live->target_start >= settle_max)
            live->settle_end = live->target_start + (gint64)ceil (settle_max);
          if (live->settle_end < 0)
            break;
        }
      if (now - live->settle_end < collect)
        break;
      /* The target's collection stretch is over: it is the target's. */
      SlCalTarget *t = &g_array_index (live->schedule->targets, SlCalTarget, live->current);
      t->shown_ms = frame_ms (live, live->target_start);
      t->start_ms = frame_ms (live, live->settle_end);
      t->end_ms = frame_ms (live, live->settle_end + collect);
      t->settled = live->settled || !live->watch;
      live->target_start = live->settle_end + (gint64)ceil (collect);
      live->settle_end = -1;
      live->current++;
    }
  if (live->current >= (int)n)
    return -1;
  gboolean coll = live->settle_end >= 0;
  double into = now - (coll ? live->settle_end : live->target_start);
  if (progress != NULL)
    *progress = CLAMP (into / (coll ? collect : MAX (settle_max, 1)), 0, 1);
  if (phase != NULL)
    *phase = coll ? SL_LIVE_COLLECTING : SL_LIVE_SETTLING;
  return live->current;
}

void
sl_live_calibration_skip (SlLiveCalibration *live)
{
  if (!live->started || live->current >= (int)live->schedule->targets->len)
    return;
  g_array_index (live->skipped, gboolean, live->current) = TRUE;
  live->current++;
  live->target_start = sl_live_calibration_get_frames (live);
  live->settle_end = -1;
}

static void
stop_camera (SlLiveCalibration *live)
{
  sl_sync_lock (&live->lock);
  live->stop = TRUE;
  pthread_cond_broadcast (&live->lock.cond);
  sl_sync_unlock (&live->lock);
  if (live->thread != NULL)
    g_thread_join (g_steal_pointer (&live->thread));
  if (live->eyes_thread != NULL)
    g_thread_join (g_steal_pointer (&live->eyes_thread));
  slv_frame_clear (&live->pending);
  g_clear_pointer (&live->camera, slv_camera_close);
}

char *
sl_live_calibration_sidecar (const char *recording)
{
  g_autofree char *base = g_strdup (recording);
  char *dot = strrchr (base, '.');
  char *slash = strrchr (base, G_DIR_SEPARATOR);
  if (dot != NULL && (slash == NULL || dot > slash))
    *dot = '\0';
  return g_strconcat (base, ".calibration.json", NULL);
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
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _ ("The calibration was stopped before the last target; nothing was kept."));
      g_unlink (live->recording);
      return FALSE;
    }
  /* The skipped targets leave the schedule. */
  for (int i = (int)n - 1; i >= 0; i--)
    if (g_array_index (live->skipped, gboolean, i))
      g_array_remove_index (live->schedule->targets, i);
  g_autoptr (GError) local = NULL;
  if (live->first != NULL && live->schedule->targets->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Every target was skipped; nothing was kept."));
      g_unlink (live->recording);
      return FALSE;
    }
  if (live->first == NULL && !sl_cal_schedule_check (live->schedule, 0, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Too many targets were skipped: %s Nothing was kept."), local->message);
      g_unlink (live->recording);
      return FALSE;
    }
  g_autofree char *sidecar = sl_live_calibration_sidecar (live->recording);
  if (!sl_cal_schedule_save (live->schedule, sidecar, error))
    {
      g_unlink (live->recording);
      return FALSE;
    }
  if (live->first != NULL)
    {
      /* Joined to the first run; the part recorded now goes. */
      gboolean ok = sl_live_calibration_join (live->first, live->first_schedule, live->recording,
                                              live->output, error);
      g_unlink (sidecar);
      if (!ok)
        return FALSE; /* the part is deleted with the run */
      g_unlink (live->recording);
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
  g_free (live->first);
  sl_cal_schedule_free (live->first_schedule);
  g_free (live->output);
  sl_cal_schedule_free (live->schedule);
  g_array_unref (live->skipped);
  g_array_unref (live->samples);
  g_free (live->failure);
  sl_sync_clear (&live->lock);
  g_free (live);
}

static gboolean
not_shown_again (const SlCalTarget *t, gpointer again)
{
  const SlCalSchedule *b = again;
  for (guint j = 0; j < b->targets->len; j++)
    if (g_strcmp0 (t->id, g_array_index (b->targets, SlCalTarget, j).id) == 0)
      return FALSE;
  return TRUE;
}

gboolean
sl_live_calibration_join (const char *first, const SlCalSchedule *first_schedule, const char *again,
                          const char *output, GError **error)
{
  g_autofree char *first_sidecar = sl_live_calibration_sidecar (first);
  g_autofree char *again_sidecar = sl_live_calibration_sidecar (again);
  g_autofree char *out_sidecar = sl_live_calibration_sidecar (output);
  g_autoptr (SlCalSchedule) a = first_schedule != NULL
                                    ? sl_cal_schedule_copy (first_schedule, NULL, NULL)
                                    : sl_cal_schedule_load (first_sidecar, 0, error);
  g_autoptr (SlCalSchedule) b = a != NULL ? sl_cal_schedule_load (again_sidecar, 0, error) : NULL;
  if (b == NULL)
    return FALSE;
  if (!sl_screen_geometry_same_setup (&a->geometry, &b->geometry))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The targets shown again were shown on another screen or from another "
                      "distance than the first run; calibrate them as a run of their own."));
      return FALSE;
    }
  char *verr = NULL;
  double offset_s;
  if (!sl_file_create_private (output, error))
    return FALSE;
  if (slv_video_concat (first, again, output, &offset_s, &verr) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE,
                   _ ("The two recordings cannot be joined: %s. Both are kept as they were."),
                   verr);
      free (verr);
      g_unlink (output);
      return FALSE;
    }
  /* The first run's targets, less those shown again; then the second's. */
  g_autoptr (SlCalSchedule) joined = sl_cal_schedule_copy (a, not_shown_again, b);
  joined->has_geometry = TRUE;
  double shift = round (offset_s * 1000);
  for (guint j = 0; j < b->targets->len; j++)
    {
      SlCalTarget t = g_array_index (b->targets, SlCalTarget, j);
      t.id = g_strdup (t.id);
      t.start_ms += shift;
      t.end_ms += shift;
      t.shown_ms += shift;
      g_array_append_val (joined->targets, t);
    }
  if (!sl_cal_schedule_check (joined, 0, error)
      || !sl_cal_schedule_save (joined, out_sidecar, error))
    {
      g_unlink (output);
      g_unlink (out_sidecar);
      return FALSE;
    }
  return TRUE;
}
