/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Columns are BORIS's and found by name; a file from an older BORIS
 * (its "Status" column in place of "Behavior type", "Modifiers" in place
 * of "Modifier #1") reads too.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-label-rows.h"
#include "sl-label-tsv.h"

enum
{
  COL_OBSERVATION,
  COL_SUBJECT,
  COL_BEHAVIOR,
  COL_TYPE,
  COL_STATUS,
  COL_TIME,
  COL_IMAGE,
  COL_FRAME,
  COL_MODIFIER,
  COL_MODIFIERS,
  COL_COMMENT,
  N_COLS
};

static const char *const col_names[N_COLS + 1]
    = { "observation id", "subject",     "behavior",    "behavior type", "status",  "time",
        "image index",    "frame index", "modifier #1", "modifiers",     "comment", NULL };

#define SOURCE_PREFIX "source: "

/* A state started and not stopped yet. */
typedef struct
{
  SlLabel *label; /* owned by the labels */
  gboolean frame_given;
  guint line;
} Open;

static char *
state_key (GPtrArray *row, const int *cols)
{
  return g_strjoin ("\x1f", sl_row_field (row, cols[COL_OBSERVATION]),
                    sl_row_field (row, cols[COL_SUBJECT]), sl_row_field (row, cols[COL_BEHAVIOR]),
                    NULL);
}

/* The row's frame, or -1 when it has none (BORIS writes NA). */
static gint64
row_frame (GPtrArray *row, const int *cols)
{
  int col = cols[COL_IMAGE] >= 0 ? cols[COL_IMAGE] : cols[COL_FRAME];
  double f;
  if (!sl_label_number (sl_row_field (row, col), &f) || f < 0 || f >= 1e15 || f != floor (f))
    return -1;
  return (gint64)f;
}

