/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sl-event-match.h"

typedef struct
{
  guint d, r;
  gint64 overlap;
  gint64 onset; /* |detected first − reference first| */
} Pair;

static int
pair_order (gconstpointer a, gconstpointer b)
{
  const Pair *x = a, *y = b;
  if (x->overlap != y->overlap)
    return x->overlap > y->overlap ? -1 : 1;
  if (x->onset != y->onset)
    return x->onset < y->onset ? -1 : 1;
  if (x->r != y->r)
    return x->r < y->r ? -1 : 1;
  return x->d < y->d ? -1 : x->d > y->d;
}

SlEventMatch *
sl_event_match (const SlSpan *detected, guint n_detected, const SlSpan *reference,
                guint n_reference, double min_iou)
{
  g_return_val_if_fail (n_detected == 0 || detected != NULL, NULL);
  g_return_val_if_fail (n_reference == 0 || reference != NULL, NULL);
  SlEventMatch *m = g_new0 (SlEventMatch, 1);
  m->n_detected = n_detected;
  m->n_reference = n_reference;
  m->reference_of = g_new (int, MAX (n_detected, 1));
  m->detection_of = g_new (int, MAX (n_reference, 1));
  for (guint i = 0; i < n_detected; i++)
    m->reference_of[i] = -1;
  for (guint i = 0; i < n_reference; i++)
    m->detection_of[i] = -1;

  /* Every overlapping pair. */
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  for (guint d = 0; d < n_detected; d++)
    for (guint r = 0; r < n_reference; r++)
      {
        const SlSpan *a = &detected[d], *b = &reference[r];
        gint64 overlap = MIN (a->last, b->last) - MAX (a->first, b->first) + 1;
        if (overlap <= 0)
          continue;
        gint64 uni = MAX (a->last, b->last) - MIN (a->first, b->first) + 1;
        if (min_iou > 0 && (double)overlap / (double)uni < min_iou)
          continue;
        Pair p = { d, r, overlap, llabs (a->first - b->first) };
        g_array_append_val (pairs, p);
      }
  g_array_sort (pairs, pair_order);

  double sum = 0, sum_abs = 0;
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = &g_array_index (pairs, Pair, i);
      if (m->reference_of[p->d] >= 0 || m->detection_of[p->r] >= 0)
        continue;
      m->reference_of[p->d] = (int)p->r;
      m->detection_of[p->r] = (int)p->d;
      m->matched++;
      double e = (double)(detected[p->d].first - reference[p->r].first);
      sum += e;
      sum_abs += fabs (e);
    }
  m->onset_error_mean = m->matched > 0 ? sum / m->matched : NAN;
  m->onset_error_abs = m->matched > 0 ? sum_abs / m->matched : NAN;
  return m;
}

void
sl_event_match_free (SlEventMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->reference_of);
  g_free (match->detection_of);
  g_free (match);
}
