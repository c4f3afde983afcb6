/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One sweep over the labels' edges (a label covers frames [start, end + 1))
 * gives the elementary intervals with the kinds active in each, for κ and
 * for the list of disagreements at once.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "library/sl-labels.h"
#include "sl-label-agree.h"

void
sl_agreement_free (SlAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_free (agreement->kind);
  g_free (agreement);
}

void
sl_agreement_report_free (SlAgreementReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->kinds);
  g_array_unref (report->disagreements);
  g_free (report);
}

static gint
by_first (gconstpointer a, gconstpointer b)
{
  const SlSpan *x = a, *y = b;
  return (x->first > y->first) - (x->first < y->first);
}

GArray *
sl_label_coverage (GPtrArray *labels, gint64 frame_count)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (SlSpan));
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      if (g_strcmp0 (l->kind, SL_LABEL_COVERED) == 0)
        {
          SlSpan s = { l->start_frame, l->end_frame };
          g_array_append_val (spans, s);
        }
    }
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (SlSpan));
  if (spans->len == 0)
    {
      SlSpan all = { 0, MAX (frame_count, 1) - 1 };
      g_array_append_val (merged, all);
      return merged;
    }
  g_array_sort (spans, by_first);
  for (guint i = 0; i < spans->len; i++)
    {
      SlSpan s = g_array_index (spans, SlSpan, i);
      SlSpan *last = merged->len > 0 ? &g_array_index (merged, SlSpan, merged->len - 1) : NULL;
      if (last != NULL && s.first <= last->last + 1)
        last->last = MAX (last->last, s.last);
      else
        g_array_append_val (merged, s);
    }
  return merged;
}

/* The stretches in both @a and @b (merged spans in order). */
static GArray *
intersect (GArray *a, GArray *b)
{
  GArray *both = g_array_new (FALSE, FALSE, sizeof (SlSpan));
  for (guint i = 0, j = 0; i < a->len && j < b->len;)
    {
      SlSpan x = g_array_index (a, SlSpan, i), y = g_array_index (b, SlSpan, j);
      SlSpan s = { MAX (x.first, y.first), MIN (x.last, y.last) };
      if (s.first <= s.last)
        g_array_append_val (both, s);
      if (x.last < y.last)
        i++;
      else
        j++;
    }
  return both;
}

static gboolean
overlaps (GArray *spans, gint64 first, gint64 last)
{
  for (guint i = 0; i < spans->len; i++)
    {
      SlSpan s = g_array_index (spans, SlSpan, i);
      if (s.first <= last && first <= s.last)
        return TRUE;
    }
  return FALSE;
}

/* An edge of the sweep: at @frame, annotator @who (0, 1; 2 for the
 * compared time) starts (+1) or stops (−1) having kind @kind. */
typedef struct
{
  gint64 frame;
  int who, kind, step;
} Edge;

static gint
by_frame (gconstpointer a, gconstpointer b)
{
  const Edge *x = a, *y = b;
  return (x->frame > y->frame) - (x->frame < y->frame);
}

static double
kappa (double observed, double expected)
{
  return 1 - expected > 1e-12 ? (observed - expected) / (1 - expected) : NAN;
}

/* A code (the set of active kinds) as a key. */
static char *
code_of (const int *counts, guint n_kinds)
{
  GString *code = g_string_new (NULL);
  for (guint k = 0; k < n_kinds; k++)
    if (counts[k] > 0)
      g_string_append_printf (code, "%u+", k);
  return g_string_free (code, FALSE);
}

static void
add_weight (GHashTable *table, const char *key, gint64 w)
{
  gpointer old = g_hash_table_lookup (table, key);
  gint64 sum = (old != NULL ? *(gint64 *)old : 0) + w;
  g_hash_table_replace (table, g_strdup (key), g_memdup2 (&sum, sizeof sum));
}

