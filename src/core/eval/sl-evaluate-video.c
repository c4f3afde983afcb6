/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluations that run the whole pipeline over annotated recordings: each
 * recording is imported into a throw-away library, analysed frame by
 * frame with the processors' defaults (or the caller's --set values), and
 * its events or signals compared with the annotation.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-event-match.h"
#include "base/sl-scratch.h"
#include "library/sl-store.h"
#include "pipeline/sl-analysis.h"
#include "sl-eval-formats.h"
#include "sl-evaluate.h"
#include "vision.h"

/* ---- Running the pipeline on one file ----------------------------------- */

typedef struct
{
  gboolean done, ok;
  GError *error;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;
  w->ok = sl_analysis_run_finish (SL_ANALYSIS (source), result, &w->error);
  w->done = TRUE;
}

/* Imports @video into the library at @library and analyses every frame;
 * returns the run id, or 0 with @error set. */
static gint64
analyse_file (const char *library, const char *video, char *const *sets, int threads,
              GCancellable *cancellable, GError **error)
{
  gint64 session_id;
  {
    g_autoptr (SlProbe) probe = sl_probe_file (video, cancellable, error);
    if (probe == NULL)
      return 0;
    g_autoptr (SlStore) store = sl_store_open (library, error);
    if (store == NULL)
      return 0;
    g_autoptr (SlSession) session = sl_store_import (store, probe, NULL, error);
    if (session == NULL)
      return 0;
    session_id = session->id;
  }

  /* A context of our own, so that this works on any thread. */
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_autoptr (SlAnalysis) analysis
      = sl_analysis_new (library, session_id, SL_PRESET_EVERY_FRAME, threads, TRUE);
  gboolean ok = TRUE;
  for (guint i = 0; sets != NULL && sets[i] != NULL && ok; i++)
    ok = sl_analysis_set (analysis, sets[i], error);
  Wait w = { FALSE, FALSE, NULL };
  if (ok)
    {
      sl_analysis_run_async (analysis, cancellable, on_done, &w);
      while (!w.done)
        g_main_context_iteration (context, TRUE);
      ok = w.ok;
      if (!ok)
        g_propagate_error (error, w.error);
    }
  gint64 run = ok ? sl_analysis_get_run_id (analysis) : 0;
  g_clear_object (&analysis);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return run;
}

/* ---- Blinks ----------------------------------------------------------- */

static int
compare_tag_rows (gconstpointer a, gconstpointer b)
{
  const SlTagRow *x = a, *y = b;
  return (x->id > y->id) - (x->id < y->id);
}

