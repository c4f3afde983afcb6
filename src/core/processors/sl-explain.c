/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-explain.h"
#include "sl-processors.h"

SlExplanation *
sl_explain_begin (const SlProcessorInfo *info, const double *params, const char *kind)
{
  SlExplanation *x = sl_explanation_new ("event", kind);
  sl_explanation_set_processor (x, info->id, info->version);
  for (guint k = 0; k < info->n_params; k++)
    sl_explanation_add_param (x, info->params[k].name, params[k]);
  return x;
}

void
sl_explain_evidence (SlExplanation *x, gint64 first, double first_s, gint64 peak, double peak_s,
                     gint64 last, double last_s, int frames)
{
  sl_explanation_add_evidence (x, "onset", first, first, first_s, first_s);
  if (peak >= 0)
    sl_explanation_add_evidence (x, "peak", peak, peak, peak_s, peak_s);
  sl_explanation_add_evidence (x, "end", last, last, last_s, last_s);
  x->frames = frames;
}

void
sl_explain_end (SlExplanation *x, SlEvent *event)
{
  x->value = event->score;
  g_free (event->explanation);
  event->explanation = sl_explanation_to_json (x);
  sl_explanation_free (x);
}

SlEvent *
sl_explain_event (const SlProcessorInfo *info, const char *kind, gint64 first, double first_s,
                  gint64 last, double last_s, double score)
{
  g_autofree char *by = g_strdup_printf ("%s %s", info->id, info->version);
  SlEvent *e = sl_event_new (kind, by);
  e->start_frame = first;
  e->end_frame = last;
  e->start_s = first_s;
  e->end_s = last_s;
  e->score = score;
  return e;
}
