/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels as CSV: what Sightline writes
 * (session,start_ms,end_ms,start_frame,end_frame,kind,value,annotator,source)
 * and what it reads from other tools: columns found by their header's
 * name, at least a start and an end (start_s/end_s or start_ms/end_ms) and
 * a kind, any other column ignored.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The labels (SlLabel, their session left 0) in @text.  Frames come from
 * the start_frame and end_frame columns, or else from the times at @fps.
 * @annotator names the annotator of rows without one (NULL: every row
 * must name theirs).  NULL, with an error naming the line, when the text
 * is not such a CSV. */
GPtrArray *sl_label_csv_read (const char *text, gsize length, double fps, const char *annotator,
                              GError **error);

/* @labels (SlLabel) as CSV with a header, @session_name in each row. */
char *sl_label_csv_write (GPtrArray *labels, const char *session_name);

G_END_DECLS
