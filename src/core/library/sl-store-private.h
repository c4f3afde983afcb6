/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the library's own files share and nothing else may use: the
 * connection, and the helpers every table family's file calls.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "sl-store.h"

G_BEGIN_DECLS

struct _SlStore
{
  sqlite3 *db;
  char *path;
  char *backup_path; /* the copy kept before this open migrated it */
  int migrated_from; /* the schema it had, or -1 */
};

typedef sqlite3_stmt SlStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStmt, sqlite3_finalize)

gboolean sl_store_locks_init (void);

/* Turns an SQLite failure into a message a person can act on; FALSE. */
gboolean sl_store_fail (SlStore *store, int rc, GError **error);
gboolean sl_store_exec (SlStore *store, const char *sql, GError **error);
sqlite3_stmt *sl_store_prepare (SlStore *store, const char *sql, GError **error);
/* Rolls back the open transaction, if there is one. */
void sl_store_rollback (SlStore *store);
/* TRUE when every frame of the WAL was written back and the WAL emptied. */
gboolean sl_store_checkpoint_truncate (SlStore *store);
/* The time now, ISO 8601 UTC. */
char *sl_store_now (void);
char *sl_store_column_dup (sqlite3_stmt *stmt, int col);
/* Steps an UPDATE; @changed tells whether it touched a row. */
gboolean sl_store_step_update (SlStore *store, sqlite3_stmt *stmt, gboolean *changed,
                               GError **error);
/* The "no such session / calibration" error; FALSE. */
gboolean sl_store_no_session (gint64 id, GError **error);
gboolean sl_store_no_calibration (gint64 id, GError **error);
SlRunState sl_run_state_from_string (const char *s);
/* What names this process as a run's owner (boot, pid, start time), and
 * whether the owner recorded for a run is still running. */
const char *sl_run_owner_identity (void);
gboolean sl_run_owner_alive (const char *owner, gint64 pid);
/* Marks the runs whose owner died as interrupted. */
gboolean sl_store_recover_interrupted (SlStore *store, GError **error);

/* Blocks: the encoded form of a run's frames and signals
 * (sl-store-blocks.c).  A reader over one block's bytes; @bad is set when
 * they end early or hold a malformed number. */
typedef struct
{
  const guint8 *at;
  const guint8 *end;
  gboolean bad;
} SlBlockReader;

void sl_block_put_frame (GByteArray *bytes, const SlFaceResult *result, gint64 prev_frame);
gboolean sl_block_get_frame (SlBlockReader *reader, SlFaceResult *result, gint64 prev_frame);
void sl_block_put_value (GByteArray *bytes, gint64 frame, double value, gint64 prev_frame);
gboolean sl_block_get_value (SlBlockReader *reader, gint64 *frame, double *value,
                             gint64 prev_frame);
/* Schema 8: the frames and signals of every run into blocks. */
gboolean sl_store_migrate_to_blocks (SlStore *store, GError **error);
/* Schema 9: every event's explanation in version 2 of the one schema. */
gboolean sl_store_migrate_explanations (SlStore *store, GError **error);

G_END_DECLS
