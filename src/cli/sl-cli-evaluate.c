/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline evaluate`: accuracy against a reference data set, in throw-away libraries.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "eval/sl-evaluate.h"
#include "sl-cli-private.h"

static int opt_threads = 2;
static char **opt_set;

static char *opt_kind;
static char *opt_dataset;
static char *opt_model;
static double opt_min_score = 0.5;

typedef SlEvalReport *(*RunsEvaluator) (const char *dir, char *const *sets, int threads,
                                        GCancellable *cancellable, GError **error);

typedef struct
{
  RunsEvaluator evaluate;
  GCancellable *cancellable;
  GMainLoop *loop;
  SlEvalReport *report;
  GError *error;
} EvalJob;

static gboolean
on_sigint_discard (gpointer data)
{
  g_printerr ("\n%s\n", _ ("Cancelling… (the throw-away libraries are removed)"));
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

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

int
sl_cli_evaluate (int argc, char **argv)
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
