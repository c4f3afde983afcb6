/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Analysis runs: creating, claiming, finishing, their figures and events.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "base/sl-explanation.h"
#include "base/sl-json.h"
#include "sl-store-private.h"

static const char *const run_states[] = {
  [SL_RUN_RUNNING] = "running",     [SL_RUN_INTERRUPTED] = "interrupted",
  [SL_RUN_CANCELLED] = "cancelled", [SL_RUN_COMPLETE] = "complete",
  [SL_RUN_FAILED] = "failed",
};

const char *
sl_run_state_to_string (SlRunState state)
{
  g_return_val_if_fail (state <= SL_RUN_FAILED, "failed");
  return run_states[state];
}

SlRunState
sl_run_state_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_states); i++)
    if (g_strcmp0 (s, run_states[i]) == 0)
      return i;
  return SL_RUN_FAILED;
}

void
sl_run_free (SlRun *run)
{
  if (run == NULL)
    return;
  g_free (run->preset);
  g_free (run->code_version);
  g_free (run->processors);
  g_free (run->started_at);
  g_free (run->finished_at);
  g_free (run->message);
  g_free (run->resumes);
  g_free (run);
}

double
sl_run_get_param (const SlRun *run, const char *processor, const char *param, double fallback)
{
  g_autoptr (JsonNode) root = run->processors ? sl_json_parse (run->processors, -1, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return fallback;
  JsonArray *list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      JsonObject *p = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (p, "id", NULL), processor) != 0)
        continue;
      JsonObject *params = json_object_get_object_member (p, "params");
      if (params != NULL && json_object_has_member (params, param))
        return json_object_get_double_member (params, param);
    }
  return fallback;
}

/* A process as something that dies with it: the boot, its pid and its start
 * time (in clock ticks since boot, /proc/PID/stat field 22).  A pid alone
 * is reused; the start time of a reused pid differs. */
static char *
process_start (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return NULL;
  /* The command name in parentheses may hold spaces: count from its end. */
  const char *p = strrchr (stat, ')');
  if (p == NULL)
    return NULL;
  g_auto (GStrv) fields = g_strsplit (p + 2, " ", 22);
  /* Field 3 (state) is fields[0]; field 22 (starttime) is fields[19]. */
  if (g_strv_length (fields) < 20)
    return NULL;
  return g_strdup (fields[19]);
}

static char *
boot_id (void)
{
  g_autofree char *id = NULL;
  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
    return g_strdup ("");
  return g_strdup (g_strstrip (id));
}

const char *
sl_run_owner_identity (void)
{
  static char *identity;
  if (g_once_init_enter (&identity))
    {
      g_autofree char *boot = boot_id ();
      g_autofree char *start = process_start (getpid ());
      g_once_init_leave (&identity, g_strdup_printf ("%s %" G_GINT64_FORMAT " %s", boot,
                                                     (gint64)getpid (), start ? start : "?"));
    }
  return identity;
}

/* Whether the process that wrote @owner (own_identity's form) still runs;
 * a row from before schema 7 has only its pid. */
gboolean
sl_run_owner_alive (const char *owner, gint64 pid)
{
  if (owner == NULL)
    return pid > 0 && (pid == getpid () || kill ((pid_t)pid, 0) == 0 || errno == EPERM);
  if (g_strcmp0 (owner, sl_run_owner_identity ()) == 0)
    return TRUE;
  g_auto (GStrv) parts = g_strsplit (owner, " ", 3);
  if (g_strv_length (parts) != 3)
    return FALSE;
  g_autofree char *boot = boot_id ();
  if (g_strcmp0 (parts[0], boot) != 0)
    return FALSE;
  guint64 other;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT32, &other, NULL))
    return FALSE;
  g_autofree char *start = process_start ((gint64)other);
  return start != NULL && g_strcmp0 (start, parts[2]) == 0;
}

/* Runs whose process died (killed, crashed, power lost) become interrupted;
 * what they committed stays.  Only a run still owned by the dead process
 * is changed: another program may have claimed it meanwhile. */
