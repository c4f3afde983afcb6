/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The threads of one analysis run: decode, the workers (face stage and the
 * frame-local processors), and the writer (track ids, the temporal stage,
 * batched transactions), with the run's preparation and the replay of what
 * a resumed run stored.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "library/sl-store.h"
#include "sl-analysis-private.h"
#include "sl-models.h"

void
sl_analysis_chunk_free (Chunk *chunk)
{
  for (guint i = 0; i < chunk->n; i++)
    slv_frame_clear (&chunk->frames[i]);
  g_free (chunk->values);
  g_free (chunk);
}

/* A chunk with a row of values per frame, as many as the plan has signals. */
static Chunk *
chunk_new (SlAnalysis *self)
{
  Chunk *chunk = g_new0 (Chunk, 1);
  chunk->values = g_new (double, (gsize)CHUNK_FRAMES *MAX (sl_plan_n_signals (self->plan), 1));
  return chunk;
}

/* Frame @i's row of values. */
static double *
chunk_row (SlAnalysis *self, Chunk *chunk, guint i)
{
  return chunk->values + (gsize)i * sl_plan_n_signals (self->plan);
}

/* The session's own parameters, then the caller's, which win. */
static gboolean
apply_settings (SlAnalysis *self, const SlSession *session, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (session->settings ? session->settings : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (*line == '\0')
        continue;
      if (!sl_plan_set (self->plan, line, error))
        {
          g_prefix_error (error, _ ("The settings of session %" PRId64 " are not valid: "),
                          session->id);
          return FALSE;
        }
    }
  for (guint i = 0; i < self->sets->len; i++)
    if (!sl_plan_set (self->plan, self->sets->pdata[i], error))
      return FALSE;
  return TRUE;
}

typedef struct
{
  SlAnalysis *self;
  SlFaceTracker *tracker;
  gpointer *states; /* one per processor of the plan */
} WorkerData;

/* The frame-local processors, in the plan's order, on one frame; the time
 * each takes is added to @ns. */
static gboolean
run_processors (SlAnalysis *self, gpointer *states, const SlvImage *image, const SlFaceResult *face,
                double *values, gint64 *ns, GError **error)
{
  const SlPlan *plan = self->plan;
  for (guint k = 0; k < sl_plan_n_signals (plan); k++)
    values[k] = NAN;
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      if (p->stage != SL_STAGE_FRAME)
        continue;
      SlFrameContext ctx
          = { image, face, sl_plan_params (plan, i), values + sl_plan_first_slot (plan, i) };
      gint64 t0 = g_get_monotonic_time ();
      gboolean ok = p->process (states[i], &ctx, error);
      ns[i] += (g_get_monotonic_time () - t0) * 1000;
      if (!ok)
        {
          g_prefix_error (error, "%s: ", p->id);
          return FALSE;
        }
    }
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  WorkerData *wd = data;
  SlAnalysis *self = wd->self;
  SlFaceTimes times = { 0 };
  guint n_processors = sl_plan_n_processors (self->plan);
  g_autofree gint64 *processor_ns = g_new0 (gint64, n_processors);

  for (;;)
    {
      sl_sync_lock (&self->sync);
      while (g_queue_is_empty (&self->pending) && !self->input_closed)
        sl_sync_wait (&self->sync);
      Chunk *chunk = g_queue_pop_head (&self->pending);
      sl_sync_unlock (&self->sync);
      if (chunk == NULL)
        break;

      sl_face_tracker_reset (wd->tracker);
      for (guint i = 0; i < chunk->n; i++)
        {
          g_autoptr (GError) error = NULL;
          if (g_cancellable_is_cancelled (self->cancellable))
            {
              chunk->aborted = TRUE;
              break;
            }
          SlFaceResult *r = &chunk->results[i];
          r->frame = chunk->frames[i].index;
          r->time_s = chunk->frames[i].time_s;
          if (!sl_face_tracker_process (wd->tracker, &chunk->frames[i].image, r, &times, &error)
              || !run_processors (self, wd->states, &chunk->frames[i].image, r,
                                  chunk_row (self, chunk, i), processor_ns, &error))
            {
              g_prefix_error (&error, _ ("Frame %" PRId64 ": "), r->frame);
              sl_sync_lock (&self->sync);
              sl_analysis_fail_locked (self, g_steal_pointer (&error));
              sl_sync_unlock (&self->sync);
              chunk->aborted = TRUE;
              break;
            }
          /* Pixels are not needed past the face stage. */
          slv_frame_clear (&chunk->frames[i]);
        }

      sl_sync_lock (&self->sync);
      g_hash_table_insert (self->done, GUINT_TO_POINTER (chunk->seq), chunk);
      sl_sync_broadcast (&self->sync);
      sl_sync_unlock (&self->sync);
    }

  sl_sync_lock (&self->sync);
  self->stats.detect_ns += times.detect_ns;
  self->stats.landmarks_ns += times.landmarks_ns;
  for (guint i = 0; i < n_processors; i++)
    self->processor_ns[i] += processor_ns[i];
  self->stats.detections += times.detections;
  self->workers_left--;
  sl_sync_broadcast (&self->sync);
  sl_sync_unlock (&self->sync);
  g_free (wd);
  return NULL;
}

