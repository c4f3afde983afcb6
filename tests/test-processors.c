/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processor contract: ordering by needs, parameters and their ranges,
 * head pose recovered from a known projection, and processors given frames
 * they cannot use.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "base/sl-error.h"
#include "base/sl-explanation.h"
#include "processors/sl-explain-text.h"
#include "processors/sl-processors.h"
#include "sl-test-processors.h"
#include "sl-test-util.h"

static const char *const no_signals[] = { NULL };
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
  const SlProcessorInfo c = { .id = "c", .needs = needs_a_y, .provides = no_signals };
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
    { "gaze.x=1", "no parameter “x”" },
    { "pupil.x=1", "no processor “pupil”" },
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
  gboolean found = FALSE;
  for (guint k = 0; k < sl_plan_n_signals (plan); k++)
    {
      g_assert_cmpint (sl_plan_slot (plan, sl_plan_signal_name (plan, k)), ==, (int)k);
      found |= g_str_equal (sl_plan_signal_name (plan, k), "head_pose.yaw");
    }
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
  g_autofree double *out = sl_test_new_row (plan);

  /* 1×1 frame, no face. */
  guint8 px[3] = { 10, 10, 10 };
  SlvImage tiny = { 1, 1, 3, px };
  SlFaceResult none = { .success = FALSE };
  sl_test_clear_row (out, plan);
  SlFrameContext ctx = sl_test_context (quality, plan, &tiny, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_true (isnan (out[0]));    /* no brightness measured */
  g_assert_cmpfloat (out[5], ==, 1); /* reason: no face */

  /* A black frame: too dark, with or without a face. */
  gsize n = 320 * 240 * 3;
  g_autofree guint8 *black = g_malloc0 (n);
  SlvImage dark = { 320, 240, 320 * 3, black };
  ctx = sl_test_context (quality, plan, &dark, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_cmpfloat (out[5], ==, 2);

  /* A face box hanging off the image and NaN landmarks. */
  SlFaceResult odd = { .success = TRUE, .box = { 300, 200, 100, 100 } };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    odd.points[k] = NAN;
  sl_test_clear_row (out, plan);
  ctx = sl_test_context (quality, plan, &dark, &odd, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_false (isnan (out[5]));
  sl_test_clear_row (out, plan);
  ctx = sl_test_context (pose, plan, &dark, &odd, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));

  /* Landmarks all on one point, or scattered at random: no pose rather
   * than a made-up one. */
  SlFaceResult flat = { .success = TRUE, .box = { 10, 10, 50, 50 } };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    flat.points[k] = 30;
  ctx = sl_test_context (pose, plan, &dark, &flat, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));
  GRand *rand = g_rand_new_with_seed (7);
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    flat.points[k] = (float)g_rand_double_range (rand, 0, 240);
  g_rand_free (rand);
  ctx = sl_test_context (pose, plan, &dark, &flat, out);
  g_assert_true (pose->process (ps, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));

  /* Iris: NaN landmarks, eyes off the frame, a 1×1 frame, a shut eye:
   * no centre, never a made-up one. */
  const SlProcessorInfo *iris = sl_processors_find ("iris");
  SlFaceResult eyes_off = { .success = TRUE };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    eyes_off.points[k] = 5000 + k;
  const SlFaceResult *faces[] = { &odd, &eyes_off, &flat };
  const SlvImage *images[] = { &dark, &dark, &tiny };
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      sl_test_clear_row (out, plan);
      ctx = sl_test_context (iris, plan, images[i], faces[i], out);
      g_assert_true (iris->process (NULL, &ctx, &error));
      for (int k = 0; k < 6; k++)
        g_assert_true (isnan (out[k]));
    }
  SlFaceResult shut = { .success = TRUE };
  for (int e = 0; e < 2; e++)
    for (int k = 0; k < 6; k++)
      {
        shut.points[2 * (36 + 6 * e + k)] = 100 + 60 * e + 6 * k;
        shut.points[2 * (36 + 6 * e + k) + 1] = 100;
      }
  sl_test_clear_row (out, plan);
  ctx = sl_test_context (iris, plan, &dark, &shut, out);
  g_assert_true (iris->process (NULL, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k]));

  /* A large frame (8000×8000) is measured, not refused; a face on it
   * gives skin colour and no iris on its flat grey. */
  gsize big_n = (gsize)8000 * 8000 * 3;
  g_autofree guint8 *big = g_malloc (big_n);
  memset (big, 128, big_n);
  SlvImage large = { 8000, 8000, 8000 * 3, big };
  ctx = sl_test_context (quality, plan, &large, &none, out);
  g_assert_true (quality->process (qs, &ctx, &error));
  g_assert_cmpfloat_with_epsilon (out[0], 128, 0.5);
  SlFaceResult huge = shut;
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    huge.points[k] = 3000 + 20 * (k % 40);
  for (int e = 0; e < 2; e++)
    for (int k = 0; k < 6; k++)
      huge.points[2 * (36 + 6 * e + k) + 1] += (k == 1 || k == 2) ? -30 : (k >= 4 ? 30 : 0);
  sl_test_clear_row (out, plan);
  ctx = sl_test_context (iris, plan, &large, &huge, out);
  g_assert_true (iris->process (NULL, &ctx, &error));
  for (int k = 0; k < 6; k++)
    g_assert_true (isnan (out[k])); /* no edges, no centre */
}

/* Feeds the attention processor scripted frames at 10 fps: head turned
 * 40° for 3 s, then for 0.4 s, then 2 s without a face in the dark. */
