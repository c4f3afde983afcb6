/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlReviewBar: the review queue's line over the timeline while a labeler
 * reviews detections: which one of how many, its kind and frames (as
 * moved), how many were accepted and rejected at how many a minute, the
 * keys, and buttons for the same.
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-labeling.h"

G_BEGIN_DECLS

#define SL_TYPE_REVIEW_BAR (sl_review_bar_get_type ())
G_DECLARE_FINAL_TYPE (SlReviewBar, sl_review_bar, SL, REVIEW_BAR, GtkWidget)

/* What it shows; set once. */
void sl_review_bar_set_labeling (SlReviewBar *self, SlLabeling *labeling);
/* Its line, for tests. */
const char *sl_review_bar_get_text (SlReviewBar *self);

G_END_DECLS
