/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline labels SESSION`: people's labels on a session; its other
 * words (import, export, agree, score) are each a file of their own
 * (sl-cli-labels-*.c).
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "base/sl-error.h"
#include "library/sl-labels.h"
#include "sl-cli-private.h"

static char *opt_annotator;
static gboolean opt_json;

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
         "(CSV, BORIS's TSV, ELAN's EAF); `labels agree` compares two annotators and "
         "`labels score` the detectors with an annotator."),
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

/* The first argument that is not an option or an option's value: where
 * `import` or `export` would be; -1 when there is none. */
static int
first_word (int argc, char **argv)
{
  const char *const with_value[] = { "--library", "-l",       "--annotator", "--annotators",
                                     "--format",  "--output", "-o",          "--kind" };
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
  static const struct
  {
    const char *word;
    int (*run) (int argc, char **argv);
  } subverbs[] = {
    { "import", sl_cli_labels_import },
    { "export", sl_cli_labels_export },
    { "agree", sl_cli_labels_agree },
    { "score", sl_cli_labels_score },
  };
  int at = first_word (argc, argv);
  for (guint v = 0; at > 0 && v < G_N_ELEMENTS (subverbs); v++)
    if (g_str_equal (argv[at], subverbs[v].word))
      {
        /* The verb's arguments without the word. */
        g_autofree char **rest = g_new0 (char *, argc);
        for (int i = 0, k = 0; i < argc; i++)
          if (i != at)
            rest[k++] = argv[i];
        return subverbs[v].run (argc - 1, rest);
      }
  return labels_list (argc, argv);
}