static GPtrArray *
run_attention_with (const char *assignment, gboolean by_gaze)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  /* Ten seconds of frames: angles from the camera axis. */
  g_assert_true (sl_plan_set (plan, "attention.neutral_s=0", &error));
  if (assignment != NULL)
    g_assert_true (sl_plan_set (plan, assignment, &error));
  const SlProcessorInfo *att = sl_processors_find ("attention");
  guint index = 0;
  while (sl_plan_processor (plan, index) != att)
    index++;
  int yaw = sl_plan_slot (plan, "head_pose.yaw"), pitch = sl_plan_slot (plan, "head_pose.pitch");
  int reason = sl_plan_slot (plan, "quality.reason");
  int gaze_yaw = sl_plan_slot (plan, "gaze.yaw"), gaze_pitch = sl_plan_slot (plan, "gaze.pitch");
  g_assert_cmpint (yaw, >=, 0);

  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  gpointer state = att->create (sl_plan_params (plan, index), &error);
  g_autofree double *row = sl_test_new_row (plan);
  for (int f = 0; f < 100; f++)
    {
      sl_test_clear_row (row, plan);
      SlFaceResult face = { .frame = f, .time_s = f / 10.0, .success = !(f >= 70 && f < 90) };
      if (face.success)
        {
          double away = (f >= 20 && f < 50) || (f >= 60 && f < 65) ? 40 : 5;
          /* The head turned, or the head still and the eyes turned. */
          row[yaw] = by_gaze ? 5 : away;
          row[pitch] = -3;
          row[gaze_yaw] = by_gaze ? away : NAN;
          row[gaze_pitch] = by_gaze ? -3 : NAN;
          row[reason] = 0;
        }
      else
        row[reason] = 2;
      SlFrameContext ctx = { NULL,
                             &face,
                             sl_plan_params (plan, index),
                             row + sl_plan_first_slot (plan, index),
                             row,
                             plan,
                             events,
                             NULL,
                             sl_plan_need_slots (plan, index) };
      g_assert_true (att->process (state, &ctx, &error));
      if (face.success && !by_gaze)
        g_assert_cmpfloat (row[sl_plan_first_slot (plan, index)], ==,
                           row[yaw] > sl_plan_params (plan, index)[0]);
      /* The usual direction it counts from, for the timeline's thresholds:
       * straight into the camera with neutral_s = 0; none for an input
       * the frame does not have. */
      const double *out = row + sl_plan_first_slot (plan, index);
      if (face.success)
        {
          g_assert_cmpfloat (out[1], ==, 0);                /* neutral_yaw */
          g_assert_cmpint (isfinite (out[3]), ==, by_gaze); /* neutral_gaze_yaw */
        }
      else
        g_assert_true (isnan (out[1]));
    }
  SlFrameContext end = { NULL,   NULL, sl_plan_params (plan, index),    NULL, NULL, plan,
                         events, NULL, sl_plan_need_slots (plan, index) };
  g_assert_true (att->finish (state, &end, &error));
  att->destroy (state);
  return events;
}

static GPtrArray *
run_attention (const char *assignment)
{
  return run_attention_with (assignment, FALSE);
}

/* The event's explanation, read by the typed reader (which checks it). */
static SlExplanation *
explanation (const SlEvent *e)
{
  g_autoptr (GError) error = NULL;
  SlExplanation *x = sl_explanation_parse (e->explanation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (x->version, ==, SL_EXPLANATION_VERSION);
  g_assert_cmpstr (x->kind, ==, e->kind);
  g_assert_cmpfloat (x->value, ==, e->score);
  return x;
}

static double
part_of (const SlExplanation *x, const char *name)
{
  for (guint i = 0; i < x->parts->len; i++)
    if (g_str_equal (g_array_index (x->parts, SlExplPart, i).name, name))
      return g_array_index (x->parts, SlExplPart, i).part;
  return NAN;
}

#define THRESHOLD(x, k) (&g_array_index ((x)->thresholds, SlExplThreshold, (k)))

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
  g_autoptr (SlExplanation) x = explanation (d);
  const SlExplThreshold *yaw = THRESHOLD (x, 0);
  g_assert_cmpstr (yaw->param, ==, "max_yaw");
  g_assert_cmpstr (yaw->unit, ==, "deg");
  g_assert_cmpfloat_with_epsilon (sl_expl_threshold_margin (yaw), 10, 1e-9);
  /* head yaw, head pitch, gaze yaw, gaze pitch, then the duration */
  const SlExplThreshold *dur = THRESHOLD (x, 4);
  g_assert_cmpstr (dur->param, ==, "min_duration_s");
  g_assert_cmpstr (dur->unit, ==, "s");
  g_assert_cmpfloat_with_epsilon (dur->observed, 2.9, 1e-9);
  /* Every frame beyond a limit was the head's yaw: the parts say so and sum. */
  g_assert_cmpfloat (part_of (x, "head_pose.yaw"), ==, 30);
  g_assert_cmpfloat (part_of (x, "gaze.yaw"), ==, 0);
  g_assert_cmpfloat (x->parts_total, ==, 30);
  g_assert_cmpint (x->frames, ==, 30);
  g_assert_cmpstr (x->processor_version, ==, "1.3");
  /* Its evidence frames carry their times, the peak's too. */
  g_assert_cmpuint (x->evidence->len, ==, 3);
  for (guint i = 0; i < x->evidence->len; i++)
    {
      const SlExplEvidence *ev = &g_array_index (x->evidence, SlExplEvidence, i);
      g_assert_true (isfinite (ev->start_s));
      g_assert_cmpfloat (ev->start_s, >=, d->start_s);
      g_assert_cmpfloat (ev->start_s, <=, d->end_s);
    }

  const SlEvent *n = events->pdata[1];
  g_assert_cmpstr (n->kind, ==, "no_face");
  g_assert_cmpint (n->start_frame, ==, 70);
  g_assert_cmpint (n->end_frame, ==, 89);
  g_autoptr (SlExplanation) nx = explanation (n);
  JsonObject *cause = json_object_get_object_member (nx->details, "cause");
  g_assert_cmpstr (json_object_get_string_member (cause, "name"), ==, "too dark");
  g_assert_cmpfloat (json_object_get_double_member (cause, "share"), ==, 1.0);

  /* What "would_change" says holds: a longer minimum drops the event. */
  g_autoptr (GPtrArray) fewer = run_attention ("attention.min_duration_s=3");
  g_assert_cmpuint (fewer->len, ==, 1);
  g_assert_cmpstr (((SlEvent *)fewer->pdata[0])->kind, ==, "no_face");
  g_autoptr (GPtrArray) lenient = run_attention ("attention.max_yaw=40");
  g_assert_cmpuint (lenient->len, ==, 1);

  /* The eyes turned away with the head still: distracted by gaze. */
  g_autoptr (GPtrArray) eyes = run_attention_with (NULL, TRUE);
  g_assert_cmpuint (eyes->len, ==, 2);
  const SlEvent *g = eyes->pdata[0];
  g_assert_cmpstr (g->kind, ==, "distracted");
  g_assert_cmpint (g->start_frame, ==, 20);
  g_autoptr (SlExplanation) gx = explanation (g);
  g_assert_cmpfloat (part_of (gx, "gaze.yaw"), ==, gx->parts_total);
  g_assert_cmpfloat (part_of (gx, "head_pose.yaw"), ==, 0.0);
}

