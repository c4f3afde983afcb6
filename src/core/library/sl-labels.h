/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People's labels on a session: time ranges (or points) of a kind from the
 * library's label set, each by an annotator.  Nothing is ever changed in
 * place: every edit, deletion, undo and redo is a new row of the label
 * history, so a labeler's undo works across restarts and nothing they did
 * is lost (sl-store-labels.c).
 */
#pragma once

#include <glib.h>

#include "sl-store.h"

G_BEGIN_DECLS

/* A kind of label (a behaviour of the ethogram). */
typedef struct
{
  gint64 id;
  char *name;     /* "blink" */
  gboolean point; /* a moment, not a stretch */
  char *key;      /* the key that labels it, a GDK key name ("1"); NULL for none */
  char *color;    /* "#rrggbb" */
  char *detector; /* the event kind it is compared with; NULL for none */
} SlLabelKind;

void sl_label_kind_free (SlLabelKind *kind);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabelKind, sl_label_kind_free)

/* The kind whose labels mark the stretches of a session an annotator has
 * covered: outside them, an annotator's silence says nothing, and neither
 * agreement nor a detector's score counts it.  An annotator who marked
 * none has covered the whole session. */
#define SL_LABEL_COVERED "covered"

/* The label set, in its order; a new library has the kinds the detectors
 * find (blink, microsleep, yawn, distracted, no face) and
 * SL_LABEL_COVERED. */
GPtrArray *sl_store_list_label_kinds (SlStore *store, GError **error);
/* Adds @kind at the end of the set; its id.  A name or key already in
 * use is refused. */
gint64 sl_store_add_label_kind (SlStore *store, const SlLabelKind *kind, GError **error);
/* The colour a new kind gets when nobody chose one: GNOME's palette, the
 * @n-th in turn. */
const char *sl_label_kind_color (guint n);
/* The kinds @labels (SlLabel) name that the label set lacks, each once, in
 * the order they come; an empty vector when it has them all. */
GStrv sl_store_missing_label_kinds (SlStore *store, GPtrArray *labels, GError **error);
/* Adds stretch kinds named @names, without keys, coloured in turn. */
gboolean sl_store_add_label_kinds_named (SlStore *store, const char *const *names, GError **error);
/* Gives kind @kind->id the name, point, key and colour of @kind (what it
 * is compared with stays); its labels follow.  Refused as adding is. */
gboolean sl_store_change_label_kind (SlStore *store, const SlLabelKind *kind, GError **error);

typedef enum
{
  SL_LABEL_MANUAL,   /* drawn by the annotator */
  SL_LABEL_ACCEPTED, /* a detection the annotator accepted as it was */
  SL_LABEL_ADJUSTED, /* a detection accepted with its start or end moved */
  SL_LABEL_REJECTED, /* a detection the annotator said was not one: "not a blink" */
} SlLabelSource;

const char *sl_label_source_to_string (SlLabelSource source);
gboolean sl_label_source_from_string (const char *s, SlLabelSource *source);

typedef struct
{
  gint64 id; /* the label, the same through all its edits */
  gint64 session_id;
  char *annotator;
  char *kind;
  gint64 start_frame, end_frame; /* equal for a point */
  double start_ms, end_ms;
  char *value; /* NULL for none */
  SlLabelSource source;
  gint64 event_id, run_id; /* the detection it came from; 0 for none */
  gboolean blind;          /* made with the detections and others' labels hidden */
  gint64 revision;         /* the history row that holds these values */
} SlLabel;

void sl_label_free (SlLabel *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabel, sl_label_free)

/* @name's annotator id, added when the library has none of that name. */
gint64 sl_store_annotator (SlStore *store, const char *name, GError **error);
/* The annotators with labels on @session_id (0: in the library), by name. */
GStrv sl_store_list_annotators (SlStore *store, gint64 session_id, GError **error);

/* Adds @label (its id and revision are ignored); the new label's id. */
gint64 sl_store_add_label (SlStore *store, const SlLabel *label, GError **error);
/* Adds @labels (SlLabel; their session is set to @session_id) in one
 * transaction: all of them or, when one is refused, none, with an error
 * naming which.  A label the session already has (the same annotator,
 * kind, frames and value) is not added again: @already counts those. */
gboolean sl_store_add_labels (SlStore *store, gint64 session_id, GPtrArray *labels, guint *added,
                              guint *already, GError **error);
/* Gives label @label->id the values of @label, as a new revision by
 * @label->annotator. */
gboolean sl_store_change_label (SlStore *store, const SlLabel *label, GError **error);
/* Deletes label @id, as a new revision by @annotator. */
gboolean sl_store_delete_label (SlStore *store, gint64 id, const char *annotator, GError **error);

/* Undoes @annotator's last edit on @session_id that is not undone yet, or
 * with @redo redoes the last one undone since their last new edit.  FALSE
 * with no error when there is nothing to undo or redo; @label_id (may be
 * NULL) is set to the label it changed. */
gboolean sl_store_undo_label (SlStore *store, gint64 session_id, const char *annotator,
                              gboolean redo, gint64 *label_id, GError **error);

/* The labels of @session_id as they stand, by @annotator (NULL: every
 * annotator's), in the order of their start; SlLabel. */
GPtrArray *sl_store_list_labels (SlStore *store, gint64 session_id, const char *annotator,
                                 GError **error);

G_END_DECLS
