/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline sessions`: the sessions in the library.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "base/sl-error.h"
#include "base/sl-text.h"
#include "sl-cli-private.h"

int
sl_cli_sessions (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("sessions", "", _ ("Lists the sessions in the library."), NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);

  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL && g_error_matches (error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      g_print (_ ("The library is empty. Import a recording with: sightline import FILE\n"));
      return 0;
    }
  if (store == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, &error);
  if (sessions == NULL)
    return sl_cli_fail_with (error);
  if (sessions->len == 0)
    {
      g_print (_ ("The library is empty. Import a recording with: sightline import FILE\n"));
      return 0;
    }
  g_print ("%4s  %-28s %9s %8s %8s  %-10s  %-12s  %s\n", _ ("ID"), _ ("Name"), _ ("Size"),
           _ ("Frames"), _ ("Length"), _ ("Recorded"), _ ("Person"), _ ("Analysis"));
  for (guint i = 0; i < sessions->len; i++)
    {
      SlSession *s = sessions->pdata[i];
      g_autofree char *dur = sl_cli_format_duration (s->duration_s);
      g_autofree char *size = g_strdup_printf ("%d×%d", s->width, s->height);
      const char *state = s->last_run_state ? s->last_run_state : _ ("none");
      /* ASCII in the padded cells: printf pads bytes, not characters. */
      g_autofree char *date
          = s->recorded_us > 0 ? sl_text_format_date (s->recorded_us) : g_strdup ("-");
      g_print ("%4" PRId64 "  %-28s %9s %8" PRId64 " %8s  %-10s  %-12s  %s%s\n", s->id, s->name,
               size, s->frame_count, dur, date, s->person != NULL ? s->person : "-", state,
               sl_session_recording_exists (s) ? "" : _ ("  [recording missing]"));
    }
  return 0;
}
