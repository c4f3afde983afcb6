/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline labels import SESSION FILE` and `labels export SESSION -o
 * FILE`: a session's labels to and from CSV, BORIS's TSV and ELAN's EAF.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "base/sl-error.h"
#include "labels/sl-label-file.h"
#include "library/sl-labels.h"
#include "sl-cli-private.h"

static char *opt_annotator;
static char *opt_format;
static char *opt_output;
static gboolean opt_add_kinds;

/* The kinds @labels name that the label set lacks, added when @add. */
static gboolean
check_kinds (SlStore *store, GPtrArray *labels, gboolean add, GError **error)
{
  g_auto (GStrv) missing = sl_store_missing_label_kinds (store, labels, error);
  if (missing == NULL)
    return FALSE;
  if (missing[0] == NULL)
    return TRUE;
  g_autofree char *names = g_strjoinv (", ", missing);
  if (!add)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The file has kinds the label set does not: %s. Nothing was imported; "
                      "add them with --add-kinds, or correct the file."),
                   names);
      return FALSE;
    }
  if (!sl_store_add_label_kinds_named (store, (const char *const *)missing, error))
    return FALSE;
  g_printerr (_ ("Added to the label set: %s.\n"), names);
  return TRUE;
}

int
sl_cli_labels_import (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
            N_ ("The annotator of rows that name none"), N_ ("NAME") },
          { "add-kinds", 0, 0, G_OPTION_ARG_NONE, &opt_add_kinds,
            N_ ("Add the kinds the label set does not have yet"), NULL },
          { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
            N_ ("csv, tsv or eaf (else told by the file)"), N_ ("FORMAT") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels import", _ ("SESSION FILE"),
      _ ("Adds the labels of a file to a session: a CSV file (columns start_s and end_s or "
         "start_ms and end_ms, kind and annotator, and optionally start_frame, end_frame, value "
         "and source; other columns are ignored), BORIS's events as TSV, or an ELAN EAF file "
         "(a label per annotation of each time-aligned tier). All of the file or, when a row is "
         "wrong, none of it; labels the session already has are not added again."),
      entries);
  if (!g_option_context_parse (ctx, &argc, &argv, NULL) || argc != 3)
    return sl_cli_usage_error (ctx, _ ("Give a session and a file."));
  if (!sl_cli_check_session_arg (ctx, argv[1]))
    return 2;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  g_autoptr (SlSession) session = NULL;
  gint64 id;
  int status = sl_cli_open_session (ctx, argv[1], FALSE, &store, &id, &session);
  if (status != 0)
    return status;
  g_autofree char *text = NULL;
  gsize length;
  if (!g_file_get_contents (argv[2], &text, &length, &error))
    return sl_cli_fail_with (error);
  SlLabelFormat format = sl_label_format_guess (argv[2], text, length);
  if (opt_format != NULL && !sl_label_format_from_string (opt_format, &format))
    return sl_cli_usage_error (ctx, _ ("The format is one of csv, tsv, eaf."));
  g_autoptr (GPtrArray) labels
      = sl_label_file_read (format, text, length, session, opt_annotator, &error);
  if (labels == NULL)
    {
      g_prefix_error (&error, _ ("“%s” cannot be imported: "), argv[2]);
      return sl_cli_fail_with (error);
    }
  guint added = 0, already = 0;
  if (!check_kinds (store, labels, opt_add_kinds, &error)
      || !sl_store_add_labels (store, id, labels, &added, &already, &error))
    return sl_cli_fail_with (error);
  g_print (_ ("Imported %u labels into session %" PRId64 " (%u already there).\n"), added, id,
           already);
  return 0;
}

int
sl_cli_labels_export (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
            N_ ("Only this annotator's labels"), N_ ("NAME") },
          { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
            N_ ("csv, tsv (BORIS) or eaf (ELAN); else told by the file's name, or csv"),
            N_ ("FORMAT") },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
            N_ ("The file to write (- for standard output)"), N_ ("FILE") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels export", _ ("SESSION"),
      _ ("Writes a session's labels as CSV "
         "(session,start_ms,end_ms,start_frame,end_frame,kind,value,annotator,source), as "
         "BORIS's events (TSV) or as ELAN's EAF 3.0 (a tier per annotator and kind), which "
         "`labels import` reads back. The file is private to you: labels describe people."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  if (opt_output == NULL)
    return sl_cli_usage_error (
        ctx, _ ("Say where to write with -o FILE (or -o - for standard output)."));
  SlLabelFormat format = g_str_equal (opt_output, "-") ? SL_LABEL_FORMAT_CSV
                                                       : sl_label_format_guess (opt_output, "", 0);
  if (opt_format != NULL && !sl_label_format_from_string (opt_format, &format))
    return sl_cli_usage_error (ctx, _ ("The format is one of csv, tsv, eaf."));
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  g_autoptr (SlSession) s = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, &s);
  if (status != 0)
    return status;
  g_autoptr (GPtrArray) labels = sl_store_list_labels (store, id, opt_annotator, &error);
  if (labels == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, &error);
  if (kinds == NULL)
    return sl_cli_fail_with (error);
  g_autofree char *text = sl_label_file_write (format, labels, kinds, s, &error);
  if (text == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GOutputStream) out = sl_cli_open_output (opt_output, &error);
  if (out == NULL || !g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error)
      || !sl_cli_commit_output (out, &error))
    return sl_cli_fail_with (error);
  if (g_strcmp0 (opt_output, "-") != 0)
    g_printerr (_ ("Wrote %u labels to %s.\n"), labels->len, opt_output);
  return 0;
}
