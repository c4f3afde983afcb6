/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels as ELAN's EAF 3.0: a tier per annotator and kind ("blink (ana)",
 * its ANNOTATOR the annotator), times in milliseconds, a label a stretch
 * from the start of its first frame to the end of its last (a point: both
 * at its moment), its value the annotation's; a dependent tier
 * "blink (ana) source" holds how a label came to be when it was not drawn
 * by hand in view of the detections ("accepted", "manual, blind").  The
 * recording is named by MEDIA_DESCRIPTOR.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The labels (SlLabel, their session left 0) of every time-aligned tier
 * of @text; a tier's annotator is its ANNOTATOR, else @annotator (NULL:
 * a tier without one is refused).  Times in the file are edges of frames
 * at @fps.  NULL, with an error naming the line, when the text is not
 * such a file. */
GPtrArray *sl_label_eaf_read (const char *text, gsize length, double fps, const char *annotator,
                              GError **error);

/* @labels (SlLabel) as EAF, the recording at @media_path; @kinds
 * (SlLabelKind) says which are points; @date the document's. */
char *sl_label_eaf_write (GPtrArray *labels, GPtrArray *kinds, const char *media_path, double fps,
                          GDateTime *date);

G_END_DECLS
