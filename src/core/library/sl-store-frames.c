/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a run found on each frame: the face stage's results and every
 * signal, written a batch at a time as blocks (sl-store-blocks.c) and read
 * back by frame, by signal or in frame order.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-store-private.h"

static gboolean
damaged (SlStore *store, gint64 run_id, GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
               _ ("The stored results of run %" PRId64 " in “%s” are damaged. Analyse "
                  "the session again (sightline analyze --new) to replace them."),
               run_id, store->path);
  return FALSE;
}

/* Every frame of one frame block, appended to @out (SlFaceResult). */
static gboolean
decode_frames (SlStore *store, gint64 run_id, sqlite3_stmt *stmt, int first_col, int data_col,
               GArray *out, GError **error)
{
  SlBlockReader rd = { sqlite3_column_blob (stmt, data_col), NULL, FALSE };
  rd.end = rd.at + sqlite3_column_bytes (stmt, data_col);
  gint64 prev = sqlite3_column_int64 (stmt, first_col);
  while (rd.at != NULL && rd.at < rd.end)
    {
      SlFaceResult r;
      if (!sl_block_get_frame (&rd, &r, prev))
        return damaged (store, run_id, error);
      g_array_append_val (out, r);
      prev = r.frame;
    }
  return TRUE;
}

/* Every value of one signal block, appended to @out (SlSample). */
static gboolean
decode_values (SlStore *store, gint64 run_id, sqlite3_stmt *stmt, int first_col, int data_col,
               GArray *out, GError **error)
{
  SlBlockReader rd = { sqlite3_column_blob (stmt, data_col), NULL, FALSE };
  rd.end = rd.at + sqlite3_column_bytes (stmt, data_col);
  gint64 prev = sqlite3_column_int64 (stmt, first_col);
  while (rd.at != NULL && rd.at < rd.end)
    {
      SlSample s;
      if (!sl_block_get_value (&rd, &s.frame, &s.value, prev))
        return damaged (store, run_id, error);
      g_array_append_val (out, s);
      prev = s.frame;
    }
  return TRUE;
}

