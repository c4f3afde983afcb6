/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A question before something that cannot be taken back: the safe answer
 * is the default and what Esc gives.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent with the answers @safe_id / @safe_label (default,
 * Esc) and @id / @label shown with @appearance; connect "response", add
 * answers if need be, then present it. */
AdwMessageDialog *sl_ask_new (GtkWindow *parent, const char *heading, const char *body,
                              const char *safe_id, const char *safe_label, const char *id,
                              const char *label, AdwResponseAppearance appearance);

/* When @dialog is answered @id, @func runs with @object once the dialog
 * has gone (from the main loop: what it does may close the window the
 * dialog belongs to). */
void sl_ask_then (AdwMessageDialog *dialog, const char *id, GSourceFunc func, gpointer object);

G_END_DECLS
