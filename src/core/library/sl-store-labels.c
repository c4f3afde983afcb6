/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People's labels.  A label is a row of `labels` (its identity: session,
 * annotator) and the rows of `label_history` about it.  An edit row holds
 * the label's values after the edit (a deletion is an edit that marks it
 * deleted); an undo row names the edit it takes back, a redo row the edit
 * it puts back.  What a label is now is its newest edit that is not
 * undone; replaying an annotator's rows of a session in order gives the
 * undo and redo stacks, so they survive a restart.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-labels.h"
#include "sl-store-private.h"

static const char *const source_names[] = { "manual", "accepted", "adjusted", "rejected" };

const char *
sl_label_source_to_string (SlLabelSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_names), NULL);
  return source_names[source];
}

gboolean
sl_label_source_from_string (const char *s, SlLabelSource *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (s, source_names[i]) == 0)
      {
        *source = i;
        return TRUE;
      }
  return FALSE;
}

void
sl_label_kind_free (SlLabelKind *kind)
{
  if (kind == NULL)
    return;
  g_free (kind->name);
  g_free (kind->key);
  g_free (kind->color);
  g_free (kind->detector);
  g_free (kind);
}

void
sl_label_free (SlLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->annotator);
  g_free (label->kind);
  g_free (label->value);
  g_free (label);
}

/* ---- The label set ------------------------------------------------------ */

GPtrArray *
sl_store_list_label_kinds (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "SELECT id, name, point, key, color, detector FROM label_kinds ORDER BY position, id",
      error);
  if (stmt == NULL)
    return NULL;
  g_autoptr (GPtrArray) kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_kind_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlLabelKind *k = g_new0 (SlLabelKind, 1);
      k->id = sqlite3_column_int64 (stmt, 0);
      k->name = sl_store_column_dup (stmt, 1);
      k->point = sqlite3_column_int (stmt, 2) != 0;
      k->key = sl_store_column_dup (stmt, 3);
      k->color = sl_store_column_dup (stmt, 4);
      k->detector = sl_store_column_dup (stmt, 5);
      g_ptr_array_add (kinds, k);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&kinds);
}

/* Whether @kind can be in the label set beside the kinds other than
 * @except: a name, a #rrggbb colour, and a name and key no other has. */
static gboolean
check_kind (SlStore *store, const SlLabelKind *kind, gint64 except, GError **error)
{
  if (kind->name == NULL || *kind->name == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT, _ ("A kind of label needs a name."));
      return FALSE;
    }
  if (kind->color == NULL || strlen (kind->color) != 7 || kind->color[0] != '#'
      || strspn (kind->color + 1, "0123456789abcdefABCDEF") != 6)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("The colour of “%s” is “%s”; give it as #rrggbb."), kind->name,
                   kind->color ? kind->color : "");
      return FALSE;
    }
  g_autoptr (SlStmt) clash = sl_store_prepare (
      store,
      "SELECT name, name = ?1 FROM label_kinds WHERE (name = ?1 OR key = ?2) AND id <> ?3"
      " ORDER BY 2 DESC",
      error);
  if (clash == NULL)
    return FALSE;
  sqlite3_bind_text (clash, 1, kind->name, -1, SQLITE_TRANSIENT);
  if (kind->key != NULL)
    sqlite3_bind_text (clash, 2, kind->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (clash, 3, except);
  if (sqlite3_step (clash) == SQLITE_ROW)
    {
      if (sqlite3_column_int (clash, 1))
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("The label set already has a kind named “%s”."), kind->name);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                     _ ("The key “%s” already labels “%s”; choose another key for “%s”."),
                     kind->key, (const char *)sqlite3_column_text (clash, 0), kind->name);
      return FALSE;
    }
  return TRUE;
}

gint64
sl_store_add_label_kind (SlStore *store, const SlLabelKind *kind, GError **error)
{
  if (!check_kind (store, kind, 0, error))
    return 0;
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "INSERT INTO label_kinds (name, point, key, color, detector, position)"
      " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT IFNULL (MAX (position), 0) + 1 FROM label_kinds))",
      error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kind->point ? 1 : 0);
  if (kind->key != NULL)
    sqlite3_bind_text (stmt, 3, kind->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind->color, -1, SQLITE_TRANSIENT);
  if (kind->detector != NULL)
    sqlite3_bind_text (stmt, 5, kind->detector, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (store->db);
}

