/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels as BORIS's tab-separated events ("Export events" in BORIS): one
 * row per START and STOP of a state and per POINT, each with its time in
 * seconds and its frame ("Image index"), the kind as the Behavior, the
 * value as its first modifier, the annotator as the Observation id, and
 * how a label came to be in the Comment ("source: accepted, blind").  A
 * state runs from the start of its first frame to the end of its last.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The labels (SlLabel, their session left 0) in @text, each START paired
 * with the STOP of the same observation, subject and behaviour that
 * follows it.  @annotator, when given, is the annotator of every label;
 * else each observation's id is.  Times are edges of frames at @fps, used
 * when a row has no frame.  NULL, with an error naming the line, when the
 * text is not such a file. */
GPtrArray *sl_label_tsv_read (const char *text, gsize length, double fps, const char *annotator,
                              GError **error);

/* @labels (SlLabel) as BORIS events, ordered by time within each
 * annotator's observation, of @session_name, the recording at
 * @media_path; @kinds (SlLabelKind) says which are points.  NULL, with an
 * error naming them, when two labels of one annotator and kind overlap:
 * a BORIS state cannot start again before it stops. */
char *sl_label_tsv_write (GPtrArray *labels, GPtrArray *kinds, const char *session_name,
                          const char *media_path, double fps, double duration_s, GDateTime *date,
                          GError **error);

G_END_DECLS
