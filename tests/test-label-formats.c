/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels to ELAN's EAF and BORIS's TSV and back: every field survives
 * (times to the millisecond these formats keep), the EAF files are valid
 * against ELAN's EAF 3.0 schema, other tools' files read, and bad files
 * are refused whole with a message that names what is wrong.  Then two
 * annotators' agreement: κ over time and event F1 against cases worked
 * by hand, one of them by BORIS's published method.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "labels/sl-label-agree.h"
#include "labels/sl-label-file.h"
#include "library/sl-labels.h"
#include "sl-test-util.h"

#define FPS 25.0

static SlLabel *
new_label (const char *annotator, const char *kind, gint64 first, gint64 last)
{
  SlLabel *l = g_new0 (SlLabel, 1);
  l->annotator = g_strdup (annotator);
  l->kind = g_strdup (kind);
  l->start_frame = first;
  l->end_frame = last;
  l->start_ms = first * 1000 / FPS;
  l->end_ms = last * 1000 / FPS;
  return l;
}

static GPtrArray *
label_set (void)
{
  GPtrArray *kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_kind_free);
  const char *names[] = { "blink", "yawn", "no face", "phone <call> & text", "tap" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SlLabelKind *k = g_new0 (SlLabelKind, 1);
      k->name = g_strdup (names[i]);
      k->point = g_str_equal (names[i], "tap");
      k->color = g_strdup ("#99c1f1");
      g_ptr_array_add (kinds, k);
    }
  return kinds;
}

/* Labels of every sort: each source, blind or not, values with markup
 * and separators, a point, two annotators, a covered stretch. */
static GPtrArray *
varied_labels (void)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  const char *values[] = { NULL, "eyes <half> & \"shut\"", "a\ttab", "박지민의 메모", NULL, "x" };
  const char *kinds[] = { "blink", "yawn", "no face", "phone <call> & text", "blink", "tap" };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      gint64 first = 10 + 13 * i, last = i == 5 ? first : first + 1 + i;
      SlLabel *l = new_label (i % 2 ? "ana" : "박지민", kinds[i], first, last);
      l->value = g_strdup (values[i]);
      l->source = i % 4;
      l->blind = i == 1 || i == 4;
      g_ptr_array_add (labels, l);
    }
  g_ptr_array_add (labels, new_label ("ana", SL_LABEL_COVERED, 0, 99));
  /* A one-frame state is not a point. */
  g_ptr_array_add (labels, new_label ("ana", "blink", 95, 95));
  return labels;
}

static SlSession *
session (void)
{
  SlSession *s = sl_session_new ();
  s->name = g_strdup ("clip & take <2>.mp4");
  s->path = g_strdup ("/recordings/clip & take <2>.mp4");
  s->fps = FPS;
  s->frame_count = 100;
  s->duration_s = 4;
  return s;
}

/* @a and @b hold the same labels, in any order. */
static void
assert_same (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const SlLabel *x = a->pdata[i];
      gboolean found = FALSE;
      for (guint j = 0; j < b->len && !found; j++)
        {
          const SlLabel *y = b->pdata[j];
          found = g_str_equal (x->annotator, y->annotator) && g_str_equal (x->kind, y->kind)
                  && x->start_frame == y->start_frame && x->end_frame == y->end_frame
                  && g_strcmp0 (x->value, y->value) == 0 && x->source == y->source
                  && x->blind == y->blind && fabs (x->start_ms - y->start_ms) <= 0.5
                  && fabs (x->end_ms - y->end_ms) <= 0.5;
        }
      if (!found)
        g_error ("%s's %s, frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " (%s, %s%s) did not "
                 "come back",
                 x->annotator, x->kind, x->start_frame, x->end_frame, x->value,
                 sl_label_source_to_string (x->source), x->blind ? ", blind" : "");
    }
}

