/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline edit SESSION [--person NAME] [--recorded DATE]`: who a
 * session records and when it was recorded, what a person's baseline
 * and the library's drift by date go by.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "base/sl-text.h"
#include "sl-cli-private.h"

static char *opt_person;
static char *opt_recorded;

int
sl_cli_edit (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "person", 0, 0, G_OPTION_ARG_STRING, &opt_person,
            N_ ("Who the session records (\"\" for nobody named)"), N_ ("NAME") },
          { "recorded", 0, 0, G_OPTION_ARG_STRING, &opt_recorded,
            N_ ("When it was recorded: 2026-11-30, or an ISO 8601 time"), N_ ("DATE") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "edit", _ ("SESSION"),
      _ ("Shows who a session records and when it was recorded (at import: the container's "
         "creation time, else the file's modification time), and sets them: a person's earlier "
         "sessions make a drift baseline (sightline drift --baseline person)."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  gint64 recorded = 0;
  if (opt_recorded != NULL && (recorded = sl_text_parse_date (opt_recorded)) <= 0)
    return sl_cli_usage_error (ctx, _ ("--recorded takes a date (2026-11-30) or an ISO 8601 "
                                       "time (2026-11-30T14:05:00+09:00)."));
  if (opt_person != NULL
      && (g_utf8_strlen (opt_person, -1) > 200 || !g_utf8_validate (opt_person, -1, NULL)))
    return sl_cli_usage_error (ctx, _ ("--person takes a name of at most 200 characters."));
  gboolean writes = opt_person != NULL || opt_recorded != NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, !writes, &store, &id, NULL);
  if (status != 0)
    return status;
  if (opt_person != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (opt_person));
      if (!sl_store_set_session_person (store, id, name, &error))
        return sl_cli_fail_with (g_steal_pointer (&error));
    }
  if (recorded > 0 && !sl_store_set_session_recorded (store, id, recorded, &error))
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  if (s == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_autofree char *date = sl_text_format_date (s->recorded_us);
  g_print (_ ("Session %" PRId64 " (%s): person %s, recorded %s\n"), s->id, s->name,
           s->person != NULL ? s->person : _ ("not named"), date);
  return 0;
}
