/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis runs under way in the application, whichever window
 * started them: a list model of SlJob, one per run, each with its
 * session, its SlAnalysis and its cancellable.  A window's view looks up
 * the run of the session it shows here (so a second window on the same
 * library sees it too), and cancels the runs it started when it closes.
 * Main thread only.
 */
#pragma once

#include <gio/gio.h>

#include "pipeline/sl-analysis.h"

G_BEGIN_DECLS

#define SL_TYPE_JOB (sl_job_get_type ())
G_DECLARE_FINAL_TYPE (SlJob, sl_job, SL, JOB, GObject)

const char *sl_job_get_library (SlJob *self);
gint64 sl_job_get_session_id (SlJob *self);
SlAnalysis *sl_job_get_analysis (SlJob *self);
/* Stops the run; what it committed stays and resumes next time. */
void sl_job_cancel (SlJob *self);

#define SL_TYPE_JOBS (sl_jobs_get_type ())
G_DECLARE_FINAL_TYPE (SlJobs, sl_jobs, SL, JOBS, GObject)

/* Signals: "finished" (SlJob *job), after the run ended and left the
 * list, before the callback of the one that started it. */
SlJobs *sl_jobs_new (void);

/* Starts @analysis (of @session_id in @library) on behalf of @owner (the
 * object that cancels it with sl_jobs_cancel_owned; not referenced);
 * @callback gets the analysis as its source object, as from
 * sl_analysis_run_async.  NULL when the session already has a run here. */
SlJob *sl_jobs_start (SlJobs *self, SlAnalysis *analysis, const char *library, gint64 session_id,
                      gpointer owner, GAsyncReadyCallback callback, gpointer user_data);
/* The run of @session_id in @library, or NULL. */
SlJob *sl_jobs_find (SlJobs *self, const char *library, gint64 session_id);
/* Cancels every run @owner started; they leave the list as they stop. */
void sl_jobs_cancel_owned (SlJobs *self, gpointer owner);

G_END_DECLS
