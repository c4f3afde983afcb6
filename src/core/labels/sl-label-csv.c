/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV, read by sl-label-rows.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "library/sl-labels.h"
#include "sl-label-csv.h"
#include "sl-label-rows.h"

enum
{
  COL_START_MS,
  COL_END_MS,
  COL_START_S,
  COL_END_S,
  COL_START_FRAME,
  COL_END_FRAME,
  COL_KIND,
  COL_VALUE,
  COL_ANNOTATOR,
  COL_SOURCE,
  N_COLS
};

static const char *const col_names[N_COLS + 1]
    = { "start_ms", "end_ms", "start_s",   "end_s",  "start_frame", "end_frame",
        "kind",     "value",  "annotator", "source", NULL };

GPtrArray *
sl_label_csv_read (const char *text, gsize length, double fps, const char *annotator,
                   GError **error)
{
  g_return_val_if_fail (fps > 0, NULL);
  SlRowReader r;
  if (!sl_row_reader_init (&r, text, length, ',', error))
    return NULL;
  g_autoptr (GPtrArray) header = sl_row_reader_header (&r, "start_s,end_s,kind,annotator", error);
  if (header == NULL)
    return NULL;
  int cols[N_COLS];
  sl_row_find_columns (header, col_names, cols);
  gboolean in_ms = cols[COL_START_MS] >= 0 && cols[COL_END_MS] >= 0;
  gboolean in_s = cols[COL_START_S] >= 0 && cols[COL_END_S] >= 0;
  if ((!in_ms && !in_s) || cols[COL_KIND] < 0 || (annotator == NULL && cols[COL_ANNOTATOR] < 0))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The first line does not name the columns a file of labels needs: start_s "
                      "and end_s (or start_ms and end_ms), kind, and annotator unless the "
                      "annotator of the file is given."));
      return NULL;
    }
  gboolean frames = cols[COL_START_FRAME] >= 0 && cols[COL_END_FRAME] >= 0;

  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
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
      double start, end;
      int sc = in_ms ? COL_START_MS : COL_START_S, ec = in_ms ? COL_END_MS : COL_END_S;
      if (!sl_label_number (sl_row_field (row, cols[sc]), &start)
          || !sl_label_number (sl_row_field (row, cols[ec]), &end))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” and “%s” are not a start and an end in %s."), r.line,
                       sl_row_field (row, cols[sc]), sl_row_field (row, cols[ec]),
                       in_ms ? _ ("milliseconds") : _ ("seconds"));
          return NULL;
        }
      if (!in_ms)
        {
          start *= 1000;
          end *= 1000;
        }
      /* (A million hours is longer than any recording.) */
      if (start < 0 || end < start || end > 3.6e12)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: a label from %.0f ms to %.0f ms; it must start at 0 or later "
                          "and end no earlier than it starts, within a recording's length."),
                       r.line, start, end);
          return NULL;
        }
      SlLabel *l = g_new0 (SlLabel, 1);
      g_ptr_array_add (labels, l);
      l->start_ms = start;
      l->end_ms = end;
      double f0, f1;
      if (frames && sl_label_number (sl_row_field (row, cols[COL_START_FRAME]), &f0)
          && sl_label_number (sl_row_field (row, cols[COL_END_FRAME]), &f1) && f0 >= 0 && f1 >= f0
          && f1 < 1e15 && f0 == floor (f0) && f1 == floor (f1))
        {
          l->start_frame = (gint64)f0;
          l->end_frame = (gint64)f1;
        }
      else if (frames)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” and “%s” are not a first and a last frame."), r.line,
                       sl_row_field (row, cols[COL_START_FRAME]),
                       sl_row_field (row, cols[COL_END_FRAME]));
          return NULL;
        }
      else
        {
          /* The frame on screen at each time. */
          l->start_frame = (gint64)floor (start / 1000 * fps + 1e-9);
          l->end_frame = MAX ((gint64)floor (end / 1000 * fps + 1e-9), l->start_frame);
        }
      l->kind = sl_row_stripped (row, cols[COL_KIND]);
      if (*l->kind == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("Line %u has no kind."), r.line);
          return NULL;
        }
      g_autofree char *who = sl_row_stripped (row, cols[COL_ANNOTATOR]);
      l->annotator = g_strdup (*who != '\0' ? who : annotator);
      if (l->annotator == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u names no annotator: fill the annotator column, or give the "
                          "annotator of the file."),
                       r.line);
          return NULL;
        }
      const char *value = sl_row_field (row, cols[COL_VALUE]);
      l->value = *value != '\0' ? g_strdup (value) : NULL;
      g_autofree char *source = sl_row_stripped (row, cols[COL_SOURCE]);
      l->source = SL_LABEL_MANUAL;
      if (*source != '\0' && !sl_label_provenance_parse (source, l))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: the source “%s” is none of manual, accepted, adjusted, "
                          "rejected (followed by “, blind” for a label made blind)."),
                       r.line, source);
          return NULL;
        }
    }
  if (bad != NULL)
    {
      g_propagate_error (error, bad);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

char *
sl_label_csv_write (GPtrArray *labels, const char *session_name)
{
  GString *out = g_string_new (
      "session,start_ms,end_ms,start_frame,end_frame,kind,value,annotator,source\n");
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_dtostr (start, sizeof start, l->start_ms);
      g_ascii_dtostr (end, sizeof end, l->end_ms);
      sl_row_put_field (out, session_name, ',');
      g_string_append_printf (out, ",%s,%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", start, end,
                              l->start_frame, l->end_frame);
      sl_row_put_field (out, l->kind, ',');
      g_string_append_c (out, ',');
      sl_row_put_field (out, l->value, ',');
      g_string_append_c (out, ',');
      sl_row_put_field (out, l->annotator, ',');
      g_autofree char *provenance = sl_label_provenance (l);
      g_string_append_c (out, ',');
      sl_row_put_field (out, provenance != NULL ? provenance : "manual", ',');
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
