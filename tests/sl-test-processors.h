/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the processor tests share: a row of a plan's signals, a frame
 * context for one processor, and a run of every temporal processor over
 * scripted frames, as the writer thread runs them.
 */
#pragma once

#include "base/sl-event.h"
#include "processors/sl-processors.h"

G_BEGIN_DECLS

/* Fills one frame: its face (landmarks) and the frame-stage signals. */
typedef void (*Script) (int frame, double t, SlFaceResult *face, double *row, const SlPlan *plan,
                        gpointer data);

typedef struct
{
  GPtrArray *events;
  GArray *rows;    /* a row of the plan's signals per frame */
  GArray *metrics; /* SlMetric */
  SlPlan *plan;
} Scripted;

void sl_test_clear_row (double *row, const SlPlan *plan);
double *sl_test_new_row (const SlPlan *plan);
SlFrameContext sl_test_context (const SlProcessorInfo *p, const SlPlan *plan, const SlvImage *img,
                                const SlFaceResult *face, double *out);
void sl_test_scripted_clear (Scripted *r);
void sl_test_run_script (Scripted *r, const char *const *sets, int n, double fps, Script script,
                         gpointer data);
double sl_test_signal_at (const Scripted *r, int frame, const char *name);
guint sl_test_count_kind (const Scripted *r, const char *kind);
const SlEvent *sl_test_first_of_kind (const Scripted *r, const char *kind);
void sl_test_set_eye (float *pts, int first, float x0, float y0, double ear);
void sl_test_set_mouth (float *pts, double mar);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scripted, sl_test_scripted_clear)

G_END_DECLS