gboolean
sl_store_recover_interrupted (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) sel = sl_store_prepare (
      store, "SELECT id, owner, owner_pid FROM runs WHERE state = 'running'", error);
  if (sel == NULL)
    return FALSE;
  g_autoptr (GPtrArray) dead = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;
  while ((rc = sqlite3_step (sel)) == SQLITE_ROW)
    {
      const char *owner = (const char *)sqlite3_column_text (sel, 1);
      if (!sl_run_owner_alive (owner, sqlite3_column_int64 (sel, 2)))
        {
          gint64 id = sqlite3_column_int64 (sel, 0);
          g_array_append_val (ids, id);
          g_ptr_array_add (dead, g_strdup (owner));
        }
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *now = sl_store_now ();
      g_autoptr (SlStmt) upd = sl_store_prepare (
          store,
          "UPDATE runs SET state = 'interrupted', finished_at = ?2, message = ?3,"
          " owner = NULL, owner_pid = NULL WHERE id = ?1 AND state = 'running'"
          " AND owner IS ?4",
          error);
      if (upd == NULL)
        return FALSE;
      sqlite3_bind_int64 (upd, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_text (upd, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upd, 3,
                         _ ("The analysis stopped without finishing (the program was closed or "
                            "crashed)."),
                         -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upd, 4, dead->pdata[i], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (upd);
      if (rc != SQLITE_DONE)
        return sl_store_fail (store, rc, error);
    }
  return TRUE;
}

gint64
sl_store_create_run (SlStore *store, gint64 session_id, const char *preset, int step,
                     const char *processors_json, GError **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) ins = sl_store_prepare (
      store,
      "INSERT INTO runs (session_id, state, preset, step, code_version,"
      " processors, started_at, owner_pid, owner) VALUES (?1, 'running', ?2, ?3, ?4,"
      " ?5, ?6, ?7, ?8)",
      error);
  if (ins == NULL)
    return 0;
  sqlite3_bind_int64 (ins, 1, session_id);
  sqlite3_bind_text (ins, 2, preset, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (ins, 3, step);
  sqlite3_bind_text (ins, 4, PACKAGE_VERSION, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 5, processors_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (ins, 7, getpid ());
  sqlite3_bind_text (ins, 8, sl_run_owner_identity (), -1, SQLITE_STATIC);
  int rc = sqlite3_step (ins);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return 0;
    }
  return sqlite3_last_insert_rowid (store->db);
}

#define RUN_SELECT                                                                                 \
  "SELECT id, session_id, state, preset, step, code_version, processors,"                          \
  " started_at, finished_at, last_frame, frames_done, message, resumes FROM runs "

static SlRun *
run_from_row (sqlite3_stmt *stmt)
{
  SlRun *run = g_new0 (SlRun, 1);
  run->id = sqlite3_column_int64 (stmt, 0);
  run->session_id = sqlite3_column_int64 (stmt, 1);
  run->state = sl_run_state_from_string ((const char *)sqlite3_column_text (stmt, 2));
  run->preset = sl_store_column_dup (stmt, 3);
  run->step = sqlite3_column_int (stmt, 4);
  run->code_version = sl_store_column_dup (stmt, 5);
  run->processors = sl_store_column_dup (stmt, 6);
  run->started_at = sl_store_column_dup (stmt, 7);
  run->finished_at = sl_store_column_dup (stmt, 8);
  run->last_frame = sqlite3_column_int64 (stmt, 9);
  run->frames_done = sqlite3_column_int64 (stmt, 10);
  run->message = sl_store_column_dup (stmt, 11);
  run->resumes = sl_store_column_dup (stmt, 12);
  return run;
}

static SlRun *
query_run (SlStore *store, const char *where, gint64 id, GError **error)
{
  g_autofree char *sql = g_strconcat (RUN_SELECT, where, NULL);
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return run_from_row (stmt);
  if (rc != SQLITE_DONE)
    sl_store_fail (store, rc, error);
  return NULL;
}

SlRun *
sl_store_get_run (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (GError) local = NULL;
  SlRun *run = query_run (store, "WHERE id = ?1", run_id, &local);
  if (run == NULL && local == NULL)
    g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                 _ ("There is no run %" PRId64 " in the library."), run_id);
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return run;
}

SlRun *
sl_store_latest_run (SlStore *store, gint64 session_id, GError **error)
{
  return query_run (store, "WHERE session_id = ?1 ORDER BY id DESC LIMIT 1", session_id, error);
}

