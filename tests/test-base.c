/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base layer's own logic, with no files and no recordings: the
 * one-to-one event matcher, explanations, times as people read them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "base/sl-event-match.h"
#include "base/sl-explanation.h"
#include "base/sl-text.h"

static void
test_match_empty (void)
{
  const SlSpan one[] = { { 0, 5 } };
  g_autoptr (SlEventMatch) none = sl_event_match (NULL, 0, NULL, 0, 0);
  g_assert_cmpuint (none->matched, ==, 0);
  g_assert_true (isnan (none->onset_error_mean));
  g_autoptr (SlEventMatch) missed = sl_event_match (NULL, 0, one, 1, 0);
  g_assert_cmpint (missed->detection_of[0], ==, -1);
  g_autoptr (SlEventMatch) spurious = sl_event_match (one, 1, NULL, 0, 0);
  g_assert_cmpint (spurious->reference_of[0], ==, -1);
}

/* Spans share a frame when one ends where the other starts; next to each
 * other they do not. */
static void
test_match_edges (void)
{
  const SlSpan d[] = { { 10, 20 } };
  const SlSpan touching[] = { { 20, 30 } }, next[] = { { 21, 30 } };
  g_autoptr (SlEventMatch) a = sl_event_match (d, 1, touching, 1, 0);
  g_assert_cmpuint (a->matched, ==, 1);
  g_assert_cmpfloat (a->onset_error_mean, ==, -10);
  g_assert_cmpfloat (a->onset_error_abs, ==, 10);
  g_autoptr (SlEventMatch) b = sl_event_match (d, 1, next, 1, 0);
  g_assert_cmpuint (b->matched, ==, 0);
}

/* One to one: a detection over two blinks matches the one it covers most,
 * and the other is missed; two detections over one blink, one is spurious. */
static void
test_match_one_to_one (void)
{
  const SlSpan wide[] = { { 0, 30 } };
  const SlSpan two[] = { { 2, 5 }, { 10, 25 } };
  g_autoptr (SlEventMatch) a = sl_event_match (wide, 1, two, 2, 0);
  g_assert_cmpuint (a->matched, ==, 1);
  g_assert_cmpint (a->reference_of[0], ==, 1);
  g_assert_cmpint (a->detection_of[0], ==, -1);

  const SlSpan split[] = { { 0, 4 }, { 5, 20 } };
  const SlSpan one[] = { { 2, 18 } };
  g_autoptr (SlEventMatch) b = sl_event_match (split, 2, one, 1, 0);
  g_assert_cmpuint (b->matched, ==, 1);
  g_assert_cmpint (b->detection_of[0], ==, 1);
  g_assert_cmpint (b->reference_of[0], ==, -1);
}

/* Largest overlap first, not first come: taken in detection order, the
 * first detection would take the first blink it touches and leave the
 * second detection nothing; here both find a blink. */
static void
test_match_largest_overlap (void)
{
  const SlSpan d[] = { { 0, 10 }, { 9, 20 } };
  const SlSpan r[] = { { 8, 12 }, { 0, 3 } };
  g_autoptr (SlEventMatch) m = sl_event_match (d, 2, r, 2, 0);
  g_assert_cmpuint (m->matched, ==, 2);
  g_assert_cmpint (m->reference_of[0], ==, 1);
  g_assert_cmpint (m->reference_of[1], ==, 0);
  g_assert_cmpfloat (m->onset_error_mean, ==, 0.5); /* (0 − 0 + 9 − 8) / 2 */

  /* Equal overlaps: the smaller onset error wins. */
  const SlSpan e[] = { { 5, 9 } };
  const SlSpan f[] = { { 0, 9 }, { 5, 20 } }; /* 5 frames shared with each */
  g_autoptr (SlEventMatch) tie = sl_event_match (e, 1, f, 2, 0);
  g_assert_cmpint (tie->reference_of[0], ==, 1);
  g_assert_cmpfloat (tie->onset_error_mean, ==, 0);
}

/* With min_iou, a brief touch is not a match. */
static void
test_match_min_iou (void)
{
  const SlSpan d[] = { { 0, 9 } };
  const SlSpan r[] = { { 8, 17 } }; /* 2 frames shared of 18 */
  g_autoptr (SlEventMatch) any = sl_event_match (d, 1, r, 1, 0);
  g_assert_cmpuint (any->matched, ==, 1);
  g_autoptr (SlEventMatch) strict = sl_event_match (d, 1, r, 1, 0.5);
  g_assert_cmpuint (strict->matched, ==, 0);
  g_autoptr (SlEventMatch) loose = sl_event_match (d, 1, r, 1, 0.1);
  g_assert_cmpuint (loose->matched, ==, 1);
}