static void
validate_eaf (const char *text)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "labels.eaf", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_autofree char *xsd
      = g_test_build_filename (G_TEST_DIST, "fixtures", "eaf", "EAFv3.0.xsd", NULL);
  sl_test_run ("xmllint", "--noout", "--schema", xsd, path, NULL);
}

static void
test_round_trip (gconstpointer data)
{
  SlLabelFormat format = GPOINTER_TO_INT (data);
  g_autoptr (GPtrArray) labels = varied_labels ();
  g_autoptr (GPtrArray) kinds = label_set ();
  g_autoptr (SlSession) s = session ();
  g_autofree char *text = sl_label_file_write (format, labels, kinds, s, NULL);
  g_test_message ("%s", text);
  if (format == SL_LABEL_FORMAT_EAF)
    validate_eaf (text);
  g_assert_cmpint (sl_label_format_guess (NULL, text, strlen (text)), ==, format);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) back = sl_label_file_read (format, text, strlen (text), s, NULL, &error);
  g_assert_no_error (error);
  assert_same (labels, back);
  assert_same (back, labels);
  /* Written again, the same file but for its date. */
  g_autofree char *again = sl_label_file_write (format, back, kinds, s, NULL);
  g_assert_cmpuint (strlen (again), ==, strlen (text));
}

/* A time between frames, as another tool writes it, lands on the frame
 * on screen then; and an empty file of either kind has no labels. */
static void
test_other_tools (void)
{
  g_autoptr (SlSession) s = session ();
  g_autoptr (GError) error = NULL;
  /* ELAN: a tier without an annotator, an unaligned slot ELAN left in a
   * tier of its own, symbolic tiers of other types ignored. */
  const char *eaf
      = "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00Z\" "
        "VERSION=\"3.0\"><HEADER TIME_UNITS=\"milliseconds\"/><TIME_ORDER>"
        "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1010\"/>"
        "<TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"1450\"/></TIME_ORDER>"
        "<TIER TIER_ID=\"yawn\" LINGUISTIC_TYPE_REF=\"default-lt\"><ANNOTATION>"
        "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">"
        "<ANNOTATION_VALUE>wide &amp; long</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"
        "</TIER><TIER TIER_ID=\"gloss\" PARENT_REF=\"yawn\" LINGUISTIC_TYPE_REF=\"gloss\">"
        "<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"a2\" ANNOTATION_REF=\"a1\">"
        "<ANNOTATION_VALUE>anything</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION></TIER>"
        "<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>"
        "</ANNOTATION_DOCUMENT>";
  g_assert_null (sl_label_file_read (SL_LABEL_FORMAT_EAF, eaf, strlen (eaf), s, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "names no annotator"));
  g_clear_error (&error);
  g_autoptr (GPtrArray) from_elan
      = sl_label_file_read (SL_LABEL_FORMAT_EAF, eaf, strlen (eaf), s, "ben", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_elan->len, ==, 1);
  const SlLabel *y = from_elan->pdata[0];
  g_assert_cmpstr (y->kind, ==, "yawn");
  g_assert_cmpstr (y->annotator, ==, "ben");
  g_assert_cmpstr (y->value, ==, "wide & long");
  g_assert_cmpint (y->start_frame, ==, 25); /* 1010 ms is within frame 25 */
  g_assert_cmpint (y->end_frame, ==, 36);   /* 1450 ms ends within frame 36 */
  g_assert_cmpint (y->source, ==, SL_LABEL_MANUAL);

  /* BORIS: columns in its order, an older file's Status column, no frames. */
  const char *tsv = "Observation id\tTime\tMedia file\tSubject\tBehavior\tModifiers\tStatus\n"
                    "obs 1\t2.000\tclip.mp4\t\tlook away\t\tSTART\n"
                    "obs 1\t2.5\tclip.mp4\t\tnod\t\tPOINT\n"
                    "obs 1\t3.000\tclip.mp4\t\tlook away\t\tSTOP\n";
  g_autoptr (GPtrArray) from_boris
      = sl_label_file_read (SL_LABEL_FORMAT_TSV, tsv, strlen (tsv), s, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_boris->len, ==, 2);
  const SlLabel *away = from_boris->pdata[0], *nod = from_boris->pdata[1];
  g_assert_cmpstr (away->annotator, ==, "obs 1");
  g_assert_cmpint (away->start_frame, ==, 50);
  g_assert_cmpint (away->end_frame, ==, 74);
  g_assert_cmpint (nod->start_frame, ==, 62);
  g_assert_cmpint (nod->end_frame, ==, 62);
  g_assert_cmpfloat (nod->end_ms, ==, nod->start_ms);
}