/* ---- Temporal processors on scripted frames ---------------------------- */

static const double blink_shape[] = { 0.9, 0.65, 0.4, 0.33, 0.33, 0.45, 0.7, 0.93 };

typedef struct
{
  double open;            /* the person's open EAR */
  double shallow;         /* the deepest point of the blink at 6 s, as a share of open */
  gboolean microsleep;    /* eyes shut 2 s from 12 s */
  gboolean narrowed;      /* eyes 27 % narrower for 2 s from 16 s */
  gboolean lost_in_blink; /* no landmarks in the middle of the blink at 9 s */
} EyeScript;

static void
eye_script (int f, double t, SlFaceResult *face, double *row, const SlPlan *plan, gpointer data)
{
  const EyeScript *s = data;
  /* A little deterministic jitter, as landmarks have. */
  double ear = s->open * (1 + 0.015 * sin (f * 1.7));
  for (int b = 0; b < 3; b++)
    {
      int start = (int)((3 + 3 * b) * 30);
      if (f >= start && f < start + 8)
        {
          double depth = blink_shape[f - start];
          if (b == 1)
            depth = 1 - (1 - depth) * (1 - s->shallow) / (1 - 0.33);
          ear = s->open * depth;
        }
      if (b == 2 && s->lost_in_blink && f == start + 3)
        face->success = FALSE;
    }
  if (s->microsleep && t >= 12 && t < 14)
    ear = s->open * 0.3;
  if (s->narrowed && t >= 16 && t < 18)
    ear = s->open * 0.73;
  sl_test_set_eye (face->points, 36, 60, 100, ear);
  sl_test_set_eye (face->points, 42, 130, 100, ear);
  sl_test_set_mouth (face->points, 0.1);
  if (!face->success)
    for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
      face->points[k] = NAN;
}