/* ---- Explanations ------------------------------------------------------ */

static SlExplanation *
sample_explanation (void)
{
  SlExplanation *x = sl_explanation_new ("event", "blink");
  x->value = 2.5;
  x->frames = 15;
  sl_explanation_add_input (x, "eyes.ear", "min", 0.16, "1");
  sl_explanation_set_limit (x, 0.26, "below");
  sl_explanation_add_input (x, "eyes.blink", "duration", 0.4, "s");
  sl_explanation_add_threshold (x, "closed_drop", 0.2, 0.51, "1", "above", NULL);
  sl_explanation_add_threshold (x, "microsleep_openness", 0.3, 0.1, "1", "below", "eyes.openness");
  sl_explanation_add_part (x, "a", 3);
  sl_explanation_add_part (x, "b", -1.5);
  sl_explanation_add_evidence (x, "onset", 42, 42, 1.75, 1.75);
  sl_explanation_add_evidence (x, "stretch", 50, 60, NAN, NAN);
  sl_explanation_set_evidence_reason (x, "no face", 0.5);
  sl_explanation_add_change (x, "closed_drop", "above", 0.51);
  sl_explanation_set_processor (x, "eyes", "1.0");
  sl_explanation_add_param (x, "closed_drop", 0.2);
  json_object_set_double_member (x->details, "ear_threshold", 0.26);
  return x;
}

static void
test_explanation_round_trip (void)
{
  g_autoptr (SlExplanation) x = sample_explanation ();
  g_autofree char *json = sl_explanation_to_json (x);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlExplanation) y = sl_explanation_parse (json, &error);
  g_assert_no_error (error);
  g_autofree char *again = sl_explanation_to_json (y);
  g_assert_cmpstr (json, ==, again);
  g_assert_cmpint (y->version, ==, SL_EXPLANATION_VERSION);
  g_assert_cmpstr (y->kind, ==, "blink");
  g_assert_cmpfloat (y->value, ==, 2.5);
  g_assert_cmpint (y->frames, ==, 15);
  const SlExplInput *ear = sl_explanation_find_input (y, "eyes.ear");
  g_assert_cmpstr (ear->unit, ==, "1");
  g_assert_cmpstr (ear->relation, ==, "below");
  g_assert_cmpfloat (ear->limit, ==, 0.26);
  g_assert_null (sl_explanation_find_input (y, "eyes.blink")->relation);
  const SlExplThreshold *t = &g_array_index (y->thresholds, SlExplThreshold, 1);
  g_assert_cmpstr (t->signal, ==, "eyes.openness");
  g_assert_true (sl_expl_threshold_met (t));
  g_assert_true (sl_expl_threshold_met (&g_array_index (y->thresholds, SlExplThreshold, 0)));
  g_assert_cmpfloat (y->parts_total, ==, 1.5);
  const SlExplEvidence *st = &g_array_index (y->evidence, SlExplEvidence, 1);
  g_assert_cmpint (st->first, ==, 50);
  g_assert_true (isnan (st->start_s));
  g_assert_cmpstr (st->reason, ==, "no face");
  g_assert_cmpfloat (sl_explanation_param (y, "closed_drop"), ==, 0.2);
  g_assert_true (isnan (sl_explanation_param (y, "nothing")));
  g_assert_cmpfloat (json_object_get_double_member (y->details, "ear_threshold"), ==, 0.26);
}

/* Damaged explanations are a message naming what is wrong, never a crash. */
static void
test_explanation_damaged (void)
{
  g_autoptr (SlExplanation) x = sample_explanation ();
  g_autofree char *good = sl_explanation_to_json (x);
  const struct
  {
    const char *from, *to, *says;
  } damage[] = {
    { "\"unit\":\"1\"", "\"unit\":1", "“unit” is not text" },
    { "\"value\":0.16", "\"value\":\"low\"", "“value” is not a number" },
    { "\"relation\":\"below\"", "\"relation\":\"under\"", "under" },
    { "\"first\":50", "\"first\":-3", "“first” is not a frame number" },
    { "\"first\":50", "\"first\":70", "ends before it begins" },
    { "\"inputs\":[", "\"inputs\":{\"x\":[", "" }, /* unbalanced: not JSON at all */
    { "\"subject\":\"event\"", "\"subject\":\"thing\"", "neither an event nor a score" },
    { "\"schema\":2", "\"schema\":7", "newer Sightline" },
    { "\"param\":\"closed_drop\",\"value\"", "\"value\"", "no “param”" },
    { "\"kind\":\"blink\",", "", "no “kind”" },
    { "\"evidence\":[", "\"evidence\":[3,", "is not an object" },
    { "\"details\":{", "\"details\":[{", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr (GString) s = g_string_new (good);
      g_assert_cmpuint (g_string_replace (s, damage[i].from, damage[i].to, 1), ==, 1);
      g_autoptr (GError) error = NULL;
      g_autoptr (SlExplanation) bad = sl_explanation_parse (s->str, &error);
      g_test_message ("%s → %s", damage[i].to, error ? error->message : "(read)");
      g_assert_null (bad);
      g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, damage[i].says));
      g_assert_nonnull (strstr (error->message, "Analyse the session again"));
    }
  const char *const not_objects[] = { "", "[]", "3", "null", "{\"schema\":\"two\"}" };
  for (guint i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SlExplanation) bad = sl_explanation_parse (not_objects[i], &error);
      g_assert_null (bad);
      g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
    }
}

