/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drawing library without a display: overlay layers, timeline
 * strips, thumbnails and charts drawn into a cairo image surface, the strips' grammar and its bad
 * inputs, and every signal a layer reads being one a processor provides.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "draw/sl-chart-calibration.h"
#include "draw/sl-chart-drift.h"
#include "draw/sl-chart-explanation.h"
#include "draw/sl-thumbnail.h"
#include "gaze/sl-cal-profile-private.h"
#include "draw/sl-gaze-inset.h"
#include "draw/sl-overlay.h"
#include "draw/sl-strip.h"
#include "processors/sl-processors.h"

/* Pixels within @tolerance of @c in the surface. */
static int
count_near (cairo_surface_t *surface, const SlRgba *c, double tolerance)
{
  cairo_surface_flush (surface);
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface), n = 0;
  const unsigned char *data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *)(gconstpointer)(data + y * stride + 4 * x);
        double r = ((px >> 16) & 0xff) / 255.0, g = ((px >> 8) & 0xff) / 255.0,
               b = (px & 0xff) / 255.0;
        n += fabs (r - c->red) < tolerance && fabs (g - c->green) < tolerance
             && fabs (b - c->blue) < tolerance;
      }
  return n;
}

/* Pixels within 0.1 of @c. */
static int
count_color (cairo_surface_t *surface, const SlRgba *c)
{
  return count_near (surface, c, 0.1);
}

static void
test_layers_read_provided_signals (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  const SlOverlayLayer *const *all = sl_overlays_all ();
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_assert_true (sl_overlays_find (all[i]->id) == all[i]);
      for (guint k = 0; all[i]->signals != NULL && all[i]->signals[k] != NULL; k++)
        {
          g_test_message ("%s reads %s", all[i]->id, all[i]->signals[k]);
          g_assert_cmpint (sl_plan_slot (plan, all[i]->signals[k]), >=, 0);
        }
    }
  g_autoptr (GPtrArray) strips = sl_strips_default ();
  for (guint i = 0; i < strips->len; i++)
    {
      const SlStrip *s = strips->pdata[i];
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      sl_strip_add_signals (s, names);
      for (guint k = 0; k < names->len; k++)
        {
          g_test_message ("%s draws %s", s->label, (const char *)names->pdata[k]);
          g_assert_cmpint (sl_plan_slot (plan, names->pdata[k]), >=, 0);
        }
      /* Each guide's parameter is one its processor has. */
      for (guint k = 0; k < s->guides->len; k++)
        {
          const char *param = g_array_index (s->guides, SlStripGuide, k).param;
          if (param == NULL)
            continue;
          g_autofree char *id = g_strndup (param, strchr (param, '.') - param);
          const SlProcessorInfo *info = sl_processors_find (id);
          g_assert_nonnull (info);
          gboolean has = FALSE;
          for (guint j = 0; j < info->n_params; j++)
            has |= g_str_equal (info->params[j].name, strchr (param, '.') + 1);
          g_test_message ("%s measures against %s", s->label, param);
          g_assert_true (has);
        }
    }
}

/* The face box and the head's axes land where the face is, in an image
 * surface: no window needed. */
