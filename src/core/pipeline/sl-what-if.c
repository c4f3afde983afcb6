/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "base/sl-event-match.h"
#include "base/sl-json.h"
#include "processors/sl-processors.h"
#include "sl-what-if.h"

void
sl_what_if_free (SlWhatIf *w)
{
  if (w == NULL)
    return;
  g_clear_pointer (&w->stored, g_ptr_array_unref);
  g_clear_pointer (&w->found, g_ptr_array_unref);
  g_clear_pointer (&w->rows, g_array_unref);
  g_free (w);
}

gboolean
sl_what_if_check (const char *assignment, GError **error)
{
  g_autoptr (SlPlan) plan = sl_plan_new (error);
  if (plan == NULL || !sl_plan_set (plan, assignment, error))
    return FALSE;
  const char *dot = strchr (assignment, '.');
  g_autofree char *id = g_strndup (assignment, (gsize)(dot - assignment));
  const SlProcessorInfo *p = sl_processors_find (id);
  if (p != NULL && p->stage != SL_STAGE_TEMPORAL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s is a parameter of the frame stage, which needs the video again: analyse "
                      "the session with --set %s instead. What-if can try the parameters of "
                      "the temporal processors (see `sightline processors`)."),
                   assignment, assignment);
      return FALSE;
    }
  return TRUE;
}

/* The run's own parameters, from its provenance; each temporal processor
 * must be there with this program's version. */
