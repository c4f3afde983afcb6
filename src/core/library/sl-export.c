/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include "sl-export.h"
#include "sl-store.h"

typedef struct
{
  GOutputStream *out;
  GCancellable *cancellable;
  GString *line;
} CsvState;

static gboolean
write_row (const SlFaceResult *r, gpointer data, GError **error)
{
  CsvState *st = data;
  GString *l = st->line;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_truncate (l, 0);
  g_string_append_printf (l, "%" PRId64 ", %d, ", r->frame + 1, r->success ? r->face_id : 0);
  g_string_append (l, g_ascii_formatd (num, sizeof num, "%.3f", r->time_s));
  g_string_append (l, ", ");
  g_string_append (l, g_ascii_formatd (num, sizeof num, "%.3f", r->success ? r->confidence : 0.0));
  g_string_append_printf (l, ", %d", r->success ? 1 : 0);
  for (int axis = 0; axis < 2; axis++)
    for (int i = 0; i < SL_LANDMARK_POINTS; i++)
      {
        g_string_append (l, ", ");
        g_string_append (l, g_ascii_formatd (num, sizeof num, "%.1f",
                                             r->success ? r->points[2 * i + axis] : 0.0));
      }
  g_string_append_c (l, '\n');
  return g_output_stream_write_all (st->out, l->str, l->len, NULL, st->cancellable, error);
}

gboolean
sl_export_csv (SlStore *store, gint64 run_id, GOutputStream *out, GCancellable *cancellable,
               GError **error)
{
  g_autoptr (GString) header = g_string_new ("frame, face_id, timestamp, confidence, success");
  for (int axis = 0; axis < 2; axis++)
    for (int i = 0; i < SL_LANDMARK_POINTS; i++)
      g_string_append_printf (header, ", %c_%d", axis ? 'y' : 'x', i);
  g_string_append_c (header, '\n');
  if (!g_output_stream_write_all (out, header->str, header->len, NULL, cancellable, error))
    return FALSE;

  CsvState st = { out, cancellable, g_string_sized_new (2048) };
  gboolean ok = sl_store_foreach_face (store, run_id, write_row, &st, error);
  g_string_free (st.line, TRUE);
  return ok;
}