const char *
sl_label_kind_color (guint n)
{
  static const char *const colors[] = { "#62a0ea", "#57e389", "#ffa348", "#c061cb", "#e66100" };
  return colors[n % G_N_ELEMENTS (colors)];
}

GStrv
sl_store_missing_label_kinds (SlStore *store, GPtrArray *labels, GError **error)
{
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, error);
  if (kinds == NULL)
    return NULL;
  g_autoptr (GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < kinds->len; i++)
    g_hash_table_add (known, ((SlLabelKind *)kinds->pdata[i])->name);
  g_autoptr (GStrvBuilder) missing = g_strv_builder_new ();
  for (guint i = 0; i < labels->len; i++)
    {
      char *kind = ((SlLabel *)labels->pdata[i])->kind;
      if (!g_hash_table_contains (known, kind))
        {
          g_hash_table_add (known, kind);
          g_strv_builder_add (missing, kind);
        }
    }
  return g_strv_builder_end (missing);
}

gboolean
sl_store_add_label_kinds_named (SlStore *store, const char *const *names, GError **error)
{
  g_autoptr (GPtrArray) kinds = sl_store_list_label_kinds (store, error);
  if (kinds == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      SlLabelKind k = {
        0, (char *)names[i], FALSE, NULL, (char *)sl_label_kind_color (kinds->len + i), NULL
      };
      if (sl_store_add_label_kind (store, &k, error) == 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_change_label_kind (SlStore *store, const SlLabelKind *kind, GError **error)
{
  if (!check_kind (store, kind, kind->id, error))
    return FALSE;
  g_autoptr (SlStmt) old
      = sl_store_prepare (store, "SELECT name FROM label_kinds WHERE id = ?1", error);
  if (old == NULL)
    return FALSE;
  sqlite3_bind_int64 (old, 1, kind->id);
  if (sqlite3_step (old) == SQLITE_ROW
      && g_strcmp0 ((const char *)sqlite3_column_text (old, 0), SL_LABEL_COVERED) == 0
      && !g_str_equal (kind->name, SL_LABEL_COVERED))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” marks what each annotator covered and keeps its name."),
                   SL_LABEL_COVERED);
      return FALSE;
    }
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "UPDATE label_kinds SET name = ?1, point = ?2, key = ?3, color = ?4 WHERE id = ?5",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kind->point ? 1 : 0);
  if (kind->key != NULL)
    sqlite3_bind_text (stmt, 3, kind->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind->color, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, kind->id);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return FALSE;
    }
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The label set has no kind %" PRId64 " to change."), kind->id);
      return FALSE;
    }
  return TRUE;
}

static gint64
kind_id (SlStore *store, const char *name, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, "SELECT id FROM label_kinds WHERE name = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
               _ ("The label set has no kind “%s”: add it to the label set first."),
               name ? name : "");
  return 0;
}

/* ---- Annotators --------------------------------------------------------- */

gint64
sl_store_annotator (SlStore *store, const char *name, GError **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("A label needs an annotator: give the name of the person labeling."));
      return 0;
    }
  g_autoptr (SlStmt) find
      = sl_store_prepare (store, "SELECT id FROM annotators WHERE name = ?1", error);
  if (find == NULL)
    return 0;
  sqlite3_bind_text (find, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (find) == SQLITE_ROW)
    return sqlite3_column_int64 (find, 0);
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) add = sl_store_prepare (
      store, "INSERT INTO annotators (name, created_at) VALUES (?1, ?2)", error);
  if (add == NULL)
    return 0;
  sqlite3_bind_text (add, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (add, 2, now, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (add);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (store->db);
}

GStrv
sl_store_list_annotators (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "SELECT name FROM annotators a WHERE ?1 = 0 OR EXISTS"
      " (SELECT 1 FROM labels l WHERE l.annotator_id = a.id AND l.session_id = ?1)"
      " ORDER BY name",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_strv_builder_end (names);
}

/* ---- Revisions ---------------------------------------------------------- */

static gboolean
check_label (SlStore *store, const SlLabel *l, GError **error)
{
  g_autoptr (SlSession) session = sl_store_get_session (store, l->session_id, error);
  if (session == NULL)
    return FALSE;
  if (l->start_frame < 0 || l->end_frame < l->start_frame || !isfinite (l->start_ms)
      || !isfinite (l->end_ms) || l->end_ms < l->start_ms)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("A label runs from frame %" PRId64 " to %" PRId64
                      " (%.0f to %.0f ms): its end must not come before its start."),
                   l->start_frame, l->end_frame, l->start_ms, l->end_ms);
      return FALSE;
    }
  if (session->frame_count > 0 && l->end_frame >= session->frame_count)
    {
      g_set_error (
          error, SL_ERROR, SL_ERROR_INVALID_INPUT,
          _ ("A label ends at frame %" PRId64 ", past the end of “%s” (%" PRId64 " frames)."),
          l->end_frame, session->name, session->frame_count);
      return FALSE;
    }
  return TRUE;
}

