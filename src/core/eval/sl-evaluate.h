/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measuring the detectors against annotations made by people, in the
 * formats of ../shared/testdata (README there):
 *   faces      dlib imglab XML (training.xml, testing.xml): face boxes;
 *              recall and precision of detections at IoU ≥ 0.5, matched
 *              greedily by score.
 *   landmarks  iBUG .pts (1-based) or menpo .ljson ([row, column]) beside
 *              an image of the same name: mean point-to-point error over
 *              the 68 points divided by the outer-eye-corner distance.
 *   blink      Eyeblink8 .tag files beside their videos (ZJU, Eyeblink8):
 *              per-blink recall, precision and F1, a detection counting
 *              when it overlaps an annotated blink in time.  Annotation
 *              frame k is the file's k-th packet, so its frame index comes
 *              from that packet's timestamp (docs/formats.md).
 *   gaze       calibration feature files (*.csv: features, then point_x,
 *              point_y; the ruxailab sessions): per session the mean
 *              leave-one-target-out error in screen pixels, first and
 *              second order.
 *   rppg       videos named SUBJECT_REGION beside a CSV of "SUBJECT,bpm"
 *              rows (the rPPG India set): each video's mean heart rate
 *              (the rppg processor's run metric) and, per subject, the
 *              mean over its videos against the reference.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *item;       /* image file name */
  int truth;        /* annotated faces (faces) */
  int tp, fp, fn;   /* faces, blinks */
  int ignored;      /* detections outside the annotated frames (blinks) */
  double error;     /* normalised landmark error (landmarks); estimate − reference (rppg) */
  char *group;      /* the subject a recording belongs to (rppg) */
  double estimate;  /* the measured value (rppg: mean bpm) */
  double quality;   /* its quality (rppg: SNR in dB) */
  double reference; /* the annotated value (rppg: bpm) */
  /* blink: eyes on frames annotated open / fully closed, and how many of
   * them the pupils processor gave a pupil */
  int open_eyes, open_pupils, shut_eyes, shut_pupils;
  /* gaze: targets, samples, and the mean leave-one-target-out error in
   * screen pixels of the first- and second-order fits */
  int targets, samples;
  double loto[2];
} SlEvalRow;

typedef struct
{
  GPtrArray *rows;   /* SlEvalRow */
  GPtrArray *groups; /* SlEvalRow per subject (rppg) */
  int tp, fp, fn, ignored;
  int open_eyes, open_pupils, shut_eyes, shut_pupils;
  double loto_mean[2], loto_median[2]; /* gaze: over the sessions */
  double recall, precision, f1;
  double mean_error;
} SlEvalReport;

SlEvalReport *sl_eval_report_new (void);
void sl_eval_report_free (SlEvalReport *report);
/* A row named by @path relative to @dir, added by the caller. */
SlEvalRow *sl_eval_row_new (const char *path, const char *dir);
/* Recall, precision and F1 from the report's counts. */
void sl_eval_report_totals (SlEvalReport *report);
/* The files under @dir whose names end in one of @suffixes (NULL-
 * terminated), and with @subfolders those one folder down, as full paths
 * in file-manager order; NULL with @error when @dir cannot be read. */
GPtrArray *sl_eval_find_files (const char *dir, const char *const *suffixes, gboolean subfolders,
                               GError **error);
/* The file beside @path with the same name and one of @suffixes, or NULL. */
char *sl_eval_file_beside (const char *path, const char *const *suffixes);
/* The recordings' suffixes the evaluations look for. */
extern const char *const sl_eval_video_suffixes[];

/* Orders paths as a file manager does ("2/…" before "10/…"). */
int sl_eval_compare_paths (const char **a, const char **b);

/* @input_size: 128 (short-range model) or 256 (full-range). */
SlEvalReport *sl_evaluate_faces (const char *dir, int input_size, float min_score, GError **error);
SlEvalReport *sl_evaluate_landmarks (const char *dir, GError **error);
SlEvalReport *sl_evaluate_gaze (const char *dir, GError **error);
/* Analyses each annotated recording under @dir (and its subfolders) in a
 * throw-away library, with @sets ("processor.param=value", may be NULL)
 * applied, and @threads workers. */
SlEvalReport *sl_evaluate_blinks (const char *dir, char *const *sets, int threads,
                                  GCancellable *cancellable, GError **error);
SlEvalReport *sl_evaluate_rppg (const char *dir, char *const *sets, int threads,
                                GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvalReport, sl_eval_report_free)

G_END_DECLS