static void
test_overlays_offscreen (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 240);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  SlFaceResult face
      = { .frame = 7, .success = TRUE, .confidence = 0.9f, .box = { 100, 60, 120, 120 } };
  for (int k = 0; k < SL_LANDMARK_POINTS; k++)
    {
      face.points[2 * k] = 110 + (k % 10) * 10;
      face.points[2 * k + 1] = 70 + (k / 10) * 14;
    }
  const char *names[] = { "head_pose.yaw", "head_pose.pitch", "head_pose.roll",
                          "head_pose.tx",  "head_pose.ty",    "head_pose.tz" };
  g_autoptr (SlOverlayValues) values = sl_overlay_values_new (names, G_N_ELEMENTS (names));
  double *v = sl_overlay_values_data (values);
  double pose[] = { 10, -5, 3, 0, 0, 600 };
  for (int k = 0; k < 6; k++)
    v[k] = pose[k];
  const SlDrawStyle *style = sl_draw_style_default ();
  SlOverlayContext ctx = { .cr = cr,
                           .scale = 1,
                           .width = 320,
                           .height = 240,
                           .style = style,
                           .result = &face,
                           .face = &face,
                           .exact = TRUE,
                           .analysed = TRUE,
                           .focal_scale = 1,
                           .frame = 7,
                           .duration_s = 10,
                           .values = values };
  g_assert_cmpfloat (sl_overlay_value (&ctx, "head_pose.tz"), ==, 600);
  g_assert_true (isnan (sl_overlay_value (&ctx, "eyes.closed")));
  const SlOverlayLayer *box[] = { sl_overlays_find ("face-box") };
  sl_overlays_draw (box, 1, &ctx);
  int accent = count_color (surface, &style->accent);
  g_test_message ("face box: %d accent pixels", accent);
  g_assert_cmpint (accent, >, 2 * 120 * 2);
  const SlOverlayLayer *axes[] = { sl_overlays_find ("head-pose") };
  g_assert_cmpint (count_color (surface, &style->success), ==, 0);
  sl_overlays_draw (axes, 1, &ctx);
  g_assert_cmpint (count_color (surface, &style->success), >, 20);
  /* Without a face, the layers that need one draw nothing. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ctx.face = NULL;
  sl_overlays_draw (box, 1, &ctx);
  g_assert_cmpint (count_color (surface, &style->accent), ==, 0);
  cairo_surface_write_to_png (surface, "/dev/null");
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_strip_grammar (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStrip) s = sl_strip_parse ("a.x, a.y | Both | -1 2.5 | blink  yawn ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->signals[0], ==, "a.x");
  g_assert_cmpstr (s->signals[1], ==, "a.y");
  g_assert_cmpstr (s->label, ==, "Both");
  g_assert_cmpfloat (s->lo, ==, -1);
  g_assert_cmpfloat (s->hi, ==, 2.5);
  g_assert_cmpuint (g_strv_length (s->events), ==, 2);
  g_autoptr (SlStrip) own = sl_strip_parse ("b.z | Own range |  |", &error);
  g_assert_no_error (error);
  g_assert_true (isnan (own->lo) && isnan (own->hi));
  g_autoptr (SlStrip) guided = sl_strip_parse (
      "a.x,a.y | XY; X; Y | 0 1 | blink | baseline a.b; below a.b p.drop; 2: around a.n p.max; "
      "level p.lim",
      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guided->curve_labels[1], ==, "Y");
  g_assert_cmpuint (guided->guides->len, ==, 4);
  const SlStripGuide *g2 = &g_array_index (guided->guides, SlStripGuide, 2);
  g_assert_cmpint (g2->kind, ==, SL_GUIDE_AROUND);
  g_assert_cmpint (g2->curve, ==, 1);
  g_assert_cmpstr (g2->signal, ==, "a.n");
  g_assert_cmpstr (g2->param, ==, "p.max");
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  sl_strip_add_signals (guided, names);
  g_assert_cmpuint (names->len, ==, 4); /* a.x, a.y, a.b once, a.n */
  g_autoptr (SlStrip) lane = sl_strip_parse (" | State | | state alert", &error);
  g_assert_no_error (error);
  g_assert_true (sl_strip_is_lane (lane));
  g_assert_true (sl_strip_shows_kind (lane, "alert"));
  g_assert_false (sl_strip_shows_kind (lane, "no_face"));
  g_assert_true (sl_strip_shows_kind (s, "no_face"));
  const char *const bad[] = {
    "a.x | L | 0 1 | e | level nodot",
    "a.x | L | 0 1 | e | 2: level p.q",
    "a.x | L | 0 1 | e | below a.b",
    "a.x | L | 0 1 | e | around a.b p.q extra",
    "a.x | L; M | 0 1 | e |",
    "a.x,a.y | L; | 0 1 | e |",
    "a.x,a.y | L; M | 0 1 | e |",
    "a.x,a.y | L; M; | 0 1 | e |",
    " | Lane | | |",
    " | Lane | 0 1 | state |",
    " | Lane | | state | baseline a.b",
    "a.x | L | 0 1 | e | | more",
    "",
    "a.x",
    "a.x | L | 0 1",
    "a.x | L | 0 1 | e | more",
    " | L | 0 1 |",
    "a.x |  | 0 1 |",
    "a.x | L | 1 0 |",
    "a.x | L | 0 |",
    "a.x | L | 0 1 2 |",
    "a.x | L | 0 nan |",
    "a,b,c | L | |",
    "a.x | L | 0 1e999 |",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) e = NULL;
      g_assert_null (sl_strip_parse (bad[i], &e));
      g_assert_nonnull (e);
      g_test_message ("%s → %s", bad[i], e->message);
    }
}