typedef struct
{
  gboolean prev_success;
  float prev_box[4];
  int prev_id;
  int next_id;
} TrackIds;

/* One face per frame for now: a face continues the previous frame's track
 * when their boxes overlap, otherwise it starts a new one. */
static void
assign_track (TrackIds *ids, SlFaceResult *r)
{
  if (!r->success)
    {
      r->face_id = -1;
      ids->prev_success = FALSE;
      return;
    }
  if (ids->prev_success && sl_box_iou (ids->prev_box, r->box) >= 0.3f)
    r->face_id = ids->prev_id;
  else
    r->face_id = ids->next_id++;
  ids->prev_success = TRUE;
  ids->prev_id = r->face_id;
  memcpy (ids->prev_box, r->box, sizeof ids->prev_box);
}

/* @batch holds the frames' results, @values their signal rows. */
static gboolean
flush_batch (SlAnalysis *self, GArray *batch, GArray *values)
{
  /* The events a run's end closes may come after every frame was
   * written: they are stored on their own. */
  if (batch->len == 0 && self->events->len == 0)
    return TRUE;
  g_autoptr (GError) error = NULL;
  const SlFaceResult *rs = (const SlFaceResult *)batch->data;
  gint64 last = batch->len > 0 ? rs[batch->len - 1].frame : self->last_written;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = sl_store_write_frames (self->store, self->run_id, rs, (const double *)values->data,
                                       self->signal_ids, sl_plan_n_signals (self->plan), batch->len,
                                       self->events, last, &error);
  gint64 t1 = g_get_monotonic_time ();

  sl_sync_lock (&self->sync);
  self->stats.write_ns += (t1 - t0) * 1000;
  if (ok)
    {
      self->last_written = last;
      self->frames_done += batch->len;
      self->stats.frames += batch->len;
      double elapsed = (t1 - self->attempt_start_us) / 1e6;
      self->fps = elapsed > 0 ? self->stats.frames / elapsed : 0;
      gint64 left = MAX (0, self->frames_total - self->frames_done);
      self->eta = self->fps > 0 ? left / self->fps : 0;
      sl_analysis_schedule_progress_locked (self);
    }
  else
    sl_analysis_fail_locked (self, g_steal_pointer (&error));
  sl_sync_unlock (&self->sync);
  g_array_set_size (batch, 0);
  g_array_set_size (values, 0);
  g_ptr_array_set_size (self->events, 0);
  return ok;
}

/* A monotonic clock in nanoseconds: temporal processors take microseconds. */
static gint64
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* The temporal stage on one frame, or (@face NULL) at the end of a complete
 * run.  FALSE records the failure. */
