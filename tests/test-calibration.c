/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gaze calibration fit: a known mapping is recovered exactly from
 * synthetic features, degrades as noise grows, and bad feature files are
 * refused with a reason.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-calibration.h"
#include "sl-error.h"
#include "sl-test-util.h"

/* A 3×3 grid of targets, 20 samples each; features are a known function
 * of the target (the inverse of the mapping to recover) plus noise. */
static GArray *
synthetic (int order, double noise, guint seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  GArray *a = g_array_new (FALSE, TRUE, sizeof (SlCalSample));
  int t = 0;
  for (int gy = 0; gy < 3; gy++)
    for (int gx = 0; gx < 3; gx++, t++)
      for (int k = 0; k < 20; k++)
        {
          SlCalSample s = { { 0 } };
          /* the features a target gives, before noise */
          double u = -1 + gx, v = -1 + gy;
          s.f[0] = u + noise * g_rand_double_range (rand, -1, 1);
          s.f[1] = v + noise * g_rand_double_range (rand, -1, 1);
          /* the mapping: screen = polynomial of the true features */
          s.x = 960 + 700 * u + (order == 2 ? 120 * u * u - 80 * u * v : 0);
          s.y = 540 + 400 * v + (order == 2 ? 60 * v * v + 30 * u * v : 0);
          s.target = t;
          g_array_append_val (a, s);
        }
  g_rand_free (rand);
  return a;
}

static double
fit_rms (GArray *a, int order)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalModel) m = sl_cal_fit ((const SlCalSample *)a->data, a->len, 2, order, &error);
  g_assert_no_error (error);
  double sum = 0;
  for (guint i = 0; i < a->len; i++)
    {
      const SlCalSample *s = &g_array_index (a, SlCalSample, i);
      double x, y;
      sl_cal_predict (m, s->f, &x, &y);
      sum += (x - s->x) * (x - s->x) + (y - s->y) * (y - s->y);
    }
  return sqrt (sum / a->len);
}

static void
test_exact (void)
{
  for (int order = 1; order <= 2; order++)
    {
      g_autoptr (GArray) a = synthetic (order, 0, 1);
      double rms = fit_rms (a, order);
      g_test_message ("order %d, no noise: RMS %.2e px", order, rms);
      g_assert_cmpfloat (rms, <, 1e-6);
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) loto
          = sl_cal_leave_one_target_out ((const SlCalSample *)a->data, a->len, 2, order, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loto->len, ==, 9);
      for (guint k = 0; k < loto->len; k++)
        g_assert_cmpfloat (g_array_index (loto, SlCalTargetError, k).error_px, <, 1e-6);
    }
  /* A second-order mapping is not recovered by a first-order fit. */
  g_autoptr (GArray) curved = synthetic (2, 0, 1);
  g_assert_cmpfloat (fit_rms (curved, 1), >, 20);
}

static void
test_noise (void)
{
  double last = 0;
  for (int level = 1; level <= 3; level++)
    {
      double noise = 0.02 * level * level;
      g_autoptr (GArray) a = synthetic (2, noise, 7);
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) loto
          = sl_cal_leave_one_target_out ((const SlCalSample *)a->data, a->len, 2, 2, &error);
      g_assert_no_error (error);
      double mean = 0;
      for (guint k = 0; k < loto->len; k++)
        mean += g_array_index (loto, SlCalTargetError, k).error_px / loto->len;
      g_test_message ("noise %.2f: leave-one-target-out %.1f px", noise, mean);
      g_assert_cmpfloat (mean, >, last);
      last = mean;
    }
}

static void
test_bad_files (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "cal.csv", NULL);
  struct
  {
    const char *text, *fragment;
  } bad[] = {
    { "x,y\n1,2\n", "point_x" },
    { "a,point_x,point_y\n1,2\n", "columns" },
    { "a,point_x,point_y\n1,two,3\n", "not a number" },
    { "a,point_x,point_y\n", "no samples" },
    { "a,point_x,point_y\nnan,1,1\n", "not a number" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_file_set_contents (csv, bad[i].text, -1, NULL);
      int n;
      g_assert_null (sl_cal_read_features (csv, &n, NULL, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
    }
  /* Three targets cannot be left out one by one; too few samples for
   * the terms. */
  g_file_set_contents (csv, "a,point_x,point_y\n1,0,0\n2,0,0\n3,9,9\n4,9,9\n5,5,5\n", -1, NULL);
  int n;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) s = sl_cal_read_features (csv, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (sl_cal_leave_one_target_out ((const SlCalSample *)s->data, s->len, n, 1, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (sl_cal_fit ((const SlCalSample *)s->data, 2, n, 2, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/calibration/exact", test_exact);
  g_test_add_func ("/core/calibration/noise", test_noise);
  g_test_add_func ("/core/calibration/bad-files", test_bad_files);
  return g_test_run ();
}
