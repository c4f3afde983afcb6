/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline export SESSION`: per-frame results as CSV.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "library/sl-export.h"
#include "sl-cli-private.h"

static char *opt_format;
static char *opt_output;
static gint64 opt_run = SL_CLI_UNSET;

int
sl_cli_export (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
            N_ ("Output format: csv (OpenFace column names)"), N_ ("FORMAT") },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
            N_ ("Output file (- for standard output)"), N_ ("FILE") },
          { "run", 0, 0, G_OPTION_ARG_INT64, &opt_run,
            N_ ("The run to export (default: the newest)"), N_ ("ID") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("export", _ ("SESSION"),
                             _ ("Writes a session's per-frame results: frame, face_id, timestamp, "
                                "confidence, success, x_0…x_67, y_0…y_67."),
                             entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  status
      = sl_cli_check_csv_output (ctx, opt_format, opt_output, _ ("The only export format is csv."));
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;

  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (SlRun) run = sl_cli_resolve_run (store, id, opt_run, &error);
  if (run == NULL)
    return sl_cli_fail_with (error);

  g_autoptr (GOutputStream) out = sl_cli_open_output (opt_output, &error);
  if (out == NULL)
    return sl_cli_fail_with (error);
  if (!sl_export_csv (store, run->id, out, NULL, &error) || !sl_cli_commit_output (out, &error))
    return sl_cli_fail_with (error);
  if (run->state != SL_RUN_COMPLETE)
    g_printerr (_ ("Warning: run %" PRId64
                   " is %s, not complete: the export holds only the %" PRId64
                   " frames analysed so far (up to frame %" PRId64 ").\n"),
                run->id, sl_run_state_to_string (run->state), run->frames_done, run->last_frame);
  if (g_strcmp0 (opt_output, "-") != 0)
    g_printerr (_ ("Wrote run %" PRId64 " (%" PRId64 " frames) to %s\n"), run->id, run->frames_done,
                opt_output);
  return 0;
}