/* Appends a row of @label_id's history: an edit with @l's values (@deleted
 * marks a deletion), or an undo or redo of @target. */
static gint64
append (SlStore *store, gint64 label_id, gint64 session_id, gint64 annotator_id, const char *action,
        gint64 target, const SlLabel *l, gint64 kind, gboolean deleted, GError **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "INSERT INTO label_history (label_id, session_id, annotator_id, action, target, kind_id,"
      " start_frame, end_frame, start_ms, end_ms, value, source, event_id, run_id, blind,"
      " deleted, created_at) VALUES (?1, ?2, ?3, ?4, NULLIF (?5, 0), NULLIF (?6, 0), ?7, ?8,"
      " ?9, ?10, ?11, ?12, NULLIF (?13, 0), NULLIF (?14, 0), ?15, ?16, ?17)",
      error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, label_id);
  sqlite3_bind_int64 (stmt, 2, session_id);
  sqlite3_bind_int64 (stmt, 3, annotator_id);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, target);
  sqlite3_bind_int64 (stmt, 6, kind);
  if (l != NULL)
    {
      sqlite3_bind_int64 (stmt, 7, l->start_frame);
      sqlite3_bind_int64 (stmt, 8, l->end_frame);
      sqlite3_bind_double (stmt, 9, l->start_ms);
      sqlite3_bind_double (stmt, 10, l->end_ms);
      if (l->value != NULL)
        sqlite3_bind_text (stmt, 11, l->value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, sl_label_source_to_string (l->source), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 13, l->event_id);
      sqlite3_bind_int64 (stmt, 14, l->run_id);
      sqlite3_bind_int (stmt, 15, l->blind ? 1 : 0);
    }
  else
    sqlite3_bind_int (stmt, 15, 0);
  sqlite3_bind_int (stmt, 16, deleted ? 1 : 0);
  sqlite3_bind_text (stmt, 17, now, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (store->db);
}

static gboolean
commit_or_roll_back (SlStore *store, gboolean ok, GError **error)
{
  if (ok && sl_store_exec (store, "COMMIT", error))
    return TRUE;
  sl_store_exec (store, "ROLLBACK", NULL);
  return FALSE;
}

/* Adds @label inside the open transaction; its id, or 0. */
static gint64
add_one (SlStore *store, const SlLabel *label, GError **error)
{
  if (!check_label (store, label, error))
    return 0;
  gint64 annotator = sl_store_annotator (store, label->annotator, error);
  gint64 kind = annotator != 0 ? kind_id (store, label->kind, error) : 0;
  if (kind == 0)
    return 0;
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "INSERT INTO labels (session_id, annotator_id, created_at) VALUES (?1, ?2, ?3)",
      error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, label->session_id);
  sqlite3_bind_int64 (stmt, 2, annotator);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  gint64 id = sqlite3_last_insert_rowid (store->db);
  return append (store, id, label->session_id, annotator, "edit", 0, label, kind, FALSE, error) != 0
             ? id
             : 0;
}

gint64
sl_store_add_label (SlStore *store, const SlLabel *label, GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return 0;
  gint64 id = add_one (store, label, error);
  return commit_or_roll_back (store, id != 0, error) ? id : 0;
}

/* The same annotator, kind, frames and value: a label imported twice. */
static gboolean
same_label (const SlLabel *a, const SlLabel *b)
{
  return g_strcmp0 (a->annotator, b->annotator) == 0 && g_strcmp0 (a->kind, b->kind) == 0
         && a->start_frame == b->start_frame && a->end_frame == b->end_frame
         && g_strcmp0 (a->value, b->value) == 0;
}