static gboolean
evaluate_blink_item (const char *tag, const char *library, char *const *sets, int threads,
                     GCancellable *cancellable, SlEvalRow *row, GError **error)
{
  g_autofree char *video = sl_eval_file_beside (tag, sl_eval_video_suffixes);
  if (video == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("%s has no video of the same name beside it"), tag);
      return FALSE;
    }
  g_autoptr (GArray) rows = sl_eval_read_tag (tag, error);
  if (rows == NULL)
    return FALSE;
  g_array_sort (rows, compare_tag_rows);

  /* Annotation frame k is the k-th packet of the file (0-based), repeat
   * packets included: that is how the annotation tool counted, and the
   * packet's timestamp gives the frame index in our numbering. */
  int64_t *index = NULL;
  size_t n_index = 0;
  char *verr = NULL;
  if (slv_video_packet_indices (video, &index, &n_index, &verr) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("%s: %s"), video, verr);
      free (verr);
      return FALSE;
    }

  g_autoptr (GArray) truth = g_array_new (FALSE, FALSE, sizeof (SlSpan));
  /* Frames annotated open (outside blinks) and fully closed. */
  g_autoptr (GArray) open_frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) shut_frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  SlSpan annotated = { G_MAXINT64, -1 };
  gint64 prev_id = -2, prev_blink = -1;
  for (guint i = 0; i < rows->len; i++)
    {
      SlTagRow r = g_array_index (rows, SlTagRow, i);
      if ((size_t)r.id >= n_index)
        continue;
      gint64 f = index[r.id];
      if (r.closed)
        g_array_append_val (shut_frames, f);
      else if (r.blink < 0)
        g_array_append_val (open_frames, f);
      annotated.first = MIN (annotated.first, f);
      annotated.last = MAX (annotated.last, f);
      if (r.blink >= 0)
        {
          /* One blink: consecutive frames with the same id. */
          if (r.blink == prev_blink && r.id == prev_id + 1 && truth->len > 0)
            g_array_index (truth, SlSpan, truth->len - 1).last = f;
          else
            {
              SlSpan s = { f, f };
              g_array_append_val (truth, s);
            }
        }
      prev_id = r.id;
      prev_blink = r.blink;
    }
  free (index);
  if (annotated.last < 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s: no annotated frame falls inside the video"), tag);
      return FALSE;
    }

  gint64 run = analyse_file (library, video, sets, threads, cancellable, error);
  if (run == 0)
    return FALSE;
  g_autoptr (SlStore) store = sl_store_open (library, error);
  if (store == NULL)
    return FALSE;
  g_autoptr (GPtrArray) events = sl_store_list_events (store, run, error);
  if (events == NULL)
    return FALSE;

  /* A detection counts when it matches an annotated blink one to one
   * (sl-event-match.h); detections outside the annotated frames are not
   * judged. */
  g_autoptr (GArray) detected = g_array_new (FALSE, FALSE, sizeof (SlSpan));
  for (guint i = 0; i < events->len; i++)
    {
      SlEvent *e = events->pdata[i];
      if (!g_str_equal (e->kind, "blink") && !g_str_equal (e->kind, "microsleep"))
        continue;
      if (e->end_frame < annotated.first || e->start_frame > annotated.last)
        {
          row->ignored++;
          continue;
        }
      SlSpan d = { e->start_frame, e->end_frame };
      g_array_append_val (detected, d);
    }
  g_autoptr (SlEventMatch) match
      = sl_event_match ((const SlSpan *)(gpointer)detected->data, detected->len,
                        (const SlSpan *)(gpointer)truth->data, truth->len, 0);
  row->tp = match->matched;
  row->fp = detected->len - match->matched;
  row->truth = truth->len;
  row->fn = row->truth - row->tp;

  /* Pupils: given for open eyes, withheld for closed ones; counted per
   * eye on annotated frames that have a face. */
  const char *names[] = { "pupils.left_x", "pupils.right_x" };
  for (int e = 0; e < 2; e++)
    {
      g_autoptr (GArray) series = sl_store_get_signal_series (store, run, names[e], error);
      if (series == NULL)
        return FALSE;
      g_autoptr (GHashTable) has = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint k = 0; k < series->len; k++)
        g_hash_table_add (has, &g_array_index (series, SlSample, k).frame);
      for (int which = 0; which < 2; which++)
        {
          GArray *frames = which == 0 ? open_frames : shut_frames;
          for (guint k = 0; k < frames->len; k++)
            {
              SlFaceResult face;
              gint64 f = g_array_index (frames, gint64, k);
              if (!sl_store_get_face (store, run, f, &face, NULL) || !face.success)
                continue;
              gboolean found = g_hash_table_contains (has, &f);
              if (which == 0)
                {
                  row->open_eyes++;
                  row->open_pupils += found;
                }
              else
                {
                  row->shut_eyes++;
                  row->shut_pupils += found;
                }
            }
        }
    }
  return TRUE;
}

SlEvalReport *
sl_evaluate_blinks (const char *dir, char *const *sets, int threads, GCancellable *cancellable,
                    GError **error)
{
  const char *const tag_suffix[] = { ".tag", NULL };
  g_autoptr (GPtrArray) tags = sl_eval_find_files (dir, tag_suffix, TRUE, error);
  if (tags == NULL)
    return NULL;
  if (tags->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("“%s” holds no .tag blink annotations (see docs/formats.md)"), dir);
      return NULL;
    }
  g_autoptr (SlEvalReport) report = sl_eval_report_new ();
  for (guint i = 0; i < tags->len; i++)
    {
      /* A library per item: every clip is analysed from scratch. */
      g_autoptr (SlScratch) scratch = sl_scratch_new ("sightline-evaluate", error);
      if (scratch == NULL)
        return NULL;
      const char *tag = tags->pdata[i];
      SlEvalRow *row = sl_eval_row_new (tag, dir);
      g_ptr_array_add (report->rows, row);
      if (!evaluate_blink_item (tag, scratch->library, sets, threads, cancellable, row, error))
        return NULL;
      report->tp += row->tp;
      report->fp += row->fp;
      report->fn += row->fn;
      report->ignored += row->ignored;
      report->open_eyes += row->open_eyes;
      report->open_pupils += row->open_pupils;
      report->shut_eyes += row->shut_eyes;
      report->shut_pupils += row->shut_pupils;
    }
  sl_eval_report_totals (report);
  return g_steal_pointer (&report);
}

