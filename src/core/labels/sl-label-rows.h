/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the label formats share (private to src/core/labels): rows of
 * delimited text (CSV, BORIS's TSV), numbers and times read from them, and
 * how a label's provenance is spelt where a format has no column for it.
 */
#pragma once

#include <glib.h>

#include "library/sl-labels.h"

G_BEGIN_DECLS

/* Outside files are bounded: a label file this large is not one. */
#define SL_LABEL_MAX_FIELDS 64
#define SL_LABEL_MAX_ROWS 1000000

/* RFC 4180 rows with @sep between fields: a field in double quotes may
 * hold separators, line breaks and doubled quotes; lines end in LF or
 * CRLF. */
typedef struct
{
  const char *at, *end;
  guint line; /* of the row read last */
  char sep;
} SlRowReader;

/* Starts reading @text (past a byte order mark); FALSE with an error when
 * it is not UTF-8. */
gboolean sl_row_reader_init (SlRowReader *r, const char *text, gsize length, char sep,
                             GError **error);
/* The next row's fields; NULL at the end of the text, or (with @error)
 * when a quoted field does not close or a row is too wide. */
GPtrArray *sl_row_reader_next (SlRowReader *r, GError **error);
/* The first row that is not blank: the header (NULL, with an error, when
 * there is none). */
GPtrArray *sl_row_reader_header (SlRowReader *r, const char *what, GError **error);

gboolean sl_row_blank (GPtrArray *row);
/* Field @col of @row, "" when the row is shorter or @col is -1. */
const char *sl_row_field (GPtrArray *row, int col);
/* The same without the spaces around it, to keep. */
char *sl_row_stripped (GPtrArray *row, int col);
/* Which of @names (NULL-terminated) each column of @header is, ignoring
 * case and spaces around: @cols[i] is the column of names[i], or -1. */
void sl_row_find_columns (GPtrArray *header, const char *const *names, int *cols);
/* @text as a field, quoted when it holds @sep, a quote, a line break or
 * begins with a space. */
void sl_row_put_field (GString *out, const char *text, char sep);

/* @text as a finite number, spaces around allowed. */
gboolean sl_label_number (const char *text, double *out);

/* Formats that give times in whole milliseconds (or fewer digits) as
 * edges: the frame that begins at @ms, and the last frame that begins
 * before @ms, at @fps; half a millisecond of rounding is allowed. */
gint64 sl_label_frame_from (double ms, double fps);
gint64 sl_label_frame_before (double ms, double fps);
/* Where @label ends as an edge: the end of its last frame, or its time
 * when its kind is a @point. */
double sl_label_end_edge (const SlLabel *label, gboolean point, double fps);
/* Whether @kind is a point kind of @kinds (SlLabelKind; NULL: none is). */
gboolean sl_label_kind_is_point (GPtrArray *kinds, const char *kind);
/* Sets @label's frames and times from edges @from_ms and @to_ms read from
 * a file (@to_ms == @from_ms for a point). */
void sl_label_set_edges (SlLabel *label, double from_ms, double to_ms, double fps);

/* A label's source and blindness in words, for formats without columns
 * for them: "accepted", "manual, blind"; NULL for a manual label made in
 * view of the detections, which needs no words. */
char *sl_label_provenance (const SlLabel *label);
/* Reads those words into @label; FALSE when @text is not such words. */
gboolean sl_label_provenance_parse (const char *text, SlLabel *label);

G_END_DECLS
