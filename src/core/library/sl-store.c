/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library in SQLite: WAL journal, foreign keys on, the schema versioned
 * with PRAGMA user_version and migrated forwards in one transaction per step.
 * Every statement binds its parameters.
 */
#include "config.h"

#include <inttypes.h>

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "base/sl-error.h"
#include "sl-store-private.h"

/* Each entry takes the schema from version i to i + 1. */
static const char *const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE recordings ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  size_bytes INTEGER NOT NULL,"
  "  container TEXT NOT NULL,"
  "  codec TEXT NOT NULL,"
  "  width INTEGER NOT NULL CHECK (width > 0),"
  "  height INTEGER NOT NULL CHECK (height > 0),"
  "  fps REAL NOT NULL CHECK (fps > 0),"
  "  frame_count INTEGER NOT NULL,"
  "  duration_s REAL NOT NULL,"
  "  imported_at TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX sessions_recording ON sessions (recording_id);"
  "CREATE TABLE runs ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL CHECK (state IN ('running', 'interrupted',"
  "                                       'cancelled', 'complete', 'failed')),"
  "  preset TEXT NOT NULL,"
  "  step INTEGER NOT NULL CHECK (step >= 1),"
  "  code_version TEXT NOT NULL,"
  "  processors TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  last_frame INTEGER NOT NULL DEFAULT -1,"
  "  frames_done INTEGER NOT NULL DEFAULT 0,"
  "  owner_pid INTEGER,"
  "  message TEXT);"
  "CREATE INDEX runs_session ON runs (session_id);"
  "CREATE TABLE faces ("
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  frame INTEGER NOT NULL,"
  "  timestamp_s REAL NOT NULL,"
  "  success INTEGER NOT NULL,"
  "  detected INTEGER NOT NULL,"
  "  face_id INTEGER NOT NULL,"
  "  confidence REAL NOT NULL,"
  "  x REAL, y REAL, w REAL, h REAL,"
  "  PRIMARY KEY (run_id, frame)) WITHOUT ROWID;"
  "CREATE TABLE landmarks ("
  "  run_id INTEGER NOT NULL,"
  "  frame INTEGER NOT NULL,"
  "  points BLOB NOT NULL CHECK (length (points) = 544),"
  "  PRIMARY KEY (run_id, frame),"
  "  FOREIGN KEY (run_id, frame) REFERENCES faces (run_id, frame)"
  "    ON DELETE CASCADE) WITHOUT ROWID;",
  /* 1 → 2: per-frame signals of the processors */
  "CREATE TABLE signal_names ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE signals ("
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  signal_id INTEGER NOT NULL REFERENCES signal_names (id),"
  "  frame INTEGER NOT NULL,"
  "  value REAL NOT NULL,"
  "  PRIMARY KEY (run_id, signal_id, frame)) WITHOUT ROWID;",
  /* 2 → 3: events with their explanations */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  start_frame INTEGER NOT NULL,"
  "  end_frame INTEGER NOT NULL CHECK (end_frame >= start_frame),"
  "  start_s REAL NOT NULL,"
  "  end_s REAL NOT NULL,"
  "  score REAL NOT NULL,"
  "  processor TEXT NOT NULL,"
  "  explanation TEXT NOT NULL);"
  "CREATE INDEX events_run ON events (run_id, start_frame);",
  /* 3 → 4: figures that describe a whole run */
  "CREATE TABLE run_metrics ("
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  value REAL NOT NULL,"
  "  PRIMARY KEY (run_id, name)) WITHOUT ROWID;",
  /* 4 → 5: processor parameters a session's runs start from */
  "ALTER TABLE sessions ADD COLUMN settings TEXT NOT NULL DEFAULT '';",
  /* 5 → 6: gaze calibration profiles, and the one a session uses */
  "CREATE TABLE calibrations ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,"
  "  run_id INTEGER,"
  "  name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  accuracy_deg REAL,"
  "  precision_deg REAL,"
  "  profile TEXT NOT NULL);"
  "ALTER TABLE sessions ADD COLUMN calibration_id INTEGER"
  "  REFERENCES calibrations (id) ON DELETE SET NULL;",
  /* 6 → 7: a recording's file stamp, so a file put in its place is noticed
   * before it is analysed; a run's owner as something that dies with its
   * process (boot, pid and the process's start time), not the pid alone */
  "ALTER TABLE recordings ADD COLUMN mtime_us INTEGER;"
  "ALTER TABLE runs ADD COLUMN owner TEXT;"
  /* and where a run was resumed: the frames it went on from */
  "ALTER TABLE runs ADD COLUMN resumes TEXT NOT NULL DEFAULT '';",
  /* 7 → 8: a run's frames and signals as blocks (sl-store-blocks.c), one
   * per batch the writer commits; the rows of faces, landmarks and signals
   * move into them (sl_store_migrate_to_blocks) and their tables go */
  "CREATE TABLE frame_blocks ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  first_frame INTEGER NOT NULL,"
  "  last_frame INTEGER NOT NULL CHECK (last_frame >= first_frame),"
  "  frames INTEGER NOT NULL CHECK (frames > 0),"
  "  faces INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  UNIQUE (run_id, first_frame));"
  "CREATE TABLE signal_blocks ("
  "  id INTEGER PRIMARY KEY,"
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  signal_id INTEGER NOT NULL REFERENCES signal_names (id),"
  "  first_frame INTEGER NOT NULL,"
  "  last_frame INTEGER NOT NULL CHECK (last_frame >= first_frame),"
  "  n INTEGER NOT NULL CHECK (n > 0),"
  "  data BLOB NOT NULL,"
  "  UNIQUE (run_id, signal_id, first_frame));",
  /* 8 → 9: every event's explanation in the one schema of events and
   * scores (docs/explanations.md, version 2), written again by
   * sl_store_migrate_explanations */
  "",
  /* 9 → 10: people's labels (sl-store-labels.c): the label set, the
   * annotators, and the labels as an append-only history of revisions */
  "CREATE TABLE label_kinds ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE CHECK (name <> ''),"
  "  point INTEGER NOT NULL CHECK (point IN (0, 1)),"
  "  key TEXT UNIQUE,"
  "  color TEXT NOT NULL,"
  "  detector TEXT,"
  "  position INTEGER NOT NULL);"
  "INSERT INTO label_kinds (name, point, key, color, detector, position) VALUES"
  "  ('blink', 0, '1', '#99c1f1', 'blink', 1),"
  "  ('microsleep', 0, '2', '#f66151', 'microsleep', 2),"
  "  ('yawn', 0, '3', '#f8e45c', 'yawn', 3),"
  "  ('distracted', 0, '4', '#cdab8f', 'distracted', 4),"
  "  ('no face', 0, '5', '#9a9996', 'no_face', 5);"
  "CREATE TABLE annotators ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE CHECK (name <> ''),"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE labels ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  annotator_id INTEGER NOT NULL REFERENCES annotators (id),"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE label_history ("
  "  id INTEGER PRIMARY KEY,"
  "  label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  annotator_id INTEGER NOT NULL REFERENCES annotators (id),"
  "  action TEXT NOT NULL CHECK (action IN ('edit', 'undo', 'redo')),"
  "  target INTEGER REFERENCES label_history (id),"
  "  kind_id INTEGER REFERENCES label_kinds (id),"
  "  start_frame INTEGER,"
  "  end_frame INTEGER CHECK (end_frame >= start_frame),"
  "  start_ms REAL,"
  "  end_ms REAL CHECK (end_ms >= start_ms),"
  "  value TEXT,"
  "  source TEXT CHECK (source IN ('manual', 'accepted', 'adjusted', 'rejected')),"
  "  event_id INTEGER,"
  "  run_id INTEGER,"
  "  blind INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  CHECK ((action = 'edit') = (target IS NULL)));"
  "CREATE INDEX label_history_session ON label_history (session_id, annotator_id, id);",
  /* 10 → 11: the kind that marks the stretches an annotator has covered
   * (SL_LABEL_COVERED), unless the library has a kind of that name; a
   * blink label is compared with every closure of the eyes the detectors
   * find, blinks and microsleeps, as `sightline evaluate --kind blink`
   * counts them */
  "UPDATE label_kinds SET detector = 'blink,microsleep' WHERE name = 'blink'"
  "  AND detector = 'blink';"
  "INSERT OR IGNORE INTO label_kinds (name, point, key, color, detector, position)"
  "  SELECT 'covered', 0, NULL, '#deddda', NULL, IFNULL (MAX (position), 0) + 1"
  "  FROM label_kinds;",
  /* 11 → 12: who a session records and when it was recorded (µs since
   * the epoch), for baselines of a person's earlier sessions and the
   * library's drift by date; sessions imported before take their file's
   * modification time */
  "ALTER TABLE sessions ADD COLUMN person TEXT;"
  "ALTER TABLE sessions ADD COLUMN recorded_us INTEGER;"
  "UPDATE sessions SET recorded_us = (SELECT NULLIF (mtime_us, 0) FROM recordings"
  "  WHERE recordings.id = sessions.recording_id);"
  "CREATE INDEX sessions_person ON sessions (person, recorded_us);",
  /* 12 → 13: drift baselines, versioned: a definition ("first:120",
   * "session:3,7", "person") for a subject (the session, the person) and
   * the runs it resolved to, a new version whenever those change; a
   * baseline goes when a session it holds is forgotten */
  "CREATE TABLE baselines ("
  "  id INTEGER PRIMARY KEY,"
  "  definition TEXT NOT NULL CHECK (definition <> ''),"
  "  subject TEXT NOT NULL,"
  "  version INTEGER NOT NULL CHECK (version >= 1),"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (definition, subject, version));"
  "CREATE TABLE baseline_runs ("
  "  baseline_id INTEGER NOT NULL REFERENCES baselines (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL CHECK (position >= 0),"
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  from_s REAL NOT NULL CHECK (from_s >= 0),"
  "  to_s REAL CHECK (to_s > from_s),"
  "  PRIMARY KEY (baseline_id, position));"
  "CREATE INDEX baseline_runs_session ON baseline_runs (session_id);",
};