static void
test_eyes (void)
{
  EyeScript s = { 0.30, 0.33, TRUE, TRUE, FALSE };
  g_auto (Scripted) r = { 0 };
  sl_test_run_script (&r, NULL, 20 * 30, 30, eye_script, &s);
  g_assert_cmpuint (sl_test_count_kind (&r, "blink"), ==, 3);
  g_assert_cmpuint (sl_test_count_kind (&r, "microsleep"), ==, 1);
  /* Narrowed eyes are neither. */
  g_assert_cmpuint (sl_test_count_kind (&r, "blink") + sl_test_count_kind (&r, "microsleep"), ==,
                    4);

  const SlEvent *b = sl_test_first_of_kind (&r, "blink");
  g_assert_cmpstr (b->kind, ==, "blink");
  g_assert_cmpint (b->start_frame, <=, 91);
  g_assert_cmpint (b->end_frame, >=, 95);
  g_assert_cmpint (b->end_frame, <=, 97);
  g_autoptr (SlExplanation) x = explanation (b);
  JsonObject *ph = json_object_get_object_member (x->details, "phases");
  const char *order[]
      = { "onset_s", "below_threshold_s", "closed_start_s", "closed_end_s", "above_threshold_s" };
  for (guint k = 1; k < G_N_ELEMENTS (order); k++)
    g_assert_cmpfloat (json_object_get_double_member (ph, order[k - 1]), <=,
                       json_object_get_double_member (ph, order[k]));
  g_assert_cmpfloat (json_object_get_double_member (ph, "closing_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (ph, "reopening_s"), >, 0);
  g_assert_cmpfloat_with_epsilon (THRESHOLD (x, 0)->observed, 0.67, 0.02);
  g_assert_cmpstr (x->processor, ==, "eyes");
  /* The EAR against the level it fell below, in the person's terms. */
  const SlExplInput *ear = sl_explanation_find_input (x, "eyes.ear");
  g_assert_cmpstr (ear->relation, ==, "below");
  g_assert_cmpfloat (ear->value, <, ear->limit);
  g_assert_cmpfloat_with_epsilon (ear->limit,
                                  sl_explanation_find_input (x, "eyes.baseline")->value
                                      * (1 - sl_explanation_param (x, "closed_drop")),
                                  1e-9);

  /* Signals: EAR per eye, closed at the bottom of a blink, open between,
   * openness near 0 at the bottom once blinks taught the shut level. */
  g_assert_cmpfloat_with_epsilon (sl_test_signal_at (&r, 60, "eyes.ear_left"), 0.30, 0.01);
  g_assert_cmpfloat (sl_test_signal_at (&r, 60, "eyes.closed"), ==, 0);
  g_assert_cmpfloat (sl_test_signal_at (&r, 93, "eyes.closed"), ==, 1);
  g_assert_cmpfloat (sl_test_signal_at (&r, 60, "eyes.openness"), >, 0.9);
  g_assert_cmpfloat (sl_test_signal_at (&r, 12 * 30 + 30, "eyes.openness"), <, 0.2);
  /* The drowsiness processor heard of each blink once, with its duration. */
  int told = 0;
  for (guint f = 0; f < r.rows->len / sl_plan_n_signals (r.plan); f++)
    told += isfinite (sl_test_signal_at (&r, (int)f, "eyes.blink"));
  g_assert_cmpint (told, ==, 3);

  const SlEvent *m = sl_test_first_of_kind (&r, "microsleep");
  g_assert_cmpstr (m->kind, ==, "microsleep");
  g_assert_cmpfloat (m->end_s - m->start_s, >=, 1.9);

  /* A person with narrow eyes (open EAR 0.17) blinks three times, and
   * their open eyes are open, not a closure that never ends. */
  EyeScript narrow = { 0.17, 0.33, FALSE, FALSE, FALSE };
  g_auto (Scripted) n = { 0 };
  sl_test_run_script (&n, NULL, 20 * 30, 30, eye_script, &narrow);
  g_assert_cmpuint (sl_test_count_kind (&n, "blink"), ==, 3);
  g_assert_cmpuint (sl_test_count_kind (&n, "microsleep"), ==, 0);
  for (int f = 12 * 30; f < 20 * 30; f++)
    g_assert_cmpfloat (sl_test_signal_at (&n, f, "eyes.closed"), ==, 0);

  /* What would_change says holds: a closed_drop above the shallow blink's
   * drop (0.5) loses that blink only. */
  EyeScript shallow = { 0.30, 0.5, FALSE, FALSE, FALSE };
  g_auto (Scripted) sh = { 0 };
  sl_test_run_script (&sh, NULL, 20 * 30, 30, eye_script, &shallow);
  g_assert_cmpuint (sl_test_count_kind (&sh, "blink"), ==, 3);
  const char *const stricter[] = { "eyes.closed_drop=0.55", NULL };
  g_auto (Scripted) st = { 0 };
  sl_test_run_script (&st, stricter, 20 * 30, 30, eye_script, &shallow);
  g_assert_cmpuint (sl_test_count_kind (&st, "blink"), ==, 2);

  /* Landmarks lost in the middle of a blink: no crash, no made-up blink
   * across the hole, the others still found. */
  EyeScript lost = { 0.30, 0.33, FALSE, FALSE, TRUE };
  g_auto (Scripted) l = { 0 };
  sl_test_run_script (&l, NULL, 20 * 30, 30, eye_script, &lost);
  g_assert_true (isnan (sl_test_signal_at (&l, 9 * 30 + 3, "eyes.ear")));
  g_assert_cmpuint (sl_test_count_kind (&l, "blink"), >=, 2);
  for (guint i = 0; i < l.events->len; i++)
    {
      const SlEvent *e = l.events->pdata[i];
      if (g_str_equal (e->kind, "blink"))
        g_assert_false (e->start_frame <= 9 * 30 + 3 && e->end_frame >= 9 * 30 + 3);
    }
}

typedef struct
{
  double drowsy_from; /* seconds: from here, 1 s closures every 3 s */
  double yawn_at;     /* a 3 s yawn */
  double talk_at;     /* 0.5 s of a wide-open mouth */
} DrowsyScript;

static void
drowsy_script (int f, double t, SlFaceResult *face, double *row, const SlPlan *plan, gpointer data)
{
  const DrowsyScript *s = data;
  double ear = 0.30 * (1 + 0.015 * sin (f * 1.7));
  double phase = fmod (t, 4.0);
  if (phase >= 2 && phase < 2.27) /* an ordinary blink every 4 s */
    ear = 0.30 * blink_shape[MIN ((int)((phase - 2) * 30), 7)];
  if (t >= s->drowsy_from && fmod (t - s->drowsy_from, 3.0) < 1.0)
    ear = 0.09;
  sl_test_set_eye (face->points, 36, 60, 100, ear);
  sl_test_set_eye (face->points, 42, 130, 100, ear);
  double mar = 0.1;
  if ((t >= s->yawn_at && t < s->yawn_at + 3) || (t >= s->talk_at && t < s->talk_at + 0.5))
    mar = 0.9;
  sl_test_set_mouth (face->points, mar);
}

static void
test_drowsiness (void)
{
  DrowsyScript s = { 60, 20, 30 };
  g_auto (Scripted) r = { 0 };
  sl_test_run_script (&r, NULL, 100 * 30, 30, drowsy_script, &s);

  /* One yawn (the 0.5 s open mouth is talking), one drowsy stretch. */
  g_assert_cmpuint (sl_test_count_kind (&r, "yawn"), ==, 1);
  g_assert_cmpuint (sl_test_count_kind (&r, "drowsy"), ==, 1);
  g_assert_cmpuint (sl_test_count_kind (&r, "microsleep"), ==, 0);
  /* Nothing reported before the window holds 30 s. */
  g_assert_true (isnan (sl_test_signal_at (&r, 20 * 30, "drowsiness.perclos")));
  /* Alert: PERCLOS near 0, 15 blinks a minute, short blinks. */
  g_assert_cmpfloat (sl_test_signal_at (&r, 55 * 30, "drowsiness.perclos"), <, 0.05);
  g_assert_cmpfloat_with_epsilon (sl_test_signal_at (&r, 55 * 30, "drowsiness.blink_rate"), 15,
                                  2.5);
  g_assert_cmpfloat (sl_test_signal_at (&r, 55 * 30, "drowsiness.blink_duration"), <, 0.3);
  g_assert_cmpfloat (sl_test_signal_at (&r, 55 * 30, "drowsiness.drowsy"), ==, 0);
  /* Drowsy: a third of the time shut. */
  g_assert_cmpfloat (sl_test_signal_at (&r, 99 * 30, "drowsiness.perclos"), >, 0.15);
  g_assert_cmpfloat (sl_test_signal_at (&r, 99 * 30, "drowsiness.drowsy"), ==, 1);

  const SlEvent *d = NULL;
  for (guint i = 0; i < r.events->len; i++)
    if (g_str_equal (((SlEvent *)r.events->pdata[i])->kind, "drowsy"))
      d = r.events->pdata[i];
  g_assert_cmpfloat (d->start_s, >, 60);
  g_autoptr (SlExplanation) x = explanation (d);
  const SlExplThreshold *perclos = THRESHOLD (x, 0);
  g_assert_cmpstr (perclos->param, ==, "perclos_max");
  g_assert_cmpfloat (sl_expl_threshold_margin (perclos), >, 0);
  g_assert_cmpuint (x->parts->len, ==, 3);

  /* P70 counts more frames as shut than P80; disabling every measure
   * leaves no drowsy event. */
  const char *const p70[] = { "drowsiness.perclos_level=70", NULL };
  g_auto (Scripted) r70 = { 0 };
  sl_test_run_script (&r70, p70, 100 * 30, 30, drowsy_script, &s);
  g_assert_cmpfloat (sl_test_signal_at (&r70, 99 * 30, "drowsiness.perclos"), >=,
                     sl_test_signal_at (&r, 99 * 30, "drowsiness.perclos"));
  const char *const off[] = { "drowsiness.perclos_max=0", "drowsiness.blink_duration_max=0",
                              "drowsiness.yawns_max=0", NULL };
  g_auto (Scripted) none = { 0 };
  sl_test_run_script (&none, off, 100 * 30, 30, drowsy_script, &s);
  g_assert_cmpuint (sl_test_count_kind (&none, "drowsy"), ==, 0);
}

typedef struct
{
  double shut[2][2]; /* eyes shut from, to (s) */
  double away[3][2]; /* head turned 40° from, to */
  double lost[2];    /* no face from, to */
  double pitch;      /* the head's usual pitch */
} FusionScript;

static void
fusion_script (int f, double t, SlFaceResult *face, double *row, const SlPlan *plan, gpointer data)
{
  const FusionScript *s = data;
  double ear = 0.30 * (1 + 0.015 * sin (f * 1.7));
  double phase = fmod (t, 4.0);
  if (phase >= 2 && phase < 2.27)
    ear = 0.30 * blink_shape[MIN ((int)((phase - 2) * 30), 7)];
  for (int k = 0; k < 2; k++)
    if (t >= s->shut[k][0] && t < s->shut[k][1])
      ear = 0.08;
  sl_test_set_eye (face->points, 36, 60, 100, ear);
  sl_test_set_eye (face->points, 42, 130, 100, ear);
  sl_test_set_mouth (face->points, 0.1);
  double yaw = 3;
  for (int k = 0; k < 3; k++)
    if (t >= s->away[k][0] && t < s->away[k][1])
      yaw = 40;
  face->success = !(t >= s->lost[0] && t < s->lost[1]);
  if (face->success)
    {
      row[sl_plan_slot (plan, "head_pose.yaw")] = yaw;
      row[sl_plan_slot (plan, "head_pose.pitch")] = s->pitch;
      row[sl_plan_slot (plan, "quality.reason")] = 0;
    }
  else
    {
      row[sl_plan_slot (plan, "quality.reason")] = 1;
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        face->points[k] = NAN;
    }
}

static void
test_fusion (void)
{
  FusionScript s = {
    .shut = { { 10, 13 }, { 20, 20.5 } },
    .away = { { 30, 34 }, { 40, 44 }, { 80, 84 } },
    .lost = { 90, 93 },
  };
  g_auto (Scripted) r = { 0 };
  sl_test_run_script (&r, NULL, 100 * 30, 30, fusion_script, &s);

  /* States: alert, drowsy from 1.5 s into the 3 s closure, alert again
   * only release_s after it, distracted twice, unknown without a face. */
  g_assert_cmpfloat (sl_test_signal_at (&r, 5 * 30, "fusion.state"), ==, 1);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(11.4 * 30), "fusion.state"), ==, 1);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(11.6 * 30), "fusion.state"), ==, 2);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(14 * 30), "fusion.state"), ==, 2);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(15.5 * 30), "fusion.state"), ==, 1);
  /* A blink of 0.5 s changes nothing. */
  for (int f = 19 * 30; f < 23 * 30; f++)
    g_assert_cmpfloat (sl_test_signal_at (&r, f, "fusion.state"), ==, 1);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(33 * 30), "fusion.state"), ==, 3);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(43 * 30), "fusion.state"), ==, 3);
  g_assert_cmpfloat (sl_test_signal_at (&r, (int)(92 * 30), "fusion.state"), ==, 0);

  /* Alerts: the drowsy one, the first distraction, not the second (10 s
   * later, inside the 30 s cooldown), the third (40 s later). */
  g_assert_cmpuint (sl_test_count_kind (&r, "alert"), ==, 3);
  int n = 0;
  for (guint i = 0; i < r.events->len; i++)
    {
      const SlEvent *e = r.events->pdata[i];
      if (!g_str_equal (e->kind, "alert"))
        continue;
      g_autoptr (SlExplanation) x = explanation (e);
      const char *expect[] = { "drowsy", "distracted", "distracted" };
      g_assert_cmpstr (json_object_get_string_member (x->details, "state"), ==, expect[n]);
      if (n == 2)
        g_assert_cmpint (json_object_get_int_member (x->details, "held_back_since_last"), ==, 1);
      n++;
    }
  /* Each state stretch is an event with its cause. */
  g_assert_cmpuint (sl_test_count_kind (&r, "state"), >=, 8);
  g_assert_cmpuint (r.metrics->len, ==, 1);
  SlMetric m = g_array_index (r.metrics, SlMetric, 0);
  g_assert_cmpstr (m.name, ==, "fusion.alerts_per_minute");
  g_assert_cmpfloat_with_epsilon (m.value, 3 / (99.97 / 60), 0.01);

  /* A camera above the screen: the head's usual pitch is −25°, beyond
   * max_pitch from the camera axis.  Counted from the person's usual
   * direction, only the turns are distractions. */
  FusionScript above = s;
  above.pitch = -25;
  g_auto (Scripted) a = { 0 };
  sl_test_run_script (&a, NULL, 100 * 30, 30, fusion_script, &above);
  g_assert_cmpuint (sl_test_count_kind (&a, "distracted"), ==,
                    sl_test_count_kind (&r, "distracted"));
  const char *const axis[] = { "attention.neutral_s=0", NULL };
  g_auto (Scripted) ax = { 0 };
  sl_test_run_script (&ax, axis, 100 * 30, 30, fusion_script, &above);
  const SlEvent *first = sl_test_first_of_kind (&ax, "distracted");
  g_assert_cmpfloat (first->end_s - first->start_s, >, 25);

  /* No cooldown: every entry alerts. */
  const char *const eager[] = { "fusion.cooldown_s=0", NULL };
  g_auto (Scripted) e = { 0 };
  sl_test_run_script (&e, eager, 100 * 30, 30, fusion_script, &s);
  g_assert_cmpuint (sl_test_count_kind (&e, "alert"), ==, 4);
}