static gboolean
run_temporal (SlAnalysis *self, const SlFaceResult *face, double *row)
{
  const SlPlan *plan = self->plan;
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      if (p->stage != SL_STAGE_TEMPORAL)
        continue;
      g_autoptr (GError) error = NULL;
      SlFrameContext ctx = { NULL,
                             face,
                             sl_plan_params (plan, i),
                             row ? row + sl_plan_first_slot (plan, i) : NULL,
                             row,
                             plan,
                             self->events,
                             face == NULL ? self->metrics : NULL,
                             sl_plan_need_slots (plan, i) };
      gint64 t0 = now_ns ();
      gboolean ok = face != NULL        ? p->process (self->temporal_states[i], &ctx, &error)
                    : p->finish != NULL ? p->finish (self->temporal_states[i], &ctx, &error)
                                        : TRUE;
      gint64 spent = now_ns () - t0;
      sl_sync_lock (&self->sync);
      self->processor_ns[i] += spent;
      sl_sync_unlock (&self->sync);
      if (!ok)
        {
          g_prefix_error (&error, "%s: ", p->id);
          sl_sync_lock (&self->sync);
          sl_analysis_fail_locked (self, g_steal_pointer (&error));
          sl_sync_unlock (&self->sync);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  SlAnalysis *self;
  TrackIds *ids;
  gint64 frames;
} Replay;

static gboolean
replay_frame (const SlFaceResult *r, double *row, gpointer data, GError **error)
{
  Replay *rp = data;
  TrackIds *ids = rp->ids;
  ids->prev_success = r->success;
  if (r->success)
    {
      ids->prev_id = r->face_id;
      ids->next_id = MAX (ids->next_id, r->face_id + 1);
      memcpy (ids->prev_box, r->box, sizeof ids->prev_box);
    }
  rp->frames++;
  gboolean ok = run_temporal (rp->self, r, row);
  /* Their events were stored with the frames that raised them. */
  g_ptr_array_set_size (rp->self->events, 0);
  if (!ok)
    g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "temporal stage");
  return ok;
}

/* A resumed run's temporal stage (windows, baselines, hysteresis and
 * cooldown timers, open events) and its track ids are put back as an
 * uninterrupted run had them, by running the stage again over the run's
 * stored frame-stage results: the same values the live stage read, in
 * the same order.  Its signals, events and metrics after the resume are
 * then those of a run that was never stopped. */
static gboolean
replay_stored (SlAnalysis *self, gint64 last_frame, TrackIds *ids)
{
  const SlPlan *plan = self->plan;
  g_autoptr (GArray) slots = sl_plan_frame_stage_slots (plan);
  g_autoptr (GArray) sids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; k < slots->len; k++)
    g_array_append_val (sids, self->signal_ids[g_array_index (slots, guint, k)]);
  Replay rp = { self, ids, 0 };
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = sl_store_foreach_frame (
      self->store, self->run_id, last_frame, (const gint64 *)sids->data, (const guint *)slots->data,
      slots->len, sl_plan_n_signals (plan), replay_frame, &rp, &error);
  sl_sync_lock (&self->sync);
  self->stats.replayed = rp.frames;
  self->stats.replay_ns = (g_get_monotonic_time () - t0) * 1000;
  if (!ok && self->error == NULL)
    sl_analysis_fail_locked (self, g_steal_pointer (&error));
  sl_sync_unlock (&self->sync);
  return ok;
}

