/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cal-page.h"

G_DEFINE_INTERFACE (SlCalPage, sl_cal_page, GTK_TYPE_WIDGET)

static void
sl_cal_page_default_init (SlCalPageInterface *iface)
{
}

void
sl_cal_page_set_draft (SlCalPage *page, SlCalDraft *draft)
{
  g_return_if_fail (SL_IS_CAL_PAGE (page) && SL_IS_CAL_DRAFT (draft));
  SL_CAL_PAGE_GET_IFACE (page)->set_draft (page, draft);
}

void
sl_cal_page_enter (SlCalPage *page, GError **error)
{
  SlCalPageInterface *iface = SL_CAL_PAGE_GET_IFACE (page);
  if (iface->enter != NULL)
    iface->enter (page, error);
}

gboolean
sl_cal_page_leave (SlCalPage *page, GError **error)
{
  SlCalPageInterface *iface = SL_CAL_PAGE_GET_IFACE (page);
  return iface->leave == NULL || iface->leave (page, error);
}

gboolean
sl_cal_page_ready (SlCalPage *page)
{
  SlCalPageInterface *iface = SL_CAL_PAGE_GET_IFACE (page);
  return iface->ready == NULL || iface->ready (page);
}

void
sl_cal_page_toast (SlCalPage *page, const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "wizard.toast", "s", message);
}

void
sl_cal_page_problem (SlCalPage *page, const char *problem)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "wizard.problem", "s",
                              problem != NULL ? problem : "");
}

void
sl_cal_page_ready_changed (SlCalPage *page)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "wizard.refresh", NULL);
}