gboolean
sl_store_add_labels (SlStore *store, gint64 session_id, GPtrArray *labels, guint *added,
                     guint *already, GError **error)
{
  g_autoptr (GPtrArray) there = sl_store_list_labels (store, session_id, NULL, error);
  if (there == NULL || !sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  guint n_added = 0, n_already = 0;
  for (guint i = 0; i < labels->len; i++)
    {
      SlLabel *l = labels->pdata[i];
      l->session_id = session_id;
      gboolean found = FALSE;
      for (guint k = 0; k < there->len && !found; k++)
        found = same_label (l, there->pdata[k]);
      for (guint k = 0; k < i && !found; k++)
        found = same_label (l, labels->pdata[k]);
      if (found)
        {
          n_already++;
          continue;
        }
      GError *bad = NULL;
      if (add_one (store, l, &bad) == 0)
        {
          sl_store_exec (store, "ROLLBACK", NULL);
          /* TRANSLATORS: which label of a file was refused, then why */
          g_set_error (error, bad->domain, bad->code, _ ("Label %u of %u: %s Nothing was added."),
                       i + 1, labels->len, bad->message);
          g_error_free (bad);
          return FALSE;
        }
      n_added++;
    }
  if (!commit_or_roll_back (store, TRUE, error))
    return FALSE;
  if (added != NULL)
    *added = n_added;
  if (already != NULL)
    *already = n_already;
  return TRUE;
}

/* The session and annotator of label @id; FALSE with an error when the
 * library has no such label. */
static gboolean
label_owner (SlStore *store, gint64 id, gint64 *session_id, gint64 *annotator_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "SELECT session_id, annotator_id FROM labels WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("The library has no label %" PRId64 "."),
                   id);
      return FALSE;
    }
  *session_id = sqlite3_column_int64 (stmt, 0);
  *annotator_id = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
sl_store_change_label (SlStore *store, const SlLabel *label, GError **error)
{
  gint64 session_id, owner;
  if (!label_owner (store, label->id, &session_id, &owner, error))
    return FALSE;
  SlLabel l = *label;
  l.session_id = session_id;
  if (!check_label (store, &l, error) || !sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  gint64 annotator = sl_store_annotator (store, label->annotator, error);
  gint64 kind = annotator != 0 ? kind_id (store, label->kind, error) : 0;
  gboolean ok
      = kind != 0
        && append (store, label->id, session_id, annotator, "edit", 0, &l, kind, FALSE, error) != 0;
  return commit_or_roll_back (store, ok, error);
}

/* ---- Replaying the history ---------------------------------------------- */

typedef struct
{
  gint64 row, label, target;
  char action; /* 'e', 'u', 'r' */
} Step;

/* The edit rows of @annotator_id on @session_id that stand (not undone),
 * as row id → TRUE, and the undo and redo stacks (row ids, top last). */
static gboolean
replay (SlStore *store, gint64 session_id, gint64 annotator_id, GHashTable *undone, GArray *undo,
        GArray *redo, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT id, label_id, IFNULL (target, 0), action FROM label_history"
                          " WHERE session_id = ?1 AND (?2 = 0 OR annotator_id = ?2) ORDER BY id",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sqlite3_bind_int64 (stmt, 2, annotator_id);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);
      gint64 target = sqlite3_column_int64 (stmt, 2);
      const char *action = (const char *)sqlite3_column_text (stmt, 3);
      if (g_str_equal (action, "edit"))
        {
          if (undo != NULL)
            g_array_append_val (undo, row);
          if (redo != NULL)
            g_array_set_size (redo, 0);
        }
      else
        {
          gboolean is_undo = g_str_equal (action, "undo");
          if (is_undo)
            g_hash_table_add (undone, GSIZE_TO_POINTER (target));
          else
            g_hash_table_remove (undone, GSIZE_TO_POINTER (target));
          GArray *from = is_undo ? undo : redo, *to = is_undo ? redo : undo;
          if (from != NULL && from->len > 0)
            g_array_set_size (from, from->len - 1);
          if (to != NULL)
            g_array_append_val (to, target);
        }
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  return TRUE;
}

static gboolean
undo_or_redo (SlStore *store, gint64 session_id, gint64 annotator_id, gboolean redo,
              gint64 *label_id, GError **error)
{
  g_autoptr (GHashTable) undone = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) undo_stack = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) redo_stack = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!replay (store, session_id, annotator_id, undone, undo_stack, redo_stack, error))
    return FALSE;
  GArray *stack = redo ? redo_stack : undo_stack;
  if (stack->len == 0)
    return FALSE;
  gint64 target = g_array_index (stack, gint64, stack->len - 1);
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, "SELECT label_id FROM label_history WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, target);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sl_store_fail (store, SQLITE_CORRUPT, error);
  gint64 label = sqlite3_column_int64 (stmt, 0);
  if (append (store, label, session_id, annotator_id, redo ? "redo" : "undo", target, NULL, 0,
              FALSE, error)
      == 0)
    return FALSE;
  if (label_id != NULL)
    *label_id = label;
  return TRUE;
}

