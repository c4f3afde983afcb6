/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gaze verbs: calibrate, gaze, scores.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <math.h>

#include "base/sl-error.h"
#include "gaze/sl-gaze-review.h"
#include "gaze/sl-gaze-scores.h"
#include "sl-cli-private.h"

/* Two numbers separated by @sep: "1920x1080" (or "1920×1080") for 'x',
 * "0,-10" for ','.  Plain decimals only. */
static gboolean
parse_pair (const char *s, char sep, double *a, double *b)
{
  if (s == NULL)
    return FALSE;
  g_auto (GStrv) times = g_strsplit (s, "×", -1);
  g_autofree char *norm = g_strjoinv ("x", times);
  char seps[] = { sep, sep == 'x' ? 'X' : sep, '\0' };
  g_auto (GStrv) parts = g_strsplit_set (norm, seps, -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  double *v[] = { a, b };
  for (int i = 0; i < 2; i++)
    {
      char *end = NULL;
      if (strpbrk (parts[i], "xXpP") != NULL)
        return FALSE;
      *v[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (*v[i]))
        return FALSE;
    }
  return TRUE;
}

/* ---- calibrate ------------------------------------------------------------- */

static int
calibrate_features (GOptionContext *ctx, const char *path, int order)
{
  g_autoptr (GError) error = NULL;
  int n_features;
  g_auto (GStrv) names = NULL;
  g_autoptr (GArray) samples = sl_cal_read_features (path, &n_features, &names, &error);
  if (samples == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlCalModel) model
      = sl_cal_fit ((const SlCalSample *)samples->data, samples->len, n_features, order, &error);
  if (model == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GArray) errors = sl_cal_leave_one_target_out ((const SlCalSample *)samples->data,
                                                           samples->len, n_features, order, &error);
  if (errors == NULL)
    return sl_cli_fail_with (error);
  g_autofree char *feats = g_strjoinv (", ", names);
  g_print (_ ("%u samples, %u targets, features %s; order %d (%d terms per axis)\n"), samples->len,
           errors->len, feats, order, sl_cal_model_terms (model));
  g_print ("%6s %8s %8s %8s %10s %10s %10s\n", _ ("target"), "x", "y", _ ("samples"), _ ("fit x"),
           _ ("fit y"), _ ("error px"));
  double sum = 0;
  for (guint i = 0; i < errors->len; i++)
    {
      SlCalTargetError e = g_array_index (errors, SlCalTargetError, i);
      g_print ("%6d %8.0f %8.0f %8d %10.1f %10.1f %10.1f\n", e.target + 1, e.x, e.y, e.samples,
               e.px, e.py, e.error_px);
      sum += e.error_px;
    }
  g_print (_ ("mean leave-one-target-out error: %.1f px\n"), sum / errors->len);
  return 0;
}

static void
print_deg (double v)
{
  if (isfinite (v))
    g_print (" %9.2f", v);
  else
    g_print (" %9s", "–");
}

static const char *
point_reason (const SlCalPoint *pt)
{
  if (!pt->too_few)
    return "";
  if (pt->frames == 0)
    return _ ("not in the analysed frames");
  int worst = MAX (MAX (pt->no_face, pt->closed), MAX (pt->no_pupil, pt->outliers));
  if (worst == pt->no_face)
    return _ ("too few valid samples: no face");
  if (worst == pt->closed)
    return _ ("too few valid samples: eyes closed");
  if (worst == pt->no_pupil)
    return _ ("too few valid samples: no pupils");
  return _ ("too few valid samples: looked elsewhere");
}

/* The accuracy table of a profile and its verdict against @limit degrees. */
static void
print_profile (const SlCalProfile *p, double limit)
{
  const SlScreenGeometry *g = &p->geometry;
  g_print (_ ("Screen %d × %d px, %g × %g mm, seen from %g mm; mapping of order %d\n"), g->width_px,
           g->height_px, g->width_mm, g->height_mm, g->distance_mm, p->options.order);
  int w = (int)strlen (_ ("target"));
  for (guint i = 0; i < p->points->len; i++)
    w = MAX (w, (int)g_utf8_strlen (g_array_index (p->points, SlCalPoint, i).id, -1));
  g_print ("%-*s %-11s %6s %6s %7s %6s %6s %6s %9s %9s %9s  %s\n", w, _ ("target"), _ ("kind"), "x",
           "y", _ ("from s"), _ ("frames"), _ ("valid"), _ ("drop"), _ ("accuracy°"), _ ("in-fit°"),
           _ ("precis.°"), "");
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      g_print ("%-*s %-11s %6.0f %6.0f %7.1f %6d %6d %6d", w, pt->id,
               pt->validation ? _ ("validation") : _ ("calibration"), pt->x, pt->y,
               pt->start_ms / 1000, pt->frames, pt->samples, pt->outliers);
      print_deg (pt->accuracy_deg);
      print_deg (pt->in_sample_deg);
      print_deg (pt->precision_deg);
      const char *warn = "";
      if (!pt->too_few && isfinite (pt->accuracy_deg) && pt->accuracy_deg > 2 * p->accuracy_deg
          && pt->validation == p->by_validation)
        warn = _ ("worse than twice the mean");
      g_print ("  %s%s\n", point_reason (pt), warn);
    }
  g_print (_ ("Accuracy %.2f° (%s), precision %.2f° RMS\n"), p->accuracy_deg,
           p->by_validation ? _ ("validation targets") : _ ("each target left out of the fit"),
           p->precision_deg);
  g_print (_ ("By fit: binocular %.2f°, image-left eye %.2f°, image-right eye %.2f°\n"),
           p->fit_accuracy_deg[SL_CAL_BINOCULAR], p->fit_accuracy_deg[SL_CAL_LEFT],
           p->fit_accuracy_deg[SL_CAL_RIGHT]);
  if (p->accuracy_deg <= limit)
    g_print (_ ("Verdict: good (accuracy within %.1f°)\n"), limit);
  else
    g_print (_ ("Verdict: poor (accuracy worse than %.1f°)\n"), limit);
  g_print (_ ("Degrees are only as good as the viewing distance given (%g mm).\n"), g->distance_mm);
}