/* Steps that SQL alone cannot take, run after the same step's SQL. */
static gboolean (*const migration_code[]) (SlStore *store, GError **error) = {
  [7] = sl_store_migrate_to_blocks,
  [8] = sl_store_migrate_explanations,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (sizeof (float) * SL_LANDMARK_POINTS * 2 == 544);

/* Turns an SQLite failure into a message a person can act on. */
gboolean
sl_store_fail (SlStore *store, int rc, GError **error)
{
  const char *detail = store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc);
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SL_ERROR, SL_ERROR_LOCKED,
                   _ ("The library “%s” is locked by another program. Close "
                      "the other program (or wait for it to finish) and try "
                      "again."),
                   store->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _ ("The library “%s” cannot be written (%s). Choose a "
                      "library in a folder you can write to, with --library "
                      "or SIGHTLINE_LIBRARY."),
                   store->path, detail);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _ ("The library “%s” cannot be opened or created (%s). "
                      "Check that its folder exists and is writable."),
                   store->path, detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("“%s” is not a Sightline library or is damaged (%s)."), store->path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _ ("The disk holding the library “%s” is full."), store->path);
      break;
    default:
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("The library “%s” reported an error: %s"),
                   store->path, detail);
      break;
    }
  return FALSE;
}

gboolean
sl_store_exec (SlStore *store, const char *sql, GError **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return sl_store_fail (store, rc, error);
  return TRUE;
}

