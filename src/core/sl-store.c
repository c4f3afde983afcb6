/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library in SQLite: WAL journal, foreign keys on, the schema versioned
 * with PRAGMA user_version and migrated forwards in one transaction per step.
 * Every statement binds its parameters.
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "sl-json.h"
#include "sl-error.h"
#include "sl-store-private.h"
#include "sl-store.h"

struct _SlStore
{
  sqlite3 *db;
  char *path;
  char *backup_path; /* the copy kept before this open migrated it */
  int migrated_from; /* the schema it had, or -1 */
};

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_STORE_SCHEMA_VERSION);
G_STATIC_ASSERT (sizeof (float) * SL_LANDMARK_POINTS * 2 == 544);

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

static SlRunState
run_state_from_string (const char *s)
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

/* Turns an SQLite failure into a message a person can act on. */
static gboolean
fail (SlStore *store, int rc, GError **error)
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

static gboolean
exec (SlStore *store, const char *sql, GError **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return fail (store, rc, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (SlStore *store, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      fail (store, rc, error);
      return NULL;
    }
  return stmt;
}

typedef sqlite3_stmt SlStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStmt, sqlite3_finalize)

static void
rollback (SlStore *store)
{
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* TRUE when every frame of the WAL was written back and the WAL emptied. */
static gboolean
checkpoint_truncate (SlStore *store)
{
  int log = -1, done = -1;
  int rc = sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
  return rc == SQLITE_OK && log == 0;
}

static char *
now_iso8601 (void)
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
  g_autoptr (SlStmt) stmt = prepare (store, "VACUUM INTO ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, target, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autoptr (GError) why = NULL;
      fail (store, rc, &why);
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
  g_autoptr (SlStmt) stmt = prepare (store,
                                     "SELECT user_version, (SELECT count(*) FROM sqlite_master)"
                                     " FROM pragma_user_version",
                                     error);
  if (stmt == NULL)
    return FALSE;
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return fail (store, rc, error);
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
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Another program may have upgraded it while this one waited. */
  stmt = prepare (store, "PRAGMA user_version", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      rollback (store);
      return stmt == NULL ? FALSE : fail (store, sqlite3_errcode (store->db), error);
    }
  int now = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (now != version)
    {
      rollback (store);
      if (store->backup_path != NULL)
        g_unlink (store->backup_path);
      g_clear_pointer (&store->backup_path, g_free);
      return now == SL_STORE_SCHEMA_VERSION ? TRUE : migrate (store, error);
    }
  int from = version;
  for (; version < SL_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr (GError) local = NULL;
      if (!exec (store, migrations[version], &local))
        {
          rollback (store);
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
  if (!exec (store, bump, error) || !exec (store, "COMMIT", error))
    {
      rollback (store);
      return FALSE;
    }
  store->migrated_from = from;
  return TRUE;
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

static const char *
own_identity (void)
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
static gboolean
owner_alive (const char *owner, gint64 pid)
{
  if (owner == NULL)
    return pid > 0 && (pid == getpid () || kill ((pid_t)pid, 0) == 0 || errno == EPERM);
  if (g_strcmp0 (owner, own_identity ()) == 0)
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
static gboolean
recover_interrupted (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) sel
      = prepare (store, "SELECT id, owner, owner_pid FROM runs WHERE state = 'running'", error);
  if (sel == NULL)
    return FALSE;
  g_autoptr (GPtrArray) dead = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;
  while ((rc = sqlite3_step (sel)) == SQLITE_ROW)
    {
      const char *owner = (const char *)sqlite3_column_text (sel, 1);
      if (!owner_alive (owner, sqlite3_column_int64 (sel, 2)))
        {
          gint64 id = sqlite3_column_int64 (sel, 0);
          g_array_append_val (ids, id);
          g_ptr_array_add (dead, g_strdup (owner));
        }
    }
  if (rc != SQLITE_DONE)
    return fail (store, rc, error);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *now = now_iso8601 ();
      g_autoptr (SlStmt) upd
          = prepare (store,
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
        return fail (store, rc, error);
    }
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
      fail (store, rc, error);
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
  if (!exec (store, "PRAGMA foreign_keys = ON", error)
      || !exec (store, "PRAGMA journal_mode = WAL", error)
      || !exec (store, "PRAGMA synchronous = NORMAL", error) || !migrate (store, error)
      || !recover_interrupted (store, error))
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
  g_autoptr (SlStmt) stmt = prepare (store, "PRAGMA user_version", error);
  if (stmt == NULL || (rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (stmt != NULL)
        fail (store, rc, error);
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

#define SESSION_SELECT                                                                             \
  "SELECT s.id, s.recording_id, s.name, s.created_at, r.path, r.sha256,"                           \
  " r.size_bytes, r.container, r.codec, r.width, r.height, r.fps,"                                 \
  " r.frame_count, r.duration_s, r.imported_at,"                                                   \
  " (SELECT id FROM runs WHERE session_id = s.id ORDER BY id DESC LIMIT 1),"                       \
  " (SELECT state FROM runs WHERE session_id = s.id ORDER BY id DESC LIMIT 1),"                    \
  " s.settings, s.calibration_id, r.mtime_us"                                                      \
  " FROM sessions s JOIN recordings r ON r.id = s.recording_id "

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, col));
}

static SlSession *
session_from_row (sqlite3_stmt *stmt)
{
  SlSession *s = sl_session_new ();
  s->id = sqlite3_column_int64 (stmt, 0);
  s->recording_id = sqlite3_column_int64 (stmt, 1);
  s->name = column_dup (stmt, 2);
  s->created_at = column_dup (stmt, 3);
  s->path = column_dup (stmt, 4);
  s->sha256 = column_dup (stmt, 5);
  s->size_bytes = sqlite3_column_int64 (stmt, 6);
  s->container = column_dup (stmt, 7);
  s->codec = column_dup (stmt, 8);
  s->width = sqlite3_column_int (stmt, 9);
  s->height = sqlite3_column_int (stmt, 10);
  s->fps = sqlite3_column_double (stmt, 11);
  s->frame_count = sqlite3_column_int64 (stmt, 12);
  s->duration_s = sqlite3_column_double (stmt, 13);
  s->imported_at = column_dup (stmt, 14);
  s->last_run_id = sqlite3_column_int64 (stmt, 15);
  s->last_run_state = column_dup (stmt, 16);
  s->settings = column_dup (stmt, 17);
  s->calibration_id = sqlite3_column_int64 (stmt, 18);
  s->mtime_us = sqlite3_column_int64 (stmt, 19);
  return s;
}

/* The errors of a session or calibration that is not in the library. */
static gboolean
no_session (gint64 id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no session %" PRId64 " in the library."), id);
  return FALSE;
}

static gboolean
no_calibration (gint64 id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_NOT_FOUND,
               _ ("There is no calibration %" PRId64 " in the library."), id);
  return FALSE;
}

/* Steps an UPDATE of one row: FALSE with @error when it fails, and
 * @changed says whether the row was there. */
static gboolean
step_update (SlStore *store, sqlite3_stmt *stmt, gboolean *changed, GError **error)
{
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return fail (store, rc, error);
  *changed = sqlite3_changes (store->db) > 0;
  return TRUE;
}

SlSession *
sl_store_get_session (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (store, SESSION_SELECT "WHERE s.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return session_from_row (stmt);
  if (rc == SQLITE_DONE)
    no_session (session_id, error);
  else
    fail (store, rc, error);
  return NULL;
}

GPtrArray *
sl_store_list_sessions (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (store, SESSION_SELECT "ORDER BY s.id", error);
  if (stmt == NULL)
    return NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, session_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fail (store, rc, error);
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

  if (!exec (store, "BEGIN IMMEDIATE", error))
    return NULL;

  gint64 session_id = 0;
  {
    g_autoptr (SlStmt) find
        = prepare (store,
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
        g_autoptr (SlStmt) upd = prepare (
            store, "UPDATE recordings SET path = ?1, mtime_us = ?3 WHERE id = ?2", error);
        if (upd == NULL)
          goto failed;
        sqlite3_bind_text (upd, 1, p->path, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (upd, 2, rec_id);
        sqlite3_bind_int64 (upd, 3, p->mtime_us);
        if ((rc = sqlite3_step (upd)) != SQLITE_DONE)
          {
            fail (store, rc, error);
            goto failed;
          }
        if (existed)
          *existed = TRUE;
      }
    else if (rc != SQLITE_DONE)
      {
        fail (store, rc, error);
        goto failed;
      }
  }

  if (session_id == 0)
    {
      g_autofree char *now = now_iso8601 ();
      g_autoptr (SlStmt) ins
          = prepare (store,
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
          fail (store, rc, error);
          goto failed;
        }
      gint64 rec_id = sqlite3_last_insert_rowid (store->db);

      g_autofree char *name = g_path_get_basename (p->path);
      g_autoptr (SlStmt) ses = prepare (
          store, "INSERT INTO sessions (recording_id, name, created_at) VALUES (?1, ?2, ?3)",
          error);
      if (ses == NULL)
        goto failed;
      sqlite3_bind_int64 (ses, 1, rec_id);
      sqlite3_bind_text (ses, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ses, 3, now, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (ses)) != SQLITE_DONE)
        {
          fail (store, rc, error);
          goto failed;
        }
      session_id = sqlite3_last_insert_rowid (store->db);
    }

  if (!exec (store, "COMMIT", error))
    goto failed;
  return sl_store_get_session (store, session_id, error);

failed:
  rollback (store);
  return NULL;
}

static gint64
count_where (SlStore *store, const char *sql, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (store, sql, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, session_id);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      fail (store, rc, error);
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
    { &r->frames, "SELECT count (*) FROM faces WHERE run_id IN " OF_RUNS },
    { &r->landmarks, "SELECT count (*) FROM landmarks WHERE run_id IN " OF_RUNS },
    { &r->signal_values, "SELECT count (*) FROM signals WHERE run_id IN " OF_RUNS },
    { &r->events, "SELECT count (*) FROM events WHERE run_id IN " OF_RUNS },
    { &r->metrics, "SELECT count (*) FROM run_metrics WHERE run_id IN " OF_RUNS },
    { &r->calibrations, "SELECT count (*) FROM calibrations WHERE session_id = ?1" },
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
  if (!dry_run && !exec (store, "PRAGMA secure_delete = ON", error))
    return NULL;
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  g_autoptr (SlForgetReport) r = forget_counts (store, session_id, error);
  if (r == NULL || dry_run)
    {
      rollback (store);
      return g_steal_pointer (&r);
    }
  /* The calibrations made on this person go; sessions that used one lose it
   * (ON DELETE SET NULL).  The recording row goes with its last session, and
   * runs, frames, landmarks, signals, events and metrics with the session. */
  const char *const steps[] = {
    "DELETE FROM calibrations WHERE session_id = ?1",
    ("DELETE FROM recordings WHERE id = (SELECT recording_id FROM sessions WHERE id = ?1)"
     " AND (SELECT count (*) FROM sessions WHERE recording_id = recordings.id) = 1"),
    "DELETE FROM sessions WHERE id = ?1",
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (SlStmt) stmt = prepare (store, steps[i], error);
      if (stmt == NULL)
        {
          rollback (store);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, session_id);
      int rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          fail (store, rc, error);
          rollback (store);
          return NULL;
        }
    }
  if (!exec (store, "COMMIT", error))
    {
      rollback (store);
      return NULL;
    }

  /* Another program reading the library keeps the WAL in use; then the
   * copies in it go at its next checkpoint, and the report says so. */
  r->wal_cleared
      = checkpoint_truncate (store) && exec (store, "VACUUM", NULL) && checkpoint_truncate (store);
  exec (store, "PRAGMA secure_delete = OFF", NULL);
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
          g_autoptr (SlStmt) upd
              = prepare (store, "UPDATE recordings SET mtime_us = ?1 WHERE id = ?2", error);
          if (upd == NULL)
            return FALSE;
          sqlite3_bind_int64 (upd, 1, mtime_us);
          sqlite3_bind_int64 (upd, 2, session->recording_id);
          int rc = sqlite3_step (upd);
          if (rc != SQLITE_DONE)
            return fail (store, rc, error);
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
  g_autoptr (SlStmt) upd
      = prepare (store, "UPDATE recordings SET path = ?1, mtime_us = ?3 WHERE id = ?2", error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_text (upd, 1, abs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (upd, 2, session->recording_id);
  sqlite3_bind_int64 (upd, 3, mtime_us);
  int rc = sqlite3_step (upd);
  if (rc != SQLITE_DONE)
    return fail (store, rc, error);
  return TRUE;
}

gint64
sl_store_create_run (SlStore *store, gint64 session_id, const char *preset, int step,
                     const char *processors_json, GError **error)
{
  g_autofree char *now = now_iso8601 ();
  g_autoptr (SlStmt) ins
      = prepare (store,
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
  sqlite3_bind_text (ins, 8, own_identity (), -1, SQLITE_STATIC);
  int rc = sqlite3_step (ins);
  if (rc != SQLITE_DONE)
    {
      fail (store, rc, error);
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
  run->state = run_state_from_string ((const char *)sqlite3_column_text (stmt, 2));
  run->preset = column_dup (stmt, 3);
  run->step = sqlite3_column_int (stmt, 4);
  run->code_version = column_dup (stmt, 5);
  run->processors = column_dup (stmt, 6);
  run->started_at = column_dup (stmt, 7);
  run->finished_at = column_dup (stmt, 8);
  run->last_frame = sqlite3_column_int64 (stmt, 9);
  run->frames_done = sqlite3_column_int64 (stmt, 10);
  run->message = column_dup (stmt, 11);
  run->resumes = column_dup (stmt, 12);
  return run;
}

static SlRun *
query_run (SlStore *store, const char *where, gint64 id, GError **error)
{
  g_autofree char *sql = g_strconcat (RUN_SELECT, where, NULL);
  g_autoptr (SlStmt) stmt = prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return run_from_row (stmt);
  if (rc != SQLITE_DONE)
    fail (store, rc, error);
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

gboolean
sl_store_claim_run (SlStore *store, gint64 run_id, GError **error)
{
  /* One statement guarded by the state: of two programs resuming the same
   * run at once, one changes the row and the other finds it running. */
  g_autoptr (SlStmt) upd
      = prepare (store,
                 "UPDATE runs SET state = 'running', owner_pid = ?2, owner = ?3,"
                 " finished_at = NULL, message = NULL,"
                 " resumes = ltrim (resumes || ' ' || (last_frame + 1))"
                 " WHERE id = ?1 AND state IN ('interrupted', 'cancelled', 'failed')",
                 error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_int64 (upd, 1, run_id);
  sqlite3_bind_int64 (upd, 2, getpid ());
  sqlite3_bind_text (upd, 3, own_identity (), -1, SQLITE_STATIC);
  gboolean changed = FALSE;
  if (!step_update (store, upd, &changed, error))
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
  g_autofree char *now = now_iso8601 ();
  g_autoptr (SlStmt) upd = prepare (store,
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
  return rc == SQLITE_DONE ? TRUE : fail (store, rc, error);
}

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
      = prepare (store, "INSERT OR IGNORE INTO signal_names (name) VALUES (?1)", error);
  g_autoptr (SlStmt) sel
      = ins ? prepare (store, "SELECT id FROM signal_names WHERE name = ?1", error) : NULL;
  if (sel == NULL)
    return 0;
  sqlite3_bind_text (ins, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (sel, 1, name, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (ins);
  if (rc != SQLITE_DONE)
    {
      fail (store, rc, error);
      return 0;
    }
  rc = sqlite3_step (sel);
  if (rc != SQLITE_ROW)
    {
      fail (store, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (sel, 0);
}

gboolean
sl_store_write_frames (SlStore *store, gint64 run_id, const SlFaceResult *results,
                       const double *values, const gint64 *signal_ids, guint n_signals, guint n,
                       GPtrArray *events, gint64 last_frame, GError **error)
{
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  g_autoptr (SlStmt) face
      = prepare (store,
                 "INSERT OR REPLACE INTO faces (run_id, frame, timestamp_s, success,"
                 " detected, face_id, confidence, x, y, w, h)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                 error);
  g_autoptr (SlStmt) lmk
      = face ? prepare (
            store, "INSERT OR REPLACE INTO landmarks (run_id, frame, points) VALUES (?1, ?2, ?3)",
            error)
             : NULL;
  g_autoptr (SlStmt) sig = lmk ? prepare (store,
                                          "INSERT OR REPLACE INTO signals (run_id, signal_id,"
                                          " frame, value) VALUES (?1, ?2, ?3, ?4)",
                                          error)
                               : NULL;
  g_autoptr (SlStmt) upd = sig ? prepare (store,
                                          "UPDATE runs SET last_frame = ?2, frames_done ="
                                          " frames_done + ?3 WHERE id = ?1",
                                          error)
                               : NULL;
  if (upd == NULL)
    {
      rollback (store);
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
      g_autoptr (SlStmt) ev = prepare (store,
                                       "INSERT INTO events (run_id, kind, start_frame, end_frame,"
                                       " start_s, end_s, score, processor, explanation)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                       error);
      if (ev == NULL)
        {
          rollback (store);
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
      fail (store, rc, error);
      rollback (store);
      return FALSE;
    }
  if (!exec (store, "COMMIT", error))
    {
      rollback (store);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_store_list_events (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (store,
                                     "SELECT id, kind, start_frame, end_frame, start_s, end_s,"
                                     " score, processor, explanation FROM events WHERE run_id ="
                                     " ?1 ORDER BY start_frame, id",
                                     error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_event_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlEvent *e = sl_event_new ((const char *)sqlite3_column_text (stmt, 1),
                                 (const char *)sqlite3_column_text (stmt, 7));
      e->id = sqlite3_column_int64 (stmt, 0);
      e->start_frame = sqlite3_column_int64 (stmt, 2);
      e->end_frame = sqlite3_column_int64 (stmt, 3);
      e->start_s = sqlite3_column_double (stmt, 4);
      e->end_s = sqlite3_column_double (stmt, 5);
      e->score = sqlite3_column_double (stmt, 6);
      e->explanation = column_dup (stmt, 8);
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    {
      fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gint64
sl_store_add_calibration (SlStore *store, const SlStoredCalibration *c, gboolean apply,
                          GError **error)
{
  g_autofree char *now = now_iso8601 ();
  if (c->session_id != 0)
    {
      g_autoptr (SlSession) session = sl_store_get_session (store, c->session_id, error);
      if (session == NULL)
        return 0;
    }
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return 0;
  gint64 id = 0;
  g_autoptr (SlStmt) stmt
      = prepare (store,
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
      fail (store, rc, error);
      goto out;
    }
  id = sqlite3_last_insert_rowid (store->db);
  if (apply && !sl_store_set_session_calibration (store, c->session_id, id, error))
    id = 0;
  else if (!exec (store, "COMMIT", error))
    id = 0;
out:
  if (id == 0)
    exec (store, "ROLLBACK", NULL);
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
  c->name = column_dup (stmt, 3);
  c->created_at = column_dup (stmt, 4);
  c->accuracy_deg
      = sqlite3_column_type (stmt, 5) == SQLITE_FLOAT ? sqlite3_column_double (stmt, 5) : NAN;
  c->precision_deg
      = sqlite3_column_type (stmt, 6) == SQLITE_FLOAT ? sqlite3_column_double (stmt, 6) : NAN;
  c->profile = column_dup (stmt, 7);
  return c;
}

GPtrArray *
sl_store_list_calibrations (SlStore *store, gint64 session_id, GError **error)
{
  g_autoptr (SlStmt) stmt
      = prepare (store, CALIBRATION_SELECT "WHERE ?1 = 0 OR session_id = ?1 ORDER BY id", error);
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
      fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

SlStoredCalibration *
sl_store_get_calibration (SlStore *store, gint64 id, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (store, CALIBRATION_SELECT "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return calibration_from_row (stmt);
  if (rc == SQLITE_DONE)
    no_calibration (id, error);
  else
    fail (store, rc, error);
  return NULL;
}

gboolean
sl_store_update_calibration (SlStore *store, gint64 id, const char *profile, GError **error)
{
  g_autoptr (SlStmt) stmt
      = prepare (store, "UPDATE calibrations SET profile = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, profile, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  gboolean changed = FALSE;
  if (!step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || no_calibration (id, error);
}

gboolean
sl_store_set_session_calibration (SlStore *store, gint64 session_id, gint64 calibration_id,
                                  GError **error)
{
  g_autoptr (SlStmt) stmt
      = prepare (store, "UPDATE sessions SET calibration_id = NULLIF (?1, 0) WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, calibration_id);
  sqlite3_bind_int64 (stmt, 2, session_id);
  gboolean changed = FALSE;
  if (!step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || no_session (session_id, error);
}

gboolean
sl_store_set_session_settings (SlStore *store, gint64 session_id, const char *settings,
                               GError **error)
{
  g_autoptr (SlStmt) stmt
      = prepare (store, "UPDATE sessions SET settings = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, settings, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, session_id);
  gboolean changed = FALSE;
  if (!step_update (store, stmt, &changed, error))
    return FALSE;
  return changed || no_session (session_id, error);
}

gboolean
sl_store_set_run_metrics (SlStore *store, gint64 run_id, const GArray *metrics, GError **error)
{
  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  g_autoptr (SlStmt) stmt = prepare (
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
        ok = fail (store, rc, error);
    }
  if (ok)
    return exec (store, "COMMIT", error);
  exec (store, "ROLLBACK", NULL);
  return FALSE;
}

GArray *
sl_store_get_run_metrics (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (SlStmt) stmt = prepare (
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
      fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

guint
sl_store_get_signals (SlStore *store, gint64 run_id, gint64 frame, const char *const *names,
                      guint n, double *values, GError **error)
{
  g_return_val_if_fail (n > 0 && n <= 64, 0);
  for (guint k = 0; k < n; k++)
    values[k] = NAN;

  /* One statement, looked up through the (run, signal, frame) key. */
  g_autoptr (GString) sql = g_string_new (
      "SELECT n.name, s.value FROM signal_names n JOIN signals s ON s.signal_id = n.id"
      " AND s.run_id = ?1 AND s.frame = ?2 WHERE n.name IN (");
  for (guint k = 0; k < n; k++)
    g_string_append_printf (sql, k ? ", ?%u" : "?%u", k + 3);
  g_string_append_c (sql, ')');
  g_autoptr (SlStmt) stmt = prepare (store, sql->str, error);
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
      fail (store, rc, error);
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
      = prepare (store,
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
      fail (store, rc, error);
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
      = prepare (store,
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
    fail (store, rc, error);
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
  g_autoptr (SlStmt) faces = prepare (
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
      sqlite3_stmt *c = prepare (store,
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
        return fail (store, rc, error);
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
                return fail (store, crc, error);
              live[k] = crc == SQLITE_ROW;
            }
          if (live[k] && sqlite3_column_int64 (c, 0) == r.frame)
            row[slots[k]] = sqlite3_column_double (c, 1);
        }
      if (!func (&r, row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return fail (store, rc, error);
  return TRUE;
}

gboolean
sl_store_foreach_face (SlStore *store, gint64 run_id, SlFaceFunc func, gpointer user_data,
                       GError **error)
{
  g_autoptr (SlStmt) stmt
      = prepare (store, FACE_SELECT "WHERE f.run_id = ?1 ORDER BY f.frame", error);
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
    return fail (store, rc, error);
  return TRUE;
}
