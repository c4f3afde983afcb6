/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What another setting would have found: a temporal processor's
 * parameter and a value, tried over the review's run without decoding
 * the video (sl-what-if.h), and the events it would add, remove or change
 * listed against the stored run; each row selects its time in the
 * review.  The result can be saved as a new run, which the review then
 * shows.  Only the temporal processors' parameters are offered.
 */
#pragma once

#include <gtk/gtk.h>

#include "pipeline/sl-what-if.h"
#include "sl-review.h"

G_BEGIN_DECLS

#define SL_TYPE_WHAT_IF_VIEW (sl_what_if_view_get_type ())
G_DECLARE_FINAL_TYPE (SlWhatIfView, sl_what_if_view, SL, WHAT_IF_VIEW, GtkWidget)

GtkWidget *sl_what_if_view_new (void);
void sl_what_if_view_set_review (SlWhatIfView *self, SlReview *review);

/* Chooses @param ("eyes.closed_drop") and @value, and tries them;
 * FALSE when @param cannot be tried. */
gboolean sl_what_if_view_try (SlWhatIfView *self, const char *param, double value);

/* For tests: the last result (NULL: none yet, or it failed), whether one
 * is being computed, and the text of what it says. */
const SlWhatIf *sl_what_if_view_get_result (SlWhatIfView *self);
gboolean sl_what_if_view_is_busy (SlWhatIfView *self);
const char *sl_what_if_view_get_status (SlWhatIfView *self);
/* The row of the list showing event @stored_id's change, or NULL. */
GtkWidget *sl_what_if_view_find_row (SlWhatIfView *self, gint64 stored_id);
/* Saves the last result as a new run (what the Save button does). */
void sl_what_if_view_save (SlWhatIfView *self);

G_END_DECLS