GPtrArray *
sl_label_tsv_read (const char *text, gsize length, double fps, const char *annotator,
                   GError **error)
{
  g_return_val_if_fail (fps > 0, NULL);
  SlRowReader r;
  if (!sl_row_reader_init (&r, text, length, '\t', error))
    return NULL;
  g_autoptr (GPtrArray) header = sl_row_reader_header (
      &r, "Observation id, Behavior, Behavior type, Time, separated by tabs", error);
  if (header == NULL)
    return NULL;
  int cols[N_COLS];
  sl_row_find_columns (header, col_names, cols);
  int type_col = cols[COL_TYPE] >= 0 ? cols[COL_TYPE] : cols[COL_STATUS];
  int modifier_col = cols[COL_MODIFIER] >= 0 ? cols[COL_MODIFIER] : cols[COL_MODIFIERS];
  if (cols[COL_BEHAVIOR] < 0 || type_col < 0 || cols[COL_TIME] < 0
      || (annotator == NULL && cols[COL_OBSERVATION] < 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The first line does not name the columns of BORIS’s events: Behavior, "
                      "Behavior type (START, STOP or POINT), Time in seconds, and Observation "
                      "id unless the annotator of the file is given, separated by tabs."));
      return NULL;
    }
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_autoptr (GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GError *bad = NULL;
  GPtrArray *next;
  while ((next = sl_row_reader_next (&r, &bad)) != NULL)
    {
      g_autoptr (GPtrArray) row = next;
      if (sl_row_blank (row))
        continue;
      if (labels->len >= SL_LABEL_MAX_ROWS)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("The file has more than %d labels; split it."), SL_LABEL_MAX_ROWS);
          return NULL;
        }
      g_autofree char *type = g_ascii_strup (sl_row_field (row, type_col), -1);
      g_strstrip (type);
      double s;
      if (!sl_label_number (sl_row_field (row, cols[COL_TIME]), &s) || s < 0 || s > 3.6e9)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” is not a time in seconds."), r.line,
                       sl_row_field (row, cols[COL_TIME]));
          return NULL;
        }
      double ms = s * 1000;
      gint64 frame = row_frame (row, cols);
      g_autofree char *key = state_key (row, cols);
      g_autofree char *behavior = sl_row_stripped (row, cols[COL_BEHAVIOR]);
      if (*behavior == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("Line %u has no behaviour."),
                       r.line);
          return NULL;
        }
      if (g_str_equal (type, "STOP"))
        {
          Open *o = g_hash_table_lookup (open, key);
          if (o == NULL)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("Line %u stops “%s”, which was not started."), r.line, behavior);
              return NULL;
            }
          SlLabel *l = o->label;
          if (ms < l->start_ms)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("Line %u stops “%s” at %.3f s, before it started (line %u)."), r.line,
                           behavior, s, o->line);
              return NULL;
            }
          gint64 start = l->start_frame;
          sl_label_set_edges (l, l->start_ms, ms, fps);
          if (o->frame_given)
            l->start_frame = start;
          if (frame >= 0)
            l->end_frame = MAX (frame - 1, l->start_frame);
          g_hash_table_remove (open, key);
          continue;
        }
      if (!g_str_equal (type, "START") && !g_str_equal (type, "POINT"))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: the behaviour type “%s” is none of START, STOP, POINT."),
                       r.line, sl_row_field (row, type_col));
          return NULL;
        }
      if (g_hash_table_contains (open, key))
        {
          Open *o = g_hash_table_lookup (open, key);
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” starts again before the start on line %u stopped."),
                       r.line, behavior, o->line);
          return NULL;
        }
      SlLabel *l = g_new0 (SlLabel, 1);
      g_ptr_array_add (labels, l);
      l->kind = g_steal_pointer (&behavior);
      g_autofree char *observation = sl_row_stripped (row, cols[COL_OBSERVATION]);
      l->annotator = g_strdup (annotator != NULL ? annotator : observation);
      if (*l->annotator == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u has no observation id to name its annotator: give the "
                          "annotator of the file."),
                       r.line);
          return NULL;
        }
      sl_label_set_edges (l, ms, ms, fps);
      if (frame >= 0)
        l->start_frame = l->end_frame = frame;
      g_autofree char *modifier = sl_row_stripped (row, modifier_col);
      l->value = *modifier != '\0' ? g_steal_pointer (&modifier) : NULL;
      l->source = SL_LABEL_MANUAL;
      g_autofree char *comment = sl_row_stripped (row, cols[COL_COMMENT]);
      if (g_str_has_prefix (comment, SOURCE_PREFIX)
          && !sl_label_provenance_parse (comment + strlen (SOURCE_PREFIX), l))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” is not a source Sightline wrote (manual, accepted, "
                          "adjusted or rejected)."),
                       r.line, comment);
          return NULL;
        }
      if (g_str_equal (type, "START"))
        {
          Open *o = g_new0 (Open, 1);
          *o = (Open){ l, frame >= 0, r.line };
          g_hash_table_insert (open, g_steal_pointer (&key), o);
        }
    }
  if (bad != NULL)
    {
      g_propagate_error (error, bad);
      return NULL;
    }
  if (g_hash_table_size (open) > 0)
    {
      GHashTableIter iter;
      Open *o;
      guint first = G_MAXUINT;
      const char *kind = NULL;
      g_hash_table_iter_init (&iter, open);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&o))
        if (o->line < first)
          {
            first = o->line;
            kind = o->label->kind;
          }
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("Line %u starts “%s”, which never stops."), first, kind);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

/* One row of the file: a label's start, stop or point. */
typedef struct
{
  const SlLabel *label;
  const char *type;
  double ms;
  gint64 frame;
} Event;

static gint
by_observation_time (gconstpointer a, gconstpointer b)
{
  const Event *x = a, *y = b;
  int c = g_strcmp0 (x->label->annotator, y->label->annotator);
  if (c == 0)
    c = (x->ms > y->ms) - (x->ms < y->ms);
  /* A stop before a start at the same moment: states that touch. */
  if (c == 0)
    c = (g_str_equal (y->type, "STOP")) - (g_str_equal (x->type, "STOP"));
  return c;
}