gboolean
sl_store_undo_label (SlStore *store, gint64 session_id, const char *annotator, gboolean redo,
                     gint64 *label_id, GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  GError *failed = NULL;
  gint64 who = sl_store_annotator (store, annotator, &failed);
  gboolean done = who != 0 && undo_or_redo (store, session_id, who, redo, label_id, &failed);
  if (failed != NULL)
    {
      sl_store_exec (store, "ROLLBACK", NULL);
      g_propagate_error (error, failed);
      return FALSE;
    }
  return commit_or_roll_back (store, done, error) && done;
}

gboolean
sl_store_delete_label (SlStore *store, gint64 id, const char *annotator, GError **error)
{
  g_autoptr (GPtrArray) all = NULL;
  gint64 session_id, owner;
  if (!label_owner (store, id, &session_id, &owner, error))
    return FALSE;
  all = sl_store_list_labels (store, session_id, NULL, error);
  if (all == NULL)
    return FALSE;
  const SlLabel *current = NULL;
  for (guint i = 0; i < all->len; i++)
    if (((SlLabel *)all->pdata[i])->id == id)
      current = all->pdata[i];
  if (current == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Label %" PRId64 " is already deleted."),
                   id);
      return FALSE;
    }
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  gint64 who = sl_store_annotator (store, annotator, error);
  gint64 kind = who != 0 ? kind_id (store, current->kind, error) : 0;
  gboolean ok = kind != 0
                && append (store, id, session_id, who, "edit", 0, current, kind, TRUE, error) != 0;
  return commit_or_roll_back (store, ok, error);
}

/* ---- Reading ------------------------------------------------------------ */

static int
compare_labels (gconstpointer a, gconstpointer b)
{
  const SlLabel *x = *(SlLabel *const *)a, *y = *(SlLabel *const *)b;
  if (x->start_frame != y->start_frame)
    return x->start_frame < y->start_frame ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
sl_store_list_labels (SlStore *store, gint64 session_id, const char *annotator, GError **error)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_free);
  g_autoptr (GHashTable) undone = g_hash_table_new (NULL, NULL);
  if (!replay (store, session_id, 0, undone, NULL, NULL, error))
    return NULL;
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "SELECT h.id, h.label_id, a.name, k.name, h.start_frame, h.end_frame, h.start_ms, h.end_ms,"
      " h.value, h.source, IFNULL (h.event_id, 0), IFNULL (h.run_id, 0), h.blind, h.deleted"
      " FROM label_history h JOIN labels l ON l.id = h.label_id"
      " JOIN annotators a ON a.id = l.annotator_id JOIN label_kinds k ON k.id = h.kind_id"
      " WHERE h.session_id = ?1 AND h.action = 'edit' AND (?2 IS NULL OR a.name = ?2)"
      " ORDER BY h.label_id, h.id DESC",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (annotator != NULL)
    sqlite3_bind_text (stmt, 2, annotator, -1, SQLITE_TRANSIENT);
  gint64 seen = 0;
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);
      gint64 label = sqlite3_column_int64 (stmt, 1);
      /* The newest edit of each label that is not undone is what it is. */
      if (label == seen || g_hash_table_contains (undone, GSIZE_TO_POINTER (row)))
        continue;
      seen = label;
      if (sqlite3_column_int (stmt, 13))
        continue;
      SlLabel *l = g_new0 (SlLabel, 1);
      l->revision = row;
      l->id = label;
      l->session_id = session_id;
      l->annotator = sl_store_column_dup (stmt, 2);
      l->kind = sl_store_column_dup (stmt, 3);
      l->start_frame = sqlite3_column_int64 (stmt, 4);
      l->end_frame = sqlite3_column_int64 (stmt, 5);
      l->start_ms = sqlite3_column_double (stmt, 6);
      l->end_ms = sqlite3_column_double (stmt, 7);
      l->value = sl_store_column_dup (stmt, 8);
      sl_label_source_from_string ((const char *)sqlite3_column_text (stmt, 9), &l->source);
      l->event_id = sqlite3_column_int64 (stmt, 10);
      l->run_id = sqlite3_column_int64 (stmt, 11);
      l->blind = sqlite3_column_int (stmt, 12) != 0;
      g_ptr_array_add (labels, l);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  g_ptr_array_sort (labels, compare_labels);
  return g_steal_pointer (&labels);
}
