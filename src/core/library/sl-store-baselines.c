/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drift baselines, versioned: what a definition resolved to, so that a
 * drift figure can name the runs it was measured against.
 */
#include "config.h"

#include <math.h>

#include "sl-store-private.h"

void
sl_stored_baseline_free (SlStoredBaseline *b)
{
  if (b == NULL)
    return;
  g_free (b->definition);
  g_free (b->subject);
  g_free (b->created_at);
  g_clear_pointer (&b->runs, g_array_unref);
  g_free (b);
}

/* The runs of baseline @id, in their order; NULL on error. */
static GArray *
baseline_runs (SlStore *store, gint64 id, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT session_id, run_id, from_s, to_s FROM baseline_runs"
                          " WHERE baseline_id = ?1 ORDER BY position",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  g_autoptr (GArray) runs = g_array_new (FALSE, FALSE, sizeof (SlBaselineRun));
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlBaselineRun r = {
        .session_id = sqlite3_column_int64 (stmt, 0),
        .run_id = sqlite3_column_int64 (stmt, 1),
        .from_s = sqlite3_column_double (stmt, 2),
        .to_s
        = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? INFINITY : sqlite3_column_double (stmt, 3),
      };
      g_array_append_val (runs, r);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

static gboolean
same_runs (GArray *stored, const SlBaselineRun *runs, guint n)
{
  if (stored->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const SlBaselineRun *a = &g_array_index (stored, SlBaselineRun, i), *b = &runs[i];
      if (a->session_id != b->session_id || a->run_id != b->run_id || a->from_s != b->from_s
          || a->to_s != b->to_s)
        return FALSE;
    }
  return TRUE;
}

static gint64
insert_baseline (SlStore *store, const char *definition, const char *subject, int version,
                 const SlBaselineRun *runs, guint n, GError **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) ins = sl_store_prepare (
      store,
      "INSERT INTO baselines (definition, subject, version, created_at) VALUES (?1, ?2, ?3, ?4)",
      error);
  if (ins == NULL)
    return 0;
  sqlite3_bind_text (ins, 1, definition, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 2, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (ins, 3, version);
  sqlite3_bind_text (ins, 4, now, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (ins);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  gint64 id = sqlite3_last_insert_rowid (store->db);
  g_autoptr (SlStmt) run = sl_store_prepare (
      store,
      "INSERT INTO baseline_runs (baseline_id, position, session_id, run_id, from_s, to_s)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      error);
  if (run == NULL)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_reset (run);
      sqlite3_bind_int64 (run, 1, id);
      sqlite3_bind_int (run, 2, (int)i);
      sqlite3_bind_int64 (run, 3, runs[i].session_id);
      sqlite3_bind_int64 (run, 4, runs[i].run_id);
      sqlite3_bind_double (run, 5, runs[i].from_s);
      if (isfinite (runs[i].to_s))
        sqlite3_bind_double (run, 6, runs[i].to_s);
      else
        sqlite3_bind_null (run, 6);
      if ((rc = sqlite3_step (run)) != SQLITE_DONE)
        {
          sl_store_fail (store, rc, error);
          return 0;
        }
    }
  return id;
}

gint64
sl_store_keep_baseline (SlStore *store, const char *definition, const char *subject,
                        const SlBaselineRun *runs, guint n_runs, int *version, GError **error)
{
  g_return_val_if_fail (definition != NULL && *definition != '\0' && subject != NULL, 0);
  g_return_val_if_fail (n_runs > 0, 0);
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return 0;
  gint64 id = 0;
  int newest = 0;
  g_autoptr (SlStmt) stmt = sl_store_prepare (store,
                                              "SELECT id, version FROM baselines WHERE"
                                              " definition = ?1 AND subject = ?2"
                                              " ORDER BY version DESC LIMIT 1",
                                              error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, definition, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 last = sqlite3_column_int64 (stmt, 0);
      newest = sqlite3_column_int (stmt, 1);
      g_autoptr (GArray) stored = baseline_runs (store, last, error);
      if (stored == NULL)
        goto out;
      if (same_runs (stored, runs, n_runs))
        id = last;
    }
  else if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      goto out;
    }
  if (id == 0)
    {
      id = insert_baseline (store, definition, subject, newest + 1, runs, n_runs, error);
      newest++;
    }
  if (id != 0 && !sl_store_exec (store, "COMMIT", error))
    id = 0;
out:
  if (id == 0)
    sl_store_rollback (store);
  else if (version != NULL)
    *version = newest;
  return id;
}

GPtrArray *
sl_store_list_baselines (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT id, definition, subject, version, created_at FROM baselines"
                          " ORDER BY definition, subject, version",
                          error);
  if (stmt == NULL)
    return NULL;
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_stored_baseline_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlStoredBaseline *b = g_new0 (SlStoredBaseline, 1);
      g_ptr_array_add (out, b);
      b->id = sqlite3_column_int64 (stmt, 0);
      b->definition = sl_store_column_dup (stmt, 1);
      b->subject = sl_store_column_dup (stmt, 2);
      b->version = sqlite3_column_int (stmt, 3);
      b->created_at = sl_store_column_dup (stmt, 4);
      if ((b->runs = baseline_runs (store, b->id, error)) == NULL)
        return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}
