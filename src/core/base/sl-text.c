/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sl-error.h"
#include "sl-text.h"

char *
sl_text_printable (const char *s)
{
  if (s == NULL)
    return NULL;
  GString *out = g_string_sized_new (strlen (s));
  const char *p = s;
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar)*p);
          p++;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      if (c != '\n' && c != '\t' && c != '\r'
          && (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029))
        {
          if (c < 0x100)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_printf (out, "\\u{%04x}", c);
        }
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
  return g_string_free (out, FALSE);
}

char *
sl_text_read_file (const char *path, gsize max_bytes, gsize *len_out, GError **error)
{
  GStatBuf st;
  if (g_stat (path, &st) == 0 && (guint64)st.st_size > max_bytes)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is %" PRId64 " MB, more than the %" PRId64 " MB accepted"), path,
                   (gint64)st.st_size >> 20, (gint64)(max_bytes >> 20));
      return NULL;
    }
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  const char *nul = memchr (text, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” holds a NUL byte at byte %" PRId64 ": it is not a text file"), path,
                   (gint64)(nul - text));
      return NULL;
    }
  if (len_out != NULL)
    *len_out = len;
  return g_steal_pointer (&text);
}

gint64
sl_text_parse_date (const char *s)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) t = g_date_time_new_from_iso8601 (s, local);
  if (t == NULL)
    {
      int y, m, d;
      char end;
      if (sscanf (s, "%d-%d-%d%c", &y, &m, &d, &end) == 3)
        t = g_date_time_new (local, y, m, d, 0, 0, 0);
    }
  if (t == NULL)
    return 0;
  return g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
}

char *
sl_text_format_date (gint64 us)
{
  if (us <= 0)
    return g_strdup ("–");
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);
  return t != NULL ? g_date_time_format (t, "%Y-%m-%d") : g_strdup ("–");
}

char *
sl_text_format_time (const char *iso)
{
  if (iso == NULL)
    return g_strdup ("–");
  g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  g_autoptr (GDateTime) t = g_date_time_to_local (utc);
  return g_date_time_format (t, "%Y-%m-%d %H:%M:%S");
}
