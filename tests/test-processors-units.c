/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One test per processor that the contract tests (test-processors.c) do
 * not exercise on frames it can use: quality, iris, pupils, gaze and
 * saccades, each on synthetic frames or rows whose answer is known.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "processors/sl-processors.h"
#include "sl-test-processors.h"

/* A grey frame with a fine checkerboard over @face_box (sharp), or flat
 * (blurred), at a mean level of @level. */
static guint8 *
make_frame (int w, int h, int level, gboolean sharp)
{
  guint8 *px = g_malloc ((gsize)w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int v = level;
        if (sharp)
          v += ((x / 2 + y / 2) % 2) ? 20 : -20;
        memset (px + 3 * ((gsize)y * w + x), CLAMP (v, 0, 255), 3);
      }
  return px;
}

/* A face box and two level eyes inside it, @tilt degrees rolled. */
static SlFaceResult
face_at (float x, float y, float size, double tilt)
{
  SlFaceResult f = { .success = TRUE, .box = { x, y, size, size } };
  double c = cos (tilt * G_PI / 180), s = sin (tilt * G_PI / 180);
  for (int e = 0; e < 2; e++)
    {
      float ex = x + size * (e == 0 ? 0.3f : 0.7f), ey = y + size * 0.4f;
      for (int k = 0; k < 6; k++)
        {
          double dx = ex - (x + size / 2), dy = ey - (y + size / 2);
          f.points[2 * (36 + 6 * e + k)] = (float)(x + size / 2 + c * dx - s * dy) + k % 2;
          f.points[2 * (36 + 6 * e + k) + 1] = (float)(y + size / 2 + s * dx + c * dy);
        }
    }
  return f;
}

static double
quality_of (const SlPlan *plan, const SlvImage *img, const SlFaceResult *face, double *out)
{
  const SlProcessorInfo *q = sl_processors_find ("quality");
  g_autoptr (GError) error = NULL;
  sl_test_clear_row (out, plan);
  SlFrameContext ctx = sl_test_context (q, plan, img, face, out);
  g_assert_true (q->process (NULL, &ctx, &error));
  return out[5]; /* reason */
}

/* Each reason on a frame made to have it, and the measures behind it. */
static void
test_quality (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  g_autofree double *out = sl_test_new_row (plan);
  const int w = 320, h = 240;
  g_autofree guint8 *sharp = make_frame (w, h, 128, TRUE);
  g_autofree guint8 *flat = make_frame (w, h, 128, FALSE);
  g_autofree guint8 *dark = make_frame (w, h, 20, TRUE);
  g_autofree guint8 *bright = make_frame (w, h, 240, TRUE);
  SlvImage i_sharp = { w, h, w * 3, sharp }, i_flat = { w, h, w * 3, flat };
  SlvImage i_dark = { w, h, w * 3, dark }, i_bright = { w, h, w * 3, bright };
  SlFaceResult face = face_at (100, 60, 120, 0), none = { .success = FALSE };

  g_assert_cmpfloat (quality_of (plan, &i_sharp, &face, out), ==, 0); /* usable */
  g_assert_cmpfloat_with_epsilon (out[0], 128, 1);                    /* brightness */
  g_assert_cmpfloat_with_epsilon (out[1], 20, 1);                     /* contrast */
  g_assert_cmpfloat (out[2], >, 15);                                  /* sharp */
  g_assert_cmpfloat (out[3], ==, 120);                                /* face size */
  g_assert_cmpfloat_with_epsilon (out[4], 0, 1);                      /* level eyes */

  g_assert_cmpfloat (quality_of (plan, &i_sharp, &none, out), ==, 1); /* no face */
  g_assert_true (isnan (out[3]));
  g_assert_cmpfloat (quality_of (plan, &i_dark, &face, out), ==, 2);
  g_assert_cmpfloat (quality_of (plan, &i_bright, &face, out), ==, 3);
  g_assert_cmpfloat (quality_of (plan, &i_flat, &face, out), ==, 4);
  g_assert_cmpfloat (out[2], <, 1); /* no edges at all */
  SlFaceResult small = face_at (100, 60, 30, 0);
  g_assert_cmpfloat (quality_of (plan, &i_sharp, &small, out), ==, 5);
  SlFaceResult tilted = face_at (100, 60, 120, 60);
  g_assert_cmpfloat (quality_of (plan, &i_sharp, &tilted, out), ==, 6);
  g_assert_cmpfloat_with_epsilon (out[4], 60, 2);

  /* The limits are parameters: a lower one makes the blurred frame usable. */
  g_assert_true (sl_plan_set (plan, "quality.blur=0", &error));
  g_assert_cmpfloat (quality_of (plan, &i_flat, &face, out), ==, 0);
}

/* An eye: light sclera, a dark iris disc at (@cx, @cy), the six iBUG
 * points of an open eye (EAR 0.3) around it. */
