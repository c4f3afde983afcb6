/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline <verb>`: the same core as the window, with no display.
 * Exit codes: 0 success, 1 failure, 2 wrong usage, 130 cancelled.
 */
#include "config.h"

#include <inttypes.h>

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sl-json.h"
#include "pipeline/sl-analysis.h"
#include "sl-cli-private.h"
#include "sl-cli.h"
#include <json-glib/json-glib.h>
#include "base/sl-error.h"
#include "base/sl-file-writer.h"
#include "base/sl-scratch.h"
#include "base/sl-text.h"
#include "eval/sl-evaluate.h"
#include "library/sl-export.h"
#include "library/sl-store.h"
#include "media/sl-probe.h"
#include "media/sl-video-source.h"
#include "processors/sl-processors.h"

typedef int (*VerbFunc) (int argc, char **argv);

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  VerbFunc func;
} Verb;

static char *opt_library;

static const GOptionEntry library_entries[]
    = { { "library", 'l', 0, G_OPTION_ARG_FILENAME, &opt_library,
          N_ ("The library file (default: $SIGHTLINE_LIBRARY or "
              "~/.local/share/sightline/library.db)"),
          N_ ("PATH") },
        G_OPTION_ENTRY_NULL };

int
sl_cli_fail_with (GError *error)
{
  g_printerr ("sightline: %s\n", error->message);
  return g_error_matches (error, SL_ERROR, SL_ERROR_CANCELLED)
                 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
             ? 130
             : 1;
}

int
sl_cli_usage_error (GOptionContext *ctx, const char *message)
{
  g_printerr ("sightline: %s\n", message);
  g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
  g_printerr ("%s", help);
  return 2;
}

int
sl_cli_check_csv_output (GOptionContext *ctx, const char *format, const char *output,
                         const char *only_csv)
{
  if (format != NULL && g_strcmp0 (format, "csv") != 0)
    return sl_cli_usage_error (ctx, only_csv);
  if (output == NULL)
    return sl_cli_usage_error (
        ctx, _ ("Say where to write with -o FILE (or -o - for standard output)."));
  return 0;
}

GOptionContext *
sl_cli_verb_context (const char *verb, const char *args, const char *summary,
                     const GOptionEntry *entries)
{
  g_autofree char *param = g_strdup_printf ("%s %s", verb, args);
  GOptionContext *ctx = g_option_context_new (param);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, library_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  return ctx;
}

static char *
library_path (void)
{
  return opt_library ? g_strdup (opt_library) : sl_store_default_path ();
}

SlStore *
sl_cli_open_library (GError **error)
{
  g_autofree char *path = library_path ();
  SlStore *store = sl_store_open (path, error);
  g_autofree char *migrated = store ? sl_store_describe_migration (store) : NULL;
  if (migrated != NULL)
    g_printerr ("sightline: %s\n", migrated);
  return store;
}

int
sl_cli_check_ids (GOptionContext *ctx, ...)
{
  va_list ap;
  va_start (ap, ctx);
  const char *name;
  int status = 0;
  while (status == 0 && (name = va_arg (ap, const char *)) != NULL)
    {
      gint64 *value = va_arg (ap, gint64 *);
      if (*value == SL_CLI_UNSET)
        *value = 0;
      else if (*value <= 0)
        {
          g_autofree char *msg = g_strdup_printf (
              _ ("--%s takes a number, 1 or more (leave it out for the default)."), name);
          status = sl_cli_usage_error (ctx, msg);
        }
    }
  va_end (ap);
  return status;
}

SlStore *
sl_cli_open_library_read_only (GError **error)
{
  g_autofree char *path = library_path ();
  return sl_store_open_read_only (path, error);
}

gboolean
sl_cli_parse_session_id (const char *s, gint64 *id)
{
  guint64 v;
  if (!g_ascii_string_to_unsigned (s, 10, 1, G_MAXINT64, &v, NULL))
    return FALSE;
  *id = (gint64)v;
  return TRUE;
}

static char *
format_duration (double seconds)
{
  int s = (int)(seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

int
sl_cli_parse_session (GOptionContext *ctx, int *argc, char ***argv, gint64 *id)
{
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, argc, argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (*argc != 2 || !sl_cli_parse_session_id ((*argv)[1], id))
    return sl_cli_usage_error (ctx, _ ("Name one session number."));
  return 0;
}

GOutputStream *
sl_cli_open_output (const char *path, GError **error)
{
  g_autoptr (GOutputStream) out = NULL;
  if (g_strcmp0 (path, "-") == 0)
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      out = G_OUTPUT_STREAM (sl_file_writer_new (path, error));
      if (out == NULL)
        return NULL;
    }
  return g_buffered_output_stream_new_sized (out, 1 << 16);
}

gboolean
sl_cli_commit_output (GOutputStream *out, GError **error)
{
  if (!g_output_stream_flush (out, NULL, error))
    return FALSE;
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (out));
  if (SL_IS_FILE_WRITER (base) && !sl_file_writer_commit (SL_FILE_WRITER (base), error))
    return FALSE;
  return g_output_stream_close (out, NULL, error);
}

/* ---- import ------------------------------------------------------------- */

static SlSession *
import_one (SlStore *store, const char *path, gboolean quiet, GError **error)
{
  g_autoptr (SlProbe) probe = sl_probe_file (path, NULL, error);
  if (probe == NULL)
    return NULL;
  gboolean existed = FALSE;
  SlSession *s = sl_store_import (store, probe, &existed, error);
  if (s == NULL || quiet)
    return s;
  g_autofree char *dur = format_duration (s->duration_s);
  if (existed)
    g_print (_ ("Already in the library as session %" PRId64 ": %s\n"), s->id, s->name);
  else
    g_print (_ ("Imported session %" PRId64 ": %s (%s, %s, %d×%d, "
                "%.2f fps, %" PRId64 " frames, %s, SHA-256 %.16s…)\n"),
             s->id, s->name, s->container, s->codec, s->width, s->height, s->fps, s->frame_count,
             dur, s->sha256);
  return s;
}

static int
cmd_import (int argc, char **argv)
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
      g_autoptr (SlSession) s = import_one (store, argv[i], FALSE, &e);
      if (s == NULL)
        status = sl_cli_fail_with (e);
    }
  return status;
}

/* ---- sessions, runs ---------------------------------------------------- */

static int
cmd_sessions (int argc, char **argv)
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
  g_print ("%4s  %-28s %9s %8s %8s  %s\n", _ ("ID"), _ ("Name"), _ ("Size"), _ ("Frames"),
           _ ("Length"), _ ("Analysis"));
  for (guint i = 0; i < sessions->len; i++)
    {
      SlSession *s = sessions->pdata[i];
      g_autofree char *dur = format_duration (s->duration_s);
      g_autofree char *size = g_strdup_printf ("%d×%d", s->width, s->height);
      const char *state = s->last_run_state ? s->last_run_state : _ ("none");
      g_print ("%4" PRId64 "  %-28s %9s %8" PRId64 " %8s  %s%s\n", s->id, s->name, size,
               s->frame_count, dur, state,
               sl_session_recording_exists (s) ? "" : _ ("  [recording missing]"));
    }
  return 0;
}

static SlSession *
session_from_arg (SlStore *store, const char *arg, gboolean import, GError **error)
{
  gint64 id;
  if (sl_cli_parse_session_id (arg, &id))
    return sl_store_get_session (store, id, error);
  if (import && g_file_test (arg, G_FILE_TEST_EXISTS))
    return import_one (store, arg, FALSE, error);
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("“%s” is neither a session number nor a file"), arg);
  return NULL;
}

static int
cmd_runs (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("runs", _ ("SESSION"),
                             _ ("Shows the newest analysis run of a session with its provenance: "
                                "code version, processors, their versions and parameters."),
                             NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  gint64 unused;
  if (argc != 2 || !sl_cli_parse_session_id (argv[1], &unused))
    return sl_cli_usage_error (ctx, _ ("Name one session number."));
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlSession) s = session_from_arg (store, argv[1], FALSE, &error);
  if (s == NULL)
    return sl_cli_fail_with (error);
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

/* ---- analyze ------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
  gboolean tty;
  int last_decile;
} AnalyzeState;

static void
on_progress (SlAnalysis *analysis, GParamSpec *pspec, AnalyzeState *st)
{
  gint64 done = sl_analysis_get_frames_done (analysis);
  gint64 total = sl_analysis_get_frames_total (analysis);
  double fraction = sl_analysis_get_fraction (analysis);
  g_autofree char *eta = format_duration (sl_analysis_get_eta (analysis));
  if (st->tty)
    {
      g_printerr ("\r");
      g_printerr (_ ("%" PRId64 " / %" PRId64 " frames (%.0f%%), %.1f frames/s, %s left"), done,
                  total, 100 * fraction, sl_analysis_get_fps (analysis), eta);
      g_printerr ("   ");
    }
  else if ((int)(fraction * 10) > st->last_decile)
    {
      st->last_decile = (int)(fraction * 10);
      g_printerr (_ ("%" PRId64 " / %" PRId64 " frames (%.0f%%), "
                     "%.1f frames/s\n"),
                  done, total, 100 * fraction, sl_analysis_get_fps (analysis));
    }
}

static void
on_analysis_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AnalyzeState *st = data;
  st->ok = sl_analysis_run_finish (SL_ANALYSIS (source), result, &st->error);
  g_main_loop_quit (st->loop);
}

static gboolean
on_sigint (gpointer data)
{
  g_printerr ("\n%s\n", _ ("Cancelling… (what was analysed is kept)"));
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* Runs one analysis in a main loop; Ctrl+C cancels it. */
static gboolean
run_analysis (SlAnalysis *analysis, gboolean show_progress, GError **error)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AnalyzeState st = { loop, FALSE, NULL, isatty (STDERR_FILENO), -1 };

  if (show_progress)
    g_signal_connect (analysis, "notify::frames-done", G_CALLBACK (on_progress), &st);
  guint sig = g_unix_signal_add (SIGINT, on_sigint, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_sigint, cancellable);
  sl_analysis_run_async (analysis, cancellable, on_analysis_done, &st);
  g_main_loop_run (loop);
  g_source_remove (sig);
  g_source_remove (sigterm);
  if (show_progress)
    {
      g_signal_handlers_disconnect_by_func (analysis, on_progress, &st);
      if (st.tty)
        g_printerr ("\n");
    }
  if (!st.ok)
    g_propagate_error (error, st.error);
  return st.ok;
}

static int opt_threads = 2;
static char **opt_set;
static char *opt_preset;
static gboolean opt_new;
static gboolean opt_back;
static gboolean opt_near;

static gboolean
parse_preset (SlPreset *preset, GError **error)
{
  if (opt_preset == NULL)
    {
      *preset = SL_PRESET_HIGH_ACCURACY;
      return TRUE;
    }
  if (sl_preset_from_string (opt_preset, preset))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("Unknown preset “%s”: use every-frame, high-accuracy, "
                  "balanced or high-performance"),
               opt_preset);
  return FALSE;
}

static int
cmd_analyze (int argc, char **argv)
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
  if (!parse_preset (&preset, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (opt_threads < 1 || opt_threads > 64)
    return sl_cli_usage_error (ctx, _ ("--threads must be between 1 and 64"));

  g_autoptr (SlSession) s = NULL;
  g_autofree char *library = NULL;
  {
    g_autoptr (SlStore) store = sl_cli_open_library (&error);
    if (store == NULL)
      return sl_cli_fail_with (error);
    s = session_from_arg (store, argv[1], TRUE, &error);
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
  if (!run_analysis (analysis, TRUE, &error))
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

SlRun *
sl_cli_resolve_run (SlStore *store, gint64 session_id, gint64 run_id, GError **error)
{
  if (run_id > 0)
    {
      SlRun *run = sl_store_get_run (store, run_id, error);
      if (run != NULL && run->session_id != session_id)
        {
          g_set_error (
              error, SL_ERROR, SL_ERROR_NOT_FOUND,
              _ ("Run %" PRId64 " belongs to session %" PRId64 ", not to session %" PRId64 "."),
              run_id, run->session_id, session_id);
          sl_run_free (run);
          return NULL;
        }
      return run;
    }
  g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
  if (s == NULL)
    return NULL;
  g_autoptr (GError) local = NULL;
  SlRun *run = sl_store_latest_run (store, session_id, &local);
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (run == NULL)
    g_set_error (
        error, SL_ERROR, SL_ERROR_NOT_FOUND,
        _ ("Session %" PRId64 " has not been analysed: run sightline analyze %" PRId64 " first."),
        session_id, session_id);
  return run;
}

/* ---- events ---------------------------------------------------------------- */

static gboolean opt_json;
static gint64 opt_run = SL_CLI_UNSET;

static int
cmd_events (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
            N_ ("Print the events with their explanations as JSON"), NULL },
          { "run", 0, 0, G_OPTION_ARG_INT64, &opt_run, N_ ("The run (default: the newest)"),
            N_ ("ID") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "events", _ ("SESSION"),
      _ ("Lists what the processors found in a session (distractions, stretches without a "
         "face, …), each with its score and, with --json, its full explanation: inputs, "
         "thresholds and how far they were crossed, evidence frames, processor and parameters."),
      entries);
  gint64 id;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &id);
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlRun) run = sl_cli_resolve_run (store, id, opt_run, &error);
  if (run == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GPtrArray) events = sl_store_list_events (store, run->id, &error);
  if (events == NULL)
    return sl_cli_fail_with (error);

  if (opt_json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < events->len; i++)
        {
          const SlEvent *e = events->pdata[i];
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, e->id);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, e->kind);
          json_builder_set_member_name (b, "start_frame");
          json_builder_add_int_value (b, e->start_frame);
          json_builder_set_member_name (b, "end_frame");
          json_builder_add_int_value (b, e->end_frame);
          json_builder_set_member_name (b, "start_s");
          json_builder_add_double_value (b, e->start_s);
          json_builder_set_member_name (b, "end_s");
          json_builder_add_double_value (b, e->end_s);
          json_builder_set_member_name (b, "score");
          json_builder_add_double_value (b, e->score);
          json_builder_set_member_name (b, "processor");
          json_builder_add_string_value (b, e->processor);
          json_builder_set_member_name (b, "explanation");
          g_autoptr (JsonNode) expl = sl_json_parse (e->explanation, -1, NULL);
          json_builder_add_value (b,
                                  expl ? g_steal_pointer (&expl) : json_node_new (JSON_NODE_NULL));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      g_autoptr (JsonGenerator) gen = json_generator_new ();
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      g_autofree char *text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return 0;
    }
  if (events->len == 0)
    {
      g_print (_ ("Run %" PRId64 " found no events.\n"), run->id);
      return 0;
    }
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      g_autofree char *from = format_duration (e->start_s);
      g_print ("%5" PRId64 "  %-12s %s  %6.1f s  frames %" PRId64 "–%" PRId64 "  score %.2f\n",
               e->id, e->kind, from, e->end_s - e->start_s, e->start_frame, e->end_frame, e->score);
    }
  return 0;
}

/* ---- evaluate --------------------------------------------------------------- */

static char *opt_kind;
static char *opt_dataset;
static char *opt_model;
static double opt_min_score = 0.5;

typedef SlEvalReport *(*RunsEvaluator) (const char *dir, char *const *sets, int threads,
                                        GCancellable *cancellable, GError **error);

static gboolean
on_sigint_discard (gpointer data)
{
  g_printerr ("\n%s\n", _ ("Cancelling… (the throw-away libraries are removed)"));
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  RunsEvaluator evaluate;
  GCancellable *cancellable;
  GMainLoop *loop;
  SlEvalReport *report;
  GError *error;
} EvalJob;

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
eval_thread (gpointer data)
{
  EvalJob *job = data;
  job->report = job->evaluate (opt_dataset, opt_set, opt_threads, job->cancellable, &job->error);
  g_idle_add (quit_loop, job->loop);
  return NULL;
}

/* An evaluation that analyses recordings runs on a thread of its own while
 * this one waits in the main loop, where Ctrl+C and SIGTERM are seen: they
 * cancel it, and its throw-away libraries go with it. */
static SlEvalReport *
evaluate_runs (RunsEvaluator evaluate, GError **error)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  EvalJob job = { evaluate, cancellable, loop, NULL, NULL };
  guint sig = g_unix_signal_add (SIGINT, on_sigint_discard, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_sigint_discard, cancellable);
  GThread *thread = g_thread_new ("sl-evaluate", eval_thread, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sig);
  g_source_remove (sigterm);
  if (job.report == NULL)
    g_propagate_error (error, job.error);
  return job.report;
}

static int
cmd_evaluate (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind,
            N_ ("faces, landmarks, blink, rppg or gaze"), N_ ("KIND") },
          { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &opt_dataset,
            N_ ("Folder of the annotated data (formats: docs/formats.md)"), N_ ("DIR") },
          { "model", 'm', 0, G_OPTION_ARG_STRING, &opt_model,
            N_ ("faces: the face model, short-range (near faces) or full-range (small, distant "
                "faces; the default)"),
            N_ ("MODEL") },
          { "min-score", 0, 0, G_OPTION_ARG_DOUBLE, &opt_min_score,
            N_ ("faces: the detection score threshold (default 0.5)"), N_ ("S") },
          { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
            N_ ("blink, rppg: set a processor parameter for the runs (repeatable)"),
            N_ ("PROCESSOR.PARAM=VALUE") },
          { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads,
            N_ ("blink, rppg: worker threads per run (default 2)"), N_ ("N") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "evaluate", "",
      _ ("Measures a detector against annotations made by people and prints a row per item "
         "and the total: face boxes (recall and precision at IoU ≥ 0.5), 68 landmarks "
         "(mean error divided by the outer-eye-corner distance) or blinks (recall, precision "
         "and F1 of blink events against annotated blinks) or heart rate (each video's mean "
         "bpm and each subject's against reference rates) or gaze calibration (leave-one-target-"
         "out error in screen pixels); blink and rppg analyse each recording frame by frame in "
         "a throw-away library."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (argc != 1 || opt_dataset == NULL || opt_kind == NULL)
    return sl_cli_usage_error (ctx, _ ("Give --kind and --dataset."));
  int size = 256;
  if (opt_model != NULL && g_str_equal (opt_model, "short-range"))
    size = 128;
  else if (opt_model != NULL && !g_str_equal (opt_model, "full-range"))
    return sl_cli_usage_error (ctx, _ ("--model is short-range or full-range"));
  if (!(opt_min_score > 0 && opt_min_score < 1))
    return sl_cli_usage_error (ctx, _ ("--min-score must be between 0 and 1"));

  if (g_strcmp0 (opt_kind, "faces") == 0)
    {
      g_autoptr (SlEvalReport) r = sl_evaluate_faces (opt_dataset, size, opt_min_score, &error);
      if (r == NULL)
        return sl_cli_fail_with (error);
      g_print ("%-28s %6s %4s %4s %4s\n", _ ("image"), _ ("faces"), "tp", "fp", "fn");
      for (guint i = 0; i < r->rows->len; i++)
        {
          SlEvalRow *row = r->rows->pdata[i];
          g_print ("%-28s %6d %4d %4d %4d\n", row->item, row->truth, row->tp, row->fp, row->fn);
        }
      g_print (_ ("total: recall %.3f, precision %.3f (tp %d, fp %d, fn %d; %s model, score ≥ "
                  "%.2f, IoU ≥ 0.5)\n"),
               r->recall, r->precision, r->tp, r->fp, r->fn,
               size == 256 ? "full-range" : "short-range", opt_min_score);
      return 0;
    }
  if (g_strcmp0 (opt_kind, "landmarks") == 0)
    {
      g_autoptr (SlEvalReport) r = sl_evaluate_landmarks (opt_dataset, &error);
      if (r == NULL)
        return sl_cli_fail_with (error);
      g_print ("%-28s %s\n", _ ("image"), _ ("error / outer-eye-corner distance"));
      for (guint i = 0; i < r->rows->len; i++)
        {
          SlEvalRow *row = r->rows->pdata[i];
          if (row->tp)
            g_print ("%-28s %.4f\n", row->item, row->error);
          else
            g_print ("%-28s %s\n", row->item, _ ("no face found"));
        }
      g_print (_ ("total: mean error %.4f over %d of %u images\n"), r->mean_error, r->tp,
               r->rows->len);
      return 0;
    }
  if (g_strcmp0 (opt_kind, "blink") == 0)
    {
      g_autoptr (SlEvalReport) r = evaluate_runs (sl_evaluate_blinks, &error);
      if (r == NULL)
        return sl_cli_fail_with (error);
      g_print ("%-28s %6s %4s %4s %4s %8s\n", _ ("recording"), _ ("blinks"), "tp", "fp", "fn",
               _ ("outside"));
      for (guint i = 0; i < r->rows->len; i++)
        {
          SlEvalRow *row = r->rows->pdata[i];
          g_print ("%-28s %6d %4d %4d %4d %8d\n", row->item, row->truth, row->tp, row->fp, row->fn,
                   row->ignored);
        }
      g_print (_ ("total: precision %.3f, recall %.3f, F1 %.3f (tp %d, fp %d, fn %d; %d "
                  "detections outside the annotated frames not judged)\n"),
               r->precision, r->recall, r->f1, r->tp, r->fp, r->fn, r->ignored);
      g_print (_ ("pupils: given for %d of %d open eyes (%.1f %%), withheld for %d of %d eyes "
                  "annotated fully closed (%.1f %%)\n"),
               r->open_pupils, r->open_eyes, 100.0 * r->open_pupils / MAX (r->open_eyes, 1),
               r->shut_eyes - r->shut_pupils, r->shut_eyes,
               100.0 * (r->shut_eyes - r->shut_pupils) / MAX (r->shut_eyes, 1));
      return 0;
    }
  if (g_strcmp0 (opt_kind, "gaze") == 0)
    {
      g_autoptr (SlEvalReport) r = sl_evaluate_gaze (opt_dataset, &error);
      if (r == NULL)
        return sl_cli_fail_with (error);
      g_print ("%-34s %7s %7s %14s %14s\n", _ ("session"), _ ("targets"), _ ("samples"),
               _ ("1st order px"), _ ("2nd order px"));
      for (guint i = 0; i < r->rows->len; i++)
        {
          SlEvalRow *row = r->rows->pdata[i];
          g_print ("%-34s %7d %7d %14.1f %14.1f\n", row->item, row->targets, row->samples,
                   row->loto[0], row->loto[1]);
        }
      g_print (_ ("total over %u sessions, leave-one-target-out error at the left-out target: "
                  "first order mean %.1f px, median %.1f px; second order mean %.1f px, median "
                  "%.1f px\n"),
               r->rows->len, r->loto_mean[0], r->loto_median[0], r->loto_mean[1],
               r->loto_median[1]);
      return 0;
    }
  if (g_strcmp0 (opt_kind, "rppg") == 0)
    {
      g_autoptr (SlEvalReport) r = evaluate_runs (sl_evaluate_rppg, &error);
      if (r == NULL)
        return sl_cli_fail_with (error);
      g_print ("%-28s %9s %9s %8s %8s\n", _ ("recording"), _ ("bpm"), _ ("reference"), _ ("error"),
               _ ("SNR dB"));
      for (guint i = 0; i < r->rows->len; i++)
        {
          SlEvalRow *row = r->rows->pdata[i];
          g_print ("%-28s %9.1f %9.1f %+8.1f %8.1f\n", row->item, row->estimate, row->reference,
                   row->error, row->quality);
        }
      g_print ("%-28s %9s %9s %8s %8s\n", _ ("subject (mean of its videos)"), _ ("bpm"),
               _ ("reference"), _ ("error"), _ ("videos"));
      for (guint i = 0; i < r->groups->len; i++)
        {
          SlEvalRow *g = r->groups->pdata[i];
          g_print ("%-28s %9.1f %9.1f %+8.1f %8d\n", g->item, g->estimate, g->reference, g->error,
                   g->truth);
        }
      g_print (_ ("total: mean absolute error %.1f bpm over %u subjects\n"), r->mean_error,
               r->groups->len);
      return 0;
    }
  return sl_cli_usage_error (ctx, _ ("--kind is faces, landmarks, blink, rppg or gaze"));
}

/* ---- processors ---------------------------------------------------------- */

static int
cmd_processors (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "processors", "",
      _ ("Lists the processors that run after the face stage, in the order they run, with "
         "what they need and provide and their parameters."),
      NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  if (plan == NULL)
    return sl_cli_fail_with (error);
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      g_autofree char *needs = g_strjoinv (", ", (char **)p->needs);
      g_autofree char *provides = g_strjoinv (", ", (char **)p->provides);
      g_print ("%s %s — %s\n", p->id, p->version, p->method);
      g_print (_ ("  needs: %s\n  provides: %s\n"), needs, provides);
      for (guint k = 0; k < p->n_params; k++)
        {
          const SlParamSpec *spec = &p->params[k];
          g_print ("  %s.%s = %g  [%g … %g]  %s\n", p->id, spec->name, spec->default_value,
                   spec->min, spec->max, _ (spec->meaning));
        }
    }
  return 0;
}

/* ---- relocate ------------------------------------------------------------ */

/* ---- settings ----------------------------------------------------------- */

static gboolean opt_clear;
static gboolean opt_skin_patch;

static int
cmd_settings (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
            N_ ("Set a processor parameter for every run of the session (repeatable)"),
            N_ ("PROCESSOR.PARAM=VALUE") },
          { "skin-patch", 0, 0, G_OPTION_ARG_NONE, &opt_skin_patch,
            N_ ("Mark the recording as a skin-patch video (skin only, no face): heart rate "
                "from the whole frame"),
            NULL },
          { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear,
            N_ ("Forget the session's settings (back to the defaults)"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "settings", _ ("SESSION"),
      _ ("Shows or changes the processor parameters that every run of a session starts from, "
         "such as a known camera's focal length or a skin-patch recording. A run's own --set "
         "values win over them."),
      entries);
  gint64 id;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &id);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  if (s == NULL)
    return sl_cli_fail_with (error);

  if (opt_clear || opt_set != NULL || opt_skin_patch)
    {
      /* Merge by parameter, checking each against the processors. */
      g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      if (!opt_clear)
        {
          g_auto (GStrv) old = g_strsplit (s->settings, "\n", -1);
          for (guint i = 0; old[i] != NULL; i++)
            if (*g_strstrip (old[i]) != '\0')
              g_ptr_array_add (lines, g_strdup (old[i]));
        }
      g_autoptr (GPtrArray) wanted = g_ptr_array_new ();
      for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
        g_ptr_array_add (wanted, opt_set[i]);
      if (opt_skin_patch)
        g_ptr_array_add (wanted, (gpointer) "skin.whole_frame=1");
      g_autoptr (SlPlan) plan = sl_plan_new (&error);
      for (guint i = 0; i < wanted->len; i++)
        {
          const char *a = wanted->pdata[i];
          if (!sl_plan_set (plan, a, &error))
            return sl_cli_usage_error (ctx, error->message);
          gsize key = strchr (a, '=') - a;
          for (guint k = 0; k < lines->len; k++)
            if (strncmp (lines->pdata[k], a, key + 1) == 0)
              g_ptr_array_remove_index (lines, k--);
          g_ptr_array_add (lines, g_strdup (a));
        }
      g_ptr_array_add (lines, NULL);
      g_autofree char *settings = g_strjoinv ("\n", (char **)lines->pdata);
      if (!sl_store_set_session_settings (store, id, settings, &error))
        return sl_cli_fail_with (error);
      g_free (s->settings);
      s->settings = g_steal_pointer (&settings);
    }
  if (*s->settings == '\0')
    g_print (_ ("Session %" PRId64 " uses the processors' defaults.\n"), id);
  else
    g_print (_ ("Session %" PRId64 " starts every run from:\n%s\n"), id, s->settings);
  return 0;
}

static int
cmd_relocate (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("relocate", _ ("SESSION FILE"),
                             _ ("Tells the library where a moved recording is now. The file must "
                                "have the same content (SHA-256) as the one imported."),
                             NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  gint64 id;
  if (argc != 3 || !sl_cli_parse_session_id (argv[1], &id))
    return sl_cli_usage_error (ctx, _ ("Name one session number and one file."));
  g_autoptr (SlStore) store = sl_cli_open_library (&error);
  if (store == NULL || !sl_store_relocate (store, id, argv[2], &error))
    return sl_cli_fail_with (error);
  g_print (_ ("Session %" PRId64 " now refers to %s\n"), id, argv[2]);
  return 0;
}

/* ---- export ------------------------------------------------------------- */

static char *opt_format;
static char *opt_output;

static int
cmd_export (int argc, char **argv)
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
  gint64 id;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &id);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  status
      = sl_cli_check_csv_output (ctx, opt_format, opt_output, _ ("The only export format is csv."));
  if (status == 0)
    status = sl_cli_check_ids (ctx, "run", &opt_run, NULL);
  if (status != 0)
    return status;

  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
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

/* ---- bench -------------------------------------------------------------- */

/* Peak resident memory since the last reset, in bytes. */
static gint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  const char *p = strstr (status, "VmHWM:");
  return p ? g_ascii_strtoll (p + 6, NULL, 10) * 1024 : -1;
}

static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static int
cmd_bench (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, N_ ("Worker threads (default 2)"),
            N_ ("N") },
          { "preset", 'p', 0, G_OPTION_ARG_STRING, &opt_preset,
            N_ ("Frame-skip preset of the pipeline pass (default every-frame)"), N_ ("PRESET") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("bench", _ ("FILE"),
                             _ ("Decodes a recording once with no processing and once through the "
                                "full pipeline (into a temporary library), and prints frames per "
                                "second, per-stage milliseconds per frame, their ratio and peak "
                                "memory."),
                             entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (argc != 2)
    return sl_cli_usage_error (ctx, _ ("Name one recording."));
  if (opt_threads < 1 || opt_threads > 64)
    return sl_cli_usage_error (ctx, _ ("--threads must be between 1 and 64"));
  SlPreset preset = SL_PRESET_EVERY_FRAME;
  if (opt_preset != NULL && !sl_preset_from_string (opt_preset, &preset))
    return sl_cli_usage_error (ctx, _ ("Unknown preset"));

  /* Decode only. */
  reset_peak_rss ();
  g_autoptr (SlVideoSource) video = sl_video_source_open (argv[1], &error);
  if (video == NULL)
    return sl_cli_fail_with (error);
  SlVideoInfo info = *sl_video_source_get_info (video);
  gint64 t0 = g_get_monotonic_time (), decoded = 0;
  SlVideoFrame frame = { 0 };
  while (sl_video_source_read (video, &frame, NULL))
    {
      decoded++;
      sl_video_frame_clear (&frame);
    }
  double decode_s = (g_get_monotonic_time () - t0) / 1e6;
  g_clear_object (&video);
  gint64 decode_rss = peak_rss ();
  double decode_fps = decoded / decode_s;

  /* Full pipeline, into a throw-away library. */
  g_autoptr (SlScratch) scratch = sl_scratch_new ("sightline-bench", &error);
  if (scratch == NULL)
    return sl_cli_fail_with (error);
  const char *lib = scratch->library;
  reset_peak_rss ();
  gint64 session_id;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlSession) s = store ? import_one (store, argv[1], TRUE, &error) : NULL;
    if (s == NULL)
      return sl_cli_fail_with (error);
    session_id = s->id;
  }
  g_autoptr (SlAnalysis) analysis = sl_analysis_new (lib, session_id, preset, opt_threads, TRUE);
  gboolean ok = run_analysis (analysis, FALSE, &error);
  gint64 pipe_rss = peak_rss ();
  g_clear_pointer (&scratch, sl_scratch_free);
  if (!ok)
    return sl_cli_fail_with (error);

  SlAnalysisStats st;
  sl_analysis_get_stats (analysis, &st);
  double pipe_s = st.wall_ns / 1e9;
  double pipe_fps = st.frames / pipe_s;
  double f = st.frames > 0 ? (double)st.frames : 1.0;

  g_autofree char *base = g_path_get_basename (argv[1]);
  g_print (_ ("%s: %d×%d, %.2f fps, %" PRId64 " frames decoded; "
              "%d worker thread(s), preset %s\n"),
           base, info.width, info.height, info.fps, decoded, opt_threads,
           sl_preset_to_string (preset));
  g_print (_ ("  decode only:  %8.1f frames/s  (%6.1f× real time)  peak RSS %6.1f MB\n"),
           decode_fps, decode_fps / info.fps, decode_rss / 1048576.0);
  g_print (_ ("  pipeline:     %8.1f frames/s  (%6.1f× real time)  peak RSS %6.1f MB\n"), pipe_fps,
           pipe_fps * sl_preset_step (preset) / info.fps, pipe_rss / 1048576.0);
  g_print (_ ("  pipeline/decode throughput: %.3f\n"), pipe_fps / decode_fps);
  g_print (_ ("  per-stage ms per analysed frame (summed over threads): decode %.2f, "
              "detect %.2f (%.0f%% of frames ran the detector), landmarks %.2f, "
              "write %.3f\n"),
           st.decode_ns / 1e6 / MAX (st.decoded, 1), st.detect_ns / 1e6 / f,
           100.0 * st.detections / f, st.landmarks_ns / 1e6 / f, st.write_ns / 1e6 / f);
  g_print ("%s", _ ("  per-processor ms per analysed frame:"));
  for (guint i = 0; i < sl_analysis_get_n_processors (analysis); i++)
    g_print (" %s %.3f", sl_analysis_get_processor_id (analysis, i), st.processor_ns[i] / 1e6 / f);
  g_print ("\n");
  return 0;
}

/* ---- dispatch ----------------------------------------------------------- */

static const Verb verbs[] = {
  { "import", N_ ("FILE…"), N_ ("Add recordings to the library"), cmd_import },
  { "sessions", "", N_ ("List the sessions in the library"), cmd_sessions },
  { "analyze", N_ ("SESSION|FILE"), N_ ("Find faces and landmarks in a recording"), cmd_analyze },
  { "processors", "", N_ ("List the processors and their parameters"), cmd_processors },
  { "evaluate", "", N_ ("Measure a detector against annotations"), cmd_evaluate },
  { "events", N_ ("SESSION"), N_ ("List the events found, with their explanations"), cmd_events },
  { "runs", N_ ("SESSION"), N_ ("Show a session's newest run and its provenance"), cmd_runs },
  { "export", N_ ("SESSION"), N_ ("Export per-frame results as CSV"), cmd_export },
  { "calibrate", N_ ("SESSION"), N_ ("Calibrate gaze on a recorded calibration, or list profiles"),
    sl_cli_calibrate },
  { "gaze", N_ ("SESSION"), N_ ("Export per-frame on-screen gaze"), sl_cli_gaze },
  { "scores", N_ ("SESSION…"), N_ ("Interview gaze scores, with their reasons"), sl_cli_scores },

  { "settings", N_ ("SESSION"), N_ ("Show or change a session's processor parameters"),
    cmd_settings },
  { "relocate", N_ ("SESSION FILE"), N_ ("Point a session at its moved recording"), cmd_relocate },
  { "forget", N_ ("SESSION"), N_ ("Remove a session and everything derived from it"),
    sl_cli_forget },
  { "bench", N_ ("FILE"), N_ ("Measure decode and pipeline speed and memory"), cmd_bench },
};

gboolean
sl_cli_is_verb (const char *arg)
{
  if (arg == NULL)
    return FALSE;
  if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "help")
      || g_str_equal (arg, "--version"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (arg, verbs[i].name))
      return TRUE;
  return FALSE;
}

static void
print_help (void)
{
  g_print (_ ("Usage: sightline [FILE]            open the window (and a recording)\n"
              "       sightline VERB [OPTION…]    work without a display\n\n"
              "Verbs:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      /* gettext ("") is the catalogue's header, not an empty string. */
      const char *args = *verbs[i].args != '\0' ? _ (verbs[i].args) : "";
      g_autofree char *call = g_strdup_printf ("%s %s", verbs[i].name, args);
      g_print ("  %-24s %s\n", call, _ (verbs[i].summary));
    }
  g_print (_ ("\n`sightline VERB --help` describes a verb's options. Every verb "
              "takes --library PATH.\n"));
}

/* Everything the CLI prints goes through these: names from outside with
 * control characters in them are escaped, not sent to the terminal. */
static void
print_escaped (FILE *to, const char *text)
{
  g_autofree char *safe = sl_text_printable (text);
  if (g_get_charset (NULL))
    fputs (safe, to);
  else
    {
      g_autofree char *local = g_locale_from_utf8 (safe, -1, NULL, NULL, NULL);
      fputs (local ? local : safe, to);
    }
  if (to == stderr)
    fflush (to);
}

static void
print_out (const char *text)
{
  print_escaped (stdout, text);
}

static void
print_err (const char *text)
{
  print_escaped (stderr, text);
}

int
sl_cli_run (int argc, char **argv)
{
  g_return_val_if_fail (argc >= 2, 2);
  const char *verb = argv[1];
  g_set_print_handler (print_out);
  g_set_printerr_handler (print_err);

  if (g_str_equal (verb, "--help") || g_str_equal (verb, "-h") || g_str_equal (verb, "help"))
    {
      print_help ();
      return 0;
    }
  if (g_str_equal (verb, "--version"))
    {
      g_print ("sightline %s\n", PACKAGE_VERSION);
      return 0;
    }
  sl_media_init ();
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verb, verbs[i].name))
      {
        /* Each verb parses its own options; argv[0] becomes the verb. */
        int status = verbs[i].func (argc - 1, argv + 1);
        g_clear_pointer (&opt_library, g_free);
        g_clear_pointer (&opt_preset, g_free);
        g_clear_pointer (&opt_format, g_free);
        g_clear_pointer (&opt_output, g_free);
        g_clear_pointer (&opt_set, g_strfreev);
        g_clear_pointer (&opt_kind, g_free);
        g_clear_pointer (&opt_dataset, g_free);
        g_clear_pointer (&opt_model, g_free);
        return status;
      }
  g_printerr (_ ("sightline: unknown verb “%s”; see sightline --help\n"), verb);
  return 2;
}