static gpointer
writer_thread (gpointer data)
{
  SlAnalysis *self = data;
  g_autoptr (GArray) batch
      = g_array_sized_new (FALSE, FALSE, sizeof (SlFaceResult), BATCH_FRAMES + CHUNK_FRAMES);
  guint n_signals = sl_plan_n_signals (self->plan);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint next_seq = 0;
  gboolean hole = FALSE; /* an aborted chunk: nothing after it is written */
  gint64 batch_start = 0;
  TrackIds ids = { FALSE, { 0 }, -1, 0 };

  /* A resumed run: its temporal stage and track ids as they were. */
  g_autoptr (SlRun) run = sl_store_get_run (self->store, self->run_id, NULL);
  if (run != NULL && run->last_frame >= 0 && !replay_stored (self, run->last_frame, &ids))
    hole = TRUE;

  for (;;)
    {
      sl_sync_lock (&self->sync);
      Chunk *chunk;
      for (;;)
        {
          chunk = g_hash_table_lookup (self->done, GUINT_TO_POINTER (next_seq));
          if (chunk != NULL)
            break;
          if (self->input_closed && self->workers_left == 0)
            break;
          if (batch->len > 0)
            {
              if (!sl_sync_wait_until (&self->sync, batch_start + BATCH_MAX_US))
                break; /* time to flush what is waiting */
            }
          else
            sl_sync_wait (&self->sync);
        }
      if (chunk != NULL)
        {
          g_hash_table_steal (self->done, GUINT_TO_POINTER (next_seq));
          next_seq++;
          self->in_flight--;
          sl_sync_broadcast (&self->sync);
        }
      gboolean finished = chunk == NULL && self->input_closed && self->workers_left == 0;
      sl_sync_unlock (&self->sync);

      if (chunk != NULL)
        {
          if (chunk->aborted)
            hole = TRUE;
          if (!hole)
            {
              if (batch->len == 0)
                batch_start = g_get_monotonic_time ();
              for (guint i = 0; i < chunk->n; i++)
                {
                  /* The temporal stage reads what the library will give
                   * back, so that a resumed run's replay reads the same. */
                  sl_face_result_as_stored (&chunk->results[i]);
                  double *live = chunk_row (self, chunk, i);
                  for (guint k = 0; k < n_signals; k++)
                    live[k] = sl_value_as_stored (live[k]);
                  assign_track (&ids, &chunk->results[i]);
                  g_array_append_val (batch, chunk->results[i]);
                  g_array_append_vals (values, live, n_signals);
                  double *row
                      = &g_array_index (values, double, (gsize)(batch->len - 1) * n_signals);
                  if (!hole && !run_temporal (self, &chunk->results[i], row))
                    hole = TRUE;
                }
            }
          sl_analysis_chunk_free (chunk);
        }

      /* A complete run closes what the temporal stage still has open. */
      gboolean closing = finished && !hole && !g_cancellable_is_cancelled (self->cancellable);
      if (closing)
        run_temporal (self, NULL, NULL);
      if (batch->len >= BATCH_FRAMES || finished
          || (batch->len > 0 && g_get_monotonic_time () >= batch_start + BATCH_MAX_US))
        {
          if (!flush_batch (self, batch, values))
            hole = TRUE;
        }
      if (closing && !hole && self->metrics->len > 0)
        {
          g_autoptr (GError) error = NULL;
          if (!sl_store_set_run_metrics (self->store, self->run_id, self->metrics, &error))
            {
              sl_sync_lock (&self->sync);
              sl_analysis_fail_locked (self, g_steal_pointer (&error));
              sl_sync_unlock (&self->sync);
            }
        }
      if (finished)
        break;
    }
  return NULL;
}

/* Waits for room, then hands @chunk to the workers.  FALSE when the run is
 * stopping (the chunk is then freed). */
static gboolean
submit_chunk (SlAnalysis *self, Chunk *chunk)
{
  sl_sync_lock (&self->sync);
  while (self->in_flight >= self->max_in_flight && !sl_analysis_stopping_locked (self))
    sl_sync_wait (&self->sync);
  gboolean stopping = sl_analysis_stopping_locked (self);
  if (!stopping)
    {
      self->in_flight++;
      self->stats.max_in_flight = MAX (self->stats.max_in_flight, self->in_flight);
      g_queue_push_tail (&self->pending, chunk);
      sl_sync_broadcast (&self->sync);
    }
  sl_sync_unlock (&self->sync);
  if (stopping)
    sl_analysis_chunk_free (chunk);
  return !stopping;
}