static void
draw_eye (guint8 *px, int w, float *points, int first, float x0, float y0, float cx, float cy)
{
  sl_test_set_eye (points, first, x0, y0, 0.3);
  for (int y = (int)y0 - 10; y <= (int)y0 + 10; y++)
    for (int x = (int)x0; x <= (int)x0 + 30; x++)
      {
        double d = hypot (x - cx, y - cy);
        memset (px + 3 * ((gsize)y * w + x), d < 5 ? 30 : 220, 3);
      }
}

/* The iris centre is found where the dark disc is, in each eye; a shut
 * eye is not searched. */
static void
test_iris (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  g_autofree double *out = sl_test_new_row (plan);
  const int w = 320, h = 240;
  g_autofree guint8 *px = make_frame (w, h, 160, FALSE);
  SlFaceResult face = { .success = TRUE, .box = { 80, 60, 160, 160 } };
  draw_eye (px, w, face.points, 36, 100, 120, 112, 121);
  draw_eye (px, w, face.points, 42, 180, 120, 197, 119);
  SlvImage img = { w, h, w * 3, px };
  const SlProcessorInfo *iris = sl_processors_find ("iris");
  SlFrameContext ctx = sl_test_context (iris, plan, &img, &face, out);
  g_assert_true (iris->process (NULL, &ctx, &error));
  g_test_message ("left %.1f,%.1f (%.2f) right %.1f,%.1f (%.2f)", out[0], out[1], out[2], out[3],
                  out[4], out[5]);
  g_assert_cmpfloat (hypot (out[0] - 112, out[1] - 121), <, 2);
  g_assert_cmpfloat (hypot (out[3] - 197, out[4] - 119), <, 2);
  g_assert_cmpfloat (out[2], >, 0.05);
  g_assert_cmpfloat (out[5], >, 0.05);

  /* The right eye shut (EAR 0.05, below min_ear): no centre there. */
  sl_test_set_eye (face.points, 42, 180, 120, 0.05);
  sl_test_clear_row (out, plan);
  g_assert_true (iris->process (NULL, &ctx, &error));
  g_assert_true (isfinite (out[0]));
  g_assert_true (isnan (out[3]) && isnan (out[4]) && isnan (out[5]));
}

/* The temporal stage's row for the pupils and gaze processors. */
typedef struct
{
  double left[2], right[2]; /* pupil centres */
  double closed;            /* eyes.closed */
  double yaw, pitch;        /* head pose */
} EyeRow;

static void
fill_row (double *row, const SlPlan *plan, const EyeRow *e)
{
  sl_test_clear_row (row, plan);
  row[sl_plan_slot (plan, "iris.left_x")] = e->left[0];
  row[sl_plan_slot (plan, "iris.left_y")] = e->left[1];
  row[sl_plan_slot (plan, "iris.left_confidence")] = 0.5;
  row[sl_plan_slot (plan, "iris.right_x")] = e->right[0];
  row[sl_plan_slot (plan, "iris.right_y")] = e->right[1];
  row[sl_plan_slot (plan, "iris.right_confidence")] = 0.4;
  row[sl_plan_slot (plan, "eyes.closed")] = e->closed;
  row[sl_plan_slot (plan, "head_pose.yaw")] = e->yaw;
  row[sl_plan_slot (plan, "head_pose.pitch")] = e->pitch;
}

/* Runs one temporal processor on @row with @face. */
static void
run_on_row (const char *id, const SlPlan *plan, const SlFaceResult *face, double *row)
{
  const SlProcessorInfo *p = sl_processors_find (id);
  g_autoptr (GError) error = NULL;
  guint i = 0;
  while (sl_plan_processor (plan, i) != p)
    i++;
  SlFrameContext ctx
      = { NULL, face, sl_plan_params (plan, i),    row + sl_plan_first_slot (plan, i), row, plan,
          NULL, NULL, sl_plan_need_slots (plan, i) };
  g_assert_true (p->process (NULL, &ctx, &error));
}

/* Pupils pass the iris centres on for open eyes only. */
static void
test_pupils (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  g_autofree double *row = sl_test_new_row (plan);
  SlFaceResult face = { .success = TRUE };
  int lx = sl_plan_slot (plan, "pupils.left_x"),
      rc = sl_plan_slot (plan, "pupils.right_confidence");
  EyeRow open = { { 110, 120 }, { 190, 121 }, 0, 0, 0 };
  fill_row (row, plan, &open);
  run_on_row ("pupils", plan, &face, row);
  g_assert_cmpfloat (row[lx], ==, 110);
  g_assert_cmpfloat (row[rc], ==, 0.4);

  const double not_open[] = { 1, NAN };
  for (guint k = 0; k < G_N_ELEMENTS (not_open); k++)
    {
      EyeRow e = open;
      e.closed = not_open[k];
      fill_row (row, plan, &e);
      run_on_row ("pupils", plan, &face, row);
      g_assert_true (isnan (row[lx]));
      g_assert_true (isnan (row[rc]));
    }
}