typedef struct
{
  double bpm;     /* the pulse, 0 for none */
  double noise;   /* amplitude of white noise on each channel */
  double lost[2]; /* no skin from, to (s) */
  GRand *rand;
} PulseScript;

/* Skin colour as a camera sees it: a pulse mostly in green, a little in
 * red and blue (the PPG's absorption spectrum), plus noise. */
static void
pulse_script (int f, double t, SlFaceResult *face, double *row, const SlPlan *plan, gpointer data)
{
  PulseScript *s = data;
  if (t >= s->lost[0] && t < s->lost[1])
    return;
  double pulse = s->bpm > 0 ? sin (2 * G_PI * s->bpm / 60 * t) : 0;
  double base[3] = { 170, 120, 100 }, weight[3] = { 0.33, 0.77, 0.53 };
  const char *names[3] = { "skin.r", "skin.g", "skin.b" };
  for (int c = 0; c < 3; c++)
    row[sl_plan_slot (plan, names[c])] = base[c] * (1 + 0.003 * weight[c] * pulse)
                                         + s->noise * g_rand_double_range (s->rand, -1, 1);
}

/* Skin colour: the whole frame of a skin-patch recording, the face's
 * regions clipped at the border, nothing from NaN landmarks. */
static void
test_skin (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  const SlProcessorInfo *skin = sl_processors_find ("skin");
  guint8 px[4 * 4 * 3];
  for (int i = 0; i < 16; i++)
    {
      px[3 * i] = 10;      /* B */
      px[3 * i + 1] = 100; /* G */
      px[3 * i + 2] = 200; /* R */
    }
  SlvImage img = { 4, 4, 12, px };
  SlFaceResult none = { .success = FALSE };
  g_autofree double *out = sl_test_new_row (plan);
  sl_test_clear_row (out, plan);
  SlFrameContext ctx = sl_test_context (skin, plan, &img, &none, out);
  g_assert_true (skin->process (NULL, &ctx, &error));
  g_assert_true (isnan (out[0])); /* no face, not a skin patch */

  g_assert_true (sl_plan_set (plan, "skin.whole_frame=1", &error));
  g_assert_true (sl_plan_set (plan, "skin.min_pixels=1", &error));
  ctx = sl_test_context (skin, plan, &img, &none, out);
  g_assert_true (skin->process (NULL, &ctx, &error));
  g_assert_cmpfloat (out[0], ==, 200);
  g_assert_cmpfloat (out[1], ==, 100);
  g_assert_cmpfloat (out[2], ==, 10);
  g_assert_cmpfloat (out[3], ==, 16);

  /* A face whose landmarks are NaN, and one far outside the frame. */
  g_autoptr (SlPlan) faces = sl_plan_new (&error);
  SlFaceResult odd = { .success = TRUE };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    odd.points[k] = NAN;
  sl_test_clear_row (out, plan);
  ctx = sl_test_context (skin, faces, &img, &odd, out);
  g_assert_true (skin->process (NULL, &ctx, &error));
  g_assert_true (isnan (out[0]));
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    odd.points[k] = 5000 + k;
  ctx = sl_test_context (skin, faces, &img, &odd, out);
  g_assert_true (skin->process (NULL, &ctx, &error));
  g_assert_true (isnan (out[0]));
}

