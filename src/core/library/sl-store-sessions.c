/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recordings and their sessions: import, listing, checking a recording is still the one imported,
 * moving it, forgetting a session.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "base/sl-error.h"
#include "sl-store-private.h"

#define SESSION_SELECT                                                                             \
  "SELECT s.id, s.recording_id, s.name, s.created_at, r.path, r.sha256,"                           \
  " r.size_bytes, r.container, r.codec, r.width, r.height, r.fps,"                                 \
  " r.frame_count, r.duration_s, r.imported_at,"                                                   \
  " (SELECT id FROM runs WHERE session_id = s.id ORDER BY id DESC LIMIT 1),"                       \
  " (SELECT state FROM runs WHERE session_id = s.id ORDER BY id DESC LIMIT 1),"                    \
  " s.settings, s.calibration_id, r.mtime_us, s.person, IFNULL (s.recorded_us, 0)"                 \
  " FROM sessions s JOIN recordings r ON r.id = s.recording_id "

static SlSession *
session_from_row (sqlite3_stmt *stmt)
{
  SlSession *s = sl_session_new ();
  s->id = sqlite3_column_int64 (stmt, 0);
  s->recording_id = sqlite3_column_int64 (stmt, 1);
  s->name = sl_store_column_dup (stmt, 2);
  s->created_at = sl_store_column_dup (stmt, 3);
  s->path = sl_store_column_dup (stmt, 4);
  s->sha256 = sl_store_column_dup (stmt, 5);
  s->size_bytes = sqlite3_column_int64 (stmt, 6);
  s->container = sl_store_column_dup (stmt, 7);
  s->codec = sl_store_column_dup (stmt, 8);
  s->width = sqlite3_column_int (stmt, 9);
  s->height = sqlite3_column_int (stmt, 10);
  s->fps = sqlite3_column_double (stmt, 11);
  s->frame_count = sqlite3_column_int64 (stmt, 12);
  s->duration_s = sqlite3_column_double (stmt, 13);
  s->imported_at = sl_store_column_dup (stmt, 14);
  s->last_run_id = sqlite3_column_int64 (stmt, 15);
  s->last_run_state = sl_store_column_dup (stmt, 16);
  s->settings = sl_store_column_dup (stmt, 17);
  s->calibration_id = sqlite3_column_int64 (stmt, 18);
  s->mtime_us = sqlite3_column_int64 (stmt, 19);
  s->person = sl_store_column_dup (stmt, 20);
  s->recorded_us = sqlite3_column_int64 (stmt, 21);
  return s;
}

SlSession *
sl_store_get_session (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, SESSION_SELECT "WHERE s.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return session_from_row (stmt);
  if (rc == SQLITE_DONE)
    sl_store_no_session (session_id, error);
  else
    sl_store_fail (store, rc, error);
  return NULL;
}

GPtrArray *
sl_store_list_sessions (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, SESSION_SELECT "ORDER BY s.id", error);
  if (stmt == NULL)
    return NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, session_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