static int
by_frame (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* The statements that write one table's blocks, prepared once a batch. */
typedef struct
{
  SlStore *store;
  gboolean frames; /* frame_blocks; else signal_blocks */
  sqlite3_stmt *sel, *del, *ins;
} BlockWriter;

static void
block_writer_clear (BlockWriter *w)
{
  g_clear_pointer (&w->sel, sqlite3_finalize);
  g_clear_pointer (&w->del, sqlite3_finalize);
  g_clear_pointer (&w->ins, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BlockWriter, block_writer_clear)

static gboolean
block_writer_init (BlockWriter *w, SlStore *store, gboolean frames, GError **error)
{
  *w = (BlockWriter){ store, frames, NULL, NULL, NULL };
  const char *where
      = frames ? "FROM frame_blocks WHERE run_id = ?1 AND first_frame <= ?3 AND last_frame >= ?2"
               : "FROM signal_blocks WHERE run_id = ?1 AND signal_id = ?4 AND first_frame <= ?3 "
                 "AND last_frame >= ?2";
  g_autofree char *select
      = g_strdup_printf ("SELECT first_frame, data %s ORDER BY first_frame", where);
  g_autofree char *delete = g_strdup_printf ("DELETE %s", where);
  w->sel = sl_store_prepare (store, select, error);
  w->del = w->sel ? sl_store_prepare (store, delete, error) : NULL;
  w->ins = w->del ? sl_store_prepare (
               store,
               frames ? "INSERT INTO frame_blocks (run_id, first_frame, last_frame, frames, faces, "
                        "data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                      : "INSERT INTO signal_blocks (run_id, first_frame, last_frame, n, "
                        "signal_id, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               error)
                  : NULL;
  return w->ins != NULL;
}

/* Adds @items (sorted by frame; each starts with its gint64 frame) to the
 * run's blocks of @w's table: the blocks they overlap are read, merged
 * with them (the new item wins on a frame both have) and written back as
 * one. */
static gboolean
write_block (BlockWriter *w, gint64 run_id, gint64 signal_id, GArray *items, GError **error)
{
  SlStore *store = w->store;
  gboolean frames = w->frames;
  gsize size = g_array_get_element_size (items);
  gint64 first = *(gint64 *)(gpointer)items->data;
  gint64 last = *(gint64 *)(gpointer)(items->data + (items->len - 1) * size);
  sqlite3_stmt *all[] = { w->sel, w->del, w->ins };
  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    {
      sqlite3_reset (all[k]);
      sqlite3_clear_bindings (all[k]);
    }
  sqlite3_stmt *both[] = { w->sel, w->del };
  for (guint k = 0; k < G_N_ELEMENTS (both); k++)
    {
      sqlite3_bind_int64 (both[k], 1, run_id);
      sqlite3_bind_int64 (both[k], 2, first);
      sqlite3_bind_int64 (both[k], 3, last);
      if (!frames)
        sqlite3_bind_int64 (both[k], 4, signal_id);
    }
  g_autoptr (GArray) merged = g_array_new (FALSE, FALSE, (guint)size);
  int rc;
  while ((rc = sqlite3_step (w->sel)) == SQLITE_ROW)
    if (!(frames ? decode_frames (store, run_id, w->sel, 0, 1, merged, error)
                 : decode_values (store, run_id, w->sel, 0, 1, merged, error)))
      return FALSE;
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  GArray *use = items;
  if (merged->len > 0)
    {
      /* What was there, less the frames the batch brings, and the batch. */
      g_autoptr (GHashTable) fresh = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < items->len; i++)
        g_hash_table_add (fresh, items->data + i * size);
      for (guint i = merged->len; i-- > 0;)
        if (g_hash_table_contains (fresh, merged->data + i * size))
          g_array_remove_index (merged, i);
      g_array_append_vals (merged, items->data, items->len);
      g_array_sort (merged, by_frame);
      use = merged;
      first = MIN (first, *(gint64 *)(gpointer)merged->data);
      last = MAX (last, *(gint64 *)(gpointer)(merged->data + (merged->len - 1) * size));
    }
  rc = sqlite3_step (w->del);
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);

  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  gint64 prev = first, faces = 0;
  for (guint i = 0; i < use->len; i++)
    {
      if (frames)
        {
          const SlFaceResult *r = &g_array_index (use, SlFaceResult, i);
          sl_block_put_frame (bytes, r, prev);
          faces += r->success;
          prev = r->frame;
        }
      else
        {
          const SlSample *s = &g_array_index (use, SlSample, i);
          sl_block_put_value (bytes, s->frame, s->value, prev);
          prev = s->frame;
        }
    }
  sqlite3_bind_int64 (w->ins, 1, run_id);
  sqlite3_bind_int64 (w->ins, 2, first);
  sqlite3_bind_int64 (w->ins, 3, last);
  sqlite3_bind_int64 (w->ins, 4, use->len);
  sqlite3_bind_int64 (w->ins, 5, frames ? faces : signal_id);
  sqlite3_bind_blob (w->ins, 6, bytes->data, (int)bytes->len, SQLITE_STATIC);
  rc = sqlite3_step (w->ins);
  return rc == SQLITE_DONE ? TRUE : sl_store_fail (store, rc, error);
}

gboolean
sl_store_write_faces (SlStore *store, gint64 run_id, const SlFaceResult *results, guint n,
                      gint64 last_frame, GError **error)
{
  return sl_store_write_frames (store, run_id, results, NULL, NULL, 0, n, NULL, last_frame, error);
}

gint64
sl_store_find_signal_id (SlStore *store, const char *name, GError **error)
{
  g_autoptr (SlStmt) sel
      = sl_store_prepare (store, "SELECT id FROM signal_names WHERE name = ?1", error);
  if (sel == NULL)
    return -1;
  sqlite3_bind_text (sel, 1, name, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step (sel);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (sel, 0);
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return -1;
    }
  return 0;
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

static gboolean
write_events (SlStore *store, gint64 run_id, GPtrArray *events, GError **error)
{
  g_autoptr (SlStmt) ev = sl_store_prepare (store,
                                            "INSERT INTO events (run_id, kind, start_frame,"
                                            " end_frame, start_s, end_s, score, processor,"
                                            " explanation)"
                                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                            error);
  if (ev == NULL)
    return FALSE;
  for (guint k = 0; k < events->len; k++)
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
      int rc = sqlite3_step (ev);
      if (rc != SQLITE_DONE)
        return sl_store_fail (store, rc, error);
    }
  return TRUE;
}

/* The batch's frames and each signal's values as blocks, its events, and
 * the run's progress. */
static gboolean
write_batch (SlStore *store, gint64 run_id, const SlFaceResult *results, const double *values,
             const gint64 *signal_ids, guint n_signals, guint n, GPtrArray *events,
             gint64 last_frame, GError **error)
{
  if (n > 0)
    {
      g_autoptr (GArray) frames = g_array_sized_new (FALSE, FALSE, sizeof (SlFaceResult), n);
      for (guint i = 0; i < n; i++)
        {
          g_return_val_if_fail (i == 0 || results[i].frame > results[i - 1].frame, FALSE);
          SlFaceResult r = results[i];
          sl_face_result_as_stored (&r);
          g_array_append_val (frames, r);
        }
      g_auto (BlockWriter) fw = { 0 };
      if (!block_writer_init (&fw, store, TRUE, error)
          || !write_block (&fw, run_id, 0, frames, error))
        return FALSE;
      g_auto (BlockWriter) sw = { 0 };
      if (n_signals > 0 && !block_writer_init (&sw, store, FALSE, error))
        return FALSE;
      g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (SlSample));
      for (guint k = 0; k < n_signals; k++)
        {
          g_array_set_size (samples, 0);
          /* NaN means "no value on this frame": nothing stored. */
          for (guint i = 0; i < n; i++)
            {
              SlSample s = { results[i].frame, values[(gsize)i * n_signals + k] };
              if (!isnan (s.value))
                g_array_append_val (samples, s);
            }
          if (samples->len > 0 && !write_block (&sw, run_id, signal_ids[k], samples, error))
            return FALSE;
        }
    }
  if (events != NULL && events->len > 0 && !write_events (store, run_id, events, error))
    return FALSE;
  g_autoptr (SlStmt) upd = sl_store_prepare (
      store, "UPDATE runs SET last_frame = ?2, frames_done = frames_done + ?3 WHERE id = ?1",
      error);
  if (upd == NULL)
    return FALSE;
  sqlite3_bind_int64 (upd, 1, run_id);
  sqlite3_bind_int64 (upd, 2, last_frame);
  sqlite3_bind_int64 (upd, 3, n);
  int rc = sqlite3_step (upd);
  return rc == SQLITE_DONE ? TRUE : sl_store_fail (store, rc, error);
}

gboolean
sl_store_write_frames (SlStore *store, gint64 run_id, const SlFaceResult *results,
                       const double *values, const gint64 *signal_ids, guint n_signals, guint n,
                       GPtrArray *events, gint64 last_frame, GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!write_batch (store, run_id, results, values, signal_ids, n_signals, n, events, last_frame,
                    error))
    {
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

gboolean
sl_store_replace_events (SlStore *store, gint64 run_id, const char *processor_id, GPtrArray *events,
                         GError **error)
{
  if (!sl_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* A processor is stored as "<id> <version>". */
  g_autoptr (SlStmt) del
      = sl_store_prepare (store,
                          "DELETE FROM events WHERE run_id = ?1"
                          " AND substr (processor, 1, length (?2) + 1) = ?2 || ' '",
                          error);
  gboolean ok = del != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (del, 1, run_id);
      sqlite3_bind_text (del, 2, processor_id, -1, SQLITE_TRANSIENT);
      int rc = sqlite3_step (del);
      ok = rc == SQLITE_DONE || sl_store_fail (store, rc, error);
    }
  ok = ok && write_events (store, run_id, events, error) && sl_store_exec (store, "COMMIT", error);
  if (!ok)
    sl_store_rollback (store);
  return ok;
}

/* @frame's value in the block in @stmt's row, if it has one. */
static int
value_in_block (SlStore *store, gint64 run_id, sqlite3_stmt *stmt, gint64 frame, double *value,
                GError **error)
{
  SlBlockReader rd = { sqlite3_column_blob (stmt, 1), NULL, FALSE };
  rd.end = rd.at + sqlite3_column_bytes (stmt, 1);
  gint64 at = sqlite3_column_int64 (stmt, 0);
  while (rd.at != NULL && rd.at < rd.end)
    {
      double v;
      if (!sl_block_get_value (&rd, &at, &v, at))
        return damaged (store, run_id, error) ? 0 : -1;
      if (at == frame)
        {
          *value = v;
          return 1;
        }
      if (at > frame)
        break;
    }
  return 0;
}

guint
sl_store_get_signals (SlStore *store, gint64 run_id, gint64 frame, const char *const *names,
                      guint n, double *values, GError **error)
{
  g_return_val_if_fail (n > 0, 0);
  for (guint k = 0; k < n; k++)
    values[k] = NAN;
  /* Per signal, the last block that starts at or before @frame: one seek
   * along (run, signal, first frame). */
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "SELECT first_frame, data, last_frame FROM signal_blocks WHERE run_id = ?1 AND signal_id ="
      " (SELECT id FROM signal_names WHERE name = ?2) AND first_frame <= ?3"
      " ORDER BY first_frame DESC LIMIT 1",
      error);
  if (stmt == NULL)
    return 0;
  guint found = 0;
  for (guint k = 0; k < n; k++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_text (stmt, 2, names[k], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, frame);
      int rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          sl_store_fail (store, rc, error);
          return 0;
        }
      if (sqlite3_column_int64 (stmt, 2) < frame)
        continue;
      int got = value_in_block (store, run_id, stmt, frame, &values[k], error);
      if (got < 0)
        return 0;
      found += got;
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
                          "SELECT b.first_frame, b.data FROM signal_blocks b JOIN signal_names n"
                          " ON n.id = b.signal_id WHERE b.run_id = ?1 AND n.name = ?2"
                          " ORDER BY b.first_frame",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (SlSample));
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!decode_values (store, run_id, stmt, 0, 1, out, error))
      return NULL;
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
sl_store_list_signals (SlStore *store, gint64 run_id, GError **error)
{
  g_autoptr (SlStmt) stmt = sl_store_prepare (
      store,
      "SELECT name FROM signal_names WHERE id IN (SELECT signal_id FROM signal_blocks"
      " WHERE run_id = ?1) ORDER BY name",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  int rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, sl_store_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sl_store_fail (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
sl_store_get_face_near (SlStore *store, gint64 run_id, gint64 frame, gint64 window,
                        SlFaceResult *result, GError **error)
{
  /* The last block that starts at or before @frame holds the newest
   * stored frame at or before it. */
  g_autoptr (SlStmt) stmt
      = sl_store_prepare (store,
                          "SELECT first_frame, data FROM frame_blocks WHERE run_id = ?1"
                          " AND first_frame <= ?2 ORDER BY first_frame DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, frame);
  int rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        sl_store_fail (store, rc, error);
      return FALSE;
    }
  /* Decoded up to @frame, keeping the newest before it. */
  SlBlockReader rd = { sqlite3_column_blob (stmt, 1), NULL, FALSE };
  rd.end = rd.at + sqlite3_column_bytes (stmt, 1);
  gint64 prev = sqlite3_column_int64 (stmt, 0);
  gboolean have = FALSE;
  SlFaceResult r;
  while (rd.at != NULL && rd.at < rd.end)
    {
      if (!sl_block_get_frame (&rd, &r, prev))
        return damaged (store, run_id, error);
      if (r.frame > frame)
        break;
      *result = r;
      have = TRUE;
      prev = r.frame;
    }
  return have && result->frame >= frame - MAX (window, 0);
}

gboolean
sl_store_get_face (SlStore *store, gint64 run_id, gint64 frame, SlFaceResult *result,
                   GError **error)
{
  return sl_store_get_face_near (store, run_id, frame, 0, result, error);
}

/* A run's blocks of one kind in frame order, decoded one at a time. */
typedef struct
{
  SlStmt *stmt;
  GArray *items;
  guint next;
  gboolean frames;
} BlockCursor;

static gboolean
cursor_open (SlStore *store, BlockCursor *c, gint64 run_id, gint64 signal_id, gint64 last_frame,
             GError **error)
{
  c->frames = signal_id == 0;
  c->stmt = sl_store_prepare (store,
                              c->frames ? "SELECT first_frame, data FROM frame_blocks WHERE"
                                          " run_id = ?1 AND first_frame <= ?2 ORDER BY first_frame"
                                        : "SELECT first_frame, data FROM signal_blocks WHERE"
                                          " run_id = ?1 AND first_frame <= ?2 AND signal_id = ?3"
                                          " ORDER BY first_frame",
                              error);
  if (c->stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (c->stmt, 1, run_id);
  sqlite3_bind_int64 (c->stmt, 2, last_frame);
  if (!c->frames)
    sqlite3_bind_int64 (c->stmt, 3, signal_id);
  c->items = g_array_new (FALSE, FALSE, c->frames ? sizeof (SlFaceResult) : sizeof (SlSample));
  return TRUE;
}

static void
cursor_clear (BlockCursor *c)
{
  g_clear_pointer (&c->stmt, sqlite3_finalize);
  g_clear_pointer (&c->items, g_array_unref);
}

/* The next item, or NULL at the end (@error unset) or on failure. */
static gconstpointer
cursor_next (SlStore *store, gint64 run_id, BlockCursor *c, GError **error)
{
  while (c->next >= c->items->len)
    {
      int rc = sqlite3_step (c->stmt);
      if (rc == SQLITE_DONE)
        return NULL;
      if (rc != SQLITE_ROW)
        {
          sl_store_fail (store, rc, error);
          return NULL;
        }
      g_array_set_size (c->items, 0);
      c->next = 0;
      if (!(c->frames ? decode_frames (store, run_id, c->stmt, 0, 1, c->items, error)
                      : decode_values (store, run_id, c->stmt, 0, 1, c->items, error)))
        return NULL;
    }
  return c->items->data + (gsize)c->next++ * g_array_get_element_size (c->items);
}

gboolean
sl_store_foreach_frame (SlStore *store, gint64 run_id, gint64 last_frame, const gint64 *signal_ids,
                        const guint *slots, guint n_signals, guint n_row, SlFrameRowFunc func,
                        gpointer user_data, GError **error)
{
  /* One cursor per signal, walked in step with the frames. */
  g_autoptr (GError) local = NULL;
  g_autofree BlockCursor *cursors = g_new0 (BlockCursor, n_signals + 1);
  g_autofree const SlSample **at = g_new0 (const SlSample *, MAX (n_signals, 1));
  gboolean ok = cursor_open (store, &cursors[n_signals], run_id, 0, last_frame, &local);
  for (guint k = 0; ok && k < n_signals; k++)
    {
      ok = cursor_open (store, &cursors[k], run_id, signal_ids[k], last_frame, &local);
      if (ok)
        {
          at[k] = cursor_next (store, run_id, &cursors[k], &local);
          ok = local == NULL;
        }
    }
  g_autofree double *row = g_new (double, MAX (n_row, 1));
  const SlFaceResult *r;
  while (ok && (r = cursor_next (store, run_id, &cursors[n_signals], &local)) != NULL
         && r->frame <= last_frame)
    {
      for (guint k = 0; k < n_row; k++)
        row[k] = NAN;
      for (guint k = 0; local == NULL && k < n_signals; k++)
        {
          while (at[k] != NULL && at[k]->frame < r->frame)
            at[k] = cursor_next (store, run_id, &cursors[k], &local);
          if (at[k] != NULL && at[k]->frame == r->frame)
            row[slots[k]] = at[k]->value;
        }
      ok = local == NULL && func (r, row, user_data, &local);
    }
  for (guint k = 0; k <= n_signals; k++)
    cursor_clear (&cursors[k]);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return ok;
}

gboolean
sl_store_foreach_face (SlStore *store, gint64 run_id, SlFaceFunc func, gpointer user_data,
                       GError **error)
{
  BlockCursor c = { 0 };
  gboolean ok = cursor_open (store, &c, run_id, 0, G_MAXINT64, error);
  g_autoptr (GError) local = NULL;
  const SlFaceResult *r;
  while (ok && (r = cursor_next (store, run_id, &c, &local)) != NULL)
    ok = func (r, user_data, error);
  cursor_clear (&c);
  if (ok && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return ok;
}

/* Frames a block of a migrated run holds. */
#define MIGRATED_BLOCK 256

/* Schema 8: the rows of faces (with their landmarks) and signals of every
 * run become blocks of MIGRATED_BLOCK stored frames or values each, in the
 * stored form (points to a sixteenth of a pixel, values as 32-bit floats);
 * the three tables go.  Inside the migration's transaction. */
gboolean
sl_store_migrate_to_blocks (SlStore *store, GError **error)
{
  g_autoptr (SlStmt) faces = sl_store_prepare (
      store,
      "SELECT f.run_id, f.frame, f.timestamp_s, f.success, f.detected, f.face_id, f.confidence,"
      " f.x, f.y, f.w, f.h, l.points FROM faces f LEFT JOIN landmarks l ON l.run_id = f.run_id"
      " AND l.frame = f.frame ORDER BY f.run_id, f.frame",
      error);
  g_auto (BlockWriter) fw = { 0 };
  g_auto (BlockWriter) sw = { 0 };
  if (faces == NULL || !block_writer_init (&fw, store, TRUE, error)
      || !block_writer_init (&sw, store, FALSE, error))
    return FALSE;
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (SlFaceResult));
  gint64 run = 0;
  int rc;
  while ((rc = sqlite3_step (faces)) == SQLITE_ROW)
    {
      gint64 r_id = sqlite3_column_int64 (faces, 0);
      if (frames->len > 0 && (r_id != run || frames->len == MIGRATED_BLOCK))
        {
          if (!write_block (&fw, run, 0, frames, error))
            return FALSE;
          g_array_set_size (frames, 0);
        }
      run = r_id;
      SlFaceResult r = { 0 };
      r.frame = sqlite3_column_int64 (faces, 1);
      r.time_s = sqlite3_column_double (faces, 2);
      r.success = sqlite3_column_int (faces, 3);
      r.detected = sqlite3_column_int (faces, 4);
      r.face_id = sqlite3_column_int (faces, 5);
      r.confidence = (float)sqlite3_column_double (faces, 6);
      for (int k = 0; k < 4; k++)
        r.box[k] = (float)sqlite3_column_double (faces, 7 + k);
      const void *blob = sqlite3_column_blob (faces, 11);
      if (blob != NULL && sqlite3_column_bytes (faces, 11) == (int)sizeof r.points)
        memcpy (r.points, blob, sizeof r.points);
      else
        r.success = FALSE;
      sl_face_result_as_stored (&r);
      g_array_append_val (frames, r);
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  if (frames->len > 0 && !write_block (&fw, run, 0, frames, error))
    return FALSE;

  g_autoptr (SlStmt) values = sl_store_prepare (
      store,
      "SELECT run_id, signal_id, frame, value FROM signals ORDER BY run_id, signal_id, frame",
      error);
  if (values == NULL)
    return FALSE;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (SlSample));
  gint64 signal = 0;
  while ((rc = sqlite3_step (values)) == SQLITE_ROW)
    {
      gint64 r_id = sqlite3_column_int64 (values, 0), s_id = sqlite3_column_int64 (values, 1);
      if (samples->len > 0 && (r_id != run || s_id != signal || samples->len == MIGRATED_BLOCK))
        {
          if (!write_block (&sw, run, signal, samples, error))
            return FALSE;
          g_array_set_size (samples, 0);
        }
      run = r_id;
      signal = s_id;
      SlSample s = { sqlite3_column_int64 (values, 2), sqlite3_column_double (values, 3) };
      g_array_append_val (samples, s);
    }
  if (rc != SQLITE_DONE)
    return sl_store_fail (store, rc, error);
  if (samples->len > 0 && !write_block (&sw, run, signal, samples, error))
    return FALSE;
  return sl_store_exec (store, "DROP TABLE landmarks; DROP TABLE signals; DROP TABLE faces;",
                        error);
}
