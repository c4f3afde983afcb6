/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline relocate SESSION FILE`: point a session at its moved recording.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "sl-cli-private.h"

int
sl_cli_relocate (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("relocate", _ ("SESSION FILE"),
                             _ ("Tells the library where a moved recording is now. The file must "
                                "have the same content (SHA-256) as the one imported."),
                             NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (argc != 3)
    return sl_cli_usage_error (ctx, _ ("Name one session (its number or its recording’s old "
                                       "path) and one file."));
  if (!sl_cli_check_session_arg (ctx, argv[1]))
    return 2;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  int status = sl_cli_open_session (ctx, argv[1], FALSE, &store, &id, NULL);
  if (status != 0)
    return status;
  if (!sl_store_relocate (store, id, argv[2], &error))
    return sl_cli_fail_with (error);
  g_print (_ ("Session %" PRId64 " now refers to %s\n"), id, argv[2]);
  return 0;
}
