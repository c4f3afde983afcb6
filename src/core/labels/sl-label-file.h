/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session's labels to and from a file in any of the formats other tools
 * read: Sightline's CSV, BORIS's TSV events, ELAN's EAF.
 */
#pragma once

#include <glib.h>

#include "base/sl-session.h"

G_BEGIN_DECLS

typedef enum
{
  SL_LABEL_FORMAT_CSV,
  SL_LABEL_FORMAT_TSV,
  SL_LABEL_FORMAT_EAF,
} SlLabelFormat;

/* "csv", "tsv" or "eaf" (any case). */
gboolean sl_label_format_from_string (const char *name, SlLabelFormat *format);
const char *sl_label_format_to_string (SlLabelFormat format);
/* The format of a file named @filename that begins with @text: by its
 * name's extension, else by what it holds. */
SlLabelFormat sl_label_format_guess (const char *filename, const char *text, gsize length);

/* The labels (SlLabel) of @text in @format for @session; @annotator is
 * the annotator of labels the file does not give one (see each format's
 * header).  NULL, with an error naming the line, when the text is not
 * such a file. */
GPtrArray *sl_label_file_read (SlLabelFormat format, const char *text, gsize length,
                               const SlSession *session, const char *annotator, GError **error);
/* @labels (SlLabel) of @session in @format; @kinds (SlLabelKind) is the
 * label set, which says which kinds are points.  NULL, with an error,
 * when the format cannot hold them (BORIS: a state that overlaps
 * itself). */
char *sl_label_file_write (SlLabelFormat format, GPtrArray *labels, GPtrArray *kinds,
                           const SlSession *session, GError **error);

G_END_DECLS