static gboolean
plan_from_run (SlPlan *plan, const SlRun *run, GError **error)
{
  g_autoptr (JsonNode) root = sl_json_parse (run->processors ? run->processors : "", -1, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("Run %" PRId64 " does not record its processors readably; analyse the "
                      "session again."),
                   run->id);
      return FALSE;
    }
  JsonArray *list = json_node_get_array (root);
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *info = sl_plan_processor (plan, i);
      JsonObject *found = NULL;
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonNode *n = json_array_get_element (list, k);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
          if (o != NULL
              && g_strcmp0 (json_object_get_string_member_with_default (o, "id", NULL), info->id)
                     == 0)
            found = o;
        }
      const char *version
          = found ? json_object_get_string_member_with_default (found, "version", NULL) : NULL;
      if (g_strcmp0 (version, info->version) != 0)
        {
          if (info->stage != SL_STAGE_TEMPORAL)
            continue; /* its signals are read as stored */
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Run %" PRId64 " was made by %s %s and this Sightline has %s %s, "
                          "whose results may differ: analyse the session again (with --new) "
                          "before trying what-ifs."),
                       run->id, info->id, version ? version : _ ("(none)"), info->id,
                       info->version);
          return FALSE;
        }
      JsonNode *pn = json_object_get_member (found, "params");
      JsonObject *params
          = pn != NULL && JSON_NODE_HOLDS_OBJECT (pn) ? json_node_get_object (pn) : NULL;
      for (guint k = 0; params != NULL && k < info->n_params; k++)
        {
          JsonNode *v = json_object_get_member (params, info->params[k].name);
          if (v == NULL || !JSON_NODE_HOLDS_VALUE (v))
            continue;
          g_autofree char *set = g_strdup_printf ("%s.%s=%.17g", info->id, info->params[k].name,
                                                  json_node_get_double (v));
          if (!sl_plan_set (plan, set, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Where a saved what-if's frames go: a run of their own, through a
 * connection of their own (the replay reads through the other). */
typedef struct
{
  SlStore *out;
  gint64 run_id;
  GArray *faces;  /* SlFaceResult waiting to be written */
  GArray *values; /* their rows */
  GArray *ids;    /* the id of every signal of the plan */
  gint64 last;    /* the last frame written */
} Saver;

#define SAVE_BATCH 1024

typedef struct
{
  const SlPlan *plan;
  gpointer *states;
  GPtrArray *events;
  GCancellable *cancellable;
  gint64 frames;
  Saver *saver; /* NULL: compare only */
} Replay;

/* Writes what waits, and @events when they are given (the last write). */
static gboolean
save_flush (Saver *sv, guint n_signals, GPtrArray *events, GError **error)
{
  if (sv->faces->len == 0 && (events == NULL || events->len == 0))
    return TRUE;
  if (sv->faces->len > 0)
    sv->last = g_array_index (sv->faces, SlFaceResult, sv->faces->len - 1).frame;
  gboolean ok = sl_store_write_frames (
      sv->out, sv->run_id, (const SlFaceResult *)sv->faces->data, (const double *)sv->values->data,
      (const gint64 *)sv->ids->data, n_signals, sv->faces->len, events, sv->last, error);
  g_array_set_size (sv->faces, 0);
  g_array_set_size (sv->values, 0);
  return ok;
}

static gboolean
temporal (Replay *rp, const SlFaceResult *face, double *row, GArray *metrics, GError **error)
{
  const SlPlan *plan = rp->plan;
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      if (p->stage != SL_STAGE_TEMPORAL)
        continue;
      SlFrameContext ctx = { NULL,
                             face,
                             sl_plan_params (plan, i),
                             row ? row + sl_plan_first_slot (plan, i) : NULL,
                             row,
                             plan,
                             rp->events,
                             metrics,
                             sl_plan_need_slots (plan, i) };
      gboolean ok = face != NULL        ? p->process (rp->states[i], &ctx, error)
                    : p->finish != NULL ? p->finish (rp->states[i], &ctx, error)
                                        : TRUE;
      if (!ok)
        {
          g_prefix_error (error, "%s: ", p->id);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
replay_frame (const SlFaceResult *r, double *row, gpointer data, GError **error)
{
  Replay *rp = data;
  if ((++rp->frames & 1023) == 0 && g_cancellable_set_error_if_cancelled (rp->cancellable, error))
    return FALSE;
  if (!temporal (rp, r, row, NULL, error))
    return FALSE;
  Saver *sv = rp->saver;
  if (sv == NULL)
    return TRUE;
  guint n = sl_plan_n_signals (rp->plan);
  g_array_append_vals (sv->faces, r, 1);
  g_array_append_vals (sv->values, row, n);
  return sv->faces->len < SAVE_BATCH || save_flush (sv, n, NULL, error);
}

/* The same event: frames, times, score and explanation. */
static gboolean
same_event (const SlEvent *a, const SlEvent *b)
{
  return a->start_frame == b->start_frame && a->end_frame == b->end_frame
         && a->start_s == b->start_s && a->end_s == b->end_s && a->score == b->score
         && g_strcmp0 (a->explanation, b->explanation) == 0;
}

static int
row_order (gconstpointer pa, gconstpointer pb)
{
  const SlWhatIfRow *a = pa, *b = pb;
  const SlEvent *ea = a->stored ? a->stored : a->found, *eb = b->stored ? b->stored : b->found;
  if (ea->start_frame != eb->start_frame)
    return ea->start_frame < eb->start_frame ? -1 : 1;
  return g_strcmp0 (ea->kind, eb->kind);
}

/* Stored and found events, kind by kind, paired by overlap. */
static void
compare (SlWhatIf *w)
{
  g_autoptr (GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < w->stored->len; i++)
    g_hash_table_add (kinds, ((SlEvent *)w->stored->pdata[i])->kind);
  for (guint i = 0; i < w->found->len; i++)
    g_hash_table_add (kinds, ((SlEvent *)w->found->pdata[i])->kind);
  GHashTableIter it;
  gpointer kind;
  g_hash_table_iter_init (&it, kinds);
  while (g_hash_table_iter_next (&it, &kind, NULL))
    {
      g_autoptr (GPtrArray) a = g_ptr_array_new (), b = g_ptr_array_new ();
      g_autoptr (GArray) sa = g_array_new (FALSE, FALSE, sizeof (SlSpan));
      g_autoptr (GArray) sb = g_array_new (FALSE, FALSE, sizeof (SlSpan));
      for (guint i = 0; i < w->stored->len; i++)
        {
          SlEvent *e = w->stored->pdata[i];
          if (g_str_equal (e->kind, kind))
            {
              SlSpan s = { e->start_frame, e->end_frame };
              g_ptr_array_add (a, e);
              g_array_append_val (sa, s);
            }
        }
      for (guint i = 0; i < w->found->len; i++)
        {
          SlEvent *e = w->found->pdata[i];
          if (g_str_equal (e->kind, kind))
            {
              SlSpan s = { e->start_frame, e->end_frame };
              g_ptr_array_add (b, e);
              g_array_append_val (sb, s);
            }
        }
      g_autoptr (SlEventMatch) m = sl_event_match ((const SlSpan *)sb->data, sb->len,
                                                   (const SlSpan *)sa->data, sa->len, 0);
      for (guint i = 0; i < b->len; i++)
        {
          int j = m->reference_of[i];
          SlWhatIfRow row = { SL_WHAT_IF_ADDED, NULL, b->pdata[i] };
          if (j >= 0)
            {
              row.stored = a->pdata[j];
              row.change
                  = same_event (row.stored, row.found) ? SL_WHAT_IF_SAME : SL_WHAT_IF_CHANGED;
            }
          g_array_append_val (w->rows, row);
        }
      for (guint j = 0; j < a->len; j++)
        if (m->detection_of[j] < 0)
          {
            SlWhatIfRow row = { SL_WHAT_IF_REMOVED, a->pdata[j], NULL };
            g_array_append_val (w->rows, row);
          }
    }
  g_array_sort (w->rows, row_order);
  for (guint i = 0; i < w->rows->len; i++)
    switch (g_array_index (w->rows, SlWhatIfRow, i).change)
      {
      case SL_WHAT_IF_SAME:
        w->same++;
        break;
      case SL_WHAT_IF_ADDED:
        w->added++;
        break;
      case SL_WHAT_IF_REMOVED:
        w->removed++;
        break;
      case SL_WHAT_IF_CHANGED:
        w->changed++;
        break;
      default:
        g_assert_not_reached ();
      }
}

SlWhatIf *
sl_what_if_compare (GPtrArray *before, GPtrArray *after)
{
  SlWhatIf *w = g_new0 (SlWhatIf, 1);
  w->stored = g_ptr_array_ref (before);
  w->found = g_ptr_array_ref (after);
  w->rows = g_array_new (FALSE, FALSE, sizeof (SlWhatIfRow));
  compare (w);
  return w;
}

/* The stored run's provenance with the temporal processors' parameters
 * of @plan: what a saved what-if records. */
static char *
saved_processors (const SlRun *run, const SlPlan *plan)
{
  g_autoptr (JsonNode) root = sl_json_parse (run->processors, -1, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  JsonArray *list = json_node_get_array (root); /* plan_from_run checked it */
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonNode *n = json_array_get_element (list, k);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *id
          = o != NULL ? json_object_get_string_member_with_default (o, "id", NULL) : NULL;
      gboolean described = FALSE;
      for (guint i = 0; id != NULL && i < sl_plan_n_processors (plan); i++)
        {
          const SlProcessorInfo *info = sl_plan_processor (plan, i);
          if (info->stage == SL_STAGE_TEMPORAL && g_str_equal (info->id, id))
            {
              sl_processor_describe (info, sl_plan_params (plan, i), b);
              described = TRUE;
            }
        }
      if (!described)
        json_builder_add_value (b, json_node_copy (n));
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) out = json_builder_get_root (b);
  return json_to_string (out, FALSE);
}

/* A new run of the session for the saved what-if, and the ids of every
 * signal it will hold. */
static gboolean
saver_begin (Saver *sv, SlStore *store, const SlRun *run, const SlPlan *plan, GError **error)
{
  if (run->state != SL_RUN_COMPLETE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Run %" PRId64 " is not complete: finish its analysis before saving a "
                      "what-if of it."),
                   run->id);
      return FALSE;
    }
  sv->out = sl_store_open (sl_store_get_path (store), error);
  if (sv->out == NULL)
    return FALSE;
  g_autofree char *procs = saved_processors (run, plan);
  sv->run_id = sl_store_create_run (sv->out, run->session_id, run->preset, run->step, procs, error);
  if (sv->run_id == 0)
    return FALSE;
  sv->faces = g_array_new (FALSE, FALSE, sizeof (SlFaceResult));
  sv->values = g_array_new (FALSE, FALSE, sizeof (double));
  sv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sv->last = -1;
  for (guint k = 0; k < sl_plan_n_signals (plan); k++)
    {
      gint64 id = sl_store_signal_id (sv->out, sl_plan_signal_name (plan, k), error);
      if (id <= 0)
        return FALSE;
      g_array_append_val (sv->ids, id);
    }
  return TRUE;
}

/* Ends the saved run: complete with what it was made from, or failed
 * saying why (the stored run is untouched either way). */
static gboolean
saver_end (Saver *sv, gboolean ok, const SlRun *run, const char *const *assignments, GError **error)
{
  if (sv->out == NULL)
    return ok;
  if (sv->run_id > 0)
    {
      g_autofree char *set
          = assignments != NULL ? g_strjoinv (", ", (char **)assignments) : g_strdup ("");
      g_autofree char *message = ok ? g_strdup_printf (_ ("What-if of run %" PRId64 " with %s"),
                                                       run->id, *set ? set : _ ("no change"))
                                    : g_strdup ((*error)->message);
      g_autoptr (GError) local = NULL;
      if (!sl_store_finish_run (sv->out, sv->run_id, ok ? SL_RUN_COMPLETE : SL_RUN_FAILED, message,
                                ok ? error : &local))
        ok = FALSE;
    }
  g_clear_pointer (&sv->out, sl_store_free);
  g_clear_pointer (&sv->faces, g_array_unref);
  g_clear_pointer (&sv->values, g_array_unref);
  g_clear_pointer (&sv->ids, g_array_unref);
  return ok;
}

static SlWhatIf *
what_if (SlStore *store, gint64 run_id, const char *const *assignments, gboolean save,
         GCancellable *cancellable, GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SlRun) run = sl_store_get_run (store, run_id, error);
  if (run == NULL)
    return NULL;
  if (run->state == SL_RUN_RUNNING)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                   _ ("Run %" PRId64 " is still being analysed; try what-ifs when it is done."),
                   run_id);
      return NULL;
    }
  g_autoptr (SlPlan) plan = sl_plan_new (error);
  if (plan == NULL || !plan_from_run (plan, run, error))
    return NULL;
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    if (!sl_what_if_check (assignments[i], error) || !sl_plan_set (plan, assignments[i], error))
      return NULL;

  /* The frame stage's signals, as stored. */
  g_autoptr (GArray) slots = sl_plan_frame_stage_slots (plan);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; k < slots->len; k++)
    {
      const char *name = sl_plan_signal_name (plan, g_array_index (slots, guint, k));
      gint64 id = sl_store_find_signal_id (store, name, error);
      if (id < 0)
        return NULL;
      g_array_append_val (ids, id);
    }

  Saver saver = { 0 };
  if (save && !saver_begin (&saver, store, run, plan, error))
    {
      saver_end (&saver, FALSE, run, assignments, error);
      return NULL;
    }
  guint n = sl_plan_n_processors (plan);
  g_autofree gpointer *states = g_new0 (gpointer, MAX (n, 1));
  g_autoptr (SlWhatIf) w = g_new0 (SlWhatIf, 1);
  w->run_id = run_id;
  w->found = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  w->rows = g_array_new (FALSE, FALSE, sizeof (SlWhatIfRow));
  Replay rp = { plan, states, w->found, cancellable, 0, save ? &saver : NULL };
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < n; i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      if (p->stage == SL_STAGE_TEMPORAL && p->create != NULL)
        ok = (states[i] = p->create (sl_plan_params (plan, i), error)) != NULL;
    }
  if (ok && run->last_frame >= 0)
    ok = sl_store_foreach_frame (store, run_id, run->last_frame, (const gint64 *)ids->data,
                                 (const guint *)slots->data, slots->len, sl_plan_n_signals (plan),
                                 replay_frame, &rp, error);
  /* A complete run closed what was open at its end; so does this. */
  g_autoptr (GArray) metrics = g_array_new (FALSE, FALSE, sizeof (SlMetric));
  if (ok && run->state == SL_RUN_COMPLETE)
    ok = temporal (&rp, NULL, NULL, metrics, error);
  for (guint i = 0; i < n; i++)
    if (states[i] != NULL)
      sl_plan_processor (plan, i)->destroy (states[i]);
  if (ok && save)
    ok = save_flush (&saver, sl_plan_n_signals (plan), w->found, error)
         && (metrics->len == 0
             || sl_store_set_run_metrics (saver.out, saver.run_id, metrics, error));
  w->saved_run_id = ok && save ? saver.run_id : 0;
  if (!saver_end (&saver, ok, run, assignments, error))
    return NULL;
  w->frames = rp.frames;
  w->stored = sl_store_list_events (store, run_id, error);
  if (w->stored == NULL)
    return NULL;
  /* Against what the same processors found: not what was worked out
   * over the run after it (drift against a baseline). */
  for (guint i = w->stored->len; i-- > 0;)
    {
      gboolean replayed = FALSE;
      for (guint k = 0; k < n && !replayed; k++)
        replayed = sl_event_is_by (w->stored->pdata[i], sl_plan_processor (plan, k)->id);
      if (!replayed)
        g_ptr_array_remove_index (w->stored, i);
    }
  compare (w);
  w->elapsed_us = g_get_monotonic_time () - t0;
  return g_steal_pointer (&w);
}