/* Events of one state in time order: START, STOP, START, STOP. */
static gboolean
check_states (GArray *events, GError **error)
{
  g_autoptr (GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);
      if (g_str_equal (e->type, "POINT"))
        continue;
      g_autofree char *key = g_strjoin ("\x1f", e->label->annotator, e->label->kind, NULL);
      const SlLabel *other = g_hash_table_lookup (open, key);
      if (g_str_equal (e->type, "STOP"))
        g_hash_table_remove (open, key);
      else if (other != NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("%s’s “%s” labels at frames %" PRId64 "–%" PRId64 " and %" PRId64
                          "–%" PRId64
                          " overlap, which BORIS cannot hold: change one of them, or export "
                          "as CSV or EAF."),
                       e->label->annotator, e->label->kind, other->start_frame, other->end_frame,
                       e->label->start_frame, e->label->end_frame);
          return FALSE;
        }
      else
        g_hash_table_insert (open, g_steal_pointer (&key), (gpointer)e->label);
    }
  return TRUE;
}

char *
sl_label_tsv_write (GPtrArray *labels, GPtrArray *kinds, const char *session_name,
                    const char *media_path, double fps, double duration_s, GDateTime *date,
                    GError **error)
{
  g_autoptr (GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      if (sl_label_kind_is_point (kinds, l->kind))
        {
          Event e = { l, "POINT", l->start_ms, l->start_frame };
          g_array_append_val (events, e);
          continue;
        }
      Event start = { l, "START", l->start_ms, l->start_frame };
      Event stop = { l, "STOP", sl_label_end_edge (l, FALSE, fps), l->end_frame + 1 };
      g_array_append_val (events, start);
      g_array_append_val (events, stop);
    }
  g_array_sort (events, by_observation_time);
  if (!check_states (events, error))
    return NULL;
  GString *out = g_string_new (NULL);
  g_string_append (out, "Observation id\tObservation date\tDescription\tObservation duration\t"
                        "Observation type\tSource\tTime offset (s)\tMedia duration (s)\tFPS\t"
                        "Subject\tBehavior\tBehavioral category\tModifier #1\tBehavior type\t"
                        "Time\tMedia file name\tImage index\tImage file path\tComment\n");
  g_autofree char *when = g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
  g_autofree char *description = g_strdup_printf ("Sightline labels of %s", session_name);
  g_autofree char *source = g_strconcat ("player #1:", media_path, NULL);
  char fps_text[32], duration[32];
  g_ascii_formatd (fps_text, sizeof fps_text, "%.3f", fps);
  g_ascii_formatd (duration, sizeof duration, "%.3f", duration_s);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = &g_array_index (events, Event, i);
      char time[32];
      g_ascii_formatd (time, sizeof time, "%.3f", e->ms / 1000);
      sl_row_put_field (out, e->label->annotator, '\t');
      g_string_append_printf (out, "\t%s\t", when);
      sl_row_put_field (out, description, '\t');
      g_string_append_printf (out, "\t%s\tMedia file(s)\t", duration);
      sl_row_put_field (out, source, '\t');
      g_string_append_printf (out, "\t0.000\t%s\t%s\t\t", duration, fps_text);
      sl_row_put_field (out, e->label->kind, '\t');
      g_string_append (out, "\t\t");
      sl_row_put_field (out, e->label->value, '\t');
      g_string_append_printf (out, "\t%s\t%s\t", e->type, time);
      sl_row_put_field (out, media_path, '\t');
      g_string_append_printf (out, "\t%" PRId64 "\t\t", e->frame);
      g_autofree char *provenance = sl_label_provenance (e->label);
      if (provenance != NULL && !g_str_equal (e->type, "STOP"))
        g_string_append_printf (out, SOURCE_PREFIX "%s", provenance);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
