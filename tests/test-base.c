/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base layer's own logic, with no files and no recordings: the
 * one-to-one event matcher.
 */
#include "config.h"

#include <math.h>

#include "base/sl-event-match.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/event-match/empty", test_match_empty);
  g_test_add_func ("/core/event-match/edges", test_match_edges);
  g_test_add_func ("/core/event-match/one-to-one", test_match_one_to_one);
  g_test_add_func ("/core/event-match/largest-overlap", test_match_largest_overlap);
  g_test_add_func ("/core/event-match/min-iou", test_match_min_iou);
  return g_test_run ();
}