static char *
processors_json (SlAnalysis *self)
{
  const SlModelInfo *det = sl_model_info (self->face.input_size == 256 ? SL_MODEL_BLAZEFACE_BACK
                                                                       : SL_MODEL_BLAZEFACE_FRONT);
  const SlModelInfo *lmk = sl_model_info (SL_MODEL_DLIB_LANDMARKS_68);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "face");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, SL_FACE_VERSION);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, det->file);
  json_builder_set_member_name (b, "model_sha256");
  json_builder_add_string_value (b, det->sha256);
  json_builder_set_member_name (b, "model_choice");
  json_builder_add_string_value (b, self->model_reason != NULL ? self->model_reason : "fixed");
  json_builder_set_member_name (b, "min_score");
  json_builder_add_double_value (b, self->face.min_score);
  json_builder_set_member_name (b, "detect_every");
  json_builder_add_int_value (b, self->face.detect_every);
  json_builder_set_member_name (b, "chunk_frames");
  json_builder_add_int_value (b, self->chunk_frames);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "landmarks");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, SL_LANDMARKS_VERSION);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, lmk->file);
  json_builder_set_member_name (b, "model_sha256");
  json_builder_add_string_value (b, lmk->sha256);
  json_builder_end_object (b);
  json_builder_end_object (b);

  sl_plan_describe (self->plan, b);
  json_builder_end_array (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Chooses the run: resume an unfinished one with the same settings, or
 * start a new one.  Returns the first frame index to analyse, or -1 when
 * the session already has a complete run with these settings. */
static gint64
prepare_run (SlAnalysis *self, const char *procs, int step, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (SlRun) latest = sl_store_latest_run (self->store, self->session_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return -2;
    }
  if (!self->force_new && latest != NULL && latest->step == step
      && g_strcmp0 (latest->processors, procs) == 0)
    {
      if (latest->state == SL_RUN_COMPLETE)
        {
          self->run_id = latest->id;
          self->frames_done = latest->frames_done;
          self->frames_total = latest->frames_done;
          return -1;
        }
      if (latest->state != SL_RUN_RUNNING)
        {
          if (!sl_store_claim_run (self->store, latest->id, error))
            return -2;
          /* Read again now that it is ours: another program may have
           * resumed and stopped it since it was read above. */
          g_autoptr (SlRun) claimed = sl_store_get_run (self->store, latest->id, error);
          if (claimed == NULL)
            return -2;
          self->run_id = claimed->id;
          self->frames_done = claimed->frames_done;
          return claimed->last_frame >= 0 ? claimed->last_frame + step : 0;
        }
      g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                   _ ("Session %" PRId64 " is being analysed by another "
                      "program right now (run %" PRId64 ")."),
                   self->session_id, latest->id);
      return -2;
    }
  gint64 id = sl_store_create_run (self->store, self->session_id,
                                   sl_preset_to_string (self->preset), step, procs, error);
  if (id == 0)
    return -2;
  self->run_id = id;
  return 0;
}

static gboolean
start_workers (SlAnalysis *self, GPtrArray *threads, GError **error)
{
  for (int i = 0; i < self->threads; i++)
    {
      WorkerData *wd = g_new0 (WorkerData, 1);
      wd->self = self;
      wd->tracker = self->trackers[i];
      wd->states = self->states + (gsize)i * sl_plan_n_processors (self->plan);
      GThread *t = g_thread_try_new ("sl-worker", worker_thread, wd, error);
      if (t == NULL)
        {
          g_free (wd);
          return FALSE;
        }
      sl_sync_lock (&self->sync);
      self->workers_left++;
      sl_sync_unlock (&self->sync);
      g_ptr_array_add (threads, t);
    }
  return TRUE;
}

/* The decode loop: reads frames, keeps every step-th, hands them out in
 * chunks.  Returns the last index decoded. */
static gint64
decode_frames (SlAnalysis *self, SlvVideo *video, gint64 start, int step, GError **error)
{
  /* A resumed run's chunks fall where an uninterrupted run's would (the
   * face stage starts a fresh track with each chunk). */
  sl_sync_lock (&self->sync);
  guint want = self->chunk_frames - (guint)(self->frames_done % self->chunk_frames);
  sl_sync_unlock (&self->sync);
  gint64 next_due = start, last_index = start - 1, prev_index = -1;
  guint seq = 0;
  Chunk *chunk = chunk_new (self);
  SlvFrame frame = { 0 };

  for (;;)
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        break;
      char *verr = NULL;
      gint64 t0 = g_get_monotonic_time ();
      int r = slv_video_read (video, &frame, &verr);
      gint64 t1 = g_get_monotonic_time ();
      sl_sync_lock (&self->sync);
      self->stats.decode_ns += (t1 - t0) * 1000;
      if (r == 1)
        {
          self->stats.decoded++;
          if (prev_index >= 0 && frame.index > prev_index + 1)
            self->stats.missing_frames += frame.index - prev_index - 1;
        }
      sl_sync_unlock (&self->sync);
      if (r < 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_DECODE,
                       _ ("Decoding failed after frame %" PRId64 ": %s"), last_index, verr);
          free (verr);
          break;
        }
      if (r == 0)
        break;
      prev_index = last_index = frame.index;
      if (frame.index < next_due)
        {
          slv_frame_clear (&frame);
          continue;
        }
      next_due = frame.index + step;
      chunk->frames[chunk->n++] = frame;
      memset (&frame, 0, sizeof frame);
      if (chunk->n == want)
        {
          want = self->chunk_frames;
          chunk->seq = seq++;
          if (!submit_chunk (self, g_steal_pointer (&chunk)))
            break;
          chunk = chunk_new (self);
        }
    }
  slv_frame_clear (&frame);
  if (chunk != NULL)
    {
      if (chunk->n > 0 && !g_cancellable_is_cancelled (self->cancellable))
        {
          chunk->seq = seq++;
          submit_chunk (self, chunk);
        }
      else
        sl_analysis_chunk_free (chunk);
    }
  return last_index;
}

