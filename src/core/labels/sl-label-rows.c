/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-label-rows.h"

gboolean
sl_row_reader_init (SlRowReader *r, const char *text, gsize length, char sep, GError **error)
{
  *r = (SlRowReader){ text, text + length, 0, sep };
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    r->at += 3; /* a byte order mark, as spreadsheets write */
  if (!g_utf8_validate (r->at, r->end - r->at, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The file is not text in UTF-8: this is not a file of labels."));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_row_reader_next (SlRowReader *r, GError **error)
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
      if (c == r->sep || c == '\n' || (c == '\r' && r->at < r->end && *r->at == '\n'))
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
          if (c == '\r')
            r->at++;
          if (c != r->sep)
            {
              ended = TRUE;
              break;
            }
          if (fields->len >= SL_LABEL_MAX_FIELDS)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                           _ ("Line %u has more than %d fields: this is not a file of labels."),
                           start_line, SL_LABEL_MAX_FIELDS);
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

GPtrArray *
sl_row_reader_header (SlRowReader *r, const char *what, GError **error)
{
  GError *bad = NULL;
  GPtrArray *header;
  while ((header = sl_row_reader_next (r, &bad)) != NULL && sl_row_blank (header))
    g_ptr_array_unref (header);
  if (header == NULL && bad == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                 _ ("The file is empty: a file of labels begins with a line of column names "
                    "(%s)."),
                 what);
  else if (header == NULL)
    g_propagate_error (error, bad);
  return header;
}

gboolean
sl_row_blank (GPtrArray *row)
{
  return row->len == 0 || (row->len == 1 && *(const char *)row->pdata[0] == '\0');
}

const char *
sl_row_field (GPtrArray *row, int col)
{
  return col >= 0 && (guint)col < row->len ? row->pdata[col] : "";
}

char *
sl_row_stripped (GPtrArray *row, int col)
{
  return g_strstrip (g_strdup (sl_row_field (row, col)));
}

void
sl_row_find_columns (GPtrArray *header, const char *const *names, int *cols)
{
  guint n = g_strv_length ((char **)names);
  for (guint c = 0; c < n; c++)
    cols[c] = -1;
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = g_strstrip (g_utf8_strdown (header->pdata[i], -1));
      for (guint c = 0; c < n; c++)
        if (cols[c] < 0 && g_str_equal (name, names[c]))
          cols[c] = (int)i;
    }
}

void
sl_row_put_field (GString *out, const char *text, char sep)
{
  if (text == NULL)
    return;
  char special[] = { sep, '"', '\r', '\n', '\0' };
  if (strpbrk (text, special) == NULL && !g_ascii_isspace (text[0]))
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

gboolean
sl_label_number (const char *text, double *out)
{
  char *end;
  g_autofree char *t = g_strstrip (g_strdup (text));
  if (*t == '\0')
    return FALSE;
  *out = g_ascii_strtod (t, &end);
  return *end == '\0' && isfinite (*out);
}

gint64
sl_label_frame_from (double ms, double fps)
{
  return MAX ((gint64)floor ((ms + 0.5) * fps / 1000 + 1e-9), 0);
}

gint64
sl_label_frame_before (double ms, double fps)
{
  return (gint64)ceil ((ms - 0.5) * fps / 1000 - 1e-9) - 1;
}

double
sl_label_end_edge (const SlLabel *label, gboolean point, double fps)
{
  if (point)
    return label->start_ms;
  /* The next frame's start; a time read from elsewhere may lie within the
   * last frame rather than at its start. */
  return MIN (label->end_ms + 1000 / fps, (label->end_frame + 1) * 1000 / fps);
}

gboolean
sl_label_kind_is_point (GPtrArray *kinds, const char *kind)
{
  for (guint i = 0; kinds != NULL && i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      if (g_str_equal (k->name, kind))
        return k->point;
    }
  return FALSE;
}

void
sl_label_set_edges (SlLabel *label, double from_ms, double to_ms, double fps)
{
  label->start_ms = from_ms;
  label->start_frame = sl_label_frame_from (from_ms, fps);
  if (to_ms == from_ms)
    {
      label->end_ms = from_ms;
      label->end_frame = label->start_frame;
      return;
    }
  /* A stretch shorter than a frame is its first frame. */
  label->end_frame = MAX (sl_label_frame_before (to_ms, fps), label->start_frame);
  label->end_ms = MAX (to_ms - 1000 / fps, from_ms);
}

char *
sl_label_provenance (const SlLabel *label)
{
  if (label->source == SL_LABEL_MANUAL && !label->blind)
    return NULL;
  return g_strconcat (sl_label_source_to_string (label->source), label->blind ? ", blind" : "",
                      NULL);
}

gboolean
sl_label_provenance_parse (const char *text, SlLabel *label)
{
  g_auto (GStrv) words = g_strsplit (text, ",", 3);
  guint n = g_strv_length (words);
  if (n == 0 || n > 2)
    return FALSE;
  SlLabelSource source;
  if (!sl_label_source_from_string (g_strstrip (words[0]), &source))
    return FALSE;
  if (n == 2 && !g_str_equal (g_strstrip (words[1]), "blind"))
    return FALSE;
  label->source = source;
  label->blind = n == 2;
  return TRUE;
}
