/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order in which a labeler reviews a run's detections: least certain
 * first.  An event's certainty is how far its explanation's thresholds
 * were crossed, relative to each threshold (|observed − value| / |value|),
 * the smallest of them: a blink whose EAR went just under its threshold
 * comes before one that shut the eyes, whatever the units.  An event
 * whose explanation has no thresholds, or does not read, comes last.
 */
#pragma once

#include <glib.h>

#include "base/sl-event.h"

G_BEGIN_DECLS

/* @event's certainty (≥ 0), or +∞ when it cannot be told. */
double sl_event_certainty (const SlEvent *event);

/* The events of @events (SlEvent) whose kind is one of @kinds
 * (NULL-terminated; NULL: every kind), least certain first (ties in time
 * order); the SlEvent pointers are borrowed from @events. */
GPtrArray *sl_review_queue_order (GPtrArray *events, const char *const *kinds);

G_END_DECLS
