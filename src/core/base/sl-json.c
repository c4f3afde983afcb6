/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-error.h"
#include "sl-json.h"

/* Nesting depth over the bytes, skipping strings; json-glib then checks the
 * grammar.  Returns FALSE at the first byte past the limit. */
static gboolean
depth_within (const char *data, gsize len, gsize *offset)
{
  int depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];
      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > SL_JSON_MAX_DEPTH)
            {
              *offset = i;
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
sl_json_parse (const char *data, gssize len, GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  gsize n = len < 0 ? strlen (data) : (gsize)len;
  gsize at = 0;
  if (n > SL_JSON_MAX_BYTES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("it is %" PRId64 " MB of JSON, more than the %d MB accepted"),
                   (gint64)(n >> 20), SL_JSON_MAX_BYTES >> 20);
      return NULL;
    }
  if (!depth_within (data, n, &at))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("its JSON is nested more than %d levels deep (at byte %" PRId64
                      "), which no Sightline file is"),
                   SL_JSON_MAX_DEPTH, (gint64)at);
      return NULL;
    }
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, data, (gssize)n, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, "%s", local->message);
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("it holds no JSON value"));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

JsonNode *
sl_json_load_file (const char *path, GError **error)
{
  GStatBuf st;
  if (g_stat (path, &st) == 0 && st.st_size > SL_JSON_MAX_BYTES)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("it is %" PRId64 " MB, more than the %d MB accepted"),
                   (gint64)st.st_size >> 20, SL_JSON_MAX_BYTES >> 20);
      return NULL;
    }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return sl_json_parse (data, (gssize)len, error);
}