static int
list_profiles (GOptionContext *ctx, const char *session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 session_id = 0;
  int status
      = session != NULL ? sl_cli_open_session (ctx, session, TRUE, &store, &session_id, NULL) : 0;
  if (status != 0)
    return status;
  if (store == NULL && (store = sl_cli_open_library_read_only (&error)) == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GPtrArray) list = sl_store_list_calibrations (store, session_id, &error);
  if (list == NULL)
    return sl_cli_fail_with (error);
  if (list->len == 0)
    {
      g_print (_ ("No calibration profiles.\n"));
      return 0;
    }
  g_print ("%4s %8s %6s %10s %10s  %s\n", _ ("id"), _ ("session"), _ ("run"), _ ("accuracy°"),
           _ ("precision°"), _ ("name"));
  for (guint i = 0; i < list->len; i++)
    {
      const SlStoredCalibration *c = list->pdata[i];
      g_print ("%4" PRId64 " %8" PRId64 " %6" PRId64 " %10.2f %10.2f  %s\n", c->id, c->session_id,
               c->run_id, c->accuracy_deg, c->precision_deg, c->name);
    }
  return 0;
}

int
sl_cli_calibrate (int argc, char **argv)
{
  g_autofree char *features = NULL, *targets = NULL, *screen = NULL, *screen_mm = NULL;
  g_autofree char *camera_mm = NULL, *name = NULL;
  int order = 2, layout = 0;
  double distance_mm = 0, limit = 2.5;
  gint64 run_id = SL_CLI_UNSET, apply = SL_CLI_UNSET;
  gboolean list = FALSE;
  const GOptionEntry entries[] = {
    { "targets", 't', 0, G_OPTION_ARG_FILENAME, &targets,
      N_ ("The calibration schedule: a JSON sidecar (docs/formats.md)"), N_ ("FILE.json") },
    { "layout", 0, 0, G_OPTION_ARG_INT, &layout,
      N_ ("Place targets without x, y on a 5- or 9-point layout"), N_ ("5|9") },
    { "screen", 0, 0, G_OPTION_ARG_STRING, &screen, N_ ("Screen size in pixels"), N_ ("WxH") },
    { "screen-mm", 0, 0, G_OPTION_ARG_STRING, &screen_mm, N_ ("Screen size in millimetres"),
      N_ ("WxH") },
    { "distance-mm", 0, 0, G_OPTION_ARG_DOUBLE, &distance_mm,
      N_ ("Viewing distance, eyes to screen, in millimetres"), N_ ("MM") },
    { "camera-mm", 0, 0, G_OPTION_ARG_STRING, &camera_mm,
      N_ ("Camera position from the screen's top centre, x right and y down, in millimetres"),
      N_ ("X,Y") },
    { "order", 0, 0, G_OPTION_ARG_INT, &order, N_ ("Order of the polynomial: 1 or 2 (default 2)"),
      N_ ("N") },
    { "accuracy-limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit,
      N_ ("Accuracy in degrees that still counts as good (default 2.5)"), N_ ("DEG") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("A name for the profile"), N_ ("NAME") },
    { "run", 0, 0, G_OPTION_ARG_INT64, &run_id,
      N_ ("The run whose features to use (default: "
          "the newest)"),
      N_ ("ID") },
    { "apply", 0, 0, G_OPTION_ARG_INT64, &apply,
      N_ ("Apply a saved profile to the session instead of calibrating"), N_ ("ID") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_ ("List the saved profiles (of the session, if one is named)"), NULL },
    { "features", 0, 0, G_OPTION_ARG_FILENAME, &features,
      N_ ("Fit from calibration samples in a CSV file instead: feature columns, then point_x, "
          "point_y (docs/formats.md)"),
      N_ ("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "calibrate", _ ("SESSION"),
      _ ("Fits the mapping from a session's eye features to the screen, over the targets the "
         "sidecar says were shown when, and prints its accuracy and precision in degrees per "
         "target. The profile is saved in the library and applied to the session."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  int status = sl_cli_check_ids (ctx, "run", &run_id, "apply", &apply, NULL);
  if (status != 0)
    return status;
  if (order != 1 && order != 2)
    return sl_cli_usage_error (ctx, _ ("--order is 1 or 2"));
  if (features != NULL)
    {
      if (argc != 1)
        return sl_cli_usage_error (ctx, _ ("--features takes no session."));
      return calibrate_features (ctx, features, order);
    }
  if (argc > 2)
    return sl_cli_usage_error (ctx, _ ("Name one session: its number or its recording’s path."));
  if (argc == 2 && !sl_cli_check_session_arg (ctx, argv[1]))
    return 2;
  if (list)
    return list_profiles (ctx, argc == 2 ? argv[1] : NULL);
  if (argc != 2)
    return sl_cli_usage_error (ctx, _ ("Name one session: its number or its recording’s path."));
  if (apply == 0 && targets == NULL)
    return sl_cli_usage_error (ctx, _ ("Give --targets FILE.json, --apply ID or --list."));

  g_autoptr (SlStore) store = NULL;
  gint64 session_id;
  g_autoptr (SlSession) session = NULL;
  status = sl_cli_open_session (ctx, argv[1], FALSE, &store, &session_id, &session);
  if (status != 0)
    return status;
  if (apply != 0)
    {
      g_autoptr (SlCalProfile) p = sl_cal_profile_load (store, apply, &error);
      if (p == NULL || !sl_store_set_session_calibration (store, session_id, apply, &error))
        return sl_cli_fail_with (error);
      g_print (_ ("Session %" PRId64 " now uses calibration %" PRId64 " (accuracy %.2f°).\n"),
               session_id, apply, p->accuracy_deg);
      return 0;
    }

  g_autoptr (SlCalSchedule) schedule = sl_cal_schedule_load (targets, layout, &error);
  if (schedule == NULL)
    return sl_cli_fail_with (error);
  SlScreenGeometry *g = &schedule->geometry;
  double a, b;
  if (screen != NULL)
    {
      if (!parse_pair (screen, 'x', &a, &b))
        return sl_cli_usage_error (ctx, _ ("--screen is WIDTHxHEIGHT in pixels, like 1920x1080"));
      g->width_px = (int)CLAMP (a, -1, 1e6);
      g->height_px = (int)CLAMP (b, -1, 1e6);
    }
  if (screen_mm != NULL)
    {
      if (!parse_pair (screen_mm, 'x', &g->width_mm, &g->height_mm))
        return sl_cli_usage_error (ctx, _ ("--screen-mm is WIDTHxHEIGHT in mm, like 527x296"));
    }
  if (distance_mm != 0)
    g->distance_mm = distance_mm;
  if (camera_mm != NULL && !parse_pair (camera_mm, ',', &g->camera_x_mm, &g->camera_y_mm))
    return sl_cli_usage_error (ctx, _ ("--camera-mm is X,Y in mm, like 0,-10"));
  if (!schedule->has_geometry && (screen == NULL || screen_mm == NULL || distance_mm == 0))
    {
      g_printerr (_ ("sightline: %s has no screen geometry: give --screen, --screen-mm and "
                     "--distance-mm\n"),
                  targets);
      return 1;
    }
  if (!sl_cal_schedule_check (schedule, session->duration_s, &error))
    return sl_cli_fail_with (error);

  g_autoptr (SlGazeRun) gr = sl_gaze_run_load (store, session_id, run_id, &error);
  if (gr == NULL)
    return sl_cli_fail_with (error);
  SlRun *run = gr->run;
  SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
  options.order = order;
  g_autoptr (SlCalProfile) p = sl_cal_calibrate (schedule, gr->frames, &options, &error);
  if (p == NULL)
    return sl_cli_fail_with (error);
  p->session_id = session_id;
  p->run_id = run->id;
  p->name = name != NULL ? g_strdup (name) : g_path_get_basename (targets);
  p->versions = sl_cal_feature_versions (run->processors);
  g_print (_ ("Session %" PRId64 ", run %" PRId64 ", targets from %s\n"), session_id, run->id,
           targets);
  print_profile (p, limit);
  if (!sl_cal_profile_save (p, store, &error))
    return sl_cli_fail_with (error);
  g_print (_ ("Saved as calibration %" PRId64 " and applied to session %" PRId64 ".\n"), p->id,
           session_id);
  return 0;
}

/* ---- gaze ------------------------------------------------------------------ */

/* The profile a verb uses: @id, or the session's own. */
int
sl_cli_gaze (int argc, char **argv)
{
  g_autofree char *format = NULL, *output = NULL;
  gint64 calibration = SL_CLI_UNSET, run_id = SL_CLI_UNSET;
  const GOptionEntry entries[] = {
    { "calibration", 'c', 0, G_OPTION_ARG_INT64, &calibration,
      N_ ("The calibration profile (default: the session's)"), N_ ("ID") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_ ("Output format: csv"), N_ ("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("Output file (- for standard output)"),
      N_ ("FILE") },
    { "run", 0, 0, G_OPTION_ARG_INT64, &run_id, N_ ("The run (default: the newest)"), N_ ("ID") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "gaze", _ ("SESSION"),
      _ ("Writes where on the screen the person looked, frame by frame: frame, timestamp (s), x, "
         "y (pixels), on_screen, confidence, in_range (the head near where it was during "
         "calibration), fit."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  status = sl_cli_check_csv_output (ctx, format, output, _ ("The only gaze format is csv."));
  if (status == 0)
    status = sl_cli_check_ids (ctx, "calibration", &calibration, "run", &run_id, NULL);
  if (status != 0)
    return status;

  g_autoptr (SlStore) store = NULL;
  gint64 id;
  g_autoptr (SlSession) s = NULL;
  status = sl_cli_open_session (ctx, session, TRUE, &store, &id, &s);
  if (status != 0)
    return status;
  g_autoptr (SlCalProfile) p = sl_gaze_session_profile (store, s->id, calibration, &error);
  if (p == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (SlGazeRun) gr = sl_gaze_run_load (store, id, run_id, &error);
  if (gr == NULL)
    return sl_cli_fail_with (error);
  SlRun *run = gr->run;
  g_autoptr (GArray) gaze = sl_cal_profile_apply (p, gr->frames);

  g_autoptr (GOutputStream) out = sl_cli_open_output (output, &error);
  if (out == NULL)
    return sl_cli_fail_with (error);
  g_autoptr (GString) text
      = g_string_new ("frame,timestamp,x,y,on_screen,confidence,in_range,fit\n");
  guint with = 0, on = 0, in_range = 0;
  for (guint i = 0; i < gaze->len; i++)
    {
      const SlGazePoint *gp = &g_array_index (gaze, SlGazePoint, i);
      char t[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (text, "%" PRId64 ",%s,", gp->frame,
                              g_ascii_formatd (t, sizeof t, "%.3f", gp->time_s));
      if (isfinite (gp->x))
        {
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];
          g_string_append_printf (text, "%s,%s,%d,%s,%d,%s\n",
                                  g_ascii_formatd (x, sizeof x, "%.1f", gp->x),
                                  g_ascii_formatd (y, sizeof y, "%.1f", gp->y), gp->on_screen,
                                  g_ascii_formatd (c, sizeof c, "%.3f", gp->confidence),
                                  gp->in_range, sl_cal_fit_name (gp->fit));
          with++;
          on += gp->on_screen;
          in_range += gp->in_range;
        }
      else
        g_string_append (text, ",,0,0,0,\n");
      if (text->len > (1 << 16) || i + 1 == gaze->len)
        {
          if (!g_output_stream_write_all (out, text->str, text->len, NULL, NULL, &error))
            return sl_cli_fail_with (error);
          g_string_truncate (text, 0);
        }
    }
  if (!sl_cli_commit_output (out, &error))
    return sl_cli_fail_with (error);
  g_printerr (_ ("Calibration %" PRId64 " on run %" PRId64 ": gaze on %u of %u frames, on the "
                 "screen %.1f %% of those, head in the calibrated range %.1f %%\n"),
              p->id, run->id, with, gaze->len, with ? 100.0 * on / with : 0,
              with ? 100.0 * in_range / with : 0);
  if (with > 0 && in_range < 0.8 * with)
    g_printerr (_ ("Warning: the head is often far from where it was during calibration; the "
                   "mapping is only valid near it.\n"));
  return 0;
}

/* ---- scores ---------------------------------------------------------------- */

typedef struct
{
  char *name;
  SlScoreWeights weights;
} Variant;

static void
variant_clear (gpointer p)
{
  g_free (((Variant *)p)->name);
}

/* "A=0.4,0.6": a name and the weights of jitter and compliance. */
static gboolean
parse_variant (const char *arg, Variant *v, GError **error)
{
  const char *eq = strchr (arg, '=');
  double j, c;
  if (eq == NULL || eq == arg || !parse_pair (eq + 1, ',', &j, &c))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a variant: write NAME=JITTER,COMPLIANCE, like A=0.4,0.6"), arg);
      return FALSE;
    }
  v->weights = (SlScoreWeights){ j, c };
  if (!sl_score_weights_check (v->weights, error))
    return FALSE;
  v->name = g_strndup (arg, eq - arg);
  return TRUE;
}

typedef struct
{
  gint64 session_id;
  char *name;
  gint64 calibration_id;
  SlGazeScores *scores;
} Scored;

static void
scored_clear (gpointer p)
{
  Scored *s = p;
  g_free (s->name);
  sl_gaze_scores_free (s->scores);
}

static gboolean
score_session (SlStore *store, gint64 id, gint64 calibration, const SlScoreOptions *opt,
               Scored *out, GError **error)
{
  g_autoptr (SlSession) s = sl_store_get_session (store, id, error);
  if (s == NULL)
    return FALSE;
  g_autoptr (SlGazeReview) r = sl_gaze_review_load (store, id, calibration, opt, NULL, error);
  if (r == NULL)
    return FALSE;
  out->session_id = id;
  out->name = g_strdup (s->name);
  out->calibration_id = r->calibration_id;
  out->scores = g_steal_pointer (&r->scores);
  return TRUE;
}

static void
print_scores (const Scored *sc, const SlScoreOptions *opt)
{
  const SlGazeScores *s = sc->scores;
  g_print (_ ("Session %" PRId64 " (%s), calibration %" PRId64 ", %d frames\n"), sc->session_id,
           sc->name, sc->calibration_id, s->frames);
  g_print (_ ("  collection rate %6.3f  %s (aim %.2f: frames with an on-screen gaze sample)\n"),
           s->collection_rate, s->collection_rate >= opt->min_collection ? "✓" : "✗",
           opt->min_collection);
  g_print (_ ("  face rate       %6.3f  %s (aim %.2f)\n"), s->face_rate,
           s->face_rate >= opt->min_face ? "✓" : "✗", opt->min_face);
  g_print (_ ("  jitter          %6.3f    (dispersion %.2f° within %d fixations; 0 at %.1f°)\n"),
           s->jitter_score, s->jitter_deg, s->fixations, opt->jitter_max_deg);
  g_print (_ ("  compliance      %6.3f    (share of gaze samples %s)\n"), s->compliance,
           opt->has_region ? _ ("inside the region") : _ ("on the screen"));
  g_print (_ ("  total           %6.3f    (jitter × %.2f + compliance × %.2f)\n"), s->total,
           opt->weights.jitter, opt->weights.compliance);
}

static int
by_total (gconstpointer a, gconstpointer b, G_GNUC_UNUSED gpointer data)
{
  /* (total, index) pairs: the higher total first, then the lower index. */
  const double *x = a, *y = b;
  return x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : (x[1] > y[1]) - (x[1] < y[1]);
}

/* The rank (1 = best) of every session under @w. */
static void
rank_sessions (const GArray *scored, SlScoreWeights w, int *rank)
{
  guint n = scored->len;
  g_autofree double *order = g_new (double, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      const Scored *s = &g_array_index (scored, Scored, i);
      double t = sl_gaze_scores_total (s->scores, w);
      order[2 * i] = isfinite (t) ? t : -1;
      order[2 * i + 1] = i;
    }
  g_qsort_with_data (order, n, 2 * sizeof (double), by_total, NULL);
  for (guint r = 0; r < n; r++)
    rank[(int)order[2 * r + 1]] = r + 1;
}

static void
print_variants (const GArray *scored, const GArray *variants)
{
  guint n = scored->len, nv = variants->len;
  g_autofree int *ranks = g_new0 (int, n *nv);
  g_print ("%-8s %-24s", _ ("session"), _ ("name"));
  for (guint v = 0; v < nv; v++)
    {
      const Variant *var = &g_array_index (variants, Variant, v);
      rank_sessions (scored, var->weights, ranks + v * n);
      g_autofree char *head = g_strdup_printf ("%s %.2f/%.2f", var->name, var->weights.jitter,
                                               var->weights.compliance);
      g_print (" %16s", head);
    }
  g_print ("\n");
  for (guint i = 0; i < n; i++)
    {
      const Scored *s = &g_array_index (scored, Scored, i);
      g_print ("%-8" PRId64 " %-24.24s", s->session_id, s->name);
      for (guint v = 0; v < nv; v++)
        {
          double t = sl_gaze_scores_total (s->scores, g_array_index (variants, Variant, v).weights);
          g_print ("   %6.3f (#%-2d)  ", t, ranks[v * n + i]);
        }
      g_print ("\n");
    }
  const Variant *first = &g_array_index (variants, Variant, 0);
  for (guint v = 1; v < nv; v++)
    {
      const Variant *var = &g_array_index (variants, Variant, v);
      gboolean changed = FALSE;
      for (guint i = 0; i < n; i++)
        if (ranks[v * n + i] != ranks[i])
          {
            const Scored *s = &g_array_index (scored, Scored, i);
            g_print (_ ("%s: session %" PRId64 " moves from #%d under %s to #%d\n"), var->name,
                     s->session_id, ranks[i], first->name, ranks[v * n + i]);
            changed = TRUE;
          }
      if (!changed)
        g_print (_ ("%s: the same ranking as %s\n"), var->name, first->name);
    }
}

int
sl_cli_scores (int argc, char **argv)
{
  g_autofree char *weights = NULL, *region = NULL;
  g_auto (GStrv) variant_args = NULL;
  gboolean json = FALSE;
  gint64 calibration = SL_CLI_UNSET;
  SlScoreOptions opt = SL_SCORE_OPTIONS_DEFAULT;
  const GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json,
            N_ ("Print the scores with their explanations as JSON"), NULL },
          { "weights", 'w', 0, G_OPTION_ARG_STRING, &weights,
            N_ ("Weights of jitter and compliance in the total (default 0.4,0.6)"),
            N_ ("JITTER,COMPLIANCE") },
          { "variants", 0, 0, G_OPTION_ARG_STRING_ARRAY, &variant_args,
            N_ ("Score under several weightings and show where the ranking changes; further "
                "NAME=J,C arguments are variants too"),
            N_ ("NAME=J,C") },
          { "region", 0, 0, G_OPTION_ARG_STRING, &region,
            N_ ("Compliance inside this screen rectangle instead of the whole screen"),
            N_ ("X,Y,W,H") },
          { "min-collection", 0, 0, G_OPTION_ARG_DOUBLE, &opt.min_collection,
            N_ ("Aim for the collection rate (default 0.8)"), N_ ("SHARE") },
          { "min-face", 0, 0, G_OPTION_ARG_DOUBLE, &opt.min_face,
            N_ ("Aim for the face rate (default 0.9)"), N_ ("SHARE") },
          { "jitter-max", 0, 0, G_OPTION_ARG_DOUBLE, &opt.jitter_max_deg,
            N_ ("Dispersion in degrees at which the jitter score is 0 (default 3)"), N_ ("DEG") },
          { "calibration", 'c', 0, G_OPTION_ARG_INT64, &calibration,
            N_ ("Use this calibration profile instead of each session's"), N_ ("ID") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "scores", _ ("SESSION…"),
      _ ("Scores calibrated sessions as interviews: collection rate, face rate, jitter, "
         "compliance and a weighted total, each with what it was computed from."),
      entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  int status = sl_cli_check_ids (ctx, "calibration", &calibration, NULL);
  if (status != 0)
    return status;
  g_autoptr (GArray) variants = g_array_new (FALSE, TRUE, sizeof (Variant));
  g_array_set_clear_func (variants, variant_clear);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) sessions = g_ptr_array_new ();
  for (int i = 0; variant_args != NULL && variant_args[i] != NULL; i++)
    {
      Variant v = { 0 };
      if (!parse_variant (variant_args[i], &v, &error))
        return sl_cli_usage_error (ctx, error->message);
      g_array_append_val (variants, v);
    }
  for (int i = 1; i < argc; i++)
    {
      if (strchr (argv[i], '=') != NULL && variants->len > 0)
        {
          Variant v = { 0 };
          if (!parse_variant (argv[i], &v, &error))
            return sl_cli_usage_error (ctx, error->message);
          g_array_append_val (variants, v);
        }
      else if (sl_cli_check_session_arg (ctx, argv[i]))
        g_ptr_array_add (sessions, argv[i]);
      else
        return 2;
    }
  if (sessions->len == 0)
    return sl_cli_usage_error (
        ctx, _ ("Name at least one session: its number or its recording’s path."));
  if (weights != NULL)
    {
      if (!parse_pair (weights, ',', &opt.weights.jitter, &opt.weights.compliance))
        return sl_cli_usage_error (ctx, _ ("--weights is JITTER,COMPLIANCE, like 0.4,0.6"));
      if (!sl_score_weights_check (opt.weights, &error))
        return sl_cli_usage_error (ctx, error->message);
    }
  if (region != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (region, ",", -1);
      gboolean ok = g_strv_length (parts) == 4;
      for (int k = 0; ok && k < 4; k++)
        {
          char *end;
          opt.region[k] = g_ascii_strtod (parts[k], &end);
          ok = end != parts[k] && *end == '\0' && isfinite (opt.region[k]);
        }
      if (!ok || opt.region[2] <= 0 || opt.region[3] <= 0)
        return sl_cli_usage_error (ctx, _ ("--region is X,Y,W,H in screen pixels, W and H above "
                                           "0, like 0,0,960,1080"));
      opt.has_region = TRUE;
    }
  if (!(opt.jitter_max_deg > 0))
    return sl_cli_usage_error (ctx, _ ("--jitter-max must be above 0"));

  g_autoptr (SlStore) store = sl_cli_open_library_read_only (&error);
  if (store == NULL)
    return sl_cli_fail_with (error);
  for (guint i = 0; i < sessions->len; i++)
    {
      g_autoptr (SlSession) s = sl_cli_find_session (store, sessions->pdata[i], FALSE, &error);
      if (s == NULL)
        return sl_cli_session_error (ctx, error);
      g_array_append_val (ids, s->id);
    }
  g_autoptr (GArray) scored = g_array_new (FALSE, TRUE, sizeof (Scored));
  g_array_set_clear_func (scored, scored_clear);
  for (guint i = 0; i < ids->len; i++)
    {
      Scored sc = { 0 };
      if (!score_session (store, g_array_index (ids, gint64, i), calibration, &opt, &sc, &error))
        return sl_cli_fail_with (error);
      g_array_append_val (scored, sc);
    }

  if (json)
    {
      g_autoptr (GString) out = g_string_new ("[");
      for (guint i = 0; i < scored->len; i++)
        {
          const Scored *sc = &g_array_index (scored, Scored, i);
          g_string_append_printf (
              out, "%s{\"session\":%" PRId64 ",\"calibration\":%" PRId64 ",\"scores\":%s}",
              i > 0 ? ",\n" : "", sc->session_id, sc->calibration_id, sc->scores->explanation);
        }
      g_string_append (out, "]\n");
      g_print ("%s", out->str);
      return 0;
    }
  if (variants->len > 0)
    {
      print_variants (scored, variants);
      return 0;
    }
  for (guint i = 0; i < scored->len; i++)
    print_scores (&g_array_index (scored, Scored, i), &opt);
  return 0;
}
