/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library's drift (docs/drift.md, "The library"): every analysed
 * session by recording date, each signal of its newest run as one window
 * against the session's baseline (by default the same person's earlier
 * sessions).  Run on the calling thread, or on a worker with its
 * progress ("done" of "total" sessions) notified on the thread that
 * started it, one pending idle at a time.
 */
#pragma once

#include <gio/gio.h>

#include "sl-drift-session.h"

G_BEGIN_DECLS

typedef struct
{
  SlSession *session;
  SlDriftReport *report; /* NULL when it was not compared */
  char *problem;         /* then why */
} SlDriftScanRow;

#define SL_TYPE_DRIFT_SCAN (sl_drift_scan_get_type ())
G_DECLARE_FINAL_TYPE (SlDriftScan, sl_drift_scan, SL, DRIFT_SCAN, GObject)

/* A scan of the library at @library against @baseline in @signals (NULL:
 * the defaults each run stored); @params' window is ignored (each run is
 * one window). */
SlDriftScan *sl_drift_scan_new (const char *library, const SlDriftBaseline *baseline,
                                const char *const *signals, const SlDriftParams *params);

/* Scans through @store (opened on @library) on this thread. */
gboolean sl_drift_scan_run (SlDriftScan *self, SlStore *store, GCancellable *cancellable,
                            GError **error);
/* The same on a worker thread with a read-only connection of its own. */
void sl_drift_scan_run_async (SlDriftScan *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean sl_drift_scan_run_finish (SlDriftScan *self, GAsyncResult *result, GError **error);

/* Sessions compared so far, and how many analysed sessions there are. */
guint sl_drift_scan_get_done (SlDriftScan *self);
guint sl_drift_scan_get_total (SlDriftScan *self);

/* After a scan: its rows (SlDriftScanRow), by recording date, then by
 * number; and the signals as columns: those chosen, or the defaults. */
GPtrArray *sl_drift_scan_get_rows (SlDriftScan *self);
const char *const *sl_drift_scan_get_signals (SlDriftScan *self);
const SlDriftParams *sl_drift_scan_get_params (SlDriftScan *self);

/* Keeps each row's baseline through @store (writable), naming its
 * version in the row's report; FALSE with the first failure (a library
 * locked or read-only), the rows after it not kept. */
gboolean sl_drift_scan_keep_baselines (SlDriftScan *self, SlStore *store, GError **error);

/* The one window of @signal in @row, or NULL when it was not compared
 * (no run, a signal it did not store, too few effective samples). */
const SlDriftWindow *sl_drift_scan_row_cell (const SlDriftScanRow *row, const char *signal);

G_END_DECLS
