/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlDriftLibraryView: the library's drift (drift/sl-drift-scan.h) as a
 * heat map of sessions by signals, and the chosen signal over the
 * recording dates; the baseline chosen above (the person's earlier
 * sessions, or each session's first seconds).  Scanned on a worker
 * thread with its progress shown; a click or the arrow keys pick a cell,
 * Enter (or Open Session) shows that session in the main window.  Each
 * baseline is kept in the library, versioned.
 */
#pragma once

#include <adwaita.h>

#include "draw/sl-chart-drift-library.h"
#include "library/sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_DRIFT_LIBRARY_VIEW (sl_drift_library_view_get_type ())
G_DECLARE_FINAL_TYPE (SlDriftLibraryView, sl_drift_library_view, SL, DRIFT_LIBRARY_VIEW, AdwWindow)

/* The library @store opened (scanned with a read-only connection of its
 * own; the baselines kept through @store, which must outlive the
 * window).  Emits "open-session" (gint64) when a session is to be shown. */
GtkWindow *sl_drift_library_view_new (GtkWindow *parent, SlStore *store);
/* Whether a scan is under way (for tests: wait for FALSE). */
gboolean sl_drift_library_view_is_busy (SlDriftLibraryView *self);
/* Picks the cell of row @row and column @column; FALSE outside. */
gboolean sl_drift_library_view_pick (SlDriftLibraryView *self, int row, int column);
/* Each session's first @seconds as its baseline (0: the person's
 * earlier sessions); scans again. */
void sl_drift_library_view_set_baseline_seconds (SlDriftLibraryView *self, double seconds);
/* The heat map as it is drawn (for tests: where its cells are). */
void sl_drift_library_view_get_map (SlDriftLibraryView *self, SlDriftHeatmap *map);
/* What it shows, as text: for tests. */
char *sl_drift_library_view_describe (SlDriftLibraryView *self);

G_END_DECLS