SlWhatIf *
sl_what_if_run (SlStore *store, gint64 run_id, const char *const *assignments,
                GCancellable *cancellable, GError **error)
{
  return what_if (store, run_id, assignments, FALSE, cancellable, error);
}

SlWhatIf *
sl_what_if_save (SlStore *store, gint64 run_id, const char *const *assignments,
                 GCancellable *cancellable, GError **error)
{
  return what_if (store, run_id, assignments, TRUE, cancellable, error);
}

typedef struct
{
  char *library;
  gint64 run_id;
  char **assignments;
  gboolean save;
} WhatIfJob;

static void
what_if_job_free (WhatIfJob *job)
{
  g_free (job->library);
  g_strfreev (job->assignments);
  g_free (job);
}

static void
what_if_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  WhatIfJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  SlWhatIf *w = store != NULL ? what_if (store, job->run_id, (const char *const *)job->assignments,
                                         job->save, cancellable, &error)
                              : NULL;
  if (w == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, w, (GDestroyNotify)sl_what_if_free);
}

void
sl_what_if_run_async (const char *library, gint64 run_id, const char *const *assignments,
                      gboolean save, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_return_if_fail (library != NULL && run_id > 0);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_what_if_run_async);
  WhatIfJob *job = g_new0 (WhatIfJob, 1);
  job->library = g_strdup (library);
  job->run_id = run_id;
  job->assignments = g_strdupv ((char **)assignments);
  job->save = save;
  g_task_set_task_data (task, job, (GDestroyNotify)what_if_job_free);
  g_task_run_in_thread (task, what_if_thread);
}