static void
test_rppg (void)
{
  for (int method = 0; method <= 1; method++)
    {
      g_autofree char *set = g_strdup_printf ("rppg.method=%d", method);
      const char *const sets[] = { set, NULL };
      PulseScript s = { 72, 0.1, { 40, 41 }, g_rand_new_with_seed (3) };
      g_auto (Scripted) r = { 0 };
      sl_test_run_script (&r, sets, 60 * 30, 30, pulse_script, &s);
      g_rand_free (s.rand);
      /* Nothing before the 10 s window is full; then 72 bpm. */
      g_assert_true (isnan (sl_test_signal_at (&r, 5 * 30, "rppg.bpm")));
      int n = 0;
      for (int f = 11 * 30; f < 60 * 30; f++)
        {
          double bpm = sl_test_signal_at (&r, f, "rppg.bpm");
          if (isnan (bpm))
            continue;
          g_assert_cmpfloat_with_epsilon (bpm, 72, 2);
          n++;
        }
      g_test_message ("method %d: %d frames with a bpm", method, n);
      g_assert_cmpint (n, >, 30 * 30);
      /* The skin lost for a second: no estimate across the gap. */
      g_assert_true (isnan (sl_test_signal_at (&r, (int)(45 * 30), "rppg.bpm")));
      g_assert_cmpuint (r.metrics->len, >=, 3);
      for (guint i = 0; i < r.metrics->len; i++)
        {
          SlMetric m = g_array_index (r.metrics, SlMetric, i);
          if (g_str_equal (m.name, "rppg.mean_bpm"))
            g_assert_cmpfloat_with_epsilon (m.value, 72, 1);
        }
    }

  /* No pulse, only noise: the SNR stays low and no bpm is told. */
  PulseScript quiet = { 0, 0.5, { -1, -1 }, g_rand_new_with_seed (5) };
  g_auto (Scripted) q = { 0 };
  sl_test_run_script (&q, NULL, 40 * 30, 30, pulse_script, &quiet);
  g_rand_free (quiet.rand);
  int told = 0;
  for (int f = 11 * 30; f < 40 * 30; f++)
    told += !isnan (sl_test_signal_at (&q, f, "rppg.bpm"));
  g_test_message ("noise only: a bpm on %d of %d frames", told, 29 * 30);
  g_assert_cmpint (told, <, 29 * 30 / 4);
}

