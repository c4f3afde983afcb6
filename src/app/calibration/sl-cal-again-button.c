/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-cal-again-button.h"

struct _SlCalAgainButton
{
  GtkButton parent_instance;
};

G_DEFINE_FINAL_TYPE (SlCalAgainButton, sl_cal_again_button, GTK_TYPE_BUTTON)

void
sl_cal_again_button_update (SlCalAgainButton *self, SlCalDraft *draft)
{
  g_auto (GStrv) ids = sl_cal_draft_again_targets (draft);
  gtk_widget_set_visible (GTK_WIDGET (self), ids != NULL);
  gtk_actionable_set_action_target_value (
      GTK_ACTIONABLE (self), g_variant_new_strv ((const char *const *)ids, ids != NULL ? -1 : 0));
}

static void
sl_cal_again_button_class_init (SlCalAgainButtonClass *klass)
{
}

static void
sl_cal_again_button_init (SlCalAgainButton *self)
{
  gtk_button_set_label (GTK_BUTTON (self), _ ("_Show Them Again"));
  gtk_button_set_use_underline (GTK_BUTTON (self), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _ ("Show the targets with too few valid samples again on the "
                                  "camera, and join them to this recording"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), g_variant_new_strv (NULL, 0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "wizard.show-again");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