gboolean
sl_analysis_run_pipeline (SlAnalysis *self, GError **error)
{
  g_autoptr (SlSession) session = sl_store_get_session (self->store, self->session_id, error);
  if (session == NULL || !apply_settings (self, session, error))
    return FALSE;
  if (!sl_session_recording_exists (session))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recording of session %" PRId64 " is missing: "
                      "it is no longer at “%s”. Locate it (it will be checked "
                      "by its SHA-256) and try again."),
                   self->session_id, session->path);
      return FALSE;
    }
  /* Before a run starts or resumes: a file put in the recording's place
   * must not be analysed (or resumed) as the recording. */
  if (!sl_store_verify_recording (self->store, session, self->cancellable, error))
    return FALSE;

  /* Models first: a missing model is reported before any run is created. */
  self->landmarker = sl_landmarker_open (error);
  if (self->landmarker == NULL)
    return FALSE;
  /* The face model, when not fixed by the caller: chosen for this
   * recording (the choice is part of the provenance, so a resumed run
   * makes it the same way). */
  if (self->face.input_size == 0)
    {
      g_clear_pointer (&self->model_reason, g_free);
      char *why = NULL;
      self->face.input_size
          = sl_face_choose_model (session->path, self->face.min_score, &why, error);
      if (self->face.input_size == 0)
        return FALSE;
      self->model_reason = g_strdup_printf ("auto: %s", why);
      g_free (why);
    }
  self->trackers = g_new0 (SlFaceTracker *, self->threads);
  for (int i = 0; i < self->threads; i++)
    if ((self->trackers[i] = sl_face_tracker_new (&self->face, self->landmarker, error)) == NULL)
      return FALSE;
  guint n_proc = sl_plan_n_processors (self->plan);
  self->states = g_new0 (gpointer, (gsize)self->threads * n_proc);
  for (int t = 0; t < self->threads; t++)
    for (guint i = 0; i < n_proc; i++)
      {
        const SlProcessorInfo *p = sl_plan_processor (self->plan, i);
        if (p->stage != SL_STAGE_FRAME || p->create == NULL)
          continue;
        gpointer state = p->create (sl_plan_params (self->plan, i), error);
        if (state == NULL)
          return FALSE;
        self->states[(gsize)t * n_proc + i] = state;
      }

  if (!sl_frame_size_check (session->path, session->width, session->height, error))
    return FALSE;
  gsize frame_bytes = (gsize)session->width * session->height * 3;
  self->chunk_frames = CLAMP (CHUNK_BYTES / MAX (frame_bytes, 1), 1, CHUNK_FRAMES);

  char *verr = NULL;
  SlvVideo *video = slv_video_open (session->path, &verr);
  if (video == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE, _ ("The recording “%s” cannot be opened: %s"),
                   session->path, verr);
      free (verr);
      return FALSE;
    }

  int step = sl_preset_step (self->preset);
  g_autofree char *procs = processors_json (self);
  sl_sync_lock (&self->sync);
  gint64 start = prepare_run (self, procs, step, error);
  self->last_written = start > 0 ? start - step : -1;
  sl_sync_unlock (&self->sync);
  if (start == -2)
    {
      slv_video_close (video);
      return FALSE;
    }
  if (start == -1)
    {
      slv_video_close (video);
      sl_sync_lock (&self->sync);
      sl_analysis_schedule_progress_locked (self);
      sl_sync_unlock (&self->sync);
      return TRUE;
    }

  if (start > 0 && slv_video_seek (video, start, &verr) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_DECODE,
                   _ ("Cannot seek to frame %" PRId64 " to resume: %s"), start, verr);
      free (verr);
      slv_video_close (video);
      sl_store_finish_run (self->store, self->run_id, SL_RUN_FAILED, (*error)->message, NULL);
      return FALSE;
    }

  gint64 expected = slv_video_info (video)->frame_count;
  sl_sync_lock (&self->sync);
  self->frames_total = self->frames_done + MAX (0, (expected - start + step - 1) / step);
  self->max_in_flight = CLAMP (IN_FLIGHT_BYTES / MAX (frame_bytes * self->chunk_frames, 1), 1,
                               (guint)self->threads + 2);
  self->stats.in_flight_limit = self->max_in_flight;
  self->attempt_start_us = g_get_monotonic_time ();
  sl_analysis_schedule_progress_locked (self);
  sl_sync_unlock (&self->sync);

  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  self->temporal_states = g_new0 (gpointer, MAX (sl_plan_n_processors (self->plan), 1));
  if (self->metrics == NULL)
    self->metrics = g_array_new (FALSE, FALSE, sizeof (SlMetric));
  g_array_set_size (self->metrics, 0);
  for (guint i = 0; i < sl_plan_n_processors (self->plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (self->plan, i);
      if (p->stage == SL_STAGE_TEMPORAL && p->create != NULL
          && (self->temporal_states[i] = p->create (sl_plan_params (self->plan, i), error)) == NULL)
        {
          slv_video_close (video);
          sl_store_finish_run (self->store, self->run_id, SL_RUN_FAILED, (*error)->message, NULL);
          return FALSE;
        }
    }

  /* The writer stores signals by id; register the names first, while this
   * thread still has the library to itself. */
  self->signal_ids = g_new0 (gint64, MAX (sl_plan_n_signals (self->plan), 1));
  for (guint k = 0; k < sl_plan_n_signals (self->plan); k++)
    if ((self->signal_ids[k]
         = sl_store_signal_id (self->store, sl_plan_signal_name (self->plan, k), error))
        == 0)
      {
        slv_video_close (video);
        sl_store_finish_run (self->store, self->run_id, SL_RUN_FAILED, (*error)->message, NULL);
        return FALSE;
      }

  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  g_autoptr (GError) local = NULL;
  self->writer_thread = g_thread_try_new ("sl-writer", writer_thread, self, &local);
  if (self->writer_thread != NULL)
    start_workers (self, threads, &local);

  gint64 last_index = -1;
  if (local == NULL)
    last_index = decode_frames (self, video, start, step, &local);

  sl_sync_lock (&self->sync);
  self->input_closed = TRUE;
  if (local != NULL)
    sl_analysis_fail_locked (self, g_steal_pointer (&local));
  sl_sync_broadcast (&self->sync);
  sl_sync_unlock (&self->sync);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  if (self->writer_thread != NULL)
    g_thread_join (g_steal_pointer (&self->writer_thread));
  slv_video_close (video);

  sl_sync_lock (&self->sync);
  self->stats.wall_ns = (g_get_monotonic_time () - self->attempt_start_us) * 1000;
  GError *failure = g_steal_pointer (&self->error);
  gint64 missing = self->stats.missing_frames;
  sl_sync_unlock (&self->sync);

  if (failure != NULL)
    {
      sl_store_finish_run (self->store, self->run_id, SL_RUN_FAILED, failure->message, NULL);
      g_propagate_error (error, failure);
      return FALSE;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      sl_store_finish_run (self->store, self->run_id, SL_RUN_CANCELLED,
                           _ ("Cancelled; what was analysed is kept and the "
                              "next run resumes from there."),
                           NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The analysis was cancelled."));
      return FALSE;
    }

  /* The stream ending well before its nominal length, or gaps in it, are
   * worth telling: the recording is damaged or cut short. */
  GString *msg = g_string_new (NULL);
  if (expected > 0 && last_index + 1 < expected - MAX (2, expected / 100))
    g_string_append_printf (msg,
                            _ ("The recording ends at frame %" PRId64 " of the %" PRId64
                               " its header "
                               "announces: it may be truncated. "),
                            last_index + 1, expected);
  if (missing > 0)
    g_string_append_printf (msg,
                            _ ("%" PRId64 " frames are missing from "
                               "the stream (damaged or dropped) and have no "
                               "results. "),
                            missing);
  if (msg->len > 0)
    g_string_truncate (msg, msg->len - 1);
  char *message = g_string_free (msg, msg->len == 0);
  sl_sync_lock (&self->sync);
  self->message = message;
  sl_sync_unlock (&self->sync);
  return sl_store_finish_run (self->store, self->run_id, SL_RUN_COMPLETE, message, error);
}