/* Gaze features in the eye's corner frame and the coarse direction. */
static void
test_gaze (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  g_autofree double *row = sl_test_new_row (plan);
  SlFaceResult face = { .success = TRUE };
  /* Corners 30 px apart: 36 (100,100)–39 (130,100), 42 (170,100)–45 (200,100). */
  face.points[2 * 36] = 100, face.points[2 * 39] = 130;
  face.points[2 * 42] = 170, face.points[2 * 45] = 200;
  for (int k = 36; k <= 45; k++)
    face.points[2 * k + 1] = 100;
  int h = sl_plan_slot (plan, "gaze.h"), v = sl_plan_slot (plan, "gaze.v");
  int gyaw = sl_plan_slot (plan, "gaze.yaw"), gpitch = sl_plan_slot (plan, "gaze.pitch");
  int hor = sl_plan_slot (plan, "gaze.horizontal"), ver = sl_plan_slot (plan, "gaze.vertical");

  /* Pupils 6 px towards the image right, 3 px down: h 0.2, v 0.1. */
  EyeRow side = { { 121, 103 }, { 191, 103 }, 0, 0, 0 };
  fill_row (row, plan, &side);
  row[sl_plan_slot (plan, "pupils.left_x")] = side.left[0];
  row[sl_plan_slot (plan, "pupils.left_y")] = side.left[1];
  row[sl_plan_slot (plan, "pupils.right_x")] = side.right[0];
  row[sl_plan_slot (plan, "pupils.right_y")] = side.right[1];
  run_on_row ("gaze", plan, &face, row);
  g_assert_cmpfloat_with_epsilon (row[h], 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (row[v], 0.1, 1e-9);
  /* On an eyeball of 0.4 widths: asin (0.5) = 30° to the person's left,
   * asin (0.25) = 14.5° down. */
  g_assert_cmpfloat_with_epsilon (row[gyaw], -30, 1e-6);
  g_assert_cmpfloat_with_epsilon (row[gpitch], 14.4775, 1e-3);
  g_assert_cmpfloat (row[hor], ==, -1);
  g_assert_cmpfloat (row[ver], ==, 1);

  /* Centred pupils, the head turned 40° right: the gaze follows the head. */
  EyeRow ahead = { { 115, 100 }, { 185, 100 }, 0, 40, 0 };
  fill_row (row, plan, &ahead);
  row[sl_plan_slot (plan, "pupils.left_x")] = 115;
  row[sl_plan_slot (plan, "pupils.left_y")] = 100;
  row[sl_plan_slot (plan, "pupils.right_x")] = 185;
  row[sl_plan_slot (plan, "pupils.right_y")] = 100;
  run_on_row ("gaze", plan, &face, row);
  g_assert_cmpfloat_with_epsilon (row[gyaw], 40, 1e-9);
  g_assert_cmpfloat (row[hor], ==, 1);
  g_assert_cmpfloat (row[ver], ==, 0);

  /* Eyes closed: no gaze at all. */
  ahead.closed = 1;
  fill_row (row, plan, &ahead);
  run_on_row ("gaze", plan, &face, row);
  g_assert_true (isnan (row[h]) && isnan (row[gyaw]) && isnan (row[hor]));
}

/* Three fixations a second each, at 0°, 20° and −10° of yaw, with an
 * instant move between them. */
static void
fixations_script (int frame, double t, SlFaceResult *face, double *row, const SlPlan *plan,
                  gpointer data)
{
  row[sl_plan_slot (plan, "gaze.yaw")] = t < 1 ? 0 : t < 2 ? 20 : -10;
  row[sl_plan_slot (plan, "gaze.pitch")] = 2;
}

static void
test_saccades (void)
{
  const char *const methods[][2] = { { "saccades.method=0", NULL }, { "saccades.method=1", NULL } };
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_auto (Scripted) r = { 0 };
      sl_test_run_script (&r, methods[m], 3 * 30, 30, fixations_script, NULL);
      guint n = sl_test_count_kind (&r, "fixation");
      g_test_message ("%s: %u fixations", methods[m][0], n);
      g_assert_cmpuint (n, ==, 3);
      /* Within the first fixation the gaze is still; at the jump it moves. */
      g_assert_cmpfloat (sl_test_signal_at (&r, 15, "saccades.fixation"), ==, 1);
      g_assert_cmpfloat (sl_test_signal_at (&r, 45, "saccades.fixation"), ==, 1);
      g_assert_cmpfloat (sl_test_signal_at (&r, 89, "saccades.saccade_rate"), >, 0);
      const SlEvent *first = sl_test_first_of_kind (&r, "fixation");
      g_assert_cmpfloat (first->start_s, <, 0.2);
      g_assert_cmpfloat_with_epsilon (first->end_s - first->start_s, 1, 0.25);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/core/processors/quality", test_quality);
  g_test_add_func ("/core/processors/iris", test_iris);
  g_test_add_func ("/core/processors/pupils", test_pupils);
  g_test_add_func ("/core/processors/gaze", test_gaze);
  g_test_add_func ("/core/processors/saccades", test_saccades);
  return g_test_run ();
}
