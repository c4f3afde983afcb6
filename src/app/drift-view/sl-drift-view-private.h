/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the drift view's files share: its fields, and the baseline and
 * subject controls of sl-drift-view-baseline.c.
 */
#pragma once

#include "draw/sl-chart-drift.h"
#include "drift/sl-drift-session.h"
#include "sl-drift-view.h"

G_BEGIN_DECLS

struct _SlDriftView
{
  AdwWindow parent_instance;
  SlReview *review;
  GCancellable *cancellable;
  SlDriftReport *report;
  SlDriftParams params;
  gboolean busy;
  GtkSpinButton *baseline, *window;
  /* The baseline: the session's first seconds, its person's earlier
   * sessions, or sessions chosen in a popover of check buttons. */
  GtkDropDown *baseline_kind;
  GtkWidget *baseline_unit;
  GtkMenuButton *sessions_button;
  GtkBox *sessions_box;
  GArray *chosen; /* gint64: the sessions chosen */
  GtkDropDown *decide;
  GtkEntry *person, *recorded; /* who the session records, and when */
  GtkSpinner *spinner;
  GtkLabel *summary, *picked;
  GtkListBox *signals;
  GtkDrawingArea *chart, *ecdf;
  GtkWidget *charts; /* hidden while there is nothing to draw */
  int shown;         /* the signal charted, or -1 */
  int selected;      /* its window picked, or -1 */
};

/* Computes again with what the controls say, on a worker thread. */
void sl_drift_view_compute (SlDriftView *self);
void sl_drift_view_emit_session_edited (SlDriftView *self);

/* The baseline's controls, appended to @row; what they say as
 * @baseline: FALSE (said in the summary) while chosen sessions are none. */
void sl_drift_view_add_baseline_controls (SlDriftView *self, GtkBox *row);
gboolean sl_drift_view_read_baseline (SlDriftView *self, SlDriftBaseline *baseline);
/* The row of the person and the recording date. */
GtkWidget *sl_drift_view_subject_row (SlDriftView *self);

G_END_DECLS