SlWhatIf *
sl_what_if_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_what_if_run_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Whether what-if @w no longer finds stored event @event_id. */
static gboolean
removes (const SlWhatIf *w, gint64 event_id)
{
  for (guint i = 0; i < w->rows->len; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->stored != NULL && r->stored->id == event_id)
        return r->change == SL_WHAT_IF_REMOVED;
    }
  return FALSE;
}

/* One probe: is the event gone with @param at @value? */
static gboolean
probe (SlStore *store, gint64 run_id, gint64 event_id, const char *param, double value,
       guint *tries, GCancellable *cancellable, gboolean *gone, GError **error)
{
  g_autofree char *set = g_strdup_printf ("%s=%.17g", param, value);
  const char *const sets[] = { set, NULL };
  g_autoptr (SlWhatIf) w = sl_what_if_run (store, run_id, sets, cancellable, error);
  if (w == NULL)
    return FALSE;
  (*tries)++;
  *gone = removes (w, event_id);
  return TRUE;
}

gboolean
sl_what_if_flip (SlStore *store, gint64 run_id, gint64 event_id, const char *param,
                 const char *relation, double hint, GCancellable *cancellable, SlWhatIfFlip *flip,
                 GError **error)
{
  memset (flip, 0, sizeof *flip);
  flip->value = NAN;
  g_auto (GStrv) parts = g_strsplit (param, ".", 2);
  const SlProcessorInfo *info = parts[0] != NULL ? sl_processors_find (parts[0]) : NULL;
  const SlParamSpec *spec = NULL;
  for (guint k = 0; info != NULL && parts[1] != NULL && k < info->n_params; k++)
    if (g_str_equal (info->params[k].name, parts[1]))
      spec = &info->params[k];
  if (spec == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("%s is not a processor's parameter (see `sightline processors`)."), param);
      return FALSE;
    }
  g_autoptr (SlRun) run = sl_store_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  gboolean up = g_strcmp0 (relation, "above") == 0 || g_strcmp0 (relation, "at_least") == 0;
  double lo = sl_run_get_param (run, parts[0], parts[1], spec->default_value);
  double hi = up ? spec->max : spec->min;
  double tolerance = spec->integer ? 1 : MAX ((spec->max - spec->min) * 1e-4, 1e-6);
  flip->from = lo;
  gboolean gone = FALSE;
  /* The one margin first: for a result of one input it is the answer. */
  if (isfinite (hint) && (up ? hint > lo && hint < hi : hint < lo && hint > hi))
    {
      double past = spec->integer ? (up ? floor (hint) + 1 : ceil (hint) - 1)
                                  : hint + (up ? 1 : -1) * tolerance;
      if (!probe (store, run_id, event_id, param, past, &flip->tries, cancellable, &gone, error))
        return FALSE;
      if (gone)
        hi = past;
      else
        lo = past;
    }
  if (!gone)
    {
      if (!probe (store, run_id, event_id, param, hi, &flip->tries, cancellable, &gone, error))
        return FALSE;
      if (!gone)
        {
          flip->kept = hi; /* no value in the parameter's range removes it */
          return TRUE;
        }
    }
  /* Bisection between a value that keeps it and one that removes it. */
  while (fabs (hi - lo) > tolerance)
    {
      double mid = spec->integer ? round ((lo + hi) / 2) : (lo + hi) / 2;
      if (mid == lo || mid == hi)
        break;
      if (!probe (store, run_id, event_id, param, mid, &flip->tries, cancellable, &gone, error))
        return FALSE;
      if (gone)
        hi = mid;
      else
        lo = mid;
    }
  flip->found = TRUE;
  flip->value = hi;
  flip->kept = lo;
  return TRUE;
}

