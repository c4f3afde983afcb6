/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sl-event.h"

SlEvent *
sl_event_new (const char *kind, const char *processor)
{
  SlEvent *e = g_new0 (SlEvent, 1);
  e->kind = g_strdup (kind);
  e->processor = g_strdup (processor);
  return e;
}

void
sl_event_free (SlEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->processor);
  g_free (event->explanation);
  g_free (event);
}

gboolean
sl_event_is_by (const SlEvent *event, const char *processor_id)
{
  /* Stored as "<id> <version>". */
  gsize n = strlen (processor_id);
  return event->processor != NULL && strncmp (event->processor, processor_id, n) == 0
         && event->processor[n] == ' ';
}

void
sl_events_drop_by (GPtrArray *events, const char *processor_id)
{
  for (guint i = events->len; i-- > 0;)
    if (sl_event_is_by (events->pdata[i], processor_id))
      g_ptr_array_remove_index (events, i);
}