SlSession *
sl_store_import (SlStore *store, const SlProbe *p, gboolean *existed, GError **error)
{
  g_return_val_if_fail (store != NULL && p != NULL, NULL);
  if (existed)
    *existed = FALSE;

  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;

  gint64 session_id = 0;
  {
    g_autoptr (SlStmt) find
        = sl_store_prepare (store,
                            "SELECT s.id, r.id FROM recordings r JOIN sessions s"
                            " ON s.recording_id = r.id WHERE r.sha256 = ?1 ORDER BY s.id LIMIT 1",
                            error);
    if (find == NULL)
      goto failed;
    sqlite3_bind_text (find, 1, p->sha256, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step (find);
    if (rc == SQLITE_ROW)
      {
        session_id = sqlite3_column_int64 (find, 0);
        gint64 rec_id = sqlite3_column_int64 (find, 1);
        g_autoptr (SlStmt) upd = sl_store_prepare (
            store, "UPDATE recordings SET path = ?1, mtime_us = ?3 WHERE id = ?2", error);
        if (upd == NULL)
          goto failed;
        sqlite3_bind_text (upd, 1, p->path, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (upd, 2, rec_id);
        sqlite3_bind_int64 (upd, 3, p->mtime_us);
        if ((rc = sqlite3_step (upd)) != SQLITE_DONE)
          {
            sl_store_fail (store, rc, error);
            goto failed;
          }
        if (existed)
          *existed = TRUE;
      }
    else if (rc != SQLITE_DONE)
      {
        sl_store_fail (store, rc, error);
        goto failed;
      }
  }

  if (session_id == 0)
    {
      g_autofree char *now = sl_store_now ();
      g_autoptr (SlStmt) ins
          = sl_store_prepare (store,
                              "INSERT INTO recordings (path, sha256, size_bytes, container, codec,"
                              " width, height, fps, frame_count, duration_s, imported_at, mtime_us)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                              error);
      if (ins == NULL)
        goto failed;
      sqlite3_bind_text (ins, 1, p->path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, p->sha256, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (ins, 3, p->size_bytes);
      sqlite3_bind_text (ins, 4, p->container, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 5, p->codec, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (ins, 6, p->width);
      sqlite3_bind_int (ins, 7, p->height);
      sqlite3_bind_double (ins, 8, p->fps);
      sqlite3_bind_int64 (ins, 9, p->frame_count);
      sqlite3_bind_double (ins, 10, p->duration_s);
      sqlite3_bind_text (ins, 11, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (ins, 12, p->mtime_us);
      int rc = sqlite3_step (ins);
      if (rc != SQLITE_DONE)
        {
          sl_store_fail (store, rc, error);
          goto failed;
        }
      gint64 rec_id = sqlite3_last_insert_rowid (store->db);

      g_autofree char *name = g_path_get_basename (p->path);
      g_autoptr (SlStmt) ses
          = sl_store_prepare (store,
                              "INSERT INTO sessions (recording_id, name, created_at, recorded_us)"
                              " VALUES (?1, ?2, ?3, NULLIF (?4, 0))",
                              error);
      if (ses == NULL)
        goto failed;
      sqlite3_bind_int64 (ses, 1, rec_id);
      sqlite3_bind_text (ses, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ses, 3, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (ses, 4, p->recorded_us > 0 ? p->recorded_us : p->mtime_us);
      if ((rc = sqlite3_step (ses)) != SQLITE_DONE)
        {
          sl_store_fail (store, rc, error);
          goto failed;
        }
      session_id = sqlite3_last_insert_rowid (store->db);
    }

  if (!sl_store_exec (store, "COMMIT", error))
    goto failed;
  return sl_store_get_session (store, session_id, error);

failed:
  sl_store_rollback (store);
  return NULL;
}

static gint64
count_where (SlStore *store, const char *sql, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, sql, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, session_id);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sl_store_fail (store, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

void
sl_forget_report_free (SlForgetReport *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_strfreev (r->backups);
  g_free (r);
}

#define OF_RUNS "(SELECT id FROM runs WHERE session_id = ?1)"

/* What goes with a session: each count is one statement over the rows the
 * cascade removes, so the dry run and the deletion name the same rows. */
static SlForgetReport *
forget_counts (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlSession) s = sl_store_get_session (store, session_id, error);
  if (s == NULL)
    return NULL;
  g_autoptr (SlForgetReport) r = g_new0 (SlForgetReport, 1);
  r->session_id = session_id;
  r->name = g_strdup (s->name);
  struct
  {
    gint64 *out;
    const char *sql;
  } counts[] = {
    { &r->runs, "SELECT count (*) FROM runs WHERE session_id = ?1" },
    { &r->frames, "SELECT total (frames) FROM frame_blocks WHERE run_id IN " OF_RUNS },
    { &r->landmarks, "SELECT total (faces) FROM frame_blocks WHERE run_id IN " OF_RUNS },
    { &r->signal_values, "SELECT total (n) FROM signal_blocks WHERE run_id IN " OF_RUNS },
    { &r->events, "SELECT count (*) FROM events WHERE run_id IN " OF_RUNS },
    { &r->metrics, "SELECT count (*) FROM run_metrics WHERE run_id IN " OF_RUNS },
    { &r->calibrations, "SELECT count (*) FROM calibrations WHERE session_id = ?1" },
    { &r->labels, "SELECT count (*) FROM labels WHERE session_id = ?1" },
    { &r->baselines,
      "SELECT count (DISTINCT baseline_id) FROM baseline_runs WHERE session_id = ?1" },
    { &r->sessions_unset, "SELECT count (*) FROM sessions WHERE id <> ?1 AND calibration_id IN"
                          " (SELECT id FROM calibrations WHERE session_id = ?1)" },
    { &r->recording, "SELECT count (*) = 1 FROM sessions WHERE recording_id ="
                     " (SELECT recording_id FROM sessions WHERE id = ?1)" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if ((*counts[i].out = count_where (store, counts[i].sql, session_id, error)) < 0)
      return NULL;

  /* Copies kept before schema upgrades hold the session too. */
  g_autofree char *dir = g_path_get_dirname (store->path);
  g_autofree char *base = g_path_get_basename (store->path);
  g_autofree char *prefix = g_strconcat (base, ".schema-", NULL);
  g_autoptr (GStrvBuilder) backups = g_strv_builder_new ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".bak"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_strv_builder_add (backups, path);
      }
  r->backups = g_strv_builder_end (backups);
  return g_steal_pointer (&r);
}

char *
sl_forget_report_describe (const SlForgetReport *r)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, _ ("session %" PRId64 " (“%s”)"), r->session_id, r->name);
  g_string_append_printf (
      s, g_dngettext (GETTEXT_PACKAGE, ", %" PRId64 " run", ", %" PRId64 " runs", r->runs),
      r->runs);
  if (r->runs > 0)
    {
      g_string_append_printf (s,
                              _ (" with %" PRId64 " analysed frames (%" PRId64
                                 " with landmarks), %" PRId64 " signal values"),
                              r->frames, r->landmarks, r->signal_values);
      g_string_append_printf (
          s,
          g_dngettext (GETTEXT_PACKAGE, ", %" PRId64 " event", ", %" PRId64 " events", r->events),
          r->events);
      g_string_append_printf (s,
                              g_dngettext (GETTEXT_PACKAGE, " and %" PRId64 " figure",
                                           " and %" PRId64 " figures", r->metrics),
                              r->metrics);
    }
  if (r->calibrations > 0)
    g_string_append_printf (s,
                            g_dngettext (GETTEXT_PACKAGE, ", %" PRId64 " gaze calibration",
                                         ", %" PRId64 " gaze calibrations", r->calibrations),
                            r->calibrations);
  if (r->sessions_unset > 0)
    g_string_append_printf (
        s,
        g_dngettext (GETTEXT_PACKAGE, " (used by %" PRId64 " other session, which loses it)",
                     " (used by %" PRId64 " other sessions, which lose it)", r->sessions_unset),
        r->sessions_unset);
  if (r->labels > 0)
    g_string_append_printf (s,
                            g_dngettext (GETTEXT_PACKAGE, ", %" PRId64 " label and its history",
                                         ", %" PRId64 " labels and their history", r->labels),
                            r->labels);
  if (r->baselines > 0)
    g_string_append_printf (s,
                            g_dngettext (GETTEXT_PACKAGE, ", %" PRId64 " drift baseline",
                                         ", %" PRId64 " drift baselines", r->baselines),
                            r->baselines);
  if (r->recording)
    g_string_append (s, _ (", and the recording's entry (the video file itself is not touched)"));
  return g_string_free (s, FALSE);
}

SlForgetReport *
sl_store_forget_session (SlStore *store, gint64 session_id, gboolean dry_run, GError **error)
{
  g_return_val_if_fail (store != NULL, NULL);

  /* secure_delete zeroes what is deleted in the pages it frees; the
   * checkpoint and VACUUM then leave no free page and an empty WAL. */
  if (!dry_run && !sl_store_exec (store, "PRAGMA secure_delete = ON", error))
    return NULL;
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  g_autoptr (SlForgetReport) r = forget_counts (store, session_id, error);
  if (r == NULL || dry_run)
    {
      sl_store_rollback (store);
      return g_steal_pointer (&r);
    }
  /* The calibrations made on this person go; sessions that used one lose it
   * (ON DELETE SET NULL); so do the drift baselines that hold it (a
   * baseline names sessions by number, which a new session may take
   * again).  The recording row goes with its last session, and
   * runs, frames, landmarks, signals, events and metrics with the session. */
  const char *const steps[] = {
    "DELETE FROM calibrations WHERE session_id = ?1",
    "DELETE FROM baselines WHERE id IN (SELECT baseline_id FROM baseline_runs WHERE session_id = "
    "?1)",
    ("DELETE FROM recordings WHERE id = (SELECT recording_id FROM sessions WHERE id = ?1)"
     " AND (SELECT count (*) FROM sessions WHERE recording_id = recordings.id) = 1"),
    "DELETE FROM sessions WHERE id = ?1",
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (SlStmt) stmt = sl_store_prepare (store, steps[i], error);
      if (stmt == NULL)
        {
          sl_store_rollback (store);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, session_id);
      int rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          sl_store_fail (store, rc, error);
          sl_store_rollback (store);
          return NULL;
        }
    }
  if (!sl_store_exec (store, "COMMIT", error))
    {
      sl_store_rollback (store);
      return NULL;
    }

  /* Another program reading the library keeps the WAL in use; then the
   * copies in it go at its next checkpoint, and the report says so. */
  r->wal_cleared = sl_store_checkpoint_truncate (store) && sl_store_exec (store, "VACUUM", NULL)
                   && sl_store_checkpoint_truncate (store);
  sl_store_exec (store, "PRAGMA secure_delete = OFF", NULL);
  return g_steal_pointer (&r);
}

/* Hashing costs a read of the whole file (GChecksum: 5.4 s a GB here), so it is done
 * only when the size is the same and the stamp is not: a copy, a touch, or a
 * file written in its place with the same length. */
gboolean
sl_store_verify_recording (SlStore *store, SlSession *session, GCancellable *cancellable,
                           GError **error)
{
  gint64 size = 0, mtime_us = 0;
  g_autoptr (GError) local = NULL;
  if (!sl_file_stamp (session->path, &size, &mtime_us, &local))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("The recording of session %" PRId64 " cannot be read at “%s” (%s). Locate "
                      "it (sightline relocate %" PRId64 " PATH; it is checked by its SHA-256) "
                      "and try again."),
                   session->id, session->path, local->message, session->id);
      return FALSE;
    }
  if (size == session->size_bytes && mtime_us == session->mtime_us)
    return TRUE;
  g_autofree char *sha = NULL;
  if (size == session->size_bytes)
    {
      sha = sl_file_sha256 (session->path, cancellable, &local);
      if (sha == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (g_strcmp0 (sha, session->sha256) == 0)
        {
          /* The same bytes with a new stamp: remember the stamp. */
          g_autoptr (SlStmt) upd = sl_store_prepare (
              store, "UPDATE recordings SET mtime_us = ?1 WHERE id = ?2", error);
          if (upd == NULL)
            return FALSE;
          sqlite3_bind_int64 (upd, 1, mtime_us);
          sqlite3_bind_int64 (upd, 2, session->recording_id);
          int rc = sqlite3_step (upd);
          if (rc != SQLITE_DONE)
            return sl_store_fail (store, rc, error);
          session->mtime_us = mtime_us;
          return TRUE;
        }
    }
  g_autofree char *what
      = sha != NULL ? g_strdup_printf (
            _ ("its content differs: SHA-256 %.12s…, imported as %.12s…"), sha, session->sha256)
                    : g_strdup_printf (_ ("it is %" PRId64 " bytes; the one imported was %" PRId64),
                                       size, session->size_bytes);
  g_set_error (error, SL_ERROR, SL_ERROR_CHANGED,
               _ ("“%s” is no longer the recording imported as session %" PRId64 " (%s). Nothing "
                  "was analysed and what session %" PRId64 " holds is unchanged. Import the "
                  "file as a new recording (sightline import), or, if the original is "
                  "elsewhere, point the session at it (sightline relocate %" PRId64 " PATH)."),
               session->path, session->id, what, session->id, session->id);
  return FALSE;
}

gboolean
sl_store_relocate (SlStore *store, gint64 session_id, const char *path, GError **error)
{
  g_autoptr (SlSession) session = sl_store_get_session (store, session_id, error);
  if (session == NULL)
    return FALSE;
  g_autoptr (GError) local = NULL;
  gint64 size = 0, mtime_us = 0;
  g_autofree char *sha
      = sl_file_stamp (path, &size, &mtime_us, &local) ? sl_file_sha256 (path, NULL, &local) : NULL;
  if (sha == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND, _ ("Cannot read “%s”: %s"), path,
                   local->message);
      return FALSE;
    }
  if (g_strcmp0 (sha, session->sha256) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not the recording of this session: its content "
                      "differs (SHA-256 %.12s…, expected %.12s…)."),
                   path, sha, session->sha256);
      return FALSE;
    }
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *abs = g_file_get_path (file);
  g_autoptr (SlStmt) upd = sl_store_prepare (
      store, "UPDATE recordings SET path = ?1, mtime_us = ?3 WHERE id = ?2", error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_text (upd, 1, abs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (upd, 2, session->recording_id);
  sqlite3_bind_int64 (upd, 3, mtime_us);
  int rc = sqlite3_step (upd);
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  return TRUE;
}

gboolean
sl_store_set_session_settings (SlStore *store, gint64 session_id, const char *settings,
                               GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store, "UPDATE sessions SET settings = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, settings, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, session_id);
  gboolean changed = FALSE;
  if (!sl_store_step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || sl_store_no_session (session_id, error);
}

/* Sets one column of session @session_id. */
static gboolean
set_session_column (SlStore *store, gint64 session_id, const char *sql, const char *text,
                    gint64 number, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  else if (text == NULL && number > 0)
    sqlite3_bind_int64 (stmt, 2, number);
  else
    sqlite3_bind_null (stmt, 2);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  if (sqlite3_changes (store->db) == 0)
    {
      sl_store_no_session (session_id, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_set_session_person (SlStore *store, gint64 session_id, const char *person, GError **error)
{
  return set_session_column (store, session_id, "UPDATE sessions SET person = ?2 WHERE id = ?1",
                             person != NULL ? person : "", 0, error);
}

gboolean
sl_store_set_session_recorded (SlStore *store, gint64 session_id, gint64 recorded_us,
                               GError **error)
{
  return set_session_column (store, session_id,
                             "UPDATE sessions SET recorded_us = ?2 WHERE id = ?1", NULL,
                             recorded_us, error);
}