/* ---- Heart rate ------------------------------------------------------- */

static gboolean
run_metric (const char *library, gint64 run, const char *name, double *value, GError **error)
{
  g_autoptr (SlStore) store = sl_store_open (library, error);
  if (store == NULL)
    return FALSE;
  g_autoptr (GArray) metrics = sl_store_get_run_metrics (store, run, error);
  if (metrics == NULL)
    return FALSE;
  *value = NAN;
  for (guint i = 0; i < metrics->len; i++)
    if (g_str_equal (g_array_index (metrics, SlMetric, i).name, name))
      *value = g_array_index (metrics, SlMetric, i).value;
  return TRUE;
}

SlEvalReport *
sl_evaluate_rppg (const char *dir, char *const *sets, int threads, GCancellable *cancellable,
                  GError **error)
{
  const char *const csv_suffix[] = { ".csv", NULL };
  g_autoptr (GPtrArray) csvs = sl_eval_find_files (dir, csv_suffix, TRUE, error);
  if (csvs == NULL)
    return NULL;
  g_autoptr (GHashTable) reference
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < csvs->len; i++)
    if (!sl_eval_read_reference (csvs->pdata[i], reference, error))
      return NULL;
  if (g_hash_table_size (reference) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("“%s” holds no CSV of reference heart rates (see docs/formats.md)"), dir);
      return NULL;
    }
  g_autoptr (GPtrArray) videos = sl_eval_find_files (dir, sl_eval_video_suffixes, TRUE, error);
  if (videos == NULL)
    return NULL;

  g_autoptr (SlEvalReport) report = sl_eval_report_new ();
  for (guint i = 0; i < videos->len; i++)
    {
      const char *video = videos->pdata[i];
      g_autofree char *base = g_path_get_basename (video);
      g_autofree char *subject = g_strndup (base, strcspn (base, "_."));
      const double *bpm = g_hash_table_lookup (reference, subject);
      if (bpm == NULL)
        continue; /* a video without a reference is not an item */
      g_autoptr (SlScratch) scratch = sl_scratch_new ("sightline-evaluate", error);
      if (scratch == NULL)
        return NULL;
      SlEvalRow *row = sl_eval_row_new (video, dir);
      g_ptr_array_add (report->rows, row);
      row->group = g_strdup (subject);
      row->reference = *bpm;
      gint64 run = analyse_file (scratch->library, video, sets, threads, cancellable, error);
      if (run == 0 || !run_metric (scratch->library, run, "rppg.mean_bpm", &row->estimate, error)
          || !run_metric (scratch->library, run, "rppg.mean_snr", &row->quality, error))
        return NULL;
      row->error = row->estimate - row->reference;
    }
  if (report->rows->len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("No video under “%s” is named after a subject of its reference CSV"), dir);
      return NULL;
    }

  /* Per subject: the mean over its videos with an estimate. */
  double total = 0;
  for (guint i = 0; i < report->rows->len; i++)
    {
      SlEvalRow *row = report->rows->pdata[i];
      SlEvalRow *g = NULL;
      for (guint k = 0; k < report->groups->len && g == NULL; k++)
        if (g_str_equal (((SlEvalRow *)report->groups->pdata[k])->item, row->group))
          g = report->groups->pdata[k];
      if (g == NULL)
        {
          g = sl_eval_row_new (row->group, dir);
          g->reference = row->reference;
          g->estimate = 0;
          g_ptr_array_add (report->groups, g);
        }
      if (isfinite (row->estimate))
        {
          g->estimate += row->estimate;
          g->truth++;
        }
    }
  for (guint k = 0; k < report->groups->len; k++)
    {
      SlEvalRow *g = report->groups->pdata[k];
      g->estimate = g->truth > 0 ? g->estimate / g->truth : NAN;
      g->error = g->estimate - g->reference;
      total += fabs (g->error);
    }
  report->mean_error = total / report->groups->len;
  return g_steal_pointer (&report);
}
