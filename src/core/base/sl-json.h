/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON in and out.  Reading: every JSON that comes from outside the program
 * (sidecars, annotation files, and what is stored in a library someone may
 * have handed over) goes through sl_json_parse(), which refuses a text too
 * large or too deeply nested before json-glib, whose parser recurses once
 * per level without a limit, sees it.  Writing: members of a JsonBuilder's
 * open object, the way the library's JSON (profiles, scores) writes them: a
 * number that is not finite is null.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <math.h>

G_BEGIN_DECLS

/* Deeper than any file Sightline reads or writes needs (a sidecar is 4). */
#define SL_JSON_MAX_DEPTH 64
/* Larger than any sidecar or stored profile; annotation files are smaller. */
#define SL_JSON_MAX_BYTES (64 * 1024 * 1024)

/* The root of @data (@len bytes, or NUL-terminated when -1), or NULL with
 * SL_ERROR_INVALID_INPUT naming what is wrong. */
JsonNode *sl_json_parse (const char *data, gssize len, GError **error);
/* The same for a file; a missing file is G_FILE_ERROR_NOENT. */
JsonNode *sl_json_load_file (const char *path, GError **error);

static inline void
sl_json_add_double (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static inline void
sl_json_add_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

G_END_DECLS
