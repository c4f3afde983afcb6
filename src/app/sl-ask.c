/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-ask.h"

AdwMessageDialog *
sl_ask_new (GtkWindow *parent, const char *heading, const char *body, const char *safe_id,
            const char *safe_label, const char *id, const char *label,
            AdwResponseAppearance appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog, safe_id, safe_label, id, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, id, appearance);
  adw_message_dialog_set_default_response (dialog, safe_id);
  adw_message_dialog_set_close_response (dialog, safe_id);
  return dialog;
}
