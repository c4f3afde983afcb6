/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline runs SESSION`: a session's newest run and its provenance.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "sl-cli-private.h"

int
sl_cli_runs (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("runs", _ ("SESSION"),
                             _ ("Shows the newest analysis run of a session with its provenance: "
                                "code version, processors, their versions and parameters."),
                             NULL);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  g_autoptr (SlSession) s = NULL;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, &s);
  if (status != 0)
    return status;
  g_autoptr (SlRun) run = sl_store_latest_run (store, s->id, &error);
  if (error != NULL)
    return sl_cli_fail_with (error);
  if (run == NULL)
    {
      g_print (_ ("Session %" PRId64 " has not been analysed.\n"), s->id);
      return 0;
    }
  g_print (_ ("run %" PRId64 ": %s\n  preset %s (every %d frame(s))\n"
              "  started %s, finished %s\n  frames analysed %" PRId64
              ", last committed frame %" PRId64 "\n  code version %s\n"
              "  processors %s\n"),
           run->id, sl_run_state_to_string (run->state), run->preset, run->step, run->started_at,
           run->finished_at ? run->finished_at : "—", run->frames_done, run->last_frame,
           run->code_version, run->processors);
  if (run->message)
    g_print ("  %s\n", run->message);
  if (run->resumes != NULL && *run->resumes != '\0')
    g_print (
        _ ("  resumed at frame %s (the temporal stage replayed over what was stored before)\n"),
        run->resumes);
  g_autoptr (GArray) metrics = sl_store_get_run_metrics (store, run->id, &error);
  if (metrics == NULL)
    return sl_cli_fail_with (error);
  for (guint i = 0; i < metrics->len; i++)
    g_print ("  %s = %.3f\n", g_array_index (metrics, SlMetric, i).name,
             g_array_index (metrics, SlMetric, i).value);
  return 0;
}
