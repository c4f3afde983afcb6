/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a run found on each frame: the face stage's results and every signal, written in batches and
 * read back by frame or by signal.
 */
#include "config.h"

#include "base/sl-json.h"
#include "sl-store-private.h"

gboolean
sl_store_write_faces (SlStore *store, gint64 run_id, const SlFaceResult *results, guint n,
                      gint64 last_frame, GError **error)
{
  return sl_store_write_frames (store, run_id, results, NULL, NULL, 0, n, NULL, last_frame, error);
}

gint64
sl_store_signal_id (SlStore *store, const char *name, GError **error)
{
  g_autoptr (SlStmt) ins
      = sl_store_prepare (store, "INSERT OR IGNORE INTO signal_names (name) VALUES (?1)", error);
  g_autoptr (SlStmt) sel
      = ins ? sl_store_prepare (store, "SELECT id FROM signal_names WHERE name = ?1", error) : NULL;
  if (sel == NULL)
    return 0;
  sqlite3_bind_text (ins, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (sel, 1, name, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (ins);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  rc = sqlite3_step (sel);
  if (rc != SQLITE_ROW)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (sel, 0);
}

gboolean
sl_store_write_frames (SlStore *store, gint64 run_id, const SlFaceResult *results,
                       const double *values, const gint64 *signal_ids, guint n_signals, guint n,
                       GPtrArray *events, gint64 last_frame, GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  g_autoptr (SlStmt) face
      = sl_store_prepare (store,
                          "INSERT OR REPLACE INTO faces (run_id, frame, timestamp_s, success,"
                          " detected, face_id, confidence, x, y, w, h)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          error);
  g_autoptr (SlStmt) lmk
      = face ? sl_store_prepare (
            store, "INSERT OR REPLACE INTO landmarks (run_id, frame, points) VALUES (?1, ?2, ?3)",
            error)
             : NULL;
  g_autoptr (SlStmt) sig
      = lmk ? sl_store_prepare (store,
                                "INSERT OR REPLACE INTO signals (run_id, signal_id,"
                                " frame, value) VALUES (?1, ?2, ?3, ?4)",
                                error)
            : NULL;
  g_autoptr (SlStmt) upd = sig ? sl_store_prepare (store,
                                                   "UPDATE runs SET last_frame = ?2, frames_done ="
                                                   " frames_done + ?3 WHERE id = ?1",
                                                   error)
                               : NULL;
  if (upd == NULL)
    {
      sl_store_rollback (store);
      return FALSE;
    }

  int rc = SQLITE_DONE;
  for (guint i = 0; i < n && rc == SQLITE_DONE; i++)
    {
      const SlFaceResult *r = &results[i];
      sqlite3_reset (face);
      sqlite3_bind_int64 (face, 1, run_id);
      sqlite3_bind_int64 (face, 2, r->frame);
      sqlite3_bind_double (face, 3, r->time_s);
      sqlite3_bind_int (face, 4, r->success);
      sqlite3_bind_int (face, 5, r->detected);
      sqlite3_bind_int (face, 6, r->success ? r->face_id : -1);
      sqlite3_bind_double (face, 7, r->success ? r->confidence : 0.0);
      for (int k = 0; k < 4; k++)
        {
          if (r->success)
            sqlite3_bind_double (face, 8 + k, r->box[k]);
          else
            sqlite3_bind_null (face, 8 + k);
        }
      rc = sqlite3_step (face);
      if (rc == SQLITE_DONE && r->success)
        {
          sqlite3_reset (lmk);
          sqlite3_bind_int64 (lmk, 1, run_id);
          sqlite3_bind_int64 (lmk, 2, r->frame);
          sqlite3_bind_blob (lmk, 3, r->points, sizeof r->points, SQLITE_STATIC);
          rc = sqlite3_step (lmk);
        }
      /* NaN means "no value on this frame": no row. */
      for (guint k = 0; k < n_signals && rc == SQLITE_DONE; k++)
        {
          double v = values[(gsize)i * n_signals + k];
          if (isnan (v))
            continue;
          sqlite3_reset (sig);
          sqlite3_bind_int64 (sig, 1, run_id);
          sqlite3_bind_int64 (sig, 2, signal_ids[k]);
          sqlite3_bind_int64 (sig, 3, r->frame);
          sqlite3_bind_double (sig, 4, v);
          rc = sqlite3_step (sig);
        }
    }
  if (rc == SQLITE_DONE && events != NULL && events->len > 0)
    {
      g_autoptr (SlStmt) ev
          = sl_store_prepare (store,
                              "INSERT INTO events (run_id, kind, start_frame, end_frame,"
                              " start_s, end_s, score, processor, explanation)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                              error);
      if (ev == NULL)
        {
          sl_store_rollback (store);
          return FALSE;
        }
      for (guint k = 0; k < events->len && rc == SQLITE_DONE; k++)
        {
          const SlEvent *e = events->pdata[k];
          sqlite3_reset (ev);
          sqlite3_bind_int64 (ev, 1, run_id);
          sqlite3_bind_text (ev, 2, e->kind, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (ev, 3, e->start_frame);
          sqlite3_bind_int64 (ev, 4, e->end_frame);
          sqlite3_bind_double (ev, 5, e->start_s);
          sqlite3_bind_double (ev, 6, e->end_s);
          sqlite3_bind_double (ev, 7, e->score);
          sqlite3_bind_text (ev, 8, e->processor, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ev, 9, e->explanation ? e->explanation : "{}", -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (ev);
        }
    }
  if (rc == SQLITE_DONE)
    {
      sqlite3_bind_int64 (upd, 1, run_id);
      sqlite3_bind_int64 (upd, 2, last_frame);
      sqlite3_bind_int64 (upd, 3, n);
      rc = sqlite3_step (upd);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      sl_store_rollback (store);
      return FALSE;
    }
  if (!sl_store_exec (store, "COMMIT", error))
    {
      sl_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

guint
sl_store_get_signals (SlStore *store, gint64 run_id, gint64 frame, const char *const *names,
                      guint n, double *values, GError **error)
{
  g_return_val_if_fail (n > 0, 0);
  for (guint k = 0; k < n; k++)
    values[k] = NAN;

  /* One statement, looked up through the (run, signal, frame) key. */
  g_autoptr (GString) sql = g_string_new (
      "SELECT n.name, s.value FROM signal_names n JOIN signals s ON s.signal_id = n.id"
      " AND s.run_id = ?1 AND s.frame = ?2 WHERE n.name IN (");
  for (guint k = 0; k < n; k++)
    g_string_append_printf (sql, k ? ", ?%u" : "?%u", k + 3);
  g_string_append_c (sql, ')');
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, frame);
  for (guint k = 0; k < n; k++)
    sqlite3_bind_text (stmt, (int)k + 3, names[k], -1, SQLITE_STATIC);
  guint found = 0;
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);
      for (guint k = 0; k < n; k++)
        if (g_strcmp0 (names[k], name) == 0 && isnan (values[k]))
          {
            values[k] = sqlite3_column_double (stmt, 1);
            found++;
          }
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return found;
}

gboolean
sl_store_get_signal (SlStore *store, gint64 run_id, const char *name, gint64 frame, double *value,
                     GError **error)
{
  return sl_store_get_signals (store, run_id, frame, &name, 1, value, error) == 1;
}

GArray *
sl_store_get_signal_series (SlStore *store, gint64 run_id, const char *name, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT s.frame, s.value FROM signals s JOIN signal_names n ON n.id ="
                          " s.signal_id WHERE s.run_id = ?1 AND n.name = ?2 ORDER BY s.frame",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (SlSample));
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlSample sample = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };
      g_array_append_val (out, sample);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
face_from_row (sqlite3_stmt *stmt, SlFaceResult *r)
{
  memset (r, 0, sizeof *r);
  r->frame = sqlite3_column_int64 (stmt, 0);
  r->time_s = sqlite3_column_double (stmt, 1);
  r->success = sqlite3_column_int (stmt, 2);
  r->detected = sqlite3_column_int (stmt, 3);
  r->face_id = sqlite3_column_int (stmt, 4);
  r->confidence = (float)sqlite3_column_double (stmt, 5);
  for (int k = 0; k < 4; k++)
    r->box[k] = (float)sqlite3_column_double (stmt, 6 + k);
  const void *blob = sqlite3_column_blob (stmt, 10);
  if (blob != NULL && sqlite3_column_bytes (stmt, 10) == (int)sizeof r->points)
    memcpy (r->points, blob, sizeof r->points);
  else
    r->success = FALSE;
}

#define FACE_SELECT                                                                                \
  "SELECT f.frame, f.timestamp_s, f.success, f.detected, f.face_id,"                               \
  " f.confidence, f.x, f.y, f.w, f.h, l.points FROM faces f LEFT JOIN"                             \
  " landmarks l ON l.run_id = f.run_id AND l.frame = f.frame "

gboolean
sl_store_get_face_near (SlStore *store, gint64 run_id, gint64 frame, gint64 window,
                        SlFaceResult *result, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          FACE_SELECT "WHERE f.run_id = ?1 AND f.frame <= ?2 AND f.frame >= ?3"
                                      " ORDER BY f.frame DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, frame);
  sqlite3_bind_int64 (stmt, 3, frame - MAX (window, 0));
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      face_from_row (stmt, result);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    sl_store_fail (store, rc, error);
  return FALSE;
}

gboolean
sl_store_get_face (SlStore *store, gint64 run_id, gint64 frame, SlFaceResult *result,
                   GError **error)
{
  return sl_store_get_face_near (store, run_id, frame, 0, result, error);
}

static void
stmt_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
sl_face_result_as_stored (SlFaceResult *r)
{
  if (r->success)
    return;
  r->face_id = -1;
  r->confidence = 0;
  memset (r->box, 0, sizeof r->box);
  memset (r->points, 0, sizeof r->points);
}

gboolean
sl_store_foreach_frame (SlStore *store, gint64 run_id, gint64 last_frame, const gint64 *signal_ids,
                        const guint *slots, guint n_signals, guint n_row, SlFrameRowFunc func,
                        gpointer user_data, GError **error)
{
  g_autoptr (SlStmt) faces = sl_store_prepare (
      store, FACE_SELECT "WHERE f.run_id = ?1 AND f.frame <= ?2 ORDER BY f.frame", error);
  if (faces == NULL)
    return FALSE;
  sqlite3_bind_int64 (faces, 1, run_id);
  sqlite3_bind_int64 (faces, 2, last_frame);
  /* One cursor per signal along its primary key (run, signal, frame),
   * walked in step with the frames: no sort. */
  g_autoptr (GPtrArray) cursors = g_ptr_array_new_with_free_func (stmt_free);
  g_autofree gboolean *live = g_new0 (gboolean, MAX (n_signals, 1));
  for (guint k = 0; k < n_signals; k++)
    {
      sqlite3_stmt *c = sl_store_prepare (store,
                                          "SELECT frame, value FROM signals WHERE run_id = ?1"
                                          " AND signal_id = ?2 AND frame <= ?3 ORDER BY frame",
                                          error);
      if (c == NULL)
        return FALSE;
      g_ptr_array_add (cursors, c);
      sqlite3_bind_int64 (c, 1, run_id);
      sqlite3_bind_int64 (c, 2, signal_ids[k]);
      sqlite3_bind_int64 (c, 3, last_frame);
      int rc = sqlite3_step (c);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sl_store_fail (store, rc, error);
      live[k] = rc == SQLITE_ROW;
    }
  g_autofree double *row = g_new (double, MAX (n_row, 1));
  SlFaceResult r;
  int rc;
  while ((rc = sqlite3_step (faces)) == SQLITE_ROW)
    {
      face_from_row (faces, &r);
      sl_face_result_as_stored (&r);
      for (guint k = 0; k < n_row; k++)
        row[k] = NAN;
      for (guint k = 0; k < n_signals; k++)
        {
          sqlite3_stmt *c = cursors->pdata[k];
          while (live[k] && sqlite3_column_int64 (c, 0) < r.frame)
            {
              int crc = sqlite3_step (c);
              if (crc != SQLITE_ROW && crc != SQLITE_DONE)
                return sl_store_fail (store, crc, error);
              live[k] = crc == SQLITE_ROW;
            }
          if (live[k] && sqlite3_column_int64 (c, 0) == r.frame)
            row[slots[k]] = sqlite3_column_double (c, 1);
        }
      if (!func (&r, row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  return TRUE;
}

gboolean
sl_store_foreach_face (SlStore *store, gint64 run_id, SlFaceFunc func, gpointer user_data,
                       GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, FACE_SELECT "WHERE f.run_id = ?1 ORDER BY f.frame", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  SlFaceResult r;
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      face_from_row (stmt, &r);
      if (!func (&r, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  return TRUE;
}
