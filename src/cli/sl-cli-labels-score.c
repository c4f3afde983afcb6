/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline labels score SESSION… --annotator NAME`: the detectors scored
 * against a person's labels (sl-label-score.h), per kind and in total.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <math.h>

#include "labels/sl-label-score.h"
#include "sl-cli-private.h"

static char *opt_annotator;
static char *opt_kind;
static gboolean opt_all_sources;
static gboolean opt_json;
static gboolean opt_all;

static void
print_json (GPtrArray *scores)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < scores->len; i++)
    {
      const SlLabelScore *s = scores->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      if (s->kind != NULL)
        json_builder_add_string_value (b, s->kind);
      else
        json_builder_add_null_value (b);
      const char *counts[] = { "detections", "labels", "matched", "rejected", "ignored" };
      guint values[] = { s->detections, s->labels, s->matched, s->rejected, s->ignored };
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          json_builder_set_member_name (b, counts[c]);
          json_builder_add_int_value (b, values[c]);
        }
      sl_cli_json_number (b, "precision", sl_label_score_precision (s));
      sl_cli_json_number (b, "recall", sl_label_score_recall (s));
      sl_cli_json_number (b, "f1", sl_label_score_f1 (s));
      sl_cli_json_number (b, "false_alarms_per_hour", sl_label_score_false_alarms_per_hour (s));
      sl_cli_json_number (b, "covered_s", s->covered_s);
      sl_cli_json_number (b, "onset_error_ms",
                          s->matched > 0 ? s->onset_error_sum / s->matched : NAN);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  sl_cli_print_json (root);
}

int
sl_cli_labels_score (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotator", 0, 0, G_OPTION_ARG_STRING, &opt_annotator,
            N_ ("Whose labels are the ground truth"), N_ ("NAME") },
          { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind, N_ ("Only this kind of the label set"),
            N_ ("KIND") },
          { "all-sources", 0, 0, G_OPTION_ARG_NONE, &opt_all_sources,
            N_ ("Count accepted and adjusted detections as labels too"), NULL },
          { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all,
            N_ ("Every analysed session the annotator labelled, over the library"), NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the figures as JSON"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels score", _ ("SESSION… | --all"),
      _ ("Scores the detectors of each session's last run against an annotator's labels, "
         "within the time they covered: per kind of the label set that names a detector, "
         "precision, recall, F1 and false alarms per hour, a detection matching a label one "
         "to one by overlap. Labels drawn by hand or made blind count; accepted and adjusted "
         "detections are the detector's own output and count only with --all-sources."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if ((argc < 2) == !opt_all)
    return sl_cli_usage_error (ctx, _ ("Name one session or more, or --all."));
  if (opt_annotator == NULL)
    return sl_cli_usage_error (ctx, _ ("Say whose labels to score against: --annotator NAME."));
  for (int i = 1; i < argc; i++)
    if (!sl_cli_check_session_arg (ctx, argv[i]))
      return 2;
  g_autoptr (GPtrArray) scores
      = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_score_free);
  int n_sessions = argc - 1;
  if (opt_all)
    {
      g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
      guint n = 0;
      if (store == NULL
          || !sl_label_score_library (store, opt_annotator, opt_kind, opt_all_sources, scores, &n,
                                      &error))
        return sl_cli_fail_with (error);
      n_sessions = (int)n;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (SlStore) store = NULL;
      gint64 id;
      int status = sl_cli_open_session (ctx, argv[i], TRUE, &store, &id, NULL);
      if (status != 0)
        return status;
      if (!sl_label_score_session (store, id, 0, opt_annotator, opt_kind, opt_all_sources, scores,
                                   &error))
        return sl_cli_fail_with (error);
    }
  if (opt_json)
    {
      print_json (scores);
      return 0;
    }
  const SlLabelScore *total = scores->pdata[scores->len - 1];
  g_autofree char *covered = sl_cli_format_duration (total->covered_s);
  g_print (opt_all_sources
               ? _ ("Against %s's labels, every source counted, within the %s they covered "
                    "(%d session(s)).\n")
               : _ ("Against %s's labels drawn by hand or made blind (accepted and adjusted "
                    "detections are left out: they are not independent; --all-sources counts "
                    "them), within the %s they covered (%d session(s)).\n"),
           opt_annotator, covered, n_sessions);
  g_print ("%-12s %10s %7s %7s %9s %7s %7s %12s %8s %8s %8s\n", _ ("kind"), _ ("detections"),
           _ ("labels"), _ ("matched"), _ ("precision"), _ ("recall"), "F1", _ ("false/hour"),
           _ ("rejected"), _ ("outside"), _ ("onset"));
  for (guint i = 0; i + 1 < scores->len; i++)
    {
      const SlLabelScore *s = scores->pdata[i];
      g_autofree char *p = sl_cli_format_figure (sl_label_score_precision (s), 3, FALSE, NULL);
      g_autofree char *r = sl_cli_format_figure (sl_label_score_recall (s), 3, FALSE, NULL);
      g_autofree char *f = sl_cli_format_figure (sl_label_score_f1 (s), 3, FALSE, NULL);
      g_autofree char *fa
          = sl_cli_format_figure (sl_label_score_false_alarms_per_hour (s), 1, FALSE, NULL);
      g_autofree char *onset = sl_cli_format_figure (
          s->matched > 0 ? s->onset_error_sum / s->matched : NAN, 0, TRUE, "ms");
      g_print ("%-12s %10u %7u %7u %9s %7s %7s %12s %8u %8u %8s\n", s->kind, s->detections,
               s->labels, s->matched, p, r, f, fa, s->rejected, s->ignored, onset);
    }
  g_autofree char *p = sl_cli_format_figure (sl_label_score_precision (total), 3, FALSE, NULL);
  g_autofree char *r = sl_cli_format_figure (sl_label_score_recall (total), 3, FALSE, NULL);
  g_autofree char *f = sl_cli_format_figure (sl_label_score_f1 (total), 3, FALSE, NULL);
  g_print (_ ("total: precision %s, recall %s, F1 %s\n"), p, r, f);
  return 0;
}
