/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People's labels in the library: the label set a library starts with
 * and its rules, labels added, changed and deleted as an append-only
 * history, undo and redo per annotator that survive closing the library,
 * bad labels refused with nothing written, and forgetting a session
 * counting its labels.
 */
#include "config.h"

#include <sqlite3.h>

#include "base/sl-error.h"
#include "library/sl-labels.h"
#include "media/sl-probe.h"
#include "sl-test-util.h"

static gint64
history_rows (const char *lib)
{
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open_v2 (lib, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *stmt;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM label_history", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  gint64 n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The labels of @annotator as "kind start–end" lines, for comparing. */
static char *
describe (SlStore *store, gint64 session, const char *annotator)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) labels = sl_store_list_labels (store, session, annotator, &error);
  g_assert_no_error (error);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      g_string_append_printf (s, "%s%s %s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                              s->len ? "; " : "", l->annotator, l->kind, l->start_frame,
                              l->end_frame);
    }
  return g_string_free (s, FALSE);
}

static SlLabel
label_at (gint64 session, const char *annotator, const char *kind, gint64 first, gint64 last)
{
  /* 25 frames a second: a frame is 40 ms. */
  return (SlLabel){ .session_id = session,
                    .annotator = (char *)annotator,
                    .kind = (char *)kind,
                    .start_frame = first,
                    .end_frame = last,
                    .start_ms = first * 40.0,
                    .end_ms = last * 40.0,
                    .source = SL_LABEL_MANUAL };
}

static void
test_label_set (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, &error);
  g_assert_no_error (error);
  /* The kinds the detectors find, each on a digit key. */
  const char *names[] = { "blink", "microsleep", "yawn", "distracted", "no face" };
  const char *detectors[] = { "blink", "microsleep", "yawn", "distracted", "no_face" };
  g_assert_cmpuint (kinds->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      g_autofree char *key = g_strdup_printf ("%u", i + 1);
      g_assert_cmpstr (k->name, ==, names[i]);
      g_assert_cmpstr (k->detector, ==, detectors[i]);
      g_assert_cmpstr (k->key, ==, key);
      g_assert_cmpuint (strlen (k->color), ==, 7);
    }

  SlLabelKind talking = { 0, (char *)"talking", FALSE, (char *)"t", (char *)"#33d17a", NULL };
  g_assert_cmpint (sl_store_add_label_kind (store, &talking, &error), >, 0);
  g_assert_no_error (error);
  SlLabelKind phone = { 0, (char *)"phone", TRUE, (char *)"t", (char *)"#000000", NULL };
  g_assert_cmpint (sl_store_add_label_kind (store, &phone, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "already labels “talking”"));
  g_clear_error (&error);
  g_assert_cmpint (sl_store_add_label_kind (store, &talking, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "already has a kind named “talking”"));
  g_clear_error (&error);
  phone.key = (char *)"f";
  phone.color = (char *)"red";
  g_assert_cmpint (sl_store_add_label_kind (store, &phone, &error), ==, 0);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "#rrggbb"));
  g_clear_error (&error);
  phone.color = (char *)"#aa00ff";
  g_assert_cmpint (sl_store_add_label_kind (store, &phone, &error), >, 0);
  g_clear_pointer (&kinds, g_ptr_array_unref);
  kinds = sl_store_list_label_kinds (store, &error);
  g_assert_cmpuint (kinds->len, ==, 7);
  g_assert_true (((SlLabelKind *)kinds->pdata[6])->point);
}

/* Add, change, delete; undo and redo walk them back and forth, per
 * annotator, and go on where they were after the library is closed. */