typedef struct
{
  char *library;
  gint64 run_id, event_id;
  char *param, *relation;
  double hint;
} FlipJob;

static void
flip_job_free (FlipJob *job)
{
  g_free (job->library);
  g_free (job->param);
  g_free (job->relation);
  g_free (job);
}

static void
flip_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FlipJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open_read_only (job->library, &error);
  SlWhatIfFlip *flip = g_new0 (SlWhatIfFlip, 1);
  if (store == NULL
      || !sl_what_if_flip (store, job->run_id, job->event_id, job->param, job->relation, job->hint,
                           cancellable, flip, &error))
    {
      g_free (flip);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, flip, g_free);
}

void
sl_what_if_flip_async (const char *library, gint64 run_id, gint64 event_id, const char *param,
                       const char *relation, double hint, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (library != NULL && run_id > 0 && param != NULL);
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_what_if_flip_async);
  FlipJob *job = g_new0 (FlipJob, 1);
  job->library = g_strdup (library);
  job->run_id = run_id;
  job->event_id = event_id;
  job->param = g_strdup (param);
  job->relation = g_strdup (relation);
  job->hint = hint;
  g_task_set_task_data (task, job, (GDestroyNotify)flip_job_free);
  g_task_run_in_thread (task, flip_thread);
}

SlWhatIfFlip *
sl_what_if_flip_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_what_if_flip_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
