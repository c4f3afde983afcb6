/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library's one-shot jobs, each a plain function (what the command
 * line calls) and an _async/_finish pair that runs it on a worker thread
 * with a connection of its own (what the window calls).  A job has no
 * source object: the caller keeps a weak reference to whatever should see
 * the result and drops a result whose owner is gone.  Cancelled is
 * G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

/* Probes @path and adds it to the library; @existed says whether it was
 * there already (matched by its SHA-256). */
SlSession *sl_library_import (SlStore *store, const char *path, gboolean *existed,
                              GCancellable *cancellable, GError **error);
void sl_library_import_async (const char *library, const char *path, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
SlSession *sl_library_import_finish (GAsyncResult *result, gboolean *existed, GError **error);

/* Removes session @session_id and everything derived from it
 * (sl_store_forget_session). */
void sl_library_forget_async (const char *library, gint64 session_id, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
SlForgetReport *sl_library_forget_finish (GAsyncResult *result, GError **error);

/* What a timeline shows of run @run_id: the series of each of @names (an
 * array of SlSample; NULL for a NULL name), the run's events, and the run
 * itself (its parameters). */
typedef struct
{
  GPtrArray *series; /* GArray of SlSample, or NULL; one per name */
  GPtrArray *events; /* SlEvent */
  SlRun *run;
} SlRunSeries;

SlRunSeries *sl_run_series_load (SlStore *store, gint64 run_id, const char *const *names, guint n,
                                 GCancellable *cancellable, GError **error);
void sl_run_series_free (SlRunSeries *series);
void sl_run_series_load_async (const char *library, gint64 run_id, const char *const *names,
                               guint n, GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
SlRunSeries *sl_run_series_load_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRunSeries, sl_run_series_free)

G_END_DECLS
