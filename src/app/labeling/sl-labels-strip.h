/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlLabelsStrip: people's labels under the timeline, a lane per annotator
 * (the one labeling first), over the review's frames in view and lined up
 * with the timeline's.  The stretches each covered are a band under
 * their lane; a label being made runs to the frame shown; the detection
 * under review is outlined with its edges as moved.  A click selects the
 * label under it and seeks; dragging an edge of one's own label moves it.
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-labeling.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_LABELS_STRIP (sl_labels_strip_get_type ())
G_DECLARE_FINAL_TYPE (SlLabelsStrip, sl_labels_strip, SL, LABELS_STRIP, GtkWidget)

/* What it shows; set once. */
void sl_labels_strip_set_labeling (SlLabelsStrip *self, SlReview *review, SlLabeling *labeling);
/* The middle of @annotator's lane, or −1: for tests. */
double sl_labels_strip_lane_y (SlLabelsStrip *self, const char *annotator);
double sl_labels_strip_frame_to_x (SlLabelsStrip *self, gint64 frame);

G_END_DECLS
