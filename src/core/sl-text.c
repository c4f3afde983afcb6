/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
