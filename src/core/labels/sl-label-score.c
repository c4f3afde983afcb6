/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "base/sl-error.h"
#include "base/sl-event-match.h"
#include "base/sl-event.h"
#include "library/sl-labels.h"
#include "sl-label-agree.h"
#include "sl-label-score.h"

void
sl_label_score_free (SlLabelScore *score)
{
  if (score == NULL)
    return;
  g_free (score->kind);
  g_free (score);
}

double
sl_label_score_precision (const SlLabelScore *s)
{
  return s->detections > 0 ? (double)s->matched / s->detections : NAN;
}

double
sl_label_score_recall (const SlLabelScore *s)
{
  return s->labels > 0 ? (double)s->matched / s->labels : NAN;
}

double
sl_label_score_f1 (const SlLabelScore *s)
{
  guint n = s->detections + s->labels;
  return n > 0 ? 2.0 * s->matched / n : NAN;
}

double
sl_label_score_false_alarms_per_hour (const SlLabelScore *s)
{
  return s->covered_s > 0 ? (s->detections - s->matched) / (s->covered_s / 3600) : NAN;
}

static gboolean
inside (GArray *coverage, gint64 first, gint64 last)
{
  for (guint i = 0; i < coverage->len; i++)
    {
      SlSpan s = g_array_index (coverage, SlSpan, i);
      if (s.first <= last && first <= s.last)
        return TRUE;
    }
  return FALSE;
}

/* @scores' entry for @kind (NULL: the total), added when missing. */
static SlLabelScore *
entry (GPtrArray *scores, const char *kind)
{
  for (guint i = 0; i < scores->len; i++)
    {
      SlLabelScore *s = scores->pdata[i];
      if (g_strcmp0 (s->kind, kind) == 0)
        return s;
    }
  SlLabelScore *s = g_new0 (SlLabelScore, 1);
  s->kind = g_strdup (kind);
  /* The total stays last. */
  guint at = scores->len;
  if (kind != NULL && at > 0 && ((SlLabelScore *)scores->pdata[at - 1])->kind == NULL)
    at--;
  g_ptr_array_insert (scores, (int)at, s);
  return s;
}

static void
add_to (SlLabelScore *to, const SlLabelScore *from)
{
  to->detections += from->detections;
  to->labels += from->labels;
  to->matched += from->matched;
  to->rejected += from->rejected;
  to->ignored += from->ignored;
  to->onset_error_sum += from->onset_error_sum;
}

gboolean
sl_label_score_session (SlStore *store, gint64 session_id, gint64 run_id, const char *annotator,
                        const char *kind, gboolean all_sources, GPtrArray *scores, GError **error)
{
  g_autoptr (SlSession) session = sl_store_get_session (store, session_id, error);
  if (session == NULL)
    return FALSE;
  if (run_id == 0)
    run_id = session->last_run_id;
  if (run_id == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("Session %" PRId64 " (%s) has not been analysed: analyse it "
                      "first, then score its detections."),
                   session_id, session->name);
      return FALSE;
    }
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, error);
  g_autoptr (GPtrArray) labels
      = kinds != NULL ? sl_store_list_labels (store, session_id, annotator, error) : NULL;
  g_autoptr (GPtrArray) events
      = labels != NULL ? sl_store_list_events (store, run_id, error) : NULL;
  if (events == NULL)
    return FALSE;
  g_autoptr (GArray) coverage = sl_label_coverage (labels, session->frame_count);
  gint64 covered = 0;
  for (guint i = 0; i < coverage->len; i++)
    {
      SlSpan s = g_array_index (coverage, SlSpan, i);
      covered += s.last - s.first + 1;
    }
  gboolean found = FALSE;
  SlLabelScore *total = entry (scores, NULL);
  total->covered_s += covered / session->fps;
  for (guint k = 0; k < kinds->len; k++)
    {
      const SlLabelKind *lk = kinds->pdata[k];
      if (lk->detector == NULL || (kind != NULL && !g_str_equal (kind, lk->name)))
        continue;
      found = TRUE;
      g_auto (GStrv) detectors = g_strsplit (lk->detector, ",", -1);
      SlLabelScore one = { 0 };
      g_autoptr (GArray) detected = g_array_new (FALSE, FALSE, sizeof (SlSpan));
      g_autoptr (GArray) truth = g_array_new (FALSE, FALSE, sizeof (SlSpan));
      g_autoptr (GArray) rejected = g_array_new (FALSE, FALSE, sizeof (SlSpan));
      for (guint i = 0; i < events->len; i++)
        {
          const SlEvent *e = events->pdata[i];
          if (!g_strv_contains ((const char *const *)detectors, e->kind))
            continue;
          SlSpan d = { e->start_frame, e->end_frame };
          if (!inside (coverage, d.first, d.last))
            one.ignored++;
          else
            g_array_append_val (detected, d);
        }
      for (guint i = 0; i < labels->len; i++)
        {
          const SlLabel *l = labels->pdata[i];
          if (!g_str_equal (l->kind, lk->name) || !inside (coverage, l->start_frame, l->end_frame))
            continue;
          SlSpan s = { l->start_frame, l->end_frame };
          if (l->source == SL_LABEL_REJECTED)
            g_array_append_val (rejected, s);
          else if (all_sources || l->source == SL_LABEL_MANUAL || l->blind)
            g_array_append_val (truth, s);
        }
      g_autoptr (SlEventMatch) match
          = sl_event_match ((const SlSpan *)(gpointer)detected->data, detected->len,
                            (const SlSpan *)(gpointer)truth->data, truth->len, 0);
      one.detections = detected->len;
      one.labels = truth->len;
      one.matched = match->matched;
      if (match->matched > 0)
        one.onset_error_sum = match->onset_error_mean * match->matched * 1000 / session->fps;
      /* Unmatched detections that a person rejected. */
      for (guint i = 0; i < detected->len; i++)
        if (match->reference_of[i] < 0
            && inside (rejected, g_array_index (detected, SlSpan, i).first,
                       g_array_index (detected, SlSpan, i).last))
          one.rejected++;
      SlLabelScore *to = entry (scores, lk->name);
      add_to (to, &one);
      to->covered_s += covered / session->fps;
      add_to (total, &one);
    }
  if (!found)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   kind != NULL ? _ ("The label set has no kind “%s” compared with a detector.")
                                : _ ("No kind of the label set is compared with a detector."),
                   kind);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_label_score_library (SlStore *store, const char *annotator, const char *kind,
                        gboolean all_sources, GPtrArray *scores, guint *n_sessions, GError **error)
{
  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, error);
  if (sessions == NULL)
    return FALSE;
  guint n = 0;
  for (guint i = 0; i < sessions->len; i++)
    {
      SlSession *s = sessions->pdata[i];
      g_autoptr (GPtrArray) mine = sl_store_list_labels (store, s->id, annotator, error);
      if (mine == NULL)
        return FALSE;
      /* Sessions the annotator labelled and the detectors looked at. */
      if (mine->len == 0 || s->last_run_id == 0)
        continue;
      if (!sl_label_score_session (store, s->id, 0, annotator, kind, all_sources, scores, error))
        return FALSE;
      n++;
    }
  if (n_sessions != NULL)
    *n_sessions = n;
  if (n == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("%s has labelled no analysed session of the library."), annotator);
      return FALSE;
    }
  return TRUE;
}
