/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members of a JsonBuilder's open object, the way the library's JSON
 * (profiles, scores) writes them: a number that is not finite is null.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <math.h>

G_BEGIN_DECLS

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
