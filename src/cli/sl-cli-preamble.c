/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every verb shares: its option context, the library, the session it names, one-line failures,
 * private output files, an analysis run with progress and Ctrl+C.
 */
#include "config.h"

#include <inttypes.h>

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-file-writer.h"
#include "library/sl-library-jobs.h"
#include "base/sl-text.h"
#include "sl-cli-private.h"

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
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 130 : 1;
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

char *
sl_cli_library_path (void)
{
  return opt_library ? g_strdup (opt_library) : sl_store_default_path ();
}

SlStore *
sl_cli_open_library (GError **error)
{
  g_autofree char *path = sl_cli_library_path ();
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
  g_autofree char *path = sl_cli_library_path ();
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

void
sl_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

char *
sl_cli_format_duration (double seconds)
{
  int s = (int)(seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

char *
sl_cli_format_figure (double v, int decimals, gboolean sign, const char *unit)
{
  if (isnan (v))
    return g_strdup ("–");
  return g_strdup_printf (sign ? "%+.*f%s%s" : "%.*f%s%s", decimals, v, unit != NULL ? " " : "",
                          unit != NULL ? unit : "");
}

void
sl_cli_json_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isnan (v))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, v);
}

int
sl_cli_parse_session (GOptionContext *ctx, int *argc, char ***argv, const char **session)
{
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, argc, argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (*argc != 2)
    return sl_cli_usage_error (ctx, _ ("Name one session: its number or its recording’s path."));
  if (!sl_cli_check_session_arg (ctx, (*argv)[1]))
    return 2;
  *session = (*argv)[1];
  return 0;
}

gboolean
sl_cli_check_session_arg (GOptionContext *ctx, const char *arg)
{
  gint64 id;
  const char *digits = arg[0] == '-' || arg[0] == '+' ? arg + 1 : arg;
  if (*digits == '\0' || strspn (digits, "0123456789") != strlen (digits)
      || sl_cli_parse_session_id (arg, &id))
    return TRUE;
  g_autofree char *msg
      = g_strdup_printf (_ ("“%s” is not a session number: they start at 1."), arg);
  sl_cli_usage_error (ctx, msg);
  return FALSE;
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

SlSession *
sl_cli_import_one (SlStore *store, const char *path, gboolean quiet, GError **error)
{
  gboolean existed = FALSE;
  SlSession *s = sl_library_import (store, path, &existed, NULL, error);
  if (s == NULL || quiet)
    return s;
  g_autofree char *dur = sl_cli_format_duration (s->duration_s);
  if (existed)
    g_print (_ ("Already in the library as session %" PRId64 ": %s\n"), s->id, s->name);
  else
    g_print (_ ("Imported session %" PRId64 ": %s (%s, %s, %d×%d, "
                "%.2f fps, %" PRId64 " frames, %s, SHA-256 %.16s…)\n"),
             s->id, s->name, s->container, s->codec, s->width, s->height, s->fps, s->frame_count,
             dur, s->sha256);
  return s;
}

SlSession *
sl_cli_find_session (SlStore *store, const char *arg, gboolean import, GError **error)
{
  gint64 id;
  if (sl_cli_parse_session_id (arg, &id))
    return sl_store_get_session (store, id, error);
  /* A recording's path, as the library keeps it (absolute) or with its
   * links resolved. */
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (arg);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *real = path != NULL ? realpath (path, NULL) : NULL;
  g_autoptr (GPtrArray) sessions = sl_store_list_sessions (store, error);
  if (sessions == NULL)
    return NULL;
  int found = -1;
  for (guint i = 0; i < sessions->len; i++)
    {
      const SlSession *s = sessions->pdata[i];
      if (g_strcmp0 (s->path, path) != 0 && (real == NULL || g_strcmp0 (s->path, real) != 0))
        continue;
      if (found >= 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                       _ ("“%s” is the recording of sessions %" PRId64 " and %" PRId64
                          ": name one by its number."),
                       arg, ((SlSession *)sessions->pdata[found])->id, s->id);
          return NULL;
        }
      found = (int)i;
    }
  if (found >= 0)
    return g_ptr_array_steal_index (sessions, found);
  if (import && g_file_test (arg, G_FILE_TEST_EXISTS))
    return sl_cli_import_one (store, arg, FALSE, error);
  if (g_file_test (arg, G_FILE_TEST_EXISTS))
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 _ ("“%s” is not in the library: add it with sightline import first."), arg);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                 _ ("“%s” is neither a session number nor a recording in the library."), arg);
  return NULL;
}

int
sl_cli_session_error (GOptionContext *ctx, GError *error)
{
  if (g_error_matches (error, SL_ERROR, SL_ERROR_INVALID_INPUT))
    return sl_cli_usage_error (ctx, error->message);
  return sl_cli_fail_with (error);
}

int
sl_cli_open_session (GOptionContext *ctx, const char *arg, gboolean read_only, SlStore **store,
                     gint64 *session_id, SlSession **session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) opened
      = read_only ? sl_cli_open_library_read_only (&error) : sl_cli_open_library (&error);
  if (opened == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlSession) s = sl_cli_find_session (opened, arg, FALSE, &error);
  if (s == NULL)
    return sl_cli_session_error (ctx, error);
  *session_id = s->id;
  if (session != NULL)
    *session = g_steal_pointer (&s);
  *store = g_steal_pointer (&opened);
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
  g_autofree char *eta = sl_cli_format_duration (sl_analysis_get_eta (analysis));
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
gboolean
sl_cli_run_analysis (SlAnalysis *analysis, gboolean show_progress, GError **error)
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

gboolean
sl_cli_parse_preset (const char *name, SlPreset *preset, GError **error)
{
  if (name == NULL)
    {
      *preset = SL_PRESET_HIGH_ACCURACY;
      return TRUE;
    }
  if (sl_preset_from_string (name, preset))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("Unknown preset “%s”: use every-frame, high-accuracy, "
                  "balanced or high-performance"),
               name);
  return FALSE;
}
