/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline drift --all`: the library's drift as a table, sessions by
 * recording date down, signals across, each cell the session's newest
 * run, whole, against its baseline (by default the same person's
 * earlier sessions) in the baseline's σ, marked where it differs by more
 * than a session does from itself.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "base/sl-json.h"
#include "base/sl-text.h"
#include "sl-cli-private.h"

/* The cell of @w: "0.42", "2.10*" (differs), or "·" (not compared). */
static char *
cell (const SlDriftWindow *w)
{
  if (w == NULL)
    return g_strdup ("·");
  return g_strdup_printf ("%.2f%s", w->m.wasserstein_sigma, w->over ? "*" : "");
}

int
sl_cli_drift_library (const SlDriftBaseline *baseline, const char *const *signals,
                      const SlDriftParams *params, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (g_steal_pointer (&error));
  g_autoptr (SlDriftScan) scan
      = sl_drift_scan_new (sl_store_get_path (store), baseline, signals, params);
  if (!sl_drift_scan_run (scan, store, NULL, &error))
    return sl_cli_fail_with (g_steal_pointer (&error));
  sl_cli_keep_baselines (scan);
  GPtrArray *rows = sl_drift_scan_get_rows (scan);
  const char *const *names = sl_drift_scan_get_signals (scan);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  if (!json)
    {
      g_print ("%4s  %-10s  %-12s", _ ("ID"), _ ("Recorded"), _ ("Person"));
      for (guint k = 0; names[k] != NULL; k++)
        g_print ("  %12.12s", names[k]);
      g_print ("  %s\n", _ ("against"));
    }
  guint differ = 0, compared = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      SlDriftScanRow *row = rows->pdata[i];
      SlSession *s = row->session;
      SlDriftReport *r = row->report;
      g_autofree char *date
          = s->recorded_us > 0 ? sl_text_format_date (s->recorded_us) : g_strdup ("-");
      if (json)
        {
          json_builder_begin_object (b);
          sl_json_add_int (b, "session", s->id);
          json_builder_set_member_name (b, "recorded");
          json_builder_add_string_value (b, date);
          json_builder_set_member_name (b, "person");
          if (s->person != NULL)
            json_builder_add_string_value (b, s->person);
          else
            json_builder_add_null_value (b);
          if (r != NULL)
            sl_cli_json_baseline (b, r);
          else
            {
              json_builder_set_member_name (b, "baseline");
              json_builder_add_null_value (b);
              json_builder_set_member_name (b, "problem");
              json_builder_add_string_value (b, row->problem);
            }
          json_builder_set_member_name (b, "signals");
          json_builder_begin_object (b);
        }
      else
        g_print ("%4" PRId64 "  %-10s  %-12.12s", s->id, date, s->person != NULL ? s->person : "-");
      for (guint k = 0; names[k] != NULL; k++)
        {
          const SlDriftWindow *w = sl_drift_scan_row_cell (row, names[k]);
          if (w != NULL)
            {
              compared++;
              differ += w->over;
            }
          if (json)
            {
              json_builder_set_member_name (b, names[k]);
              if (w == NULL)
                json_builder_add_null_value (b);
              else
                {
                  json_builder_begin_object (b);
                  sl_cli_json_window_measures (b, w, "differs");
                  json_builder_end_object (b);
                }
            }
          else
            {
              g_autofree char *c = cell (w);
              g_print ("  %12s", c);
            }
        }
      if (json)
        {
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *kept = r != NULL ? sl_drift_report_describe_baseline (r) : NULL;
          if (r != NULL)
            g_print ("  %s (%s)\n", r->baseline, kept);
          else
            g_print ("  %s\n", row->problem);
        }
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      sl_cli_print_json (root);
      return 0;
    }
  g_print (_ ("Wasserstein distance in the baseline's σ, * where a session differs by more than "
              "one session does from itself (a false-alarm rate of %g, Benjamini–Hochberg "
              "across signals), · where it was not compared.\n"),
           params->false_alarm);
  g_print ("drift: %u of %u compared\n", differ, compared);
  return 0;
}
