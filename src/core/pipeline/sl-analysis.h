/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One analysis run of a session, in background threads: a decode thread, a
 * bounded set of chunks in flight, worker threads for the face stage, and a
 * writer thread that commits in order in batched transactions.
 *
 * Progress properties are updated on the main context of the thread that
 * created the object, at most one pending update at a time.
 */
#pragma once

#include <gio/gio.h>

#include "sl-face-tracker.h"

G_BEGIN_DECLS

typedef enum
{
  SL_PRESET_EVERY_FRAME,
  SL_PRESET_HIGH_ACCURACY,    /* every 3rd frame */
  SL_PRESET_BALANCED,         /* every 10th */
  SL_PRESET_HIGH_PERFORMANCE, /* every 20th */
} SlPreset;

const char *sl_preset_to_string (SlPreset preset);
gboolean sl_preset_from_string (const char *s, SlPreset *preset);
int sl_preset_step (SlPreset preset);
/* What a person reads: "Balanced (every 10th frame)", translated. */
const char *sl_preset_label (SlPreset preset);
/* The label of the preset stored as @name, or @name when it is none. */
const char *sl_preset_label_for (const char *name);

typedef struct
{
  gint64 frames;  /* analysed in this attempt */
  gint64 decoded; /* decoded in this attempt */
  gint64 decode_ns;
  gint64 detect_ns;
  gint64 landmarks_ns;
  gint64 write_ns;
  gint64 wall_ns;
  gint64 detections;
  gint64 missing_frames; /* gaps in the stream's frame numbering */
  guint max_in_flight;   /* most chunks alive at once */
  guint in_flight_limit; /* the bound on that */
  gint64 replayed;       /* stored frames the temporal stage was run over again to resume */
  gint64 replay_ns;
} SlAnalysisStats;

#define SL_TYPE_ANALYSIS (sl_analysis_get_type ())
G_DECLARE_FINAL_TYPE (SlAnalysis, sl_analysis, SL, ANALYSIS, GObject)

/* Analyses @session_id of the library at @library_path.  An unfinished run
 * with the same settings is resumed unless @force_new. */
SlAnalysis *sl_analysis_new (const char *library_path, gint64 session_id, SlPreset preset,
                             int threads, gboolean force_new);

void sl_analysis_set_face_params (SlAnalysis *self, const SlFaceParams *params);

/* Sets a processor parameter, "<processor>.<parameter>=<value>", before the
 * run starts; refuses unknown names and out-of-range values. */
gboolean sl_analysis_set (SlAnalysis *self, const char *assignment, GError **error);

void sl_analysis_run_async (SlAnalysis *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
/* TRUE when the run completed.  A cancelled run returns FALSE with
 * G_IO_ERROR_CANCELLED; what it committed stays and resumes next time. */
gboolean sl_analysis_run_finish (SlAnalysis *self, GAsyncResult *result, GError **error);

gint64 sl_analysis_get_run_id (SlAnalysis *self);
gint64 sl_analysis_get_frames_done (SlAnalysis *self);
gint64 sl_analysis_get_frames_total (SlAnalysis *self);
double sl_analysis_get_fraction (SlAnalysis *self);
double sl_analysis_get_fps (SlAnalysis *self);
double sl_analysis_get_eta (SlAnalysis *self);
/* The processors of this run, in the order they run. */
guint sl_analysis_get_n_processors (SlAnalysis *self);
const char *sl_analysis_get_processor_id (SlAnalysis *self, guint i);
/* Nanoseconds processor @i spent in this attempt, summed over threads. */
gint64 sl_analysis_get_processor_ns (SlAnalysis *self, guint i);

/* A remark about the finished run (a truncated or damaged recording), or NULL. */
const char *sl_analysis_get_message (SlAnalysis *self);
void sl_analysis_get_stats (SlAnalysis *self, SlAnalysisStats *stats);

G_END_DECLS