sqlite3_stmt *
sl_store_prepare (SlStore *store, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return stmt;
}

void
sl_store_rollback (SlStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* TRUE when every frame of the WAL was written back and the WAL emptied. */
gboolean
sl_store_checkpoint_truncate (SlStore *store)
{
  int log = -1, done = -1;
  int rc = sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
  return rc == SQLITE_OK && log == 0;
}

char *
sl_store_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

char *
sl_store_default_path (void)
{
  const char *env = g_getenv ("SIGHTLINE_LIBRARY");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "sightline", "library.db", NULL);
}

/* Before a library is changed to a newer schema, a copy of it as it was
 * goes beside it: library.db.schema-5.bak (then .1.bak, … if taken). */
static gboolean
back_up (SlStore *store, int version, GError **error)
{
  g_autofree char *target = NULL;
  int fd = -1;
  for (int n = 0; fd < 0 && n < 100; n++)
    {
      g_free (target);
      target = n == 0 ? g_strdup_printf ("%s.schema-%d.bak", store->path, version)
                      : g_strdup_printf ("%s.schema-%d.%d.bak", store->path, version, n);
      fd = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        break;
    }
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _ ("The library “%s” needs upgrading from schema %d to %d, but no copy of "
                      "it could be kept first (%s: %s). Nothing was changed. Free space or "
                      "permissions in its folder, then open it again."),
                   store->path, version, SL_STORE_SCHEMA_VERSION, target, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  /* VACUUM INTO accepts an empty file, which keeps it private. */
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, "VACUUM INTO ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, target, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autoptr (GError) why = NULL;
      sl_store_fail (store, rc, &why);
      g_unlink (target);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _ ("The library “%s” needs upgrading from schema %d to %d, but no copy of "
                      "it could be kept first: %s Nothing was changed."),
                   store->path, version, SL_STORE_SCHEMA_VERSION, why->message);
      return FALSE;
    }
  store->backup_path = g_steal_pointer (&target);
  return TRUE;
}

