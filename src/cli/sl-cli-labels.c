/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline labels SESSION`: people's labels on a session, and
 * `labels import` and `labels export` to and from CSV.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "base/sl-error.h"
#include "labels/sl-label-csv.h"
#include "library/sl-labels.h"
#include "sl-cli-private.h"

static char *opt_annotator;
static gboolean opt_json;
static char *opt_format;
static char *opt_output;
static gboolean opt_add_kinds;

static int
labels_list (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
            N_ ("Only this annotator's labels"), N_ ("NAME") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the labels as JSON"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels", _ ("SESSION"),
      _ ("Lists people's labels on a session as they stand, each with its kind, its frames and "
         "times, who made it and how (manual, or a detection accepted, adjusted or rejected). "
         "`labels import SESSION FILE` and `labels export SESSION -o FILE` read and write them "
         "as CSV."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, NULL);
  if (status != 0)
    return status;
  g_autoptr (GPtrArray) labels = sl_store_list_labels (store, id, opt_annotator, &error);
  if (labels == NULL)
    return sl_cli_fail_with (error);
  if (opt_json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < labels->len; i++)
        {
          const SlLabel *l = labels->pdata[i];
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, l->id);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, l->kind);
          json_builder_set_member_name (b, "start_frame");
          json_builder_add_int_value (b, l->start_frame);
          json_builder_set_member_name (b, "end_frame");
          json_builder_add_int_value (b, l->end_frame);
          json_builder_set_member_name (b, "start_ms");
          json_builder_add_double_value (b, l->start_ms);
          json_builder_set_member_name (b, "end_ms");
          json_builder_add_double_value (b, l->end_ms);
          json_builder_set_member_name (b, "value");
          if (l->value != NULL)
            json_builder_add_string_value (b, l->value);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "annotator");
          json_builder_add_string_value (b, l->annotator);
          json_builder_set_member_name (b, "source");
          json_builder_add_string_value (b, sl_label_source_to_string (l->source));
          json_builder_set_member_name (b, "event_id");
          json_builder_add_int_value (b, l->event_id);
          json_builder_set_member_name (b, "blind");
          json_builder_add_boolean_value (b, l->blind);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      sl_cli_print_json (root);
      return 0;
    }
  if (labels->len == 0)
    {
      if (opt_annotator != NULL)
        g_print (_ ("No labels by %s on session %" PRId64 ".\n"), opt_annotator, id);
      else
        g_print (_ ("No labels on session %" PRId64 ".\n"), id);
      return 0;
    }
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      g_autofree char *at = sl_cli_format_duration (l->start_ms / 1000);
      g_print ("%5" PRId64 "  %-12s %8s  %5.2f s  frames %" PRId64 "–%" PRId64 "  %-10s %s%s%s\n",
               l->id, l->kind, at, (l->end_ms - l->start_ms) / 1000, l->start_frame, l->end_frame,
               l->annotator, sl_label_source_to_string (l->source), l->value != NULL ? "  " : "",
               l->value != NULL ? l->value : "");
    }
  return 0;
}

/* The kinds @labels name that the label set lacks, added when @add. */
static gboolean
check_kinds (SlStore *store, GPtrArray *labels, gboolean add, GError **error)
{
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, error);
  if (kinds == NULL)
    return FALSE;
  g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < kinds->len; i++)
    g_hash_table_add (known, ((SlLabelKind *)kinds->pdata[i])->name);
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  for (guint i = 0; i < labels->len; i++)
    {
      char *kind = ((SlLabel *)labels->pdata[i])->kind;
      if (!g_hash_table_contains (known, kind))
        {
          g_hash_table_add (known, kind);
          g_ptr_array_add (missing, kind);
        }
    }
  if (missing->len == 0)
    return TRUE;
  g_ptr_array_add (missing, NULL);
  g_autofree char *names = g_strjoinv (", ", (char **)missing->pdata);
  if (!add)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The file has kinds the label set does not: %s. Nothing was imported; "
                      "add them with --add-kinds, or correct the file."),
                   names);
      return FALSE;
    }
  /* Colours from GNOME's palette, in turn; no key until one is chosen. */
  static const char *const colors[] = { "#62a0ea", "#57e389", "#ffa348", "#c061cb", "#e66100" };
  for (guint i = 0; i + 1 < missing->len; i++)
    {
      SlLabelKind k = { 0,
                        missing->pdata[i],
                        FALSE,
                        NULL,
                        (char *)colors[(kinds->len + i) % G_N_ELEMENTS (colors)],
                        NULL };
      if (sl_store_add_label_kind (store, &k, error) == 0)
        return FALSE;
    }
  g_printerr (_ ("Added to the label set: %s.\n"), names);
  return TRUE;
}

static int
labels_import (int argc, char **argv)
{
  const GOptionEntry entries[] = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
                                     N_ ("The annotator of rows that name none"), N_ ("NAME") },
                                   { "add-kinds", 0, 0, G_OPTION_ARG_NONE, &opt_add_kinds,
                                     N_ ("Add the kinds the label set does not have yet"), NULL },
                                   G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels import", _ ("SESSION FILE"),
      _ ("Adds the labels of a CSV file to a session: columns start_s and end_s (or start_ms "
         "and end_ms), kind and annotator, and optionally start_frame, end_frame, value and "
         "source; other columns are ignored. All of the file or, when a row is wrong, none of it; "
         "labels the session already has are not added again."),
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
  g_autoptr (GPtrArray) labels
      = sl_label_csv_read (text, length, session->fps, opt_annotator, &error);
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

static int
labels_export (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
            N_ ("Only this annotator's labels"), N_ ("NAME") },
          { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_ ("csv"), N_ ("FORMAT") },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
            N_ ("The file to write (- for standard output)"), N_ ("FILE") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels export", _ ("SESSION"),
      _ ("Writes a session's labels as CSV "
         "(session,start_ms,end_ms,start_frame,end_frame,kind,value,annotator,source), "
         "which `labels import` reads back. The file is private to you: labels describe people."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status == 0)
    status = sl_cli_check_csv_output (ctx, opt_format, opt_output,
                                      _ ("Labels are written as CSV (--format csv)."));
  if (status != 0)
    return status;
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
  g_autofree char *csv = sl_label_csv_write (labels, s->name);
  g_autoptr (GOutputStream) out = sl_cli_open_output (opt_output, &error);
  if (out == NULL || !g_output_stream_write_all (out, csv, strlen (csv), NULL, NULL, &error)
      || !sl_cli_commit_output (out, &error))
    return sl_cli_fail_with (error);
  if (g_strcmp0 (opt_output, "-") != 0)
    g_printerr (_ ("Wrote %u labels to %s.\n"), labels->len, opt_output);
  return 0;
}

/* The first argument that is not an option or an option's value: where
 * `import` or `export` would be; -1 when there is none. */
static int
first_word (int argc, char **argv)
{
  const char *const with_value[]
      = { "--library", "-l", "--annotator", "--format", "--output", "-o" };
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] != '-')
        return i;
      for (guint k = 0; k < G_N_ELEMENTS (with_value); k++)
        if (g_str_equal (argv[i], with_value[k]))
          i++;
    }
  return -1;
}

int
sl_cli_labels (int argc, char **argv)
{
  int at = first_word (argc, argv);
  const char *word = at > 0 ? argv[at] : NULL;
  if (g_strcmp0 (word, "import") != 0 && g_strcmp0 (word, "export") != 0)
    return labels_list (argc, argv);
  /* The verb's arguments without the word. */
  g_autofree char **rest = g_new0 (char *, argc);
  for (int i = 0, k = 0; i < argc; i++)
    if (i != at)
      rest[k++] = argv[i];
  return g_str_equal (word, "import") ? labels_import (argc - 1, rest)
                                      : labels_export (argc - 1, rest);
}
