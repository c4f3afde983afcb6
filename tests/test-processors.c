/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processor contract: ordering by needs, parameters and their ranges,
 * head pose recovered from a known projection, and processors given frames
 * they cannot use.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>

#include "sl-error.h"
#include "sl-processors.h"
#include "sl-test-util.h"

static const char *const none[] = { NULL };
static const char *const needs_b_x[] = { "b.x", NULL };
static const char *const needs_a_y[] = { "a.y", NULL };
static const char *const needs_face[] = { SL_NEED_FACE, NULL };
static const char *const gives_x[] = { "x", NULL };
static const char *const gives_y[] = { "y", NULL };

static void
test_order (void)
{
  const SlProcessorInfo a = { .id = "a", .needs = needs_b_x, .provides = gives_y };
  const SlProcessorInfo b = { .id = "b", .needs = needs_face, .provides = gives_x };
  const SlProcessorInfo c = { .id = "c", .needs = needs_a_y, .provides = none };
  g_autoptr (GError) error = NULL;

  /* Registered c, a, b: runs b, a, c. */
  const SlProcessorInfo *set[] = { &c, &a, &b, NULL };
  g_autoptr (GPtrArray) order = sl_processors_order (set, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (order->len, ==, 3);
  g_assert_true (order->pdata[0] == &b);
  g_assert_true (order->pdata[1] == &a);
  g_assert_true (order->pdata[2] == &c);

  /* Without b, the need for b.x is named. */
  const SlProcessorInfo *missing[] = { &a, &c, NULL };
  g_assert_null (sl_processors_order (missing, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“b.x”"));
  g_clear_error (&error);

  /* A circle is refused. */
  const SlProcessorInfo a2 = { .id = "a", .needs = needs_b_x, .provides = gives_y };
  static const char *const needs_a_y2[] = { "a.y", NULL };
  const SlProcessorInfo b2 = { .id = "b", .needs = needs_a_y2, .provides = gives_x };
  const SlProcessorInfo *circle[] = { &a2, &b2, NULL };
  g_assert_null (sl_processors_order (circle, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
}

static void
test_params (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  g_assert_no_error (error);

  g_assert_true (sl_plan_set (plan, "head_pose.focal_scale=1.5", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    if (g_str_equal (sl_plan_processor (plan, i)->id, "head_pose"))
      g_assert_cmpfloat (sl_plan_params (plan, i)[0], ==, 1.5);

  static const struct
  {
    const char *assignment, *fragment;
  } bad[] = {
    { "head_pose.focal_scale=9", "between 0.2 and 5" },
    { "head_pose.focal_scale=abc", "not a number" },
    { "head_pose.focal_scale=nan", "not a number" },
    { "head_pose.zoom=1", "no parameter “zoom”" },
    { "gaze.x=1", "no processor “gaze”" },
    { "focal_scale", "processor.parameter=value" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sl_plan_set (plan, bad[i].assignment, &error));
      g_test_message ("%s → %s", bad[i].assignment, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
      g_clear_error (&error);
    }

  /* Every signal has a slot and a full name. */
  g_assert_cmpuint (sl_plan_n_signals (plan), <=, SL_MAX_SIGNALS);
  gboolean found = FALSE;
  for (guint k = 0; k < sl_plan_n_signals (plan); k++)
    found |= g_str_equal (sl_plan_signal_name (plan, k), "head_pose.yaw");
  g_assert_true (found);
}

/* Landmarks made by projecting the model at a known pose give that pose
 * back. */
static void
test_head_pose_round_trip (void)
{
  static const SlvHeadPose poses[] = {
    { 0, 0, 0, 0, 0, 600 },
    { 20, -10, 5, 30, -20, 550 },
    { -35, 15, -12, -60, 40, 800 },
  };
  for (guint p = 0; p < G_N_ELEMENTS (poses); p++)
    {
      float projected[SLV_FACE_MODEL_POINTS * 2];
      char *err = NULL;
      g_assert_cmpint (slv_head_pose_project (&poses[p], 640, 480, 640, &slv_face_model[0][0],
                                              SLV_FACE_MODEL_POINTS, projected, &err),
                       ==, 0);
      float points[SLV_LANDMARKS * 2] = { 0 };
      for (int i = 0; i < SLV_FACE_MODEL_POINTS; i++)
        {
          points[2 * slv_face_model_landmarks[i]] = projected[2 * i];
          points[2 * slv_face_model_landmarks[i] + 1] = projected[2 * i + 1];
        }
      SlvHeadPose got;
      g_assert_cmpint (slv_head_pose (points, 640, 480, 640, &got, &err), ==, 0);
      g_test_message ("pose %u: yaw %.2f pitch %.2f roll %.2f t %.1f %.1f %.1f", p, got.yaw,
                      got.pitch, got.roll, got.tx, got.ty, got.tz);
      g_assert_cmpfloat_with_epsilon (got.yaw, poses[p].yaw, 0.5);
      g_assert_cmpfloat_with_epsilon (got.pitch, poses[p].pitch, 0.5);
      g_assert_cmpfloat_with_epsilon (got.roll, poses[p].roll, 0.5);
      g_assert_cmpfloat_with_epsilon (got.tz, poses[p].tz, 5);
    }

  /* The sign conventions, on the projection alone.  Yaw > 0 (turned to the
   * person's right): the nose tip left of the eyes' midpoint.  Pitch > 0
   * (looking down): the nose tip further below the eyes.  Roll > 0: the
   * eye on the image right lower than the other. */
  float xy[SLV_FACE_MODEL_POINTS * 2], level[SLV_FACE_MODEL_POINTS * 2];
  char *err = NULL;
  SlvHeadPose straight = { 0, 0, 0, 0, 0, 600 };
  slv_head_pose_project (&straight, 640, 480, 640, &slv_face_model[0][0], SLV_FACE_MODEL_POINTS,
                         level, &err);
  SlvHeadPose yawed = { 25, 0, 0, 0, 0, 600 };
  slv_head_pose_project (&yawed, 640, 480, 640, &slv_face_model[0][0], SLV_FACE_MODEL_POINTS, xy,
                         &err);
  g_assert_cmpfloat (xy[0], <, (xy[4] + xy[6]) / 2);
  SlvHeadPose down = { 0, 20, 0, 0, 0, 600 };
  slv_head_pose_project (&down, 640, 480, 640, &slv_face_model[0][0], SLV_FACE_MODEL_POINTS, xy,
                         &err);
  g_assert_cmpfloat (xy[1] - (xy[5] + xy[7]) / 2, >, level[1] - (level[5] + level[7]) / 2);
  SlvHeadPose rolled = { 0, 0, 15, 0, 0, 600 };
  slv_head_pose_project (&rolled, 640, 480, 640, &slv_face_model[0][0], SLV_FACE_MODEL_POINTS, xy,
                         &err);
  g_assert_cmpfloat (xy[7], >, xy[5]);
}

static SlFrameContext
context (const SlProcessorInfo *p, const SlPlan *plan, const SlvImage *img,
         const SlFaceResult *face, double *out)
{
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    if (sl_plan_processor (plan, i) == p)
      return (SlFrameContext){ img, face, sl_plan_params (plan, i), out };
  g_assert_not_reached ();
}

/* Frames a processor cannot use give "no result, because …", never a
 * crash or a made-up value. */
static void
test_bad_frames (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  const SlProcessorInfo *quality = sl_processors_find ("quality");
  const SlProcessorInfo *pose = sl_processors_find ("head_pose");
  /* Both are stateless: no create, a NULL state. */
  g_assert_null (quality->create);
  g_assert_null (pose->create);
  gpointer qs = NULL, ps = NULL;
  double out[SL_MAX_SIGNALS];

  /* 1×1 frame, no face. */
  guint8 px[3] = { 10, 10, 10 };
  SlvImage tiny = { 1, 1, 3, px };
  SlFaceResult none = { .success = FALSE };
  for (int k = 0; k < SL_MAX_SIGNALS; k++)
    out[k] = NAN;
  SlFrameContext ctx = context (quality, plan, &tiny, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_true (isnan (out[0]));    /* no brightness measured */
  g_assert_cmpfloat (out[5], ==, 1); /* reason: no face */

  /* A black frame: too dark, with or without a face. */
  gsize n = 320 * 240 * 3;
  g_autofree guint8 *black = g_malloc0 (n);
  SlvImage dark = { 320, 240, 320 * 3, black };
  ctx = context (quality, plan, &dark, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_cmpfloat (out[5], ==, 2);

  /* A face box hanging off the image and NaN landmarks. */
  SlFaceResult odd = { .success = TRUE, .box = { 300, 200, 100, 100 } };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    odd.points[k] = NAN;
  for (int k = 0; k < SL_MAX_SIGNALS; k++)
    out[k] = NAN;
  ctx = context (quality, plan, &dark, &odd, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_false (isnan (out[5]));
  for (int k = 0; k < SL_MAX_SIGNALS; k++)
    out[k] = NAN;
  ctx = context (pose, plan, &dark, &odd, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));

  /* Landmarks all on one point, or scattered at random: no pose rather
   * than a made-up one. */
  SlFaceResult flat = { .success = TRUE, .box = { 10, 10, 50, 50 } };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    flat.points[k] = 30;
  ctx = context (pose, plan, &dark, &flat, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));
  GRand *rand = g_rand_new_with_seed (7);
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    flat.points[k] = (float)g_rand_double_range (rand, 0, 240);
  g_rand_free (rand);
  ctx = context (pose, plan, &dark, &flat, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));

  /* A large frame (4000×4000) is measured, not refused. */
  gsize big_n = (gsize)4000 * 4000 * 3;
  g_autofree guint8 *big = g_malloc (big_n);
  memset (big, 128, big_n);
  SlvImage large = { 4000, 4000, 4000 * 3, big };
  ctx = context (quality, plan, &large, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_cmpfloat_with_epsilon (out[0], 128, 0.5);
}

/* Feeds the attention processor scripted frames at 10 fps: head turned
 * 40° for 3 s, then for 0.4 s, then 2 s without a face in the dark. */
static GPtrArray *
run_attention (const char *assignment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  if (assignment != NULL)
    g_assert_true (sl_plan_set (plan, assignment, &error));
  const SlProcessorInfo *att = sl_processors_find ("attention");
  guint index = 0;
  while (sl_plan_processor (plan, index) != att)
    index++;
  int yaw = sl_plan_slot (plan, "head_pose.yaw"), pitch = sl_plan_slot (plan, "head_pose.pitch");
  int reason = sl_plan_slot (plan, "quality.reason");
  g_assert_cmpint (yaw, >=, 0);

  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  gpointer state = att->create (sl_plan_params (plan, index), &error);
  double row[SL_MAX_SIGNALS];
  for (int f = 0; f < 100; f++)
    {
      for (int k = 0; k < SL_MAX_SIGNALS; k++)
        row[k] = NAN;
      SlFaceResult face = { .frame = f, .time_s = f / 10.0, .success = !(f >= 70 && f < 90) };
      if (face.success)
        {
          row[yaw] = (f >= 20 && f < 50) || (f >= 60 && f < 65) ? 40 : 5;
          row[pitch] = -3;
          row[reason] = 0;
        }
      else
        row[reason] = 2;
      SlFrameContext ctx = {
        NULL, &face, sl_plan_params (plan, index), row + sl_plan_first_slot (plan, index), row,
        plan, events
      };
      g_assert_true (att->process (state, &ctx, &error));
      if (face.success)
        g_assert_cmpfloat (row[sl_plan_first_slot (plan, index)], ==,
                           row[yaw] > sl_plan_params (plan, index)[0]);
    }
  SlFrameContext end = { NULL, NULL, sl_plan_params (plan, index), NULL, NULL, plan, events };
  g_assert_true (att->finish (state, &end, &error));
  att->destroy (state);
  return events;
}

static JsonObject *
explanation (JsonParser *parser, const SlEvent *e)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, e->explanation, -1, &error));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_attention (void)
{
  g_autoptr (GPtrArray) events = run_attention (NULL);
  g_assert_cmpuint (events->len, ==, 2);

  const SlEvent *d = events->pdata[0];
  g_assert_cmpstr (d->kind, ==, "distracted");
  g_assert_cmpint (d->start_frame, ==, 20);
  g_assert_cmpint (d->end_frame, ==, 49);
  g_assert_cmpfloat_with_epsilon (d->score, 40.0 / 30.0, 1e-9);
  g_autoptr (JsonParser) p1 = json_parser_new ();
  JsonObject *x = explanation (p1, d);
  JsonArray *th = json_object_get_array_member (x, "thresholds");
  JsonObject *yaw = json_array_get_object_element (th, 0);
  g_assert_cmpstr (json_object_get_string_member (yaw, "param"), ==, "max_yaw");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (yaw, "crossed_by"), 10, 1e-9);
  JsonObject *dur = json_array_get_object_element (th, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (dur, "observed"), 2.9, 1e-9);
  JsonObject *shares = json_object_get_object_member (x, "shares");
  g_assert_cmpfloat (json_object_get_double_member (shares, "head_pose.yaw"), ==, 1.0);
  JsonObject *ev = json_object_get_object_member (x, "evidence_frames");
  g_assert_cmpint (json_object_get_int_member (ev, "frames"), ==, 30);
  JsonObject *proc = json_object_get_object_member (x, "processor");
  g_assert_cmpstr (json_object_get_string_member (proc, "version"), ==, "1.0");

  const SlEvent *n = events->pdata[1];
  g_assert_cmpstr (n->kind, ==, "no_face");
  g_assert_cmpint (n->start_frame, ==, 70);
  g_assert_cmpint (n->end_frame, ==, 89);
  g_autoptr (JsonParser) p2 = json_parser_new ();
  JsonObject *cause = json_object_get_object_member (explanation (p2, n), "cause");
  g_assert_cmpstr (json_object_get_string_member (cause, "name"), ==, "too dark");
  g_assert_cmpfloat (json_object_get_double_member (cause, "share"), ==, 1.0);

  /* What "would_change" says holds: a longer minimum drops the event. */
  g_autoptr (GPtrArray) fewer = run_attention ("attention.min_duration_s=3");
  g_assert_cmpuint (fewer->len, ==, 1);
  g_assert_cmpstr (((SlEvent *)fewer->pdata[0])->kind, ==, "no_face");
  g_autoptr (GPtrArray) lenient = run_attention ("attention.max_yaw=40");
  g_assert_cmpuint (lenient->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/core/processors/order", test_order);
  g_test_add_func ("/core/processors/params", test_params);
  g_test_add_func ("/vision/head-pose/round-trip", test_head_pose_round_trip);
  g_test_add_func ("/core/processors/bad-frames", test_bad_frames);
  g_test_add_func ("/core/processors/attention", test_attention);
  return g_test_run ();
}
