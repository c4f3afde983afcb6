/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No argument or files: the window.  A verb: the command line.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "app/sl-application.h"
#include "cli/sl-cli.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* SIGHTLINE_LOCALEDIR: the build tree's catalogues (build/po), to see a
   * translation without installing. */
  const char *localedir = g_getenv ("SIGHTLINE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && sl_cli_is_verb (argv[1]))
    return sl_cli_run (argc, argv);

  g_autoptr (SlApplication) app = sl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