static void
sway_script (int f, double t, SlFaceResult *face, double *row, const SlPlan *plan, gpointer data)
{
  row[sl_plan_slot (plan, "head_pose.tx")] = 10 * sin (2 * G_PI * t / 2);
  row[sl_plan_slot (plan, "head_pose.ty")] = 5;
  row[sl_plan_slot (plan, "head_pose.tz")] = 600;
}

/* A head swaying ±10 mm sideways: an RMS sway of 10/√2 mm. */
static void
test_sway (void)
{
  g_auto (Scripted) r = { 0 };
  sl_test_run_script (&r, NULL, 30 * 30, 30, sway_script, NULL);
  g_assert_true (isnan (sl_test_signal_at (&r, 2 * 30, "sway.sway")));
  g_assert_cmpfloat_with_epsilon (sl_test_signal_at (&r, 25 * 30, "sway.sway"), 10 / sqrt (2), 0.3);
}

/* ---- The explanation in words ------------------------------------------ */

static SlExplanation *
words_blink (void)
{
  SlExplanation *x = sl_explanation_new ("event", "blink");
  x->value = 2.5;
  sl_explanation_add_input (x, "eyes.ear", "min", 0.161, "1");
  sl_explanation_set_limit (x, 0.263, "below");
  sl_explanation_add_input (x, "eyes.baseline", "value", 0.33, "1");
  sl_explanation_add_threshold (x, "closed_drop", 0.2, 0.511, "1", "above", NULL);
  sl_explanation_add_change (x, "closed_drop", "above", 0.511);
  sl_explanation_set_processor (x, "eyes", "1.0");
  return x;
}

