/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline forget SESSION [--dry-run]`: a person asked to be forgotten.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli-private.h"

static gboolean opt_dry_run;

int
sl_cli_forget (int argc, char **argv)
{
  const GOptionEntry entries[] = { { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run,
                                     N_ ("Only list what would be removed"), NULL },
                                   G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "forget", _ ("SESSION"),
      _ ("Removes a session and everything derived from it (runs, per-frame results, "
         "landmarks, signals, events, the gaze calibrations made on it, and the recording's "
         "entry when no other session uses it), and leaves no copy of it in the library's free "
         "pages or its WAL. The video file itself is not touched."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, FALSE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (SlForgetReport) r = sl_store_forget_session (store, id, opt_dry_run, &error);
  if (r == NULL)
    return sl_cli_fail_with (error);
  g_autofree char *what = sl_forget_report_describe (r);
  if (opt_dry_run)
    g_print (_ ("Would remove %s.\n"), what);
  else
    g_print (_ ("Removed %s.\n"), what);
  if (!opt_dry_run && !r->wal_cleared)
    g_printerr (_ ("sightline: another program has the library open, so copies of the removed "
                   "rows may stay in its write-ahead log until that program closes it; run "
                   "`sightline forget` on another session, or close the other program and "
                   "open the library once, to clear it.\n"));
  for (guint i = 0; r->backups != NULL && r->backups[i] != NULL; i++)
    g_printerr (_ ("sightline: %s is a copy of the library kept before an upgrade and still "
                   "holds this session; delete it if it is no longer needed.\n"),
                r->backups[i]);
  return 0;
}