/* A strip of a signal with its own range: the curve spans the strip. */
static void
test_strip_offscreen (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 40);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  g_autoptr (SlStrip) s = sl_strip_new_for_signal ("quality.brightness");
  g_autoptr (GArray) series = g_array_new (FALSE, FALSE, sizeof (SlSample));
  for (int f = 0; f < 100; f++)
    {
      SlSample smp = { f, 1000 + 10 * sin (f / 10.0) };
      g_array_append_val (series, smp);
    }
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (by_name, (gpointer) "quality.brightness", series);
  SlStripData data = { by_name, NULL, NULL };
  SlStripPlace place = { .x = 100,
                         .width = 300,
                         .top = 2,
                         .height = 36,
                         .first_frame = 0,
                         .frame_count = 100,
                         .label_alpha = 1,
                         .fg = { 0, 0, 0, 1 },
                         .accent = { 0, 0, 1, 1 } };
  sl_strip_draw (cr, s, &data, &place, sl_draw_style_default ());
  /* Dark pixels in the top and the bottom quarter of the plot: the curve
   * uses the whole height for its own range. */
  cairo_surface_flush (surface);
  int stride = cairo_image_surface_get_stride (surface), top = 0, bottom = 0;
  const unsigned char *d = cairo_image_surface_get_data (surface);
  for (int y = 2; y < 38; y++)
    for (int x = 100; x < 400; x++)
      if ((*(const guint32 *)(gconstpointer)(d + y * stride + 4 * x) & 0xff) < 100)
        {
          top += y < 11;
          bottom += y >= 29;
        }
  g_assert_cmpint (top, >, 0);
  g_assert_cmpint (bottom, >, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Pixels in row @y from @x0 to @x1 clearly not white. */
static int
dark_in_row (cairo_surface_t *surface, int y, int x0, int x1)
{
  cairo_surface_flush (surface);
  int stride = cairo_image_surface_get_stride (surface), n = 0;
  const unsigned char *d = cairo_image_surface_get_data (surface);
  for (int x = x0; x < x1; x++)
    n += (*(const guint32 *)(gconstpointer)(d + y * stride + 4 * x) & 0xff) < 200;
  return n;
}

/* Guides land where the run's parameters put them: a level at its value,
 * a threshold under a baseline at baseline × (1 − drop), and none at all
 * when the run does not have the parameter. */
static void
test_strip_guides_offscreen (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStrip) s
      = sl_strip_parse ("a.x | A | 0 1 | | level p.lim; below a.b p.drop", &error);
  g_assert_no_error (error);
  g_autoptr (GArray) base = g_array_new (FALSE, FALSE, sizeof (SlSample));
  for (int f = 0; f < 100; f++)
    {
      SlSample smp = { f, 0.8 };
      g_array_append_val (base, smp);
    }
  g_autoptr (GHashTable) series = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (series, (gpointer) "a.b", base);
  g_autoptr (GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  double lim = 0.25, drop = 0.5;
  g_hash_table_insert (params, (gpointer) "p.lim", g_memdup2 (&lim, sizeof lim));
  g_hash_table_insert (params, (gpointer) "p.drop", g_memdup2 (&drop, sizeof drop));
  SlStripPlace place = { .x = 100,
                         .width = 300,
                         .top = 0,
                         .height = 100,
                         .first_frame = 0,
                         .frame_count = 100,
                         .label_alpha = 1,
                         .fg = { 0, 0, 0, 1 },
                         .accent = { 0, 0, 1, 1 } };
  for (int with = 0; with < 2; with++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 100);
      cairo_t *cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      SlStripData data = { series, NULL, with ? params : NULL };
      sl_strip_draw (cr, s, &data, &place, sl_draw_style_default ());
      /* 0.25 is 75 px down; 0.8 × (1 − 0.5) = 0.4 is 60 px down. */
      int level = dark_in_row (surface, 75, 100, 400), below = dark_in_row (surface, 60, 100, 400);
      int elsewhere = dark_in_row (surface, 40, 100, 400);
      g_test_message ("%s parameters: %d dark pixels at the level, %d under the baseline, %d "
                      "elsewhere",
                      with ? "with" : "without", level, below, elsewhere);
      g_assert_cmpint (elsewhere, ==, 0);
      if (with)
        {
          g_assert_cmpint (level, >, 100); /* dashed: about half the row */
          g_assert_cmpint (below, >, 100);
        }
      else
        g_assert_cmpint (level + below, ==, 0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

/* A lane: a drowsy state in the error colour, named; an alert marked at
 * its frame; and the legend names what there is. */
static void
test_strip_lane_offscreen (void)
{
  g_autoptr (GPtrArray) strips = sl_strips_default ();
  const SlStrip *lane = strips->pdata[0];
  g_assert_true (sl_strip_is_lane (lane));
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  SlEvent *drowsy = sl_event_new ("state", "fusion 1.0");
  drowsy->start_frame = 0, drowsy->end_frame = 49, drowsy->score = 2;
  g_ptr_array_add (events, drowsy);
  SlEvent *alert = sl_event_new ("alert", "fusion 1.0");
  alert->start_frame = alert->end_frame = 75, alert->score = 1;
  g_ptr_array_add (events, alert);
  const SlDrawStyle *style = sl_draw_style_default ();
  SlStripPlace place = { .x = 100,
                         .width = 300,
                         .top = 20,
                         .height = 20,
                         .first_frame = 0,
                         .frame_count = 100,
                         .label_alpha = 1,
                         .fg = { 0, 0, 0, 1 },
                         .accent = { 0, 0, 1, 1 } };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 40);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  SlStripData data = { NULL, events, NULL };
  g_assert_true (sl_strip_has_data (lane, &data));
  sl_strip_draw (cr, lane, &data, &place, style);
  /* The span at 0.85 over white; the mark opaque. */
  SlRgba c = sl_strip_event_color (drowsy, &place, style);
  SlRgba drowsy_color = { 0.85 * c.red + 0.15, 0.85 * c.green + 0.15, 0.85 * c.blue + 0.15, 1 };
  int span = count_near (surface, &drowsy_color, 0.04);
  int mark = count_near (surface, &style->error, 0.04);
  g_test_message ("drowsy span %d px, alert mark %d px", span, mark);
  g_assert_cmpint (span, >, 150 * 20 / 2);
  g_assert_cmpint (mark, >, 20);
  guint items = sl_strips_legend_draw (cr, strips, &data, 0, 0, 400, &place, style);
  g_test_message ("legend: %u items", items);
  /* The default strips' dashes (usual level, threshold) and the alert;
   * the lane names its states itself. */
  g_assert_cmpuint (items, ==, 3);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The gaze inset without a display: the heat map where the points were,
 * the gaze point in the accent colour, the caption, and the mapping from
 * where it was drawn back to screen pixels. */
static void
test_gaze_inset_offscreen (void)
{
  SlScreenGeometry screen = { 1920, 1080, 527, 296, 600, 0, -10 };
  g_autoptr (GArray) points = g_array_new (FALSE, TRUE, sizeof (SlGazePoint));
  for (int i = 0; i < 300; i++)
    {
      /* Two seconds on the top left, then the bottom right, then off the screen. */
      SlGazePoint p = { .frame = i, .time_s = i / 30.0, .on_screen = i < 250, .in_range = TRUE };
      p.x = i < 100 ? 400 : i < 250 ? 1500 : 2500;
      p.y = i < 100 ? 250 : 900;
      g_array_append_val (points, p);
    }
  g_autoptr (SlGazeInset) inset = sl_gaze_inset_new (points, &screen);
  g_assert_cmpfloat (fabs (sl_gaze_inset_on_screen_share (inset) - 250 / 300.0), <, 1e-9);
  double wx, wy;
  g_assert_false (sl_gaze_inset_screen_to_widget (inset, 0, 0, &wx, &wy)); /* not drawn yet */

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 260);
  cairo_t *cr = cairo_create (surface);
  const SlDrawStyle *style = sl_draw_style_default ();
  sl_gaze_inset_draw (inset, cr, style, 0, 20, 400, 240, 200, 200 / 30.0, 0);
  cairo_destroy (cr);
  /* The screen's shape (its millimetres) at the box's bottom right. */
  double h = 400 / (527.0 / 296.0), top = 20 + 240 - h;
  g_assert_true (sl_gaze_inset_screen_to_widget (inset, 0, 0, &wx, &wy));
  g_assert_cmpfloat (fabs (wx - 0) + fabs (wy - top), <, 1e-9);
  double sx, sy;
  g_assert_true (sl_gaze_inset_to_screen (inset, 200, top + h / 2, &sx, &sy));
  g_assert_cmpfloat (fabs (sx - 960) + fabs (sy - 540), <, 1e-9);
  g_assert_false (sl_gaze_inset_to_screen (inset, 200, 10, &sx, &sy));

  /* Heat (red, opaque-ish) near both places looked at, none far from them. */
  cairo_surface_flush (surface);
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
#define RED_AT(x, y) ((*(const guint32 *)(gconstpointer)(data + (y)*stride + 4 * (x)) >> 16) & 0xff)
  sl_gaze_inset_screen_to_widget (inset, 400, 250, &wx, &wy);
  int hot1 = RED_AT ((int)wx, (int)wy);
  sl_gaze_inset_screen_to_widget (inset, 1500, 900, &wx, &wy);
  int hot2 = RED_AT ((int)wx + 12, (int)wy);
  sl_gaze_inset_screen_to_widget (inset, 1500, 200, &wx, &wy);
  int cold = RED_AT ((int)wx, (int)wy);
#undef RED_AT
  g_test_message ("heat: %d and %d where looked at, %d elsewhere", hot1, hot2, cold);
  g_assert_cmpint (hot1, >, cold + 80);
  g_assert_cmpint (hot2, >, cold + 80);
  /* The gaze point of frame 200 is a filled accent disc. */
  int accent = count_color (surface, &style->accent);
  g_test_message ("%d accent pixels", accent);
  g_assert_cmpint (accent, >, 40);
  cairo_surface_destroy (surface);

  /* A range: the heat map and the share cover it alone. */
  sl_gaze_inset_set_range (inset, 0, 99);
  g_assert_cmpfloat (sl_gaze_inset_on_screen_share (inset), ==, 1.0);
  sl_gaze_inset_set_range (inset, 250, 299);
  g_assert_cmpfloat (sl_gaze_inset_on_screen_share (inset), ==, 0.0);
}

/* The calibration charts (PLplot into cairo) without a display. */
static void
test_calibration_charts_offscreen (void)
{
  g_autoptr (SlCalProfile) p = sl_cal_profile_new ();
  p->geometry = (SlScreenGeometry){ 1920, 1080, 527, 296, 600, 0, -10 };
  p->accuracy_deg = 1.2;
  for (int i = 0; i < 5; i++)
    {
      SlCalPoint pt = { 0 };
      pt.id = g_strdup_printf ("%d", i);
      pt.x = 200 + 380 * i;
      pt.y = 150 + 180 * i;
      pt.ex = pt.x + 30;
      pt.ey = pt.y - 20;
      pt.accuracy_deg = 0.8 + 0.2 * i;
      pt.start_ms = 1000 + 2000 * i;
      pt.end_ms = 2500 + 2000 * i;
      g_array_append_val (p->points, pt);
    }
  SlPlotColors colors
      = { { 0, 0, 0, 1 }, { 1, 1, 1, 1 }, { 0, 0, 1, 1 }, { 0, 0.6, 0, 1 }, { 1, 0, 0, 1 } };
  for (int chart = 0; chart < 2; chart++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 280);
      cairo_t *cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1); /* the drawing area's background */
      cairo_paint (cr);
      if (chart == 0)
        sl_chart_calibration_targets (cr, 420, 280, p, &colors);
      else
        sl_chart_calibration_drift (cr, 420, 280, p, &colors);
      cairo_destroy (cr);
      int axes = count_color (surface, &colors.foreground);
      int estimates = count_color (surface, &colors.estimate);
      g_test_message ("chart %d: %d axis and label pixels, %d estimate pixels", chart, axes,
                      estimates);
      g_assert_cmpint (axes, >, 200);
      g_assert_cmpint (axes, <, 420 * 280 / 4);
      g_assert_cmpint (estimates, >, 10);
      cairo_surface_destroy (surface);
    }
}

