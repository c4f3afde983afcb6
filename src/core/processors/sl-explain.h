/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building an event's explanation (docs/data-model.md, "explanation"): a
 * JSON object with the inputs and their values, the thresholds and by how
 * much each was crossed, the evidence frames, the processor with its
 * version and parameters, and what would have changed the outcome.  The
 * helpers add members to the open object of a JsonBuilder.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "base/sl-event.h"
#include "sl-processor.h"

G_BEGIN_DECLS

/* Opens the explanation object. */
JsonBuilder *sl_explain_begin (void);

/* { "param", "value", "observed", "crossed_by": observed − value }, added to
 * an open array. */
void sl_explain_threshold (JsonBuilder *b, const char *param, double value, double observed);

/* { "signal": name, "<key>": value }, added to an open array. */
void sl_explain_input (JsonBuilder *b, const char *signal, const char *key, double value);

/* "evidence_frames": { first, [peak,] last, frames }; @peak < 0 leaves it out. */
void sl_explain_evidence (JsonBuilder *b, gint64 first, gint64 peak, gint64 last, int frames);

/* "processor": { id, version, params }. */
void sl_explain_processor (JsonBuilder *b, const SlProcessorInfo *info, const double *params);

/* { "param": name, "<relation>": value }, added to an open array: the
 * parameter value at which the outcome would change. */
void sl_explain_change (JsonBuilder *b, const char *param, const char *relation, double value);

/* Closes the object and stores it as @event's explanation; unrefs @b. */
void sl_explain_end (JsonBuilder *b, SlEvent *event);

/* A new event over [@first, @last] found by @info. */
SlEvent *sl_explain_event (const SlProcessorInfo *info, const char *kind, gint64 first,
                           double first_s, gint64 last, double last_s, double score);

G_END_DECLS