GPtrArray *
sl_store_list_runs (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, RUN_SELECT "WHERE session_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_run_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, run_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

gboolean
sl_store_claim_run (SlStore *store, gint64 run_id, GError **error)
{
  /* One statement guarded by the state: of two programs resuming the same
   * run at once, one changes the row and the other finds it running. */
  g_autoptr (SlStmt) upd
      = sl_store_prepare (store,
                          "UPDATE runs SET state = 'running', owner_pid = ?2, owner = ?3,"
                          " finished_at = NULL, message = NULL,"
                          " resumes = ltrim (resumes || ' ' || (last_frame + 1))"
                          " WHERE id = ?1 AND state IN ('interrupted', 'cancelled', 'failed')",
                          error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_int64 (upd, 1, run_id);
  sqlite3_bind_int64 (upd, 2, getpid ());
  sqlite3_bind_text (upd, 3, sl_run_owner_identity (), -1, SQLITE_STATIC);
  gboolean changed = FALSE;
  if (!sl_store_step_update (store, upd, &changed, error))
    return FALSE;
  if (!changed)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                   _ ("Run %" PRId64 " is being analysed by another program right now (or "
                      "has just finished); wait for it, then try again."),
                   run_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_finish_run (SlStore *store, gint64 run_id, SlRunState state, const char *message,
                     GError **error)
{
  g_autofree char *now = sl_store_now ();
  g_autoptr (SlStmt) upd
      = sl_store_prepare (store,
                          "UPDATE runs SET state = ?2, finished_at = ?3, message = ?4,"
                          " owner_pid = NULL, owner = NULL WHERE id = ?1",
                          error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_int64 (upd, 1, run_id);
  sqlite3_bind_text (upd, 2, sl_run_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (upd, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (upd, 4, message, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (upd);
  return rc == SQLITE_DONE ? TRUE : sl_store_fail (store, rc, error);
}

/* An event from a row of EVENT_COLUMNS. */
#define EVENT_COLUMNS                                                                              \
  "id, kind, start_frame, end_frame, start_s, end_s, score, processor, explanation"

static SlEvent *
event_from_row (sqlite3_stmt *stmt)
{
  SlEvent *e = sl_event_new ((const char *)sqlite3_column_text (stmt, 1),
                             (const char *)sqlite3_column_text (stmt, 7));
  e->id = sqlite3_column_int64 (stmt, 0);
  e->start_frame = sqlite3_column_int64 (stmt, 2);
  e->end_frame = sqlite3_column_int64 (stmt, 3);
  e->start_s = sqlite3_column_double (stmt, 4);
  e->end_s = sqlite3_column_double (stmt, 5);
  e->score = sqlite3_column_double (stmt, 6);
  e->explanation = sl_store_column_dup (stmt, 8);
  return e;
}

GPtrArray *
sl_store_list_events (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT " EVENT_COLUMNS " FROM events WHERE run_id = ?1"
                          " ORDER BY start_frame, id",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, event_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

SlEvent *
sl_store_get_event (SlStore *store, gint64 event_id, gint64 *run_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "SELECT " EVENT_COLUMNS ", run_id FROM events WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event_id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The library has no event %" PRId64
                      "; `sightline events SESSION` lists a session's events with their numbers."),
                   event_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  SlEvent *e = event_from_row (stmt);
  if (run_id != NULL)
    *run_id = sqlite3_column_int64 (stmt, 9);
  return e;
}

gboolean
sl_store_set_run_metrics (SlStore *store, gint64 run_id, const GArray *metrics, GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "INSERT OR REPLACE INTO run_metrics (run_id, name, value) VALUES (?1, ?2, ?3)", error);
  gboolean ok = stmt != NULL;
  for (guint i = 0; ok && i < metrics->len; i++)
    {
      const SlMetric *m = &g_array_index (metrics, SlMetric, i);
      if (!isfinite (m->value))
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_text (stmt, 2, m->name, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 3, m->value);
      int rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        ok = sl_store_fail (store, rc, error);
    }
  if (ok)
    return sl_store_exec (store, "COMMIT", error);
  sl_store_exec (store, "ROLLBACK", NULL);
  return FALSE;
}

GArray *
sl_store_get_run_metrics (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store, "SELECT name, value FROM run_metrics WHERE run_id = ?1 ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (SlMetric));
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlMetric m = { g_intern_string ((const char *)sqlite3_column_text (stmt, 0)),
                     sqlite3_column_double (stmt, 1) };
      g_array_append_val (out, m);
    }
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* One stored explanation in version 2; one that does not read stays as
 * it was. */
static gboolean
migrate_explanation (SlStore *store, sqlite3_stmt *put, gint64 id, const char *kind, double score,
                     const char *text, GError **error)
{
  g_autoptr (SlExplanation) x = sl_explanation_parse (text, NULL);
  if (x == NULL)
    return TRUE;
  g_free (x->kind);
  x->kind = g_strdup (kind);
  x->value = score;
  g_autofree char *json = sl_explanation_to_json (x);
  sqlite3_reset (put);
  sqlite3_bind_int64 (put, 1, id);
  sqlite3_bind_text (put, 2, json, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (put);
  return rc == SQLITE_DONE || sl_store_fail (store, rc, error);
}

/* Schema 9.  A version 1 explanation lacks what its row has (the kind and
 * the score), so the row gives them; one that does not read stays as it was,
 * and says it is damaged when it is shown. */
gboolean
sl_store_migrate_explanations (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) get
      = sl_store_prepare (store, "SELECT id, kind, score, explanation FROM events", error);
  if (get == NULL)
    return FALSE;
  g_autoptr (SlStmt) put
      = sl_store_prepare (store, "UPDATE events SET explanation = ?2 WHERE id = ?1", error);
  if (put == NULL)
    return FALSE;
  int rc;
  while ((rc = sqlite3_step (get)) == SQLITE_ROW)
    if (!migrate_explanation (
            store, put, sqlite3_column_int64 (get, 0), (const char *)sqlite3_column_text (get, 1),
            sqlite3_column_double (get, 2), (const char *)sqlite3_column_text (get, 3), error))
      return FALSE;
  return rc == SQLITE_DONE || sl_store_fail (store, rc, error);
}