static GArray *
samples (const gint64 *frames, const double *values, guint n)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (SlSample));
  for (guint i = 0; i < n; i++)
    {
      SlSample s = { frames[i], values[i] };
      g_array_append_val (a, s);
    }
  return a;
}

/* A trace joins what follows on, and breaks at missing frames and at
 * samples without a value; a run of every third frame is joined. */
static void
test_trace_pieces (void)
{
  const gint64 every[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  const double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  g_autoptr (GArray) whole = samples (every, v, 10);
  g_assert_cmpuint (sl_chart_trace_pieces (whole, 10, 0, 1), ==, 1);
  const gint64 gap[] = { 0, 1, 2, 3, 10, 11, 12, 13, 14, 15 };
  g_autoptr (GArray) gapped = samples (gap, v, 10);
  g_assert_cmpuint (sl_chart_trace_pieces (gapped, 10, 0, 2), ==, 2);
  /* Only what is shown counts: the piece after the gap alone. */
  g_assert_cmpuint (sl_chart_trace_pieces (gapped, 10, 0.95, 2), ==, 1);
  const gint64 third[] = { 0, 3, 6, 9, 12, 15, 18, 21, 24, 27 };
  g_autoptr (GArray) skipped = samples (third, v, 10);
  g_assert_cmpuint (sl_chart_trace_pieces (skipped, 10, 0, 3), ==, 1);
  const double holes[] = { 1, 2, NAN, 4, 5, NAN, NAN, 8, 9, 10 };
  g_autoptr (GArray) unknown = samples (every, holes, 10);
  g_assert_cmpuint (sl_chart_trace_pieces (unknown, 10, 0, 1), ==, 3);
  g_autoptr (GArray) none = g_array_new (FALSE, FALSE, sizeof (SlSample));
  g_assert_cmpuint (sl_chart_trace_pieces (none, 10, 0, 1), ==, 0);
  g_assert_cmpuint (sl_chart_trace_pieces (NULL, 10, 0, 1), ==, 0);
}

static const SlPlotColors chart_colors
    = { { 0, 0, 0, 1 }, { 1, 1, 1, 1 }, { 1, 0, 0, 1 }, { 0, 0, 1, 1 }, { 0.8, 0.6, 0, 1 } };

static cairo_surface_t *
white_surface (int w, int h, cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, 1, 1, 1);
  cairo_paint (*cr);
  return surface;
}

