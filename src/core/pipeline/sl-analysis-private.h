/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analysis's two files share: the object's state and the
 * functions one calls in the other.
 */
#pragma once

#include "base/sl-sync.h"
#include "processors/sl-processors.h"
#include "sl-analysis.h"
#include "vision.h"

G_BEGIN_DECLS

/* At most this many frames a chunk; fewer for large frames (below). */
#define CHUNK_FRAMES 8
/* Decoded pixels in flight: chunks of at most CHUNK_BYTES, and at most
 * IN_FLIGHT_BYTES of them at once, so memory is bounded in bytes as well as
 * in frames.  The chunk's length depends on the frame size alone, so a
 * resumed run cuts its chunks as the first attempt did. */
#define CHUNK_BYTES (64 << 20)
#define IN_FLIGHT_BYTES (512 << 20)
#define BATCH_FRAMES 240
#define BATCH_MAX_US (400 * 1000)

typedef struct
{
  guint seq;
  guint n;
  gboolean aborted;
  SlvFrame frames[CHUNK_FRAMES];
  SlFaceResult results[CHUNK_FRAMES];
  double *values; /* the processors' signals: CHUNK_FRAMES rows of the plan's signals */
} Chunk;

struct _SlAnalysis
{
  GObject parent_instance;

  /* Set before the run starts; read-only afterwards. */
  char *library_path;
  gint64 session_id;
  SlPreset preset;
  int threads;
  gboolean force_new;
  guint chunk_frames; /* frames a chunk holds, set from the frame size */
  SlFaceParams face;
  SlPlan *plan;
  GMainContext *context;

  /* The run's working state, owned by the task thread until it ends. */
  GCancellable *cancellable;
  SlStore *store;
  SlvLandmarker *landmarker;
  SlFaceTracker **trackers;
  gpointer *states;          /* threads × processors (frame stage) */
  gpointer *temporal_states; /* per processor (temporal stage), writer thread only */
  GArray *metrics;           /* SlMetric from the temporal stage's finish, writer thread only */
  char *model_reason;        /* why the face model was chosen, or NULL when fixed */
  GPtrArray *sets;           /* the caller's parameter assignments */
  GPtrArray *events;         /* found and not yet written, writer thread only */
  gint64 *signal_ids;
  GThread *writer_thread;

  /* Shared between the pipeline's threads. */
  SlSync sync;
  GQueue pending;   /* chunks waiting for a worker */
  GHashTable *done; /* seq → chunk processed (or aborted) */
  guint in_flight;
  guint max_in_flight;
  gboolean input_closed;
  guint workers_left;
  GError *error;
  SlAnalysisStats stats;
  gint64 *processor_ns; /* per processor of the plan, in plan order */

  /* Progress, under the lock; published on @context. */
  gint64 run_id;
  gint64 frames_done;
  gint64 frames_total;
  /* The last frame the writer committed (−1: none), for events raised
   * after it: those a run's end closes when every frame is written. */
  gint64 last_written;
  double fps;
  double eta;
  gint64 attempt_start_us;
  gboolean notify_pending;
  char *message;
};

void sl_analysis_fail_locked (SlAnalysis *self, GError *error);
gboolean sl_analysis_stopping_locked (SlAnalysis *self);
void sl_analysis_schedule_progress_locked (SlAnalysis *self);
void sl_analysis_chunk_free (Chunk *chunk);
gboolean sl_analysis_run_pipeline (SlAnalysis *self, GError **error);

G_END_DECLS
