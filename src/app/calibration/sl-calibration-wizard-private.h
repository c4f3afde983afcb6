/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's shell, shared by its files: sl-calibration-wizard.c (Back,
 * Next, saving, closing) and sl-calibration-wizard-live.c (a live run of
 * the targets on a camera, its import and analysis).  The functions at
 * the end are for tests.
 */
#pragma once

#include "pipeline/sl-analysis.h"
#include "sl-cal-fit-page.h"
#include "sl-cal-geometry-page.h"
#include "sl-cal-result-page.h"
#include "sl-cal-save-page.h"
#include "sl-cal-source-page.h"
#include "sl-cal-targets-page.h"
#include "sl-calibration-wizard.h"
#include "sl-live-targets.h"

G_BEGIN_DECLS

/* The pages, in order; their names are the stack's. */
enum
{
  PAGE_SOURCE,
  PAGE_GEOMETRY,
  PAGE_TARGETS,
  PAGE_FIT,
  PAGE_RESULT,
  PAGE_SAVE,
  N_PAGES
};

struct _SlCalibrationWizard
{
  AdwWindow parent_instance;

  SlCalDraft *draft;
  GCancellable *cancellable;
  guint page;
  char *problem;
  gboolean closing; /* asked, or saved: close without asking */

  /* A live run: the file it records, the run, the window that shows the
   * targets, then the analysis of its recording. */
  char *live_recording;
  SlLiveCalibration *live;
  SlLiveTargets *live_page;
  SlAnalysis *live_analysis;
  gboolean again_run; /* the run under way shows targets again */
  gboolean joined;    /* the session analysed now is such a run, joined */

  /* The template's. */
  AdwWindowTitle *title;
  GtkButton *back_button, *next_button;
  AdwToastOverlay *toasts;
  GtkStack *stack;
  GtkLabel *problem_label;
  /* The pages the shell calls by name; the others through SlCalPage. */
  SlCalSourcePage *source_page;
  SlCalTargetsPage *targets_page;
  SlCalSavePage *save_page;
};

void sl_calibration_wizard_toast (SlCalibrationWizard *self, const char *message);
void sl_calibration_wizard_set_problem (SlCalibrationWizard *self, const char *problem);
/* Shows page @page (its "enter" run) without leaving the one shown. */
void sl_calibration_wizard_show_page (SlCalibrationWizard *self, guint page);
/* Reads the session's analysis again (after a live run). */
void sl_calibration_wizard_reload (SlCalibrationWizard *self);

/* The live run's actions (sl-calibration-wizard-live.c). */
void sl_calibration_wizard_live_class_init (GtkWidgetClass *widget_class);
void sl_calibration_wizard_live_dispose (SlCalibrationWizard *self);

/* For tests. */
/* Whether a live run, its analysis or reading the analysis is under way. */
gboolean sl_calibration_wizard_is_busy (SlCalibrationWizard *self);
gboolean sl_calibration_wizard_is_loaded (SlCalibrationWizard *self);
const char *sl_calibration_wizard_get_page (SlCalibrationWizard *self);
/* The message shown for what stops Next on the current page, or NULL. */
const char *sl_calibration_wizard_get_problem (SlCalibrationWizard *self);
/* The full-screen targets of a live run under way, or NULL. */
SlLiveTargets *sl_calibration_wizard_get_live_page (SlCalibrationWizard *self);

G_END_DECLS
