/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A processor's side of an event's explanation (base/sl-explanation.h,
 * docs/explanations.md): begun with the processor, its version and every
 * parameter, filled with the inputs, thresholds, parts and changes, and
 * stored on the event by sl_explain_end().
 */
#pragma once

#include "base/sl-event.h"
#include "base/sl-explanation.h"
#include "sl-processor.h"

G_BEGIN_DECLS

/* An event's explanation, with @info and its @params. */
SlExplanation *sl_explain_begin (const SlProcessorInfo *info, const double *params,
                                 const char *kind);

/* The event's evidence: its first frame (onset), the peak (@peak < 0: none)
 * and its last frame (end), over @frames analysed frames (< 0: not known). */
void sl_explain_evidence (SlExplanation *x, gint64 first, double first_s, gint64 peak,
                          double peak_s, gint64 last, double last_s, int frames);

/* Stores @x as @event's explanation (its value is the event's score) and
 * frees it. */
void sl_explain_end (SlExplanation *x, SlEvent *event);

/* A new event over [@first, @last] found by @info. */
SlEvent *sl_explain_event (const SlProcessorInfo *info, const char *kind, gint64 first,
                           double first_s, gint64 last, double last_s, double score);

G_END_DECLS
