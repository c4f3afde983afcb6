/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "base/sl-explanation.h"
#include "sl-review-queue.h"

double
sl_event_certainty (const SlEvent *event)
{
  if (event->explanation == NULL)
    return INFINITY;
  g_autoptr (GError) error = NULL;
  SlExplanation *x = sl_explanation_parse (event->explanation, &error);
  if (x == NULL)
    return INFINITY;
  double least = INFINITY;
  for (guint i = 0; i < x->thresholds->len; i++)
    {
      const SlExplThreshold *t = &g_array_index (x->thresholds, SlExplThreshold, i);
      double margin = fabs (sl_expl_threshold_margin (t));
      if (!isfinite (margin))
        continue;
      least = MIN (least, fabs (t->value) > 1e-12 ? margin / fabs (t->value) : margin);
    }
  sl_explanation_free (x);
  return least;
}

typedef struct
{
  SlEvent *event;
  double certainty;
} Ranked;

static gint
by_certainty (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->certainty != y->certainty)
    return x->certainty < y->certainty ? -1 : 1;
  return (x->event->start_frame > y->event->start_frame)
         - (x->event->start_frame < y->event->start_frame);
}

GPtrArray *
sl_review_queue_order (GPtrArray *events, const char *const *kinds)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (guint i = 0; i < events->len; i++)
    {
      SlEvent *e = events->pdata[i];
      if (kinds != NULL && !g_strv_contains (kinds, e->kind))
        continue;
      Ranked r = { e, sl_event_certainty (e) };
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, by_certainty);
  GPtrArray *queue = g_ptr_array_sized_new (ranked->len);
  for (guint i = 0; i < ranked->len; i++)
    g_ptr_array_add (queue, g_array_index (ranked, Ranked, i).event);
  return queue;
}
