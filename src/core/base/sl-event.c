/* SPDX-License-Identifier: GPL-3.0-or-later */
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
