/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline labels agree SESSION --annotators A,B`: how well two
 * annotators agree, per kind (sl-label-agree.h), and where they do not.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <math.h>

#include "base/sl-error.h"
#include "labels/sl-label-agree.h"
#include "library/sl-labels.h"
#include "sl-cli-private.h"

static char *opt_annotators;
static gboolean opt_json;

static void
print_json (const SlAgreementReport *r, GStrv who, double fps)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "annotators");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, who[0]);
  json_builder_add_string_value (b, who[1]);
  json_builder_end_array (b);
  sl_cli_json_number (b, "compared_s", r->compared_frames / fps);
  json_builder_set_member_name (b, "kinds");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->kinds->len; i++)
    {
      const SlAgreement *a = r->kinds->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      if (a->kind != NULL)
        json_builder_add_string_value (b, a->kind);
      else
        json_builder_add_null_value (b);
      sl_cli_json_number (b, "kappa", a->kappa);
      sl_cli_json_number (b, "observed", a->observed);
      sl_cli_json_number (b, "expected", a->expected);
      json_builder_set_member_name (b, "labels");
      json_builder_begin_array (b);
      json_builder_add_int_value (b, a->n_a);
      json_builder_add_int_value (b, a->n_b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "matched");
      json_builder_add_int_value (b, a->matched);
      sl_cli_json_number (b, "f1", a->f1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "disagreements");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->disagreements->len; i++)
    {
      const SlDisagreement *d = &g_array_index (r->disagreements, SlDisagreement, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, d->kind);
      json_builder_set_member_name (b, "first_frame");
      json_builder_add_int_value (b, d->frames.first);
      json_builder_set_member_name (b, "last_frame");
      json_builder_add_int_value (b, d->frames.last);
      json_builder_set_member_name (b, "only");
      json_builder_add_string_value (b, d->by_a ? who[0] : who[1]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  sl_cli_print_json (root);
}

int
sl_cli_labels_agree (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "annotators", 0, 0, G_OPTION_ARG_STRING, &opt_annotators,
            N_ ("The two annotators to compare"), N_ ("A,B") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print the figures as JSON"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "labels agree", _ ("SESSION"),
      _ ("Compares two annotators' labels on a session, within the time both covered: Cohen's "
         "κ over time (intervals cut at every label's edge and weighted by their duration, as "
         "BORIS computes it) and event F1 (labels matched one to one by overlap), per kind and "
         "over all kinds, then the stretches where only one of them has a kind."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_auto (GStrv) who = opt_annotators != NULL ? g_strsplit (opt_annotators, ",", -1) : NULL;
  if (who == NULL || g_strv_length (who) != 2 || *g_strstrip (who[0]) == '\0'
      || *g_strstrip (who[1]) == '\0' || g_str_equal (who[0], who[1]))
    return sl_cli_usage_error (ctx, _ ("Name two annotators: --annotators A,B."));
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  g_autoptr (SlSession) s = NULL;
  gint64 id;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, &s);
  if (status != 0)
    return status;
  GPtrArray *labels[2] = { NULL, NULL };
  for (int w = 0; w < 2; w++)
    {
      labels[w] = sl_store_list_labels (store, id, who[w], &error);
      if (labels[w] != NULL && labels[w]->len == 0)
        g_set_error (&error, SL_ERROR, SL_ERROR_NOT_FOUND,
                     _ ("%s has no labels on session %" PRId64 "; `sightline labels %" PRId64
                        "` lists who has."),
                     who[w], id, id);
      if (error != NULL)
        {
          g_clear_pointer (&labels[0], g_ptr_array_unref);
          g_clear_pointer (&labels[1], g_ptr_array_unref);
          return sl_cli_fail_with (error);
        }
    }
  g_autoptr (SlAgreementReport) r = sl_label_agree (labels[0], labels[1], s->frame_count);
  g_ptr_array_unref (labels[0]);
  g_ptr_array_unref (labels[1]);
  if (opt_json)
    {
      print_json (r, who, s->fps);
      return 0;
    }
  g_autofree char *compared = sl_cli_format_duration (r->compared_frames / s->fps);
  g_print (_ ("Session %" PRId64 " (%s): %s and %s, compared over the %s both covered (%" PRId64
              " frames).\n"),
           id, s->name, who[0], who[1], compared, r->compared_frames);
  g_print ("%-14s %7s %9s %6s %6s %8s %9s\n", _ ("kind"), "κ", _ ("agree"), who[0], who[1],
           _ ("matched"), _ ("event F1"));
  for (guint i = 0; i < r->kinds->len; i++)
    {
      const SlAgreement *a = r->kinds->pdata[i];
      g_autofree char *k = sl_cli_format_figure (a->kappa, 3, FALSE, NULL);
      g_autofree char *o = sl_cli_format_figure (a->observed * 100, 1, FALSE, "%");
      g_autofree char *f = sl_cli_format_figure (a->f1, 3, FALSE, NULL);
      g_print ("%-14s %7s %9s %6u %6u %8u %9s\n", a->kind != NULL ? a->kind : _ ("all kinds"), k, o,
               a->n_a, a->n_b, a->matched, f);
    }
  if (r->disagreements->len == 0)
    {
      g_print (_ ("They disagree nowhere.\n"));
      return 0;
    }
  guint shown = MIN (r->disagreements->len, 20);
  g_print (_ ("Where they disagree (%u of %u; --json lists all):\n"), shown, r->disagreements->len);
  for (guint i = 0; i < shown; i++)
    {
      const SlDisagreement *d = &g_array_index (r->disagreements, SlDisagreement, i);
      g_autofree char *at = sl_cli_format_duration (d->frames.first / s->fps);
      g_print (_ ("  %8s  frames %" PRId64 "–%" PRId64 "  %-12s only %s\n"), at, d->frames.first,
               d->frames.last, d->kind, d->by_a ? who[0] : who[1]);
    }
  return 0;
}
