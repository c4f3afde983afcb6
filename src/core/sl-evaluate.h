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
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *item;     /* image file name */
  int truth;      /* annotated faces (faces) */
  int tp, fp, fn; /* faces */
  double error;   /* normalised landmark error (landmarks) */
} SlEvalRow;

typedef struct
{
  GPtrArray *rows; /* SlEvalRow */
  int tp, fp, fn;
  double recall, precision;
  double mean_error;
} SlEvalReport;

void sl_eval_report_free (SlEvalReport *report);

/* @input_size: 128 (short-range model) or 256 (full-range). */
SlEvalReport *sl_evaluate_faces (const char *dir, int input_size, float min_score, GError **error);
SlEvalReport *sl_evaluate_landmarks (const char *dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvalReport, sl_eval_report_free)

G_END_DECLS
