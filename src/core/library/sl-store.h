/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library: one SQLite file holding recordings, sessions, analysis runs
 * and their per-frame results.  One SlStore is one connection; use it from
 * one thread at a time (the pipeline's writer opens its own).
 */
#pragma once

#include <glib.h>

#include "base/sl-event.h"
#include "base/sl-face-result.h"
#include "base/sl-session.h"
#include "media/sl-probe.h"

G_BEGIN_DECLS

#define SL_STORE_SCHEMA_VERSION 13

typedef struct _SlStore SlStore;

typedef enum
{
  SL_RUN_RUNNING,
  SL_RUN_INTERRUPTED, /* its process died mid-way: resumable */
  SL_RUN_CANCELLED,   /* stopped by the user: resumable */
  SL_RUN_COMPLETE,
  SL_RUN_FAILED,
} SlRunState;

typedef struct
{
  gint64 id;
  gint64 session_id;
  SlRunState state;
  char *preset;
  int step;
  char *code_version;
  char *processors; /* JSON: the processors, their versions and parameters */
  char *started_at;
  char *finished_at;
  gint64 last_frame; /* last frame committed in order; -1 before the first */
  gint64 frames_done;
  char *message;
  char *resumes; /* the frames it was resumed from, space-separated; "" if never */
} SlRun;

void sl_run_free (SlRun *run);

/* A parameter value recorded in the run's provenance, or @fallback. */
double sl_run_get_param (const SlRun *run, const char *processor, const char *param,
                         double fallback);
const char *sl_run_state_to_string (SlRunState state);

/* The library path: $SIGHTLINE_LIBRARY, else $XDG_DATA_HOME/sightline/library.db. */
char *sl_store_default_path (void);

/* Opens (creating and migrating as needed) the library at @path.  Runs left
 * "running" by a process that is gone are marked interrupted. */
SlStore *sl_store_open (const char *path, GError **error);
/* Opens an existing library for reading only: it may sit where it cannot be
 * written; it is not migrated and its runs are not recovered. */
SlStore *sl_store_open_read_only (const char *path, GError **error);
void sl_store_free (SlStore *store);
/* When this open upgraded the library's schema: a sentence saying so and
 * where the copy of it as it was is kept; NULL otherwise. */
char *sl_store_describe_migration (SlStore *store);
const char *sl_store_get_path (SlStore *store);

/* Imports a probed recording; returns its session.  A recording already in
 * the library (same SHA-256) returns its existing session, with its path
 * updated if the file has moved; @existed says which happened. */
SlSession *sl_store_import (SlStore *store, const SlProbe *probe, gboolean *existed,
                            GError **error);

GPtrArray *sl_store_list_sessions (SlStore *store, GError **error);
SlSession *sl_store_get_session (SlStore *store, gint64 session_id, GError **error);
/* What forgetting a session removes (or, in a dry run, would remove). */
typedef struct
{
  gint64 session_id;
  char *name;
  gint64 runs, frames, landmarks, signal_values, events, metrics;
  gint64 calibrations;   /* profiles made on this session */
  gint64 labels;         /* people's labels on it, each with its history */
  gint64 baselines;      /* drift baselines that hold one of its runs */
  gint64 sessions_unset; /* other sessions that used one of them */
  gint64 recording;      /* 1 when the recording row goes too */
  gboolean wal_cleared;  /* FALSE while another program holds the WAL */
  char **backups;        /* copies kept before schema upgrades, which hold it too */
} SlForgetReport;

void sl_forget_report_free (SlForgetReport *report);
/* "session 3 (“name”), 1 run, 500 analysed frames …": what goes. */
char *sl_forget_report_describe (const SlForgetReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlForgetReport, sl_forget_report_free)

/* Removes a session and everything derived from it — runs, frames,
 * landmarks, signals, events, metrics, the calibrations and labels made on it, and its
 * recording's row when no other session uses it (the file is never touched)
 * — and leaves no copy in the library's free pages or its WAL.  With
 * @dry_run, only counts. */
SlForgetReport *sl_store_forget_session (SlStore *store, gint64 session_id, gboolean dry_run,
                                         GError **error);

/* Replaces the processor parameters every run of the session starts from:
 * "processor.param=value" lines (see SlSession.settings). */
gboolean sl_store_set_session_settings (SlStore *store, gint64 session_id, const char *settings,
                                        GError **error);

/* Shows that the file at the session's path is still the recording that was
 * imported: the same size and stamp, or else the same SHA-256 (then the new
 * stamp is kept).  SL_ERROR_CHANGED when it is another file. */
gboolean sl_store_verify_recording (SlStore *store, SlSession *session, GCancellable *cancellable,
                                    GError **error);
/* Points a session's recording at @path after checking that the file there
 * has the recorded SHA-256. */
gboolean sl_store_relocate (SlStore *store, gint64 session_id, const char *path, GError **error);

/* Runs */
gint64 sl_store_create_run (SlStore *store, gint64 session_id, const char *preset, int step,
                            const char *processors_json, GError **error);
SlRun *sl_store_get_run (SlStore *store, gint64 run_id, GError **error);
/* The newest run of the session, or NULL (and no error) if none. */
SlRun *sl_store_latest_run (SlStore *store, gint64 session_id, GError **error);
/* Every run of the session (SlRun), oldest first. */
GPtrArray *sl_store_list_runs (SlStore *store, gint64 session_id, GError **error);
gboolean sl_store_claim_run (SlStore *store, gint64 run_id, GError **error);
gboolean sl_store_finish_run (SlStore *store, gint64 run_id, SlRunState state, const char *message,
                              GError **error);

/* Writes @n results in one transaction and records @last_frame as the run's
 * last committed frame. */
gboolean sl_store_write_faces (SlStore *store, gint64 run_id, const SlFaceResult *results, guint n,
                               gint64 last_frame, GError **error);

/* The same, with per-frame signal values — @values holds @n × @n_signals
 * numbers (NaN where a frame has no value), column k for @signal_ids[k] —
 * and the events found up to these frames (SlEvent, may be NULL), all in
 * one transaction. */
gboolean sl_store_write_frames (SlStore *store, gint64 run_id, const SlFaceResult *results,
                                const double *values, const gint64 *signal_ids, guint n_signals,
                                guint n, GPtrArray *events, gint64 last_frame, GError **error);

/* Replaces the events of @run_id that processor @processor_id (its id,
 * without a version) found with @events (SlEvent), in one transaction:
 * for what is worked out over a whole run after it, drift say. */
gboolean sl_store_replace_events (SlStore *store, gint64 run_id, const char *processor_id,
                                  GPtrArray *events, GError **error);

/* The events of a run, by start: an array of SlEvent. */
GPtrArray *sl_store_list_events (SlStore *store, gint64 run_id, GError **error);
/* One event by its id, and the run it belongs to. */
SlEvent *sl_store_get_event (SlStore *store, gint64 event_id, gint64 *run_id, GError **error);

/* Stores (replacing) the run's figures; NaN values are left out. */
gboolean sl_store_set_run_metrics (SlStore *store, gint64 run_id, const GArray *metrics,
                                   GError **error);
/* The run's figures by name: an array of SlMetric with interned names. */
GArray *sl_store_get_run_metrics (SlStore *store, gint64 run_id, GError **error);

/* A gaze calibration profile as stored (sl-cal-profile.h reads the JSON). */
typedef struct
{
  gint64 id;
  gint64 session_id; /* the session it was made on; 0 when that is gone */
  gint64 run_id;     /* the run whose features it was fitted on */
  char *name;
  char *created_at;
  double accuracy_deg, precision_deg; /* NaN when not measured */
  char *profile;                      /* JSON */
} SlStoredCalibration;

void sl_stored_calibration_free (SlStoredCalibration *c);
/* Returns the new id, 0 on error; with @apply it is also made the session's
 * calibration, in the same transaction. */
gint64 sl_store_add_calibration (SlStore *store, const SlStoredCalibration *c, gboolean apply,
                                 GError **error);
/* The profiles made on @session_id, or all when 0, oldest first. */
GPtrArray *sl_store_list_calibrations (SlStore *store, gint64 session_id, GError **error);
SlStoredCalibration *sl_store_get_calibration (SlStore *store, gint64 id, GError **error);
/* Replaces a profile's JSON. */
gboolean sl_store_update_calibration (SlStore *store, gint64 id, const char *profile,
                                      GError **error);
/* The person a session records (NULL or "": nobody named), and when it
 * was recorded (µs since the epoch; 0: not known). */
gboolean sl_store_set_session_person (SlStore *store, gint64 session_id, const char *person,
                                      GError **error);
gboolean sl_store_set_session_recorded (SlStore *store, gint64 session_id, gint64 recorded_us,
                                        GError **error);

/* One stretch of a run that a drift baseline is made of: from @from_s to
 * @to_s seconds into it (INFINITY: to its end). */
typedef struct
{
  gint64 session_id, run_id;
  double from_s, to_s;
} SlBaselineRun;

/* A drift baseline as stored: @definition ("first:120", "session:3,7",
 * "person") for @subject (the session's number; the person and the
 * session, "ana, before session 7"; or ""), in the version that
 * resolved to @runs. */
typedef struct
{
  gint64 id;
  char *definition;
  char *subject;
  int version;
  char *created_at;
  GArray *runs; /* SlBaselineRun */
} SlStoredBaseline;

void sl_stored_baseline_free (SlStoredBaseline *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStoredBaseline, sl_stored_baseline_free)
/* The newest version of @definition for @subject when it holds the same
 * @runs, else a new version of it: its id (and *@version), 0 on error. */
gint64 sl_store_keep_baseline (SlStore *store, const char *definition, const char *subject,
                               const SlBaselineRun *runs, guint n_runs, int *version,
                               GError **error);
/* Every stored baseline (SlStoredBaseline), by definition, subject and
 * version. */
GPtrArray *sl_store_list_baselines (SlStore *store, GError **error);

/* Makes @calibration_id the session's calibration (0: none). */
gboolean sl_store_set_session_calibration (SlStore *store, gint64 session_id, gint64 calibration_id,
                                           GError **error);

/* The id of a signal name, registered on first use. */
gint64 sl_store_signal_id (SlStore *store, const char *name, GError **error);
/* The id of a signal name without registering it: 0 when the library has
 * never stored it, -1 on failure.  Works on a library opened read-only. */
gint64 sl_store_find_signal_id (SlStore *store, const char *name, GError **error);

typedef struct
{
  gint64 frame;
  double value;
} SlSample;

/* The values of @n signals on @frame, in one query: @values[k] is NaN where
 * @names[k] has none.  Returns how many were found. */
guint sl_store_get_signals (SlStore *store, gint64 run_id, gint64 frame, const char *const *names,
                            guint n, double *values, GError **error);

/* One signal's value on @frame; FALSE without error when there is none. */
gboolean sl_store_get_signal (SlStore *store, gint64 run_id, const char *name, gint64 frame,
                              double *value, GError **error);
/* Every value of a signal in a run, by frame: an array of SlSample. */
GArray *sl_store_get_signal_series (SlStore *store, gint64 run_id, const char *name,
                                    GError **error);

/* The result for @frame; FALSE without error when the frame has none. */
gboolean sl_store_get_face (SlStore *store, gint64 run_id, gint64 frame, SlFaceResult *result,
                            GError **error);

/* The newest result at or before @frame, and no earlier than
 * @frame - @window; FALSE without error when there is none. */
gboolean sl_store_get_face_near (SlStore *store, gint64 run_id, gint64 frame, gint64 window,
                                 SlFaceResult *result, GError **error);

typedef gboolean (*SlFaceFunc) (const SlFaceResult *result, gpointer user_data, GError **error);

/* What the library keeps of a frame's face result: the points to a
 * sixteenth of a pixel (as they are, when one is not finite or beyond
 * 2^19 pixels); without a face, no box, score or points.  The live
 * temporal stage reads results made so, so that replaying stored frames
 * gives what the live run gave. */
void sl_face_result_as_stored (SlFaceResult *result);
/* A signal value as the library gives it back: a 32-bit float (24
 * significant bits, a relative resolution of 6 × 10⁻⁸), −0 as +0. */
static inline double
sl_value_as_stored (double v)
{
  return v == 0 ? 0.0 : (double)(float)v;
}

/* The names of the signals a run stored, sorted: an array of strings. */
GPtrArray *sl_store_list_signals (SlStore *store, gint64 run_id, GError **error);

/* Every stored frame of a run up to @last_frame, in frame order, with a row
 * of @n_row values: NaN, except slot @slots[k] which holds signal
 * @signal_ids[k] where the frame has it. */
typedef gboolean (*SlFrameRowFunc) (const SlFaceResult *result, double *row, gpointer user_data,
                                    GError **error);
gboolean sl_store_foreach_frame (SlStore *store, gint64 run_id, gint64 last_frame,
                                 const gint64 *signal_ids, const guint *slots, guint n_signals,
                                 guint n_row, SlFrameRowFunc func, gpointer user_data,
                                 GError **error);
gboolean sl_store_foreach_face (SlStore *store, gint64 run_id, SlFaceFunc func, gpointer user_data,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStore, sl_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRun, sl_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStoredCalibration, sl_stored_calibration_free)

G_END_DECLS
