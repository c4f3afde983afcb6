/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gaze calibrations and which one a session uses.
 */
#include "config.h"

#include "base/sl-json.h"
#include "sl-store-private.h"

gint64
sl_store_add_calibration (SlStore *store, const SlStoredCalibration *c, gboolean apply,
                          GError **error)
{
  g_autofree char *now = sl_store_now ();
  if (c->session_id != 0)
    {
      g_autoptr (SlSession) session = sl_store_get_session (store, c->session_id, error);
      if (session == NULL)
        return 0;
    }
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return 0;
  gint64 id = 0;
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "INSERT INTO calibrations (session_id, run_id, name, created_at, accuracy_deg,"
      " precision_deg, profile) VALUES (NULLIF (?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
      error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, c->session_id);
  sqlite3_bind_int64 (stmt, 2, c->run_id);
  sqlite3_bind_text (stmt, 3, c->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, c->created_at != NULL ? c->created_at : now, -1, SQLITE_TRANSIENT);
  if (isfinite (c->accuracy_deg))
    sqlite3_bind_double (stmt, 5, c->accuracy_deg);
  if (isfinite (c->precision_deg))
    sqlite3_bind_double (stmt, 6, c->precision_deg);
  sqlite3_bind_text (stmt, 7, c->profile, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      goto out;
    }
  id = sqlite3_last_insert_rowid (store->db);
  if (apply && !sl_store_set_session_calibration (store, c->session_id, id, error))
    id = 0;
  else if (!sl_store_exec (store, "COMMIT", error))
    id = 0;
out:
  if (id == 0)
    sl_store_exec (store, "ROLLBACK", NULL);
  return id;
}

void
sl_stored_calibration_free (SlStoredCalibration *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->created_at);
  g_free (c->profile);
  g_free (c);
}

#define CALIBRATION_SELECT                                                                         \
  "SELECT id, IFNULL (session_id, 0), run_id, name, created_at, IFNULL (accuracy_deg, 'nan'),"     \
  " IFNULL (precision_deg, 'nan'), profile FROM calibrations "

static SlStoredCalibration *
calibration_from_row (sqlite3_stmt *stmt)
{
  SlStoredCalibration *c = g_new0 (SlStoredCalibration, 1);
  c->id = sqlite3_column_int64 (stmt, 0);
  c->session_id = sqlite3_column_int64 (stmt, 1);
  c->run_id = sqlite3_column_int64 (stmt, 2);
  c->name = sl_store_column_dup (stmt, 3);
  c->created_at = sl_store_column_dup (stmt, 4);
  c->accuracy_deg
      = sqlite3_column_type (stmt, 5) == SQLITE_FLOAT ? sqlite3_column_double (stmt, 5) : NAN;
  c->precision_deg
      = sqlite3_column_type (stmt, 6) == SQLITE_FLOAT ? sqlite3_column_double (stmt, 6) : NAN;
  c->profile = sl_store_column_dup (stmt, 7);
  return c;
}

GPtrArray *
sl_store_list_calibrations (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, CALIBRATION_SELECT "WHERE ?1 = 0 OR session_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_stored_calibration_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, calibration_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

SlStoredCalibration *
sl_store_get_calibration (SlStore *store, gint64 id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, CALIBRATION_SELECT "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return calibration_from_row (stmt);
  if (rc == SQLITE_DONE)
    sl_store_no_calibration (id, error);
  else
    sl_store_fail (store, rc, error);
  return NULL;
}

gboolean
sl_store_update_calibration (SlStore *store, gint64 id, const char *profile, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, "UPDATE calibrations SET profile = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, profile, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  gboolean changed = FALSE;
  if (!sl_store_step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || sl_store_no_calibration (id, error);
}

gboolean
sl_store_set_session_calibration (SlStore *store, gint64 session_id, gint64 calibration_id,
                                  GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "UPDATE sessions SET calibration_id = NULLIF (?1, 0) WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, calibration_id);
  sqlite3_bind_int64 (stmt, 2, session_id);
  gboolean changed = FALSE;
  if (!sl_store_step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || sl_store_no_session (session_id, error);
}
