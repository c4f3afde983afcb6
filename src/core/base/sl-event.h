/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event: something a processor found over a stretch of frames (a
 * distraction, a stretch without a face, …), with a score and a structured
 * explanation in JSON: the inputs and their values, the thresholds and how
 * far each was crossed, each input's share, the evidence frames, the
 * processor with its version and parameters, and what would have changed
 * the outcome (docs/data-model.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 id; /* 0 until stored */
  char *kind;
  gint64 start_frame;
  gint64 end_frame;
  double start_s;
  double end_s;
  double score;
  char *processor;   /* "<id> <version>" */
  char *explanation; /* JSON object */
} SlEvent;

SlEvent *sl_event_new (const char *kind, const char *processor);
void sl_event_free (SlEvent *event);
/* Whether processor @processor_id (its id, without a version) found @event. */
gboolean sl_event_is_by (const SlEvent *event, const char *processor_id);
/* Removes from @events (SlEvent) those processor @processor_id found. */
void sl_events_drop_by (GPtrArray *events, const char *processor_id);

/* A figure that describes a whole run ("fusion.alerts_per_minute"); the
 * name is a static or interned string. */
typedef struct
{
  const char *name;
  double value;
} SlMetric;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvent, sl_event_free)

G_END_DECLS
