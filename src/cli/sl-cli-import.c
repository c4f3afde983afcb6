/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline import FILE…`: probe recordings and add them to the library.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli-private.h"

int
sl_cli_import (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("import", _ ("FILE…"),
                             _ ("Adds recordings to the library. They are referenced by path and "
                                "SHA-256, never copied or changed."),
                             NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (argc < 2)
    return sl_cli_usage_error (ctx, _ ("Name at least one recording to import."));

  g_autoptr (SlStore) store = sl_cli_open_library (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  int status = 0;
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (SlSession) s = sl_cli_import_one (store, argv[i], FALSE, &e);
      if (s == NULL)
        status = sl_cli_fail_with (e);
    }
  return status;
}
