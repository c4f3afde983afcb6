/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 CSV: fields separated by commas, a field in double quotes may
 * hold commas, line breaks and doubled quotes; lines end in LF or CRLF.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "library/sl-labels.h"
#include "sl-label-csv.h"

/* Outside files are bounded: a label file this large is not one. */
#define MAX_FIELDS 64
#define MAX_ROWS 1000000

typedef struct
{
  const char *at, *end;
  guint line;
} Reader;

/* The next row's fields; NULL at the end of the text, or (with @error)
 * when a quoted field does not close. */
static GPtrArray *
read_row (Reader *r, GError **error)
{
  if (r->at >= r->end)
    return NULL;
  r->line++;
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE, ended = FALSE;
  guint start_line = r->line;
  while (r->at < r->end)
    {
      char c = *r->at++;
      if (quoted)
        {
          if (c == '"' && r->at < r->end && *r->at == '"')
            {
              g_string_append_c (field, '"');
              r->at++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                r->line++;
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          continue;
        }
      if (c == ',' || c == '\n' || (c == '\r' && r->at < r->end && *r->at == '\n'))
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          if (c == '\r')
            r->at++;
          if (c != ',')
            {
              ended = TRUE;
              break;
            }
          if (fields->len >= MAX_FIELDS)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("Line %u has more than %d fields: this is not a file of labels."),
                           start_line, MAX_FIELDS);
              g_string_free (field, TRUE);
              g_ptr_array_unref (fields);
              return NULL;
            }
          continue;
        }
      g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The quoted field that begins on line %u is never closed."), start_line);
      g_string_free (field, TRUE);
      g_ptr_array_unref (fields);
      return NULL;
    }
  /* The last line without its line break. */
  if (!ended && (field->len > 0 || was_quoted || fields->len > 0))
    g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  else
    g_string_free (field, TRUE);
  return fields;
}

static gboolean
blank (GPtrArray *row)
{
  return row->len == 0 || (row->len == 1 && *(const char *)row->pdata[0] == '\0');
}

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

static const char *const col_names[N_COLS]
    = { "start_ms",  "end_ms", "start_s", "end_s",     "start_frame",
        "end_frame", "kind",   "value",   "annotator", "source" };

static gboolean
number (const char *text, double *out)
{
  char *end;
  g_autofree char *t = g_strstrip (g_strdup (text));
  if (*t == '\0')
    return FALSE;
  *out = g_ascii_strtod (t, &end);
  return *end == '\0' && isfinite (*out);
}

static const char *
field (GPtrArray *row, int col)
{
  return col >= 0 && (guint)col < row->len ? row->pdata[col] : "";
}

/* The field without the spaces around it, to keep. */
static char *
stripped (GPtrArray *row, int col)
{
  return g_strstrip (g_strdup (field (row, col)));
}

GPtrArray *
sl_label_csv_read (const char *text, gsize length, double fps, const char *annotator,
                   GError **error)
{
  g_return_val_if_fail (fps > 0, NULL);
  Reader r = { text, text + length, 0 };
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    r.at += 3; /* a byte order mark, as spreadsheets write */
  if (!g_utf8_validate (r.at, r.end - r.at, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The file is not text in UTF-8: this is not a file of labels."));
      return NULL;
    }
  GError *bad = NULL;
  g_autoptr (GPtrArray) header = NULL;
  while ((header = read_row (&r, &bad)) != NULL && blank (header))
    g_clear_pointer (&header, g_ptr_array_unref);
  if (header == NULL)
    {
      if (bad == NULL)
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("The file is empty: a file of labels begins with a line of column names "
                        "(start_s,end_s,kind,annotator at least)."));
      else
        g_propagate_error (error, bad);
      return NULL;
    }
  int cols[N_COLS];
  for (int c = 0; c < N_COLS; c++)
    cols[c] = -1;
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip ((char *)header->pdata[i]), -1);
      for (int c = 0; c < N_COLS; c++)
        if (g_str_equal (name, col_names[c]) && cols[c] < 0)
          cols[c] = (int)i;
    }
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
  GPtrArray *next;
  while ((next = read_row (&r, &bad)) != NULL)
    {
      g_autoptr (GPtrArray) row = next;
      if (blank (row))
        continue;
      if (labels->len >= MAX_ROWS)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("The file has more than %d labels; split it."), MAX_ROWS);
          return NULL;
        }
      double start, end;
      int sc = in_ms ? COL_START_MS : COL_START_S, ec = in_ms ? COL_END_MS : COL_END_S;
      if (!number (field (row, cols[sc]), &start) || !number (field (row, cols[ec]), &end))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” and “%s” are not a start and an end in %s."), r.line,
                       field (row, cols[sc]), field (row, cols[ec]),
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
      if (frames && number (field (row, cols[COL_START_FRAME]), &f0)
          && number (field (row, cols[COL_END_FRAME]), &f1) && f0 >= 0 && f1 >= f0 && f1 < 1e15
          && f0 == floor (f0) && f1 == floor (f1))
        {
          l->start_frame = (gint64)f0;
          l->end_frame = (gint64)f1;
        }
      else if (frames)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: “%s” and “%s” are not a first and a last frame."), r.line,
                       field (row, cols[COL_START_FRAME]), field (row, cols[COL_END_FRAME]));
          return NULL;
        }
      else
        {
          /* The frame on screen at each time. */
          l->start_frame = (gint64)floor (start / 1000 * fps + 1e-9);
          l->end_frame = MAX ((gint64)floor (end / 1000 * fps + 1e-9), l->start_frame);
        }
      l->kind = stripped (row, cols[COL_KIND]);
      if (*l->kind == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("Line %u has no kind."), r.line);
          return NULL;
        }
      g_autofree char *who = stripped (row, cols[COL_ANNOTATOR]);
      l->annotator = g_strdup (*who != '\0' ? who : annotator);
      if (l->annotator == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u names no annotator: fill the annotator column, or give the "
                          "annotator of the file."),
                       r.line);
          return NULL;
        }
      const char *value = field (row, cols[COL_VALUE]);
      l->value = *value != '\0' ? g_strdup (value) : NULL;
      g_autofree char *source = stripped (row, cols[COL_SOURCE]);
      l->source = SL_LABEL_MANUAL;
      if (*source != '\0' && !sl_label_source_from_string (source, &l->source))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("Line %u: the source “%s” is none of manual, accepted, adjusted, "
                          "rejected."),
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

static void
put_field (GString *out, const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL && !g_ascii_isspace (text[0]))
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
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
      put_field (out, session_name);
      g_string_append_printf (out, ",%s,%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", start, end,
                              l->start_frame, l->end_frame);
      put_field (out, l->kind);
      g_string_append_c (out, ',');
      put_field (out, l->value);
      g_string_append_c (out, ',');
      put_field (out, l->annotator);
      g_string_append_printf (out, ",%s\n", sl_label_source_to_string (l->source));
    }
  return g_string_free (out, FALSE);
}
