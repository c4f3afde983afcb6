/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlLabelSetWindow: the library's label set, edited: each kind's name,
 * its key (one character; not Space, < or >, which play), its colour and
 * whether it is a moment (a point) or a stretch; kinds added.  A change
 * is written when Enter is pressed or the field is left, and refused with
 * the reason when the library refuses it.
 */
#pragma once

#include <adwaita.h>

#include "sl-labeling.h"

G_BEGIN_DECLS

#define SL_TYPE_LABEL_SET_WINDOW (sl_label_set_window_get_type ())
G_DECLARE_FINAL_TYPE (SlLabelSetWindow, sl_label_set_window, SL, LABEL_SET_WINDOW, AdwWindow)

GtkWindow *sl_label_set_window_new (GtkWindow *parent, SlLabeling *labeling);
/* For tests: sets kind @name's key as typed and applies it; FALSE, with
 * the message shown, when it is refused.  Adds a kind. */
gboolean sl_label_set_window_set_key (SlLabelSetWindow *self, const char *name, const char *key);
void sl_label_set_window_add (SlLabelSetWindow *self);
/* The message shown last (NULL: none). */
const char *sl_label_set_window_get_message (SlLabelSetWindow *self);

G_END_DECLS