static void
test_history (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  gint64 session, a, b, c;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlProbe) p = sl_test_fake_probe ("ab");
    g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
    g_assert_no_error (error);
    session = s->id;

    SlLabel l = label_at (session, "ana", "blink", 10, 14);
    a = sl_store_add_label (store, &l, &error);
    g_assert_no_error (error);
    l = label_at (session, "ana", "yawn", 40, 70);
    b = sl_store_add_label (store, &l, &error);
    g_assert_cmpint (b, >, a);
    l = label_at (session, "ana", "blink", 10, 16);
    l.id = a;
    l.source = SL_LABEL_ADJUSTED;
    g_assert_true (sl_store_change_label (store, &l, &error));
    g_assert_true (sl_store_delete_label (store, b, "ana", &error));
    g_autofree char *now = describe (store, session, NULL);
    g_assert_cmpstr (now, ==, "ana blink 10-16");
    g_assert_cmpint (history_rows (lib), ==, 4);

    /* Ben's labels are his own; his undo has nothing of his to undo. */
    l = label_at (session, "ben", "blink", 11, 15);
    sl_store_add_label (store, &l, &error);
    g_assert_no_error (error);
    g_assert_true (sl_store_undo_label (store, session, "ben", FALSE, NULL, &error));
    g_assert_false (sl_store_undo_label (store, session, "ben", FALSE, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (sl_store_undo_label (store, session, "ben", TRUE, NULL, &error));
    g_autofree char *with_ben = describe (store, session, NULL);
    g_assert_cmpstr (with_ben, ==, "ana blink 10-16; ben blink 11-15");
    g_autofree char *bens = describe (store, session, "ben");
    g_assert_cmpstr (bens, ==, "ben blink 11-15");

    /* Ana's undo: the deletion, then the change. */
    gint64 which = 0;
    g_assert_true (sl_store_undo_label (store, session, "ana", FALSE, &which, &error));
    g_assert_cmpint (which, ==, b);
    g_autofree char *undo1 = describe (store, session, "ana");
    g_assert_cmpstr (undo1, ==, "ana blink 10-16; ana yawn 40-70");
    g_assert_true (sl_store_undo_label (store, session, "ana", FALSE, &which, &error));
    g_assert_cmpint (which, ==, a);
    g_autofree char *undo2 = describe (store, session, "ana");
    g_assert_cmpstr (undo2, ==, "ana blink 10-14; ana yawn 40-70");
    g_assert_true (sl_store_undo_label (store, session, "ana", TRUE, &which, &error));
    g_autofree char *redo1 = describe (store, session, "ana");
    g_assert_cmpstr (redo1, ==, "ana blink 10-16; ana yawn 40-70");
  }

  /* Closed and opened again: the redo left and the undo go on. */
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_true (sl_store_undo_label (store, session, "ana", FALSE, NULL, &error));
    g_autofree char *again = describe (store, session, "ana");
    g_assert_cmpstr (again, ==, "ana blink 10-14; ana yawn 40-70");
    /* A new edit ends what could be redone. */
    SlLabel l = label_at (session, "ana", "microsleep", 80, 99);
    c = sl_store_add_label (store, &l, &error);
    g_assert_cmpint (c, >, b);
    g_assert_false (sl_store_undo_label (store, session, "ana", TRUE, NULL, &error));
    g_assert_no_error (error);
    /* Undoing everything of ana's leaves ben's label alone. */
    int undone = 0;
    while (sl_store_undo_label (store, session, "ana", FALSE, NULL, &error))
      undone++;
    g_assert_no_error (error);
    g_test_message ("undid %d edits of ana's", undone);
    g_assert_cmpint (undone, ==, 3); /* the microsleep, the yawn, the blink */
    g_autofree char *left = describe (store, session, NULL);
    g_assert_cmpstr (left, ==, "ben blink 11-15");
    /* And all of it comes back. */
    int redone = 0;
    while (sl_store_undo_label (store, session, "ana", TRUE, NULL, &error))
      redone++;
    g_assert_cmpint (redone, ==, 3);
    g_autofree char *back = describe (store, session, NULL);
    g_assert_cmpstr (back, ==,
                     "ana blink 10-14; ben blink 11-15; ana yawn 40-70; ana microsleep 80-99");
    /* Nothing was ever changed in place: one row per act. */
    g_test_message ("%" G_GINT64_FORMAT " rows of history", history_rows (lib));
    g_assert_cmpint (history_rows (lib), ==, 4 + 3 + 3 + 1 + 1 + 3 + 3);
  }
}

/* Bad labels are refused with a message a person can act on, and leave
 * nothing behind. */
static void
test_refused (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlProbe) p = sl_test_fake_probe ("ab");
  g_autoptr (SlSession) s = sl_store_import (store, p, NULL, &error);
  g_assert_no_error (error);
  struct
  {
    SlLabel label;
    const char *says;
  } bad[] = {
    { label_at (s->id, "ana", "blink", 90, 100), "past the end" },
    { label_at (s->id, "ana", "blink", 20, 10), "must not come before its start" },
    { label_at (s->id, "ana", "sneeze", 1, 2), "no kind “sneeze”" },
    { label_at (s->id, "", "blink", 1, 2), "needs an annotator" },
    { label_at (s->id + 5, "ana", "blink", 1, 2), "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (sl_store_add_label (store, &bad[i].label, &error), ==, 0);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      g_clear_error (&error);
    }
  g_assert_cmpint (history_rows (lib), ==, 0);
  g_auto (GStrv) who = sl_store_list_annotators (store, 0, &error);
  /* A refused label adds no annotator either. */
  g_assert_cmpuint (g_strv_length (who), ==, 0);
  g_assert_false (sl_store_delete_label (store, 42, "ana", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Forgetting the session says its labels go with it, and they do. */
  SlLabel l = label_at (s->id, "ana", "blink", 1, 2);
  g_assert_cmpint (sl_store_add_label (store, &l, &error), >, 0);
  g_autoptr (SlForgetReport) r = sl_store_forget_session (store, s->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->labels, ==, 1);
  g_autofree char *what = sl_forget_report_describe (r);
  g_test_message ("%s", what);
  g_assert_nonnull (strstr (what, "1 label and its history"));
  g_autoptr (SlForgetReport) done = sl_store_forget_session (store, s->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (history_rows (lib), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/labels/label-set", test_label_set);
  g_test_add_func ("/core/labels/history", test_history);
  g_test_add_func ("/core/labels/refused", test_refused);
  return g_test_run ();
}
