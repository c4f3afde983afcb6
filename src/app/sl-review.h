/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One review of a session: the library and the session under review, the
 * run shown, the frame shown, the stretch of the recording in view and the
 * one selected.  The video view, the timeline, the gaze inset and the
 * panels bind to it and never to each other: a view that seeks sets the
 * review's frame, a view that selects evidence sets its selection, and
 * every view follows the review's notifications.
 */
#pragma once

#include <glib-object.h>

#include "library/sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_REVIEW (sl_review_get_type ())
G_DECLARE_FINAL_TYPE (SlReview, sl_review, SL, REVIEW, GObject)

SlReview *sl_review_new (void);

/* The session under review (NULL: none; the review keeps a reference),
 * read from @store, which must outlive the review's use of it; the run,
 * frame and ranges start over. */
void sl_review_set_session (SlReview *self, SlStore *store, SlSession *session);
SlStore *sl_review_get_store (SlReview *self);
SlSession *sl_review_get_session (SlReview *self);
gint64 sl_review_get_frame_count (SlReview *self);

/* The run whose results are shown (0: none). */
void sl_review_set_run (SlReview *self, gint64 run_id);
gint64 sl_review_get_run (SlReview *self);

/* The frame shown. */
void sl_review_set_frame (SlReview *self, gint64 frame);
gint64 sl_review_get_frame (SlReview *self);

/* The frames in view, both ends included (the whole recording unless a
 * view zooms). */
void sl_review_set_visible (SlReview *self, gint64 first, gint64 last);
void sl_review_get_visible (SlReview *self, gint64 *first, gint64 *last);

/* The frames selected, both ends included; −1, −1: none. */
void sl_review_set_selection (SlReview *self, gint64 first, gint64 last);
void sl_review_get_selection (SlReview *self, gint64 *first, gint64 *last);

/* Says that the events of @run_id changed in the library (drift events
 * kept, say): the views that show them read them again.  Signal
 * "events-changed" (gint64 run_id). */
void sl_review_events_changed (SlReview *self, gint64 run_id);

G_END_DECLS