/* The trace of an EAR dip: the signal in the estimate colour, the
 * threshold dashed in the target colour, the event shaded; without a
 * threshold, no target pixels at all. */
static void
test_trace_offscreen (void)
{
  gint64 frames[100];
  double ear[100];
  for (int i = 0; i < 100; i++)
    {
      frames[i] = i;
      ear[i] = 0.3 - 0.15 * exp (-pow ((i - 50) / 6.0, 2));
    }
  g_autoptr (GArray) series = samples (frames, ear, 100);
  SlTraceChart chart = { .label = "EAR",
                         .unit = "",
                         .samples = series,
                         .fps = 25,
                         .from_s = 0,
                         .to_s = 4,
                         .start_s = 1.7,
                         .end_s = 2.3,
                         .limits = { 0.21, NAN },
                         .baseline_value = 0.3,
                         .marks = (double[]){ 1.7, 2.0, 2.3 },
                         .n_marks = 3 };
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_t *cr;
      cairo_surface_t *surface = white_surface (360, 180, &cr);
      sl_chart_trace (cr, 360, 180, &chart, &chart_colors);
      cairo_destroy (cr);
      int signal = count_color (surface, &chart_colors.estimate);
      /* A thin dashed line, smoothed over two rows of pixels. */
      int limit = count_near (surface, &chart_colors.target, 0.45);
      int axes = count_color (surface, &chart_colors.foreground);
      g_test_message ("trace %d: %d signal, %d threshold, %d axis pixels", pass, signal, limit,
                      axes);
      g_assert_cmpint (signal, >, 150);
      g_assert_cmpint (axes, >, 200);
      if (pass == 0)
        g_assert_cmpint (limit, >, 100);
      else
        g_assert_cmpint (limit, ==, 0);
      cairo_surface_destroy (surface);
      chart.limits[0] = NAN;
    }
}