static gboolean
migrate (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT user_version, (SELECT count(*) FROM sqlite_master)"
                          " FROM pragma_user_version",
                          error);
  if (stmt == NULL)
    return FALSE;
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sl_store_fail (store, rc, error);
  int version = sqlite3_column_int (stmt, 0);
  gboolean empty = sqlite3_column_int (stmt, 1) == 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > SL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   _ ("The library “%s” was written by a newer Sightline "
                      "(schema %d; this one knows up to %d). Update Sightline "
                      "to open it."),
                   store->path, version, SL_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == SL_STORE_SCHEMA_VERSION)
    return TRUE;
  if (!empty && !back_up (store, version, error))
    return FALSE;

  /* All steps in one transaction: a step that fails leaves the library at
   * the schema it had. */
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Another program may have upgraded it while this one waited. */
  stmt = sl_store_prepare (store, "PRAGMA user_version", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sl_store_rollback (store);
      return stmt == NULL ? FALSE : sl_store_fail (store, sqlite3_errcode (store->db), error);
    }
  int now = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (now != version)
    {
      sl_store_rollback (store);
      if (store->backup_path != NULL)
        g_unlink (store->backup_path);
      g_clear_pointer (&store->backup_path, g_free);
      return now == SL_STORE_SCHEMA_VERSION ? TRUE : migrate (store, error);
    }
  int from = version;
  for (; version < SL_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr (GError) local = NULL;
      if (!sl_store_exec (store, migrations[version], &local)
          || (version < (int)G_N_ELEMENTS (migration_code) && migration_code[version] != NULL
              && !migration_code[version](store, &local)))
        {
          sl_store_rollback (store);
          g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                       _ ("The library “%s” could not be upgraded from schema %d (step %d → "
                          "%d failed: %s). It was left as it was%s%s."),
                       store->path, from, version, version + 1, local->message,
                       store->backup_path ? _ ("; a copy is at ") : "",
                       store->backup_path ? store->backup_path : "");
          return FALSE;
        }
    }
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", SL_STORE_SCHEMA_VERSION);
  if (!sl_store_exec (store, bump, error) || !sl_store_exec (store, "COMMIT", error))
    {
      sl_store_rollback (store);
      return FALSE;
    }
  store->migrated_from = from;
  return TRUE;
}

/* Every connection needs the per-descriptor locks (sl-store-locks.c). */
static gboolean
locks_ready (const char *path, GError **error)
{
  if (sl_store_locks_init ())
    return TRUE;
  g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
               _ ("The library “%s” cannot be opened safely: this system's SQLite does not let "
                  "Sightline lock files per descriptor. Install the SQLite that Debian ships "
                  "(libsqlite3-0)."),
               path);
  return FALSE;
}

/* A connection to @name (the path, or a file: URI) of the library at @path. */
static SlStore *
connect (const char *path, const char *name, int flags, GError **error)
{
  SlStore *store = g_new0 (SlStore, 1);
  store->path = g_strdup (path);
  store->migrated_from = -1;
  int rc = sqlite3_open_v2 (name, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      sl_store_fail (store, rc, error);
      sl_store_free (store);
      return NULL;
    }
  sqlite3_extended_result_codes (store->db, 1);
  sqlite3_busy_timeout (store->db, 2000);
  return store;
}

/* Faces are personal data: the library is readable by its owner only.  A
 * new file is created 0600 before SQLite opens it, so its -wal and -shm (which
 * SQLite creates with the database's mode) are 0600 too; an older library
 * that is readable by others is made private. */