static void
test_refused (void)
{
  g_autoptr (SlSession) s = session ();
  const struct
  {
    SlLabelFormat format;
    const char *text, *says;
  } bad[] = {
    { SL_LABEL_FORMAT_EAF, "", "empty" },
    { SL_LABEL_FORMAT_EAF, "<?xml version=\"1.0\"?><html></html>", "not ELAN's" },
    { SL_LABEL_FORMAT_EAF, "<ANNOTATION_DOCUMENT><TIER TIER_ID=\"x\">", "not well-formed" },
    { SL_LABEL_FORMAT_EAF, "\xff\xfe<", "UTF-8" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"PAL-frames\"/></ANNOTATION_DOCUMENT>",
      "PAL-frames" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"-5\"/>"
      "</TIME_ORDER></ANNOTATION_DOCUMENT>",
      "not a time" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"5\"/>"
      "</TIME_ORDER><TIER TIER_ID=\"blink\" ANNOTATOR=\"a\"><ANNOTATION><ALIGNABLE_ANNOTATION "
      "ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"t1\" TIME_SLOT_REF2=\"t9\"><ANNOTATION_VALUE/>"
      "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
      "does not have" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"5\"/>"
      "<TIME_SLOT TIME_SLOT_ID=\"t2\"/></TIME_ORDER><TIER TIER_ID=\"blink\" ANNOTATOR=\"a\">"
      "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"t1\" "
      "TIME_SLOT_REF2=\"t2\"><ANNOTATION_VALUE/></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>"
      "</ANNOTATION_DOCUMENT>",
      "without a time" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"50\"/>"
      "<TIME_SLOT TIME_SLOT_ID=\"t2\" TIME_VALUE=\"10\"/></TIME_ORDER><TIER TIER_ID=\"b\" "
      "ANNOTATOR=\"a\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" "
      "TIME_SLOT_REF1=\"t1\" TIME_SLOT_REF2=\"t2\"><ANNOTATION_VALUE/></ALIGNABLE_ANNOTATION>"
      "</ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
      "before it begins" },
    { SL_LABEL_FORMAT_EAF,
      "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"5\"/>"
      "</TIME_ORDER><TIER TIER_ID=\"b\" ANNOTATOR=\"a\"><ANNOTATION><ALIGNABLE_ANNOTATION "
      "ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"t1\" TIME_SLOT_REF2=\"t1\"><ANNOTATION_VALUE/>"
      "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER><TIER TIER_ID=\"s\" "
      "LINGUISTIC_TYPE_REF=\"sightline-source\"><ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"s1\" "
      "ANNOTATION_REF=\"a1\"><ANNOTATION_VALUE>guessed</ANNOTATION_VALUE></REF_ANNOTATION>"
      "</ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
      "“guessed”" },
    { SL_LABEL_FORMAT_TSV, "", "empty" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tTime\n", "Behavior type" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\no\tb\tSTOP\t1\n",
      "not started" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\no\tb\tSTART\t1\n",
      "never stops" },
    { SL_LABEL_FORMAT_TSV,
      "Observation id\tBehavior\tBehavior type\tTime\no\tb\tSTART\t1\no\tb\tSTART\t2\n",
      "starts again" },
    { SL_LABEL_FORMAT_TSV,
      "Observation id\tBehavior\tBehavior type\tTime\no\tb\tSTART\t3\no\tb\tSTOP\t2\n",
      "before it started" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\no\tb\tBEGIN\t1\n",
      "BEGIN" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\no\tb\tPOINT\tsoon\n",
      "not a time" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\no\t\tPOINT\t1\n",
      "no behaviour" },
    { SL_LABEL_FORMAT_TSV,
      "Observation id\tBehavior\tBehavior type\tTime\tComment\no\tb\tPOINT\t1\tsource: maybe\n",
      "source: maybe" },
    { SL_LABEL_FORMAT_TSV, "Observation id\tBehavior\tBehavior type\tTime\n\"o\tb\tPOINT\t1\n",
      "never closed" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_null (
          sl_label_file_read (bad[i].format, bad[i].text, strlen (bad[i].text), s, "ana", &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
      g_test_message ("%s → %s", bad[i].text, error->message);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s” was refused with “%s”, which does not say “%s”", bad[i].text, error->message,
                 bad[i].says);
    }
}

static const SlAgreement *
kind_of (const SlAgreementReport *r, const char *kind)
{
  for (guint i = 0; i < r->kinds->len; i++)
    {
      const SlAgreement *a = r->kinds->pdata[i];
      if (g_strcmp0 (a->kind, kind) == 0)
        return a;
    }
  g_error ("no figures for %s", kind);
}

static void
test_agree_by_hand (void)
{
  /* 100 frames, both annotators' whole; A blinks on 10–19, B on 15–24:
   * 90 frames agree, and each says blink on a tenth of the time, so
   * pₑ = 0.1² + 0.9² = 0.82 and κ = (0.90 − 0.82) / 0.18 = 4/9. */
  g_autoptr (GPtrArray) a = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_autoptr (GPtrArray) b = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_ptr_array_add (a, new_label ("a", "blink", 10, 19));
  g_ptr_array_add (b, new_label ("b", "blink", 15, 24));
  g_autoptr (SlAgreementReport) r = sl_label_agree (a, b, 100);
  g_assert_cmpint (r->compared_frames, ==, 100);
  const SlAgreement *blink = kind_of (r, "blink");
  g_assert_cmpfloat_with_epsilon (blink->observed, 0.90, 1e-12);
  g_assert_cmpfloat_with_epsilon (blink->expected, 0.82, 1e-12);
  g_assert_cmpfloat_with_epsilon (blink->kappa, 4.0 / 9, 1e-12);
  g_assert_cmpfloat_with_epsilon (kind_of (r, NULL)->kappa, 4.0 / 9, 1e-12);
  g_assert_cmpuint (blink->matched, ==, 1);
  g_assert_cmpfloat (blink->f1, ==, 1.0);
  g_assert_cmpfloat (blink->onset_error_mean, ==, -5);
  g_assert_cmpuint (r->disagreements->len, ==, 2);
  const SlDisagreement *d0 = &g_array_index (r->disagreements, SlDisagreement, 0);
  const SlDisagreement *d1 = &g_array_index (r->disagreements, SlDisagreement, 1);
  g_assert_true (d0->by_a && d0->frames.first == 10 && d0->frames.last == 14);
  g_assert_true (!d1->by_a && d1->frames.first == 20 && d1->frames.last == 24);

  /* B covered only frames 0–49 and 80–99: A's blink there still counts,
   * a blink of A's at 60 does not (B never looked), and the time
   * compared is 70 frames. */
  g_ptr_array_add (a, new_label ("a", "blink", 60, 64));
  g_ptr_array_add (b, new_label ("b", SL_LABEL_COVERED, 0, 49));
  g_ptr_array_add (b, new_label ("b", SL_LABEL_COVERED, 80, 99));
  g_autoptr (SlAgreementReport) partly = sl_label_agree (a, b, 100);
  g_assert_cmpint (partly->compared_frames, ==, 70);
  const SlAgreement *blink2 = kind_of (partly, "blink");
  g_assert_cmpuint (blink2->n_a, ==, 1);
  g_assert_cmpfloat_with_epsilon (blink2->observed, 60.0 / 70, 1e-12);
  g_assert_cmpuint (partly->disagreements->len, ==, 2);

  /* A rejected detection is no label: it changes nothing. */
  SlLabel *not_one = new_label ("b", "blink", 60, 64);
  not_one->source = SL_LABEL_REJECTED;
  g_ptr_array_add (b, not_one);
  g_autoptr (SlAgreementReport) same = sl_label_agree (a, b, 100);
  g_assert_cmpfloat (kind_of (same, "blink")->kappa, ==, blink2->kappa);

  /* Nothing labelled by either: they agree, but κ has nothing to tell. */
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_autoptr (SlAgreementReport) empty = sl_label_agree (none, none, 100);
  g_assert_true (isnan (kind_of (empty, NULL)->kappa));
  g_assert_true (isnan (kind_of (empty, NULL)->f1));
}

static void
test_agree_boris (void)
{
  /* BORIS's method (analysis_plugins/irr_weighted_cohen_kappa.py): the
   * edges 0, 5, 8, 10, 15 cut the time; codes per interval
   * A: walk | eat+walk | eat+walk | eat, B: walk | walk | eat | eat,
   * weights 5, 3, 2, 5.  pₒ = 10/15; pₑ = (5·8 + 5·7) / 15² = 1/3;
   * κ = (2/3 − 1/3) / (2/3) = 1/2.  BORIS compares the time from the
   * first edge to the last: here what both covered. */
  g_autoptr (GPtrArray) a = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_autoptr (GPtrArray) b = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_ptr_array_add (a, new_label ("a", "walk", 0, 9));
  g_ptr_array_add (a, new_label ("a", "eat", 5, 14));
  g_ptr_array_add (a, new_label ("a", SL_LABEL_COVERED, 0, 14));
  g_ptr_array_add (b, new_label ("b", "walk", 0, 7));
  g_ptr_array_add (b, new_label ("b", "eat", 8, 14));
  g_ptr_array_add (b, new_label ("b", SL_LABEL_COVERED, 0, 14));
  g_autoptr (SlAgreementReport) r = sl_label_agree (a, b, 1000);
  g_assert_cmpint (r->compared_frames, ==, 15);
  const SlAgreement *all = kind_of (r, NULL);
  g_assert_cmpfloat_with_epsilon (all->observed, 10.0 / 15, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->expected, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (all->kappa, 0.5, 1e-12);
  /* Walk alone: 13 of 15 agree, pₑ = (10·8 + 5·7) / 15² = 115/225,
   * κ = (195 − 115) / (225 − 115) = 8/11. */
  g_assert_cmpfloat_with_epsilon (kind_of (r, "walk")->kappa, 8.0 / 11, 1e-12);
  /* Events: walk 0–9 and 0–7 match, eat 5–14 and 8–14 match. */
  g_assert_cmpfloat (all->f1, ==, 1.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/core/label-formats/eaf-round-trip", GINT_TO_POINTER (SL_LABEL_FORMAT_EAF),
                        test_round_trip);
  g_test_add_data_func ("/core/label-formats/tsv-round-trip", GINT_TO_POINTER (SL_LABEL_FORMAT_TSV),
                        test_round_trip);
  g_test_add_data_func ("/core/label-formats/csv-round-trip", GINT_TO_POINTER (SL_LABEL_FORMAT_CSV),
                        test_round_trip);
  g_test_add_func ("/core/label-formats/other-tools", test_other_tools);
  g_test_add_func ("/core/label-formats/refused", test_refused);
  g_test_add_func ("/core/label-agree/by-hand", test_agree_by_hand);
  g_test_add_func ("/core/label-agree/boris", test_agree_boris);
  return g_test_run ();
}
