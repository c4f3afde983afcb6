/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline analyze SESSION|FILE`: one analysis run, resumable, with progress.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "sl-cli-private.h"

static int opt_threads = 2;
static char **opt_set;
static char *opt_preset;
static gboolean opt_new;
static gboolean opt_back;
static gboolean opt_near;

int
sl_cli_analyze (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "preset", 'p', 0, G_OPTION_ARG_STRING, &opt_preset,
            N_ ("every-frame, high-accuracy (every 3rd frame, the default), balanced "
                "(every 10th) or high-performance (every 20th)"),
            N_ ("PRESET") },
          { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, N_ ("Worker threads (default 2)"),
            N_ ("N") },
          { "new", 0, 0, G_OPTION_ARG_NONE, &opt_new,
            N_ ("Start a new run instead of resuming or reusing the last one"), NULL },
          { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
            N_ ("Set a processor parameter for this run, e.g. head_pose.focal_scale=1.2 "
                "(repeatable; see sightline processors)"),
            N_ ("PROCESSOR.PARAM=VALUE") },
          { "far", 0, 0, G_OPTION_ARG_NONE, &opt_back,
            N_ ("Use the full-range face model (small or distant faces); by default the model "
                "is chosen for the recording from a few sample frames"),
            NULL },
          { "near", 0, 0, G_OPTION_ARG_NONE, &opt_near,
            N_ ("Use the short-range face model (faces near the camera)"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "analyze", _ ("SESSION|FILE"),
      _ ("Finds the face and its 68 landmarks in the frames of a recording, in "
         "background threads. An interrupted or cancelled run resumes where it "
         "stopped; Ctrl+C cancels and keeps what was done."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  gint64 unused;
  if (argc != 2
      || (!sl_cli_parse_session_id (argv[1], &unused)
          && !g_file_test (argv[1], G_FILE_TEST_EXISTS)))
    return sl_cli_usage_error (ctx, _ ("Name one session number or recording file."));
  SlPreset preset;
  if (!sl_cli_parse_preset (opt_preset, &preset, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (opt_threads < 1 || opt_threads > 64)
    return sl_cli_usage_error (ctx, _ ("--threads must be between 1 and 64"));

  g_autoptr (SlSession) s = NULL;
  g_autofree char *library = NULL;
  {
    g_autoptr (SlStore) store = sl_cli_open_library (&error);
    if (store == NULL)
      return sl_cli_fail_with (error);
    s = sl_cli_find_session (store, argv[1], TRUE, &error);
    if (s == NULL)
      return sl_cli_fail_with (error);
    library = g_strdup (sl_store_get_path (store));
  }

  g_autoptr (SlAnalysis) analysis = sl_analysis_new (library, s->id, preset, opt_threads, opt_new);
  for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
    if (!sl_analysis_set (analysis, opt_set[i], &error))
      return sl_cli_usage_error (ctx, error->message);
  if (opt_back && opt_near)
    return sl_cli_usage_error (ctx, _ ("--far and --near exclude each other"));
  if (opt_back || opt_near)
    {
      SlFaceParams p = SL_FACE_PARAMS_DEFAULT;
      p.input_size = opt_back ? 256 : 128;
      sl_analysis_set_face_params (analysis, &p);
    }
  if (!sl_cli_run_analysis (analysis, TRUE, &error))
    return sl_cli_fail_with (error);

  SlAnalysisStats stats;
  sl_analysis_get_stats (analysis, &stats);
  if (stats.frames == 0)
    g_print (_ ("Session %" PRId64 " is already analysed with these "
                "settings (run %" PRId64 "). Use --new for a fresh run.\n"),
             s->id, sl_analysis_get_run_id (analysis));
  else
    g_print (_ ("Run %" PRId64 " complete: %" PRId64
                " frames analysed in this pass at %.1f frames/s.\n"),
             sl_analysis_get_run_id (analysis), stats.frames,
             stats.wall_ns > 0 ? stats.frames / (stats.wall_ns / 1e9) : 0.0);
  if (sl_analysis_get_message (analysis))
    g_print ("%s\n", sl_analysis_get_message (analysis));
  return 0;
}