/* The sentence is built from the structure, in the reader's language. */
static void
test_explain_words (void)
{
  g_autoptr (SlExplanation) x = words_blink ();
  g_autofree char *sentence = sl_explain_sentence (x, 1.75, 1.625);
  g_assert_cmpstr (sentence, ==,
                   "Blink at 0:01.8 for 1.62 s, because EAR lowest 0.161 < 0.263 (−0.102).");
  const SlExplInput *ear = &g_array_index (x->inputs, SlExplInput, 0);
  g_autofree char *with_sd = sl_explain_input_text (ear, 0.051);
  g_assert_cmpstr (with_sd, ==, "EAR lowest 0.161 < 0.263 (−0.102, −2.0σ)");
  g_autofree char *thr
      = sl_explain_threshold_text (&g_array_index (x->thresholds, SlExplThreshold, 0));
  g_assert_cmpstr (thr, ==, "closed_drop 0.511 > 0.2 (+0.311)");
  g_autofree char *flip = sl_explain_change_text (x, &g_array_index (x->changes, SlExplChange, 0));
  g_assert_cmpstr (flip, ==, "It would not have been found with eyes.closed_drop > 0.511.");
  /* A limit between two shown values is shown on the side that flips it,
   * so what is said holds of the value shown. */
  const char *relations[] = { "above", "at_least", "below", "at_most" };
  const double limits[] = { 19.25, 14.62295, 0.26349, -3.1416 };
  const char *shown[] = { "> 19.3.", "≥ 14.7.", "< 0.263.", "≤ -3.15." };
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      SlExplChange c = { (char *)"closed_drop", (char *)relations[i], limits[i] };
      g_autofree char *t = sl_explain_change_text (x, &c);
      g_test_message ("%s", t);
      g_assert_true (g_str_has_suffix (t, shown[i]));
    }
  g_autofree char *frames = sl_explain_format_value (26, "{frame}");
  g_assert_cmpstr (frames, ==, "26 frames");
  g_autofree char *deg = sl_explain_format_value (45.86, "deg");
  g_assert_cmpstr (deg, ==, "45.9°");

  /* A score that failed its aim says what would pass it. */
  g_autoptr (SlExplanation) sc = sl_explanation_new ("score", "collection_rate");
  sc->value = 0.75;
  sl_explanation_add_threshold (sc, "min_collection", 0.8, 0.75, "1", "above", NULL);
  json_object_set_boolean_member (sc->details, "passed", FALSE);
  sl_explanation_add_change (sc, "min_collection", "below", 0.75);
  g_autofree char *pass
      = sl_explain_change_text (sc, &g_array_index (sc->changes, SlExplChange, 0));
  g_assert_cmpstr (pass, ==, "It would pass with min_collection < 0.75.");
  g_autofree char *said = sl_explain_sentence (sc, NAN, NAN);
  g_assert_cmpstr (said, ==, "Gaze collection rate: 0.75.");

  /* Margins in σ only for the signal's own values, not for a duration. */
  g_assert_true (sl_explain_input_has_spread (ear));
  SlExplInput closure
      = { (char *)"eyes.blink", (char *)"duration", 1.38, (char *)"s", 1.5, (char *)"below" };
  g_assert_false (sl_explain_input_has_spread (&closure));
  SlExplInput count = {
    (char *)"frames_without_face", (char *)"count", 3, (char *)"{frame}", 5, (char *)"below"
  };
  g_assert_false (sl_explain_input_has_spread (&count));
  g_assert_cmpstr (sl_explain_unit_label ("{frame}"), ==, "frames");
  g_assert_cmpstr (sl_explain_unit_label ("1"), ==, "");

  /* Whether to trust a frame: the quality processor's gates, a face, the
   * yaw the landmark model knows. */
  SlFrameTrust good = { TRUE, 0.93f, -21, 85, 0 };
  g_autofree char *good_text = sl_explain_trust_text (&good);
  g_assert_cmpstr (good_text, ==, "face 0.93 · yaw −21° · sharpness 85");
  g_assert_null (sl_explain_distrust (&good));
  SlFrameTrust blurred = good, turned = good, faceless = good, unknown = good;
  blurred.reason = 4;
  turned.yaw_deg = 52;
  faceless.has_face = FALSE;
  unknown.reason = NAN;
  unknown.yaw_deg = NAN;
  g_autofree char *why_blur = sl_explain_distrust (&blurred);
  g_autofree char *why_yaw = sl_explain_distrust (&turned);
  g_autofree char *why_face = sl_explain_distrust (&faceless);
  g_assert_cmpstr (why_blur, ==, "blurred");
  g_assert_cmpstr (why_yaw, ==, "head turned 52° from the camera");
  g_assert_cmpstr (why_face, ==, "no face found");
  g_assert_null (sl_explain_distrust (&unknown));
  /* Reason 1 (no face) with a face tracked is not a reason to distrust. */
  SlFrameTrust tracked = good;
  tracked.reason = 1;
  g_assert_null (sl_explain_distrust (&tracked));

  /* In Korean, from the build tree's catalogue. */
  g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (po, "ko", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no Korean catalogue built");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "ko", TRUE);
  setlocale (LC_ALL, "");
  g_autofree char *ko = sl_explain_sentence (x, 1.75, 1.625);
  g_autofree char *ko_flip
      = sl_explain_change_text (x, &g_array_index (x->changes, SlExplChange, 0));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_message ("%s / %s", ko, ko_flip);
  g_assert_cmpstr (
      ko, ==, "눈 깜박임: 0:01.8부터 1.62초 동안, EAR 최저 0.161 < 0.263 (−0.102) 때문입니다.");
  g_assert_cmpstr (ko_flip, ==, "eyes.closed_drop > 0.511이었다면 찾지 않았을 것입니다.");
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
  g_test_add_func ("/core/explanation/words", test_explain_words);
  g_test_add_func ("/core/processors/eyes", test_eyes);
  g_test_add_func ("/core/processors/drowsiness", test_drowsiness);
  g_test_add_func ("/core/processors/fusion", test_fusion);
  g_test_add_func ("/core/processors/skin", test_skin);
  g_test_add_func ("/core/processors/rppg", test_rppg);
  g_test_add_func ("/core/processors/sway", test_sway);
  return g_test_run ();
}