static gboolean
make_private (const char *path, GError **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EACCES || errno == EROFS))
    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _ ("The library “%s” cannot be opened or created: %s. Check that its "
                      "folder exists and is writable."),
                   path, g_strerror (saved));
      return FALSE;
    }
  struct stat st;
  if (fstat (fd, &st) == 0 && (st.st_mode & 077) != 0 && st.st_uid == geteuid ())
    {
      (void)fchmod (fd, st.st_mode & 0700);
      const char *const sidecars[] = { "-wal", "-shm", "-journal" };
      for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
        {
          g_autofree char *side = g_strconcat (path, sidecars[i], NULL);
          (void)g_chmod (side, st.st_mode & 0700);
        }
    }
  close (fd);
  return TRUE;
}

SlStore *
sl_store_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_ERROR, SL_ERROR_READ_ONLY,
                   _ ("The folder “%s” for the library cannot be created: %s"), dir,
                   g_strerror (saved));
      return NULL;
    }

  if (!locks_ready (path, error) || !make_private (path, error))
    return NULL;

  SlStore *store = connect (path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;

  /* journal_mode returns a row; run it as a statement to see the result. */
  if (!sl_store_exec (store, "PRAGMA foreign_keys = ON", error)
      || !sl_store_exec (store, "PRAGMA journal_mode = WAL", error)
      || !sl_store_exec (store, "PRAGMA synchronous = NORMAL", error) || !migrate (store, error)
      || !sl_store_recover_interrupted (store, error))
    {
      sl_store_free (store);
      return NULL;
    }
  return store;
}

/* For verbs that only read: no migration, no recovery, no -wal or -shm
 * created where they cannot be.  In a folder this user cannot write, a
 * library closed cleanly has no -shm and SQLite cannot make one; it is then
 * read as immutable (nobody can be writing it from here). */
SlStore *
sl_store_open_read_only (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  if (!locks_ready (path, error))
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                   _ ("There is no library at “%s” yet. Import a recording first (sightline "
                      "import FILE)."),
                   path);
      return NULL;
    }
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean dir_writable = access (dir, W_OK) == 0;
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  SlStore *store;
  if (dir_writable || g_file_test (shm, G_FILE_TEST_EXISTS))
    store = connect (path, path, SQLITE_OPEN_READONLY, error);
  else
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *immutable = g_strconcat (uri, "?immutable=1", NULL);
      store = connect (path, immutable, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
    }
  if (store == NULL)
    return NULL;
  int rc;
  g_autoptr (SlStmt) stmt = sl_store_prepare (store, "PRAGMA user_version", error);
  if (stmt == NULL || (rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (stmt != NULL)
        sl_store_fail (store, rc, error);
      g_clear_pointer (&stmt, sqlite3_finalize);
      sl_store_free (store);
      return NULL;
    }
  int version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (version != SL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                   version > SL_STORE_SCHEMA_VERSION
                       ? _ ("The library “%s” was written by a newer Sightline (schema %d; this "
                            "one knows up to %d). Update Sightline to open it.")
                       : _ ("The library “%s” has schema %d and needs upgrading to %d, which "
                            "takes write access: open it once where it can be written."),
                   path, version, SL_STORE_SCHEMA_VERSION);
      sl_store_free (store);
      return NULL;
    }
  return store;
}

void
sl_store_free (SlStore *store)
{
  if (store == NULL)
    return;
  if (store->db != NULL)
    sqlite3_close_v2 (store->db);
  g_free (store->path);
  g_free (store->backup_path);
  g_free (store);
}

const char *
sl_store_get_path (SlStore *store)
{
  return store->path;
}

char *
sl_store_describe_migration (SlStore *store)
{
  if (store->migrated_from < 0 || store->backup_path == NULL)
    return NULL;
  return g_strdup_printf (_ ("The library was upgraded from schema %d to %d; a copy of it as it "
                             "was is at %s."),
                          store->migrated_from, SL_STORE_SCHEMA_VERSION, store->backup_path);
}

char *
sl_store_column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, col));
}

/* The errors of a session or calibration that is not in the library. */
gboolean
sl_store_no_session (gint64 id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no session %" PRId64 " in the library."), id);
  return FALSE;
}

gboolean
sl_store_no_calibration (gint64 id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no calibration %" PRId64 " in the library."), id);
  return FALSE;
}

/* Steps an UPDATE of one row: FALSE with @error when it fails, and
 * @changed says whether the row was there. */
gboolean
sl_store_step_update (SlStore *store, sqlite3_stmt *stmt, gboolean *changed, GError **error)
{
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  *changed = sqlite3_changes (store->db) > 0;
  return TRUE;
}
