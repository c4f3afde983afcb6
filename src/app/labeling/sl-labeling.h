/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlLabeling: what a labeler does to a review's session, the labels the
 * window shows and the review queue.  It follows a review (sl-review.h)
 * and writes through the review's store; the labels strip, the keys and
 * the review bar bind to it.
 *
 * - Labeling by keys: a state kind's key starts a label at the frame shown
 *   and the same key ends it there; a point kind's key makes a label at
 *   the frame.  Undo and redo are the library's (they survive restarts).
 * - The review queue: the run's detections of the kinds the label set
 *   compares with a detector, least certain first (sl-review-queue.h),
 *   those this annotator has already decided on left out.  Each is
 *   accepted (as it is, or with its start and end moved: adjusted) or
 *   rejected ("not a blink"), and the next one comes.
 * - Blind: the detections and other annotators' labels are hidden, and
 *   labels made meanwhile say so.
 */
#pragma once

#include <glib-object.h>

#include "base/sl-event.h"
#include "library/sl-labels.h"
#include "sl-review.h"

G_BEGIN_DECLS

typedef enum
{
  SL_LABELING_OFF,    /* the labeling keys do nothing */
  SL_LABELING_LABEL,  /* the kinds' keys label */
  SL_LABELING_REVIEW, /* the review queue's keys decide */
} SlLabelingMode;

#define SL_TYPE_LABELING (sl_labeling_get_type ())
G_DECLARE_FINAL_TYPE (SlLabeling, sl_labeling, SL, LABELING, GObject)

SlLabeling *sl_labeling_new (SlReview *review);
SlReview *sl_labeling_get_review (SlLabeling *self);

/* Who labels (never NULL): set from Preferences, the system user's name
 * by default. */
void sl_labeling_set_annotator (SlLabeling *self, const char *name);
const char *sl_labeling_get_annotator (SlLabeling *self);

void sl_labeling_set_mode (SlLabeling *self, SlLabelingMode mode);
SlLabelingMode sl_labeling_get_mode (SlLabeling *self);
void sl_labeling_set_blind (SlLabeling *self, gboolean blind);
gboolean sl_labeling_get_blind (SlLabeling *self);

/* The label set (SlLabelKind) and the labels shown (SlLabel: everyone's,
 * or in blind mode the annotator's own), as they stand; "changed" is
 * emitted when they do. */
GPtrArray *sl_labeling_get_kinds (SlLabeling *self);
GPtrArray *sl_labeling_get_labels (SlLabeling *self);
/* Reads the label set and the labels again (after they changed outside). */
void sl_labeling_reload (SlLabeling *self);
/* The kind labelled by @key (a GDK key name), or NULL. */
const SlLabelKind *sl_labeling_kind_for_key (SlLabeling *self, const char *key);
/* Where the state label of @kind that was started and not ended yet
 * starts, or −1. */
gint64 sl_labeling_open_start (SlLabeling *self, const char *kind);

/* The label selected (0: none). */
void sl_labeling_select (SlLabeling *self, gint64 label_id);
gint64 sl_labeling_get_selected (SlLabeling *self);

/* What a kind's key does at the frame shown (see above); FALSE with an
 * error when the library refuses. */
gboolean sl_labeling_press (SlLabeling *self, const SlLabelKind *kind, GError **error);
/* Adds a label of @kind over @first–@last by the annotator. */
gboolean sl_labeling_add (SlLabeling *self, const char *kind, gint64 first, gint64 last,
                          GError **error);
gboolean sl_labeling_undo (SlLabeling *self, gboolean redo, GError **error);
gboolean sl_labeling_delete_selected (SlLabeling *self, GError **error);
/* Moves label @label_id's start (or with @end its end) to @frame. */
gboolean sl_labeling_move_edge (SlLabeling *self, gint64 label_id, gboolean end, gint64 frame,
                                GError **error);

/* The review queue, read from the review's run (FALSE with an error when
 * there is no run, or nothing to review). */
gboolean sl_labeling_start_review (SlLabeling *self, GError **error);
/* The detection under review (NULL: none left) and its edges as the
 * labeler has moved them. */
const SlEvent *sl_labeling_get_event (SlLabeling *self);
void sl_labeling_get_edges (SlLabeling *self, gint64 *first, gint64 *last);
/* Moves the start (or with @end the end) of the detection under review
 * by @frames. */
void sl_labeling_adjust (SlLabeling *self, gboolean end, int frames);
/* Accepts or rejects the detection under review, and goes to the next. */
gboolean sl_labeling_decide (SlLabeling *self, gboolean accept, GError **error);
/* Goes to the next detection (−1: the one before) without deciding. */
void sl_labeling_skip (SlLabeling *self, int step);
/* The queue's figures: where in it the labeler is, how long it is, and
 * how many were accepted and rejected since it began, at how many a
 * minute. */
void sl_labeling_get_progress (SlLabeling *self, guint *position, guint *length, guint *accepted,
                               guint *rejected, double *per_minute);

G_END_DECLS