/* Version 1, as libraries of schema 3 to 8 hold it: read into version 2
 * with units. */
static void
test_explanation_v1 (void)
{
  const char *v1
      = "{\"inputs\":[{\"signal\":\"head_pose.yaw\",\"peak\":45.8,\"frames_beyond\":26,"
        "\"neutral\":-20.6}],\"thresholds\":[{\"param\":\"max_yaw\",\"value\":30,\"observed\":45.8,"
        "\"crossed_by\":15.8},{\"param\":\"min_duration_s\",\"value\":2,\"observed\":3.4,"
        "\"crossed_by\":1.4}],\"shares\":{\"head_pose.yaw\":0.75,\"gaze.yaw\":0.25},"
        "\"evidence_frames\":{\"first\":4026,\"peak\":4068,\"last\":4107,\"frames\":28},"
        "\"processor\":{\"id\":\"attention\",\"version\":\"1.1\",\"params\":{\"max_yaw\":30}},"
        "\"would_change\":[{\"param\":\"max_yaw\",\"at_least\":45.8}],\"cause\":\"x\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (SlExplanation) x = sl_explanation_parse (v1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (x->subject, ==, "event");
  g_assert_cmpuint (x->inputs->len, ==, 3);
  const SlExplInput *peak = &g_array_index (x->inputs, SlExplInput, 0);
  g_assert_cmpstr (peak->stat, ==, "peak");
  g_assert_cmpstr (peak->unit, ==, "deg");
  g_assert_cmpstr (g_array_index (x->inputs, SlExplInput, 1).unit, ==, "{frame}");
  g_assert_cmpstr (g_array_index (x->thresholds, SlExplThreshold, 0).unit, ==, "deg");
  g_assert_cmpstr (g_array_index (x->thresholds, SlExplThreshold, 1).unit, ==, "s");
  g_assert_cmpfloat (x->parts_total, ==, 1.0);
  g_assert_cmpuint (x->evidence->len, ==, 3);
  g_assert_cmpint (x->frames, ==, 28);
  g_assert_cmpstr (g_array_index (x->changes, SlExplChange, 0).relation, ==, "at_least");
  g_assert_cmpstr (x->processor, ==, "attention");
  g_assert_cmpstr (json_object_get_string_member (x->details, "cause"), ==, "x");
}

/* A run's start, stored in UTC, read in the local time zone (main sets
 * UTC+9). */
static void
test_format_time (void)
{
  g_autofree char *a = sl_text_format_time ("2026-12-04T19:53:20.419101Z");
  g_assert_cmpstr (a, ==, "2026-12-05 04:53:20");
  g_autofree char *b = sl_text_format_time ("yesterday");
  g_assert_cmpstr (b, ==, "yesterday");
  g_autofree char *c = sl_text_format_time (NULL);
  g_assert_cmpstr (c, ==, "–");
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "KST-9", TRUE); /* a rule, not a file of tzdata */
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/text/format-time", test_format_time);
  g_test_add_func ("/core/explanation/round-trip", test_explanation_round_trip);
  g_test_add_func ("/core/explanation/damaged", test_explanation_damaged);
  g_test_add_func ("/core/explanation/version-1", test_explanation_v1);
  g_test_add_func ("/core/event-match/empty", test_match_empty);
  g_test_add_func ("/core/event-match/edges", test_match_edges);
  g_test_add_func ("/core/event-match/one-to-one", test_match_one_to_one);
  g_test_add_func ("/core/event-match/largest-overlap", test_match_largest_overlap);
  g_test_add_func ("/core/event-match/min-iou", test_match_min_iou);
  return g_test_run ();
}
