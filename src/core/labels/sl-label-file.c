/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sl-label-csv.h"
#include "sl-label-eaf.h"
#include "sl-label-file.h"
#include "sl-label-tsv.h"

static const char *const names[] = { "csv", "tsv", "eaf" };

gboolean
sl_label_format_from_string (const char *name, SlLabelFormat *format)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_label_format_to_string (SlLabelFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (names), NULL);
  return names[format];
}

SlLabelFormat
sl_label_format_guess (const char *filename, const char *text, gsize length)
{
  const char *dot = filename != NULL ? strrchr (filename, '.') : NULL;
  SlLabelFormat format;
  if (dot != NULL && sl_label_format_from_string (dot + 1, &format))
    return format;
  gsize i = 0;
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (text[i]))
    i++;
  if (i < length && text[i] == '<')
    return SL_LABEL_FORMAT_EAF;
  const char *line_end = memchr (text + i, '\n', length - i);
  gsize line = line_end != NULL ? (gsize)(line_end - text) : length;
  return memchr (text + i, '\t', line - i) != NULL ? SL_LABEL_FORMAT_TSV : SL_LABEL_FORMAT_CSV;
}

GPtrArray *
sl_label_file_read (SlLabelFormat format, const char *text, gsize length, const SlSession *session,
                    const char *annotator, GError **error)
{
  double fps = session->fps;
  switch (format)
    {
    case SL_LABEL_FORMAT_TSV:
      return sl_label_tsv_read (text, length, fps, annotator, error);
    case SL_LABEL_FORMAT_EAF:
      return sl_label_eaf_read (text, length, fps, annotator, error);
    case SL_LABEL_FORMAT_CSV:
    default:
      return sl_label_csv_read (text, length, fps, annotator, error);
    }
}

char *
sl_label_file_write (SlLabelFormat format, GPtrArray *labels, GPtrArray *kinds,
                     const SlSession *session, GError **error)
{
  double fps = session->fps;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  switch (format)
    {
    case SL_LABEL_FORMAT_TSV:
      return sl_label_tsv_write (labels, kinds, session->name, session->path, fps,
                                 session->duration_s, now, error);
    case SL_LABEL_FORMAT_EAF:
      return sl_label_eaf_write (labels, kinds, session->path, fps, now);
    case SL_LABEL_FORMAT_CSV:
    default:
      return sl_label_csv_write (labels, session->name);
    }
}
