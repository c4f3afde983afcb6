/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the verbs share: option parsing, the library, error reporting.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "library/sl-store.h"
#include "pipeline/sl-analysis.h"
#include "drift/sl-drift-scan.h"
#include "drift/sl-drift-session.h"
#include "pipeline/sl-what-if.h"

G_BEGIN_DECLS

/* Prints the error; returns the exit code (1, or 130 when cancelled). */
int sl_cli_fail_with (GError *error);
/* Prints the message and the verb's help; returns 2. */
int sl_cli_usage_error (GOptionContext *ctx, const char *message);
/* 0 when @format is csv (or not given) and an @output is given; otherwise
 * a usage error, @only_csv saying which format there is. */
int sl_cli_check_csv_output (GOptionContext *ctx, const char *format, const char *output,
                             const char *only_csv);
/* The library for a verb that only reads it (sl_store_open_read_only). */
SlStore *sl_cli_open_library_read_only (GError **error);
GOptionContext *sl_cli_verb_context (const char *verb, const char *args, const char *summary,
                                     const GOptionEntry *entries);
SlStore *sl_cli_open_library (GError **error);
gboolean sl_cli_parse_session_id (const char *s, gint64 *id);
/* Parses a verb's options and its one argument, SESSION: 0 with @session
 * set, or the exit status of wrong usage (the help printed). */
int sl_cli_parse_session (GOptionContext *ctx, int *argc, char ***argv, const char **session);
/* Opens the library (read-only when @read_only) and finds the session
 * @arg names (sl_cli_find_session): 0 with @store and @session_id set, or
 * the exit status: wrong usage for an argument that names nothing, else a
 * failure, printed in one line.  @session (may be NULL) gets the session. */
int sl_cli_open_session (GOptionContext *ctx, const char *arg, gboolean read_only, SlStore **store,
                         gint64 *session_id, SlSession **session);
/* A number that is not a session's (0, -3) is wrong usage: FALSE, with the
 * help printed. */
gboolean sl_cli_check_session_arg (GOptionContext *ctx, const char *arg);
/* The exit status for sl_cli_find_session()'s @error: wrong usage (2) for
 * an argument that names nothing, else a failure. */
int sl_cli_session_error (GOptionContext *ctx, GError *error);
/* The run a verb works on: @run_id, which must belong to the session, or
 * the session's newest. */
SlRun *sl_cli_resolve_run (SlStore *store, gint64 session_id, gint64 run_id, GError **error);
/* Opens @path for writing (- is standard output); a file is written beside
 * its name, private, and takes its name only in sl_cli_commit_output(). */
GOutputStream *sl_cli_open_output (const char *path, GError **error);
/* Flushes @out and, for a file, puts it in place of what was there; a
 * stream dropped without this leaves the old file as it was. */
gboolean sl_cli_commit_output (GOutputStream *out, GError **error);

/* An option naming a run, calibration or profile starts as SL_CLI_UNSET;
 * sl_cli_check_ids() turns unset into 0 ("the default") and refuses 0 or
 * less given on the command line.  Pairs of name and gint64 *, then NULL. */
#define SL_CLI_UNSET G_MININT64
int sl_cli_check_ids (GOptionContext *ctx, ...) G_GNUC_NULL_TERMINATED;

/* The library's path: --library, else the default. */
char *sl_cli_library_path (void);
/* @root as indented JSON on standard output, a newline after it. */
void sl_cli_print_json (JsonNode *root);
/* 1:02:03 or 2:03. */
char *sl_cli_format_duration (double seconds);
/* @v with @decimals decimals and @unit after it ("0.833", "+12 ms"), @sign
 * shown; "–" for a figure that does not exist (NaN). */
char *sl_cli_format_figure (double v, int decimals, gboolean sign, const char *unit);
/* Member @name of the object @b is building: @v, or null for NaN. */
void sl_cli_json_number (JsonBuilder *b, const char *name, double v);
/* Probes and imports one recording, saying so unless @quiet. */
SlSession *sl_cli_import_one (SlStore *store, const char *path, gboolean quiet, GError **error);
/* The session @arg names: a session number, or a recording's path (imported
 * first when @import and it is not in the library yet). */
SlSession *sl_cli_find_session (SlStore *store, const char *arg, gboolean import, GError **error);
/* Runs one analysis in a main loop, with progress on standard error when
 * @show_progress; Ctrl+C or SIGTERM cancels it and keeps what was done. */
gboolean sl_cli_run_analysis (SlAnalysis *analysis, gboolean show_progress, GError **error);
/* A --preset value (NULL: the default, high-accuracy). */
gboolean sl_cli_parse_preset (const char *name, SlPreset *preset, GError **error);

/* Events added, removed and changed between two runs (sl-cli-what-if.c):
 * one line each, or an "events" member of the object @b is building. */
void sl_cli_print_event_changes (const SlWhatIf *w);
void sl_cli_json_event_changes (JsonBuilder *b, const SlWhatIf *w);

/* A window's measures, p-value and threshold as members of the object
 * @b is building, and whether it exceeded as member @decided
 * (sl-cli-drift.c). */
void sl_cli_json_window_measures (JsonBuilder *b, const SlDriftWindow *w, const char *decided);

/* A writable connection to keep drift baselines through, or NULL (said
 * on stderr) when the library cannot be written; then each report keeps
 * naming its baseline's runs (sl-cli-drift.c). */
SlStore *sl_cli_open_baseline_keeper (void);
void sl_cli_keep_baseline (SlStore *keeper, SlDriftReport *report);
/* The same for every row of @scan, through a connection of its own. */
void sl_cli_keep_baselines (SlDriftScan *scan);
/* A report's baseline as members of the object @b is building: described,
 * its definition, id and version (null when not kept) and runs. */
void sl_cli_json_baseline (JsonBuilder *b, const SlDriftReport *report);

/* `drift --all` (sl-cli-drift-library.c): every session against
 * @baseline, each signal's whole run as one window. */
int sl_cli_drift_library (const SlDriftBaseline *baseline, const char *const *signals,
                          const SlDriftParams *params, gboolean json);

/* The verbs, one file each (sl-cli-<verb>.c). */
int sl_cli_analyze (int argc, char **argv);
int sl_cli_bench (int argc, char **argv);
int sl_cli_calibrate (int argc, char **argv);
int sl_cli_compare (int argc, char **argv);
int sl_cli_drift (int argc, char **argv);
int sl_cli_edit (int argc, char **argv);
int sl_cli_evaluate (int argc, char **argv);
int sl_cli_events (int argc, char **argv);
int sl_cli_explain (int argc, char **argv);
int sl_cli_labels (int argc, char **argv);
int sl_cli_labels_import (int argc, char **argv);
int sl_cli_labels_export (int argc, char **argv);
int sl_cli_labels_agree (int argc, char **argv);
int sl_cli_labels_score (int argc, char **argv);
int sl_cli_what_if (int argc, char **argv);
int sl_cli_export (int argc, char **argv);
int sl_cli_import (int argc, char **argv);
int sl_cli_processors (int argc, char **argv);
int sl_cli_relocate (int argc, char **argv);
int sl_cli_runs (int argc, char **argv);
int sl_cli_sessions (int argc, char **argv);
int sl_cli_settings (int argc, char **argv);
int sl_cli_forget (int argc, char **argv);
int sl_cli_gaze (int argc, char **argv);
int sl_cli_scores (int argc, char **argv);

G_END_DECLS