/* Whether @l says a kind is there: a rejected detection says it is not. */
static gboolean
says_present (const SlLabel *l)
{
  return l->source != SL_LABEL_REJECTED && !g_str_equal (l->kind, SL_LABEL_COVERED);
}

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

SlAgreementReport *
sl_label_agree (GPtrArray *a, GPtrArray *b, gint64 frame_count)
{
  GPtrArray *who[2] = { a, b };
  g_autoptr (GArray) cov_a = sl_label_coverage (a, frame_count);
  g_autoptr (GArray) cov_b = sl_label_coverage (b, frame_count);
  g_autoptr (GArray) compared = intersect (cov_a, cov_b);

  /* The kinds either annotator used, by name. */
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (int w = 0; w < 2; w++)
    for (guint i = 0; i < who[w]->len; i++)
      {
        const SlLabel *l = who[w]->pdata[i];
        if (says_present (l) && !g_hash_table_contains (index, l->kind))
          {
            g_hash_table_add (index, l->kind);
            g_ptr_array_add (names, l->kind);
          }
      }
  g_ptr_array_sort (names, by_name);
  guint n = names->len;
  for (guint k = 0; k < n; k++)
    g_hash_table_insert (index, names->pdata[k], GUINT_TO_POINTER (k + 1));

  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (int w = 0; w < 2; w++)
    for (guint i = 0; i < who[w]->len; i++)
      {
        const SlLabel *l = who[w]->pdata[i];
        if (!says_present (l))
          continue;
        int k = GPOINTER_TO_INT (g_hash_table_lookup (index, l->kind)) - 1;
        Edge on = { l->start_frame, w, k, +1 }, off = { l->end_frame + 1, w, k, -1 };
        g_array_append_val (edges, on);
        g_array_append_val (edges, off);
      }
  for (guint i = 0; i < compared->len; i++)
    {
      SlSpan s = g_array_index (compared, SlSpan, i);
      Edge on = { s.first, 2, 0, +1 }, off = { s.last + 1, 2, 0, -1 };
      g_array_append_val (edges, on);
      g_array_append_val (edges, off);
    }
  g_array_sort (edges, by_frame);

  SlAgreementReport *report = g_new0 (SlAgreementReport, 1);
  report->kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_agreement_free);
  report->disagreements = g_array_new (FALSE, FALSE, sizeof (SlDisagreement));
  g_autofree int *counts = g_new0 (int, 2 * (gsize)MAX (n, 1));
  g_autofree gint64 *table = g_new0 (gint64, 4 * (gsize)MAX (n, 1)); /* [k][a][b] */
  g_autofree int *open = g_new (int, MAX (n, 1)); /* each kind's last disagreement */
  for (guint k = 0; k < n; k++)
    open[k] = -1;
  g_autoptr (GHashTable) joint = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) margin_a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) margin_b = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 total = 0, agreeing = 0;
  int inside = 0;
  for (guint i = 0; i < edges->len;)
    {
      gint64 at = g_array_index (edges, Edge, i).frame;
      for (; i < edges->len && g_array_index (edges, Edge, i).frame == at; i++)
        {
          Edge e = g_array_index (edges, Edge, i);
          if (e.who == 2)
            inside += e.step;
          else
            counts[e.who * n + e.kind] += e.step;
        }
      if (i == edges->len || inside <= 0)
        continue;
      gint64 next = g_array_index (edges, Edge, i).frame, weight = next - at;
      g_autofree char *code_a = code_of (counts, n);
      g_autofree char *code_b = code_of (counts + n, n);
      g_autofree char *key = g_strconcat (code_a, "|", code_b, NULL);
      add_weight (joint, key, weight);
      add_weight (margin_a, code_a, weight);
      add_weight (margin_b, code_b, weight);
      total += weight;
      if (g_str_equal (code_a, code_b))
        agreeing += weight;
      for (guint k = 0; k < n; k++)
        {
          gboolean has_a = counts[k] > 0, has_b = counts[n + k] > 0;
          table[4 * k + 2 * has_a + has_b] += weight;
          if (has_a == has_b)
            continue;
          SlDisagreement *last
              = open[k] >= 0 ? &g_array_index (report->disagreements, SlDisagreement, open[k])
                             : NULL;
          if (last != NULL && last->by_a == has_a && last->frames.last + 1 == at)
            last->frames.last = next - 1;
          else
            {
              SlDisagreement d = { { at, next - 1 }, g_intern_string (names->pdata[k]), has_a };
              g_array_append_val (report->disagreements, d);
              open[k] = (int)report->disagreements->len - 1;
            }
        }
    }
  report->compared_frames = total;

  /* κ over all kinds, with the sets of active kinds as codes. */
  SlAgreement *all = g_new0 (SlAgreement, 1);
  g_ptr_array_add (report->kinds, all);
  all->observed = total > 0 ? (double)agreeing / total : NAN;
  all->expected = 0;
  GHashTableIter iter;
  gpointer code, weight;
  g_hash_table_iter_init (&iter, margin_a);
  while (g_hash_table_iter_next (&iter, &code, &weight))
    {
      gint64 *other = g_hash_table_lookup (margin_b, code);
      if (other != NULL)
        all->expected += (double)*(gint64 *)weight / total * ((double)*other / total);
    }
  all->kappa = total > 0 ? kappa (all->observed, all->expected) : NAN;

  /* Each kind: κ from its 2 × 2 table, and event F1. */
  guint all_matched = 0, all_a = 0, all_b = 0;
  for (guint k = 0; k < n; k++)
    {
      SlAgreement *one = g_new0 (SlAgreement, 1);
      one->kind = g_strdup (names->pdata[k]);
      g_ptr_array_add (report->kinds, one);
      const gint64 *t = table + 4 * k; /* t[2a + b] */
      if (total > 0)
        {
          double a1 = (double)(t[2] + t[3]) / total, b1 = (double)(t[1] + t[3]) / total;
          one->observed = (double)(t[0] + t[3]) / total;
          one->expected = a1 * b1 + (1 - a1) * (1 - b1);
          one->kappa = kappa (one->observed, one->expected);
        }
      else
        one->observed = one->expected = one->kappa = NAN;
      GArray *spans[2] = { g_array_new (FALSE, FALSE, sizeof (SlSpan)),
                           g_array_new (FALSE, FALSE, sizeof (SlSpan)) };
      for (int w = 0; w < 2; w++)
        for (guint i = 0; i < who[w]->len; i++)
          {
            const SlLabel *l = who[w]->pdata[i];
            if (says_present (l) && g_str_equal (l->kind, names->pdata[k])
                && overlaps (compared, l->start_frame, l->end_frame))
              {
                SlSpan s = { l->start_frame, l->end_frame };
                g_array_append_val (spans[w], s);
              }
          }
      g_autoptr (SlEventMatch) match
          = sl_event_match ((const SlSpan *)(gpointer)spans[0]->data, spans[0]->len,
                            (const SlSpan *)(gpointer)spans[1]->data, spans[1]->len, 0);
      one->n_a = spans[0]->len;
      one->n_b = spans[1]->len;
      one->matched = match->matched;
      one->f1 = one->n_a + one->n_b > 0 ? 2.0 * one->matched / (one->n_a + one->n_b) : NAN;
      one->onset_error_mean = match->onset_error_mean;
      g_array_unref (spans[0]);
      g_array_unref (spans[1]);
      all_matched += one->matched;
      all_a += one->n_a;
      all_b += one->n_b;
    }
  all->n_a = all_a;
  all->n_b = all_b;
  all->matched = all_matched;
  all->f1 = all_a + all_b > 0 ? 2.0 * all_matched / (all_a + all_b) : NAN;
  all->onset_error_mean = NAN;
  return report;
}