/* A drift chart of a signal that shifts by 1σ at five minutes: the
 * measure in the estimate colour, the threshold dashed, the windows over
 * it in the warning colour; a click on the chart's right half selects a
 * window after the shift.  SIGHTLINE_CHART_DIR keeps the picture. */
static void
test_drift_offscreen (void)
{
  const double fps = 10;
  gsize n = (gsize)(600 * fps), nb = (gsize)(120 * fps);
  g_autofree double *x = g_new (double, n);
  double v = 0;
  guint32 seed = 7;
  for (gsize i = 0; i < n; i++)
    {
      /* A small LCG's uniform noise through an AR(1): enough for a chart. */
      seed = seed * 1664525u + 1013904223u;
      v = 0.8 * v + ((seed >> 8) / 16777216.0 - 0.5);
      x[i] = v + (i >= 300 * fps ? 0.6 : 0);
    }
  SlDriftParams p = SL_DRIFT_PARAMS_DEFAULT;
  p.replicates = 400;
  g_autoptr (SlDriftSignal) s = sl_drift_signal_new ("x", x, nb, x, n, fps, 0, 120, &p);
  g_assert_null (s->problem);
  SlDriftSignal *one = s;
  sl_drift_decide (&one, 1, &p);
  g_assert_cmpuint (s->events->len, >=, 1);
  SlDriftChart chart
      = { .signal = s, .decide = p.decide, .from_s = 0, .to_s = 600, .selected = -1 };
  int w = 900, h = 460;
  chart.selected = sl_chart_drift_window_at (&chart, w, w * 0.8);
  g_assert_cmpint (chart.selected, >=, 0);
  const SlDriftWindow *sel = &g_array_index (s->windows, SlDriftWindow, chart.selected);
  g_assert_cmpfloat (sel->start_s, >, 300);
  g_assert_true (sel->over);
  /* Left of the first window: the first window. */
  g_assert_cmpint (sl_chart_drift_window_at (&chart, w, 0), ==, 0);
  cairo_t *cr;
  cairo_surface_t *surface = white_surface (w, h, &cr);
  sl_chart_drift (cr, w, h, &chart, &chart_colors);
  cairo_destroy (cr);
  int measure = count_color (surface, &chart_colors.estimate);
  int limit = count_near (surface, &chart_colors.target, 0.45);
  int over = count_color (surface, &chart_colors.warning);
  g_test_message ("drift chart: %d measure, %d threshold, %d over pixels", measure, limit, over);
  g_assert_cmpint (measure, >, 300);
  g_assert_cmpint (limit, >, 200);
  g_assert_cmpint (over, >, 20);
  cairo_surface_t *ecdf = white_surface (w, 300, &cr);
  sl_chart_drift_ecdf (cr, w, 300, s, chart.selected, "x", NULL, NULL, &chart_colors);
  cairo_destroy (cr);
  int window_pixels = count_color (ecdf, &chart_colors.estimate);
  g_test_message ("ECDF: %d window pixels", window_pixels);
  g_assert_cmpint (window_pixels, >, 200);
  const char *keep = g_getenv ("SIGHTLINE_CHART_DIR");
  if (keep != NULL)
    {
      g_autofree char *png = g_build_filename (keep, "drift-chart.png", NULL);
      g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
      g_autofree char *ecdf_png = g_build_filename (keep, "drift-ecdf.png", NULL);
      g_assert_cmpint (cairo_surface_write_to_png (ecdf, ecdf_png), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_surface_destroy (surface);
  cairo_surface_destroy (ecdf);
}

/* A waterfall: a bar per part and the total; a part that lowers the total
 * in the warning colour. */
static void
test_waterfall_offscreen (void)
{
  SlWaterfallPart parts[] = { { "steady", 0.5 }, { "dispersion", -0.2 }, { "floor", 0.1 } };
  cairo_t *cr;
  cairo_surface_t *surface = white_surface (320, 160, &cr);
  sl_chart_waterfall (cr, 320, 160, parts, 3, "Total", "", &chart_colors);
  cairo_destroy (cr);
  int up = count_color (surface, &chart_colors.estimate);
  int down = count_color (surface, &chart_colors.warning);
  g_test_message ("waterfall: %d pixels up, %d down", up, down);
  g_assert_cmpint (up, >, 200);
  g_assert_cmpint (down, >, 100);
  /* The part that lowers is smaller than the two that raise. */
  g_assert_cmpint (down, <, up);
  cairo_surface_destroy (surface);
}

/* A thumbnail shows the face, twice its size, inside the frame, and the
 * layers over it where the face is in the crop. */
static void
test_thumbnail (void)
{
  SlFaceResult face = { .success = TRUE, .box = { 300, 100, 80, 100 } };
  int x, y, w, h;
  sl_thumbnail_crop (&face, 640, 480, 1.25, &x, &y, &w, &h);
  g_test_message ("crop: %d,%d %d×%d", x, y, w, h);
  g_assert_cmpint (w, ==, 250);
  g_assert_cmpint (h, ==, 200);
  g_assert_cmpint (x, ==, 215);
  g_assert_cmpint (y, ==, 50);
  /* Near an edge it stays inside the frame. */
  face.box[0] = 600;
  face.box[1] = 0;
  sl_thumbnail_crop (&face, 640, 480, 1.25, &x, &y, &w, &h);
  g_assert_cmpint (x + w, ==, 640);
  g_assert_cmpint (y, ==, 0);
  /* Without a face: the whole frame. */
  sl_thumbnail_crop (NULL, 640, 480, 1.25, &x, &y, &w, &h);
  g_assert_cmpint (w * h, ==, 640 * 480);

  /* A grey frame, its face box drawn in the accent colour. */
  g_autofree guint8 *bgr = g_malloc (640 * 480 * 3);
  memset (bgr, 128, 640 * 480 * 3);
  face.box[0] = 300;
  face.box[1] = 100;
  const SlDrawStyle *style = sl_draw_style_default ();
  SlOverlayContext ctx
      = { .style = style, .result = &face, .face = &face, .exact = TRUE, .analysed = TRUE };
  const SlOverlayLayer *box[] = { sl_overlays_find ("face-box") };
  cairo_t *cr;
  cairo_surface_t *surface = white_surface (125, 100, &cr);
  sl_thumbnail_draw (cr, 0, 0, 125, 100, bgr, 640, 480, 640 * 3, &ctx, box, 1);
  cairo_destroy (cr);
  SlRgba grey = { 128 / 255.0, 128 / 255.0, 128 / 255.0, 1 };
  int accent = count_color (surface, &style->accent), frame = count_color (surface, &grey);
  g_test_message ("thumbnail: %d grey, %d accent pixels", frame, accent);
  g_assert_cmpint (frame, >, 125 * 100 / 2);
  g_assert_cmpint (accent, >, 2 * 40);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/draw/layers-read-provided-signals", test_layers_read_provided_signals);
  g_test_add_func ("/draw/overlays-offscreen", test_overlays_offscreen);
  g_test_add_func ("/draw/strip-grammar", test_strip_grammar);
  g_test_add_func ("/draw/strip-offscreen", test_strip_offscreen);
  g_test_add_func ("/draw/strip-guides-offscreen", test_strip_guides_offscreen);
  g_test_add_func ("/draw/strip-lane-offscreen", test_strip_lane_offscreen);
  g_test_add_func ("/draw/gaze-inset-offscreen", test_gaze_inset_offscreen);
  g_test_add_func ("/draw/calibration-charts-offscreen", test_calibration_charts_offscreen);
  g_test_add_func ("/draw/trace-pieces", test_trace_pieces);
  g_test_add_func ("/draw/trace-offscreen", test_trace_offscreen);
  g_test_add_func ("/draw/waterfall-offscreen", test_waterfall_offscreen);
  g_test_add_func ("/draw/drift-offscreen", test_drift_offscreen);
  g_test_add_func ("/draw/thumbnail", test_thumbnail);
  return g_test_run ();
}
