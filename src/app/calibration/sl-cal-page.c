/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cal-page.h"

typedef struct
{
  SlCalDraft *draft;
} SlCalPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SlCalPage, sl_cal_page, GTK_TYPE_BOX)

static void
sl_cal_page_dispose (GObject *object)
{
  SlCalPagePrivate *priv = sl_cal_page_get_instance_private (SL_CAL_PAGE (object));
  g_clear_object (&priv->draft);
  G_OBJECT_CLASS (sl_cal_page_parent_class)->dispose (object);
}

static void
sl_cal_page_class_init (SlCalPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_cal_page_dispose;
}

static void
sl_cal_page_init (SlCalPage *page)
{
}

void
sl_cal_page_set_draft (SlCalPage *page, SlCalDraft *draft)
{
  g_return_if_fail (SL_IS_CAL_PAGE (page) && SL_IS_CAL_DRAFT (draft));
  SlCalPagePrivate *priv = sl_cal_page_get_instance_private (page);
  g_return_if_fail (priv->draft == NULL);
  priv->draft = g_object_ref (draft);
  if (SL_CAL_PAGE_GET_CLASS (page)->draft_set != NULL)
    SL_CAL_PAGE_GET_CLASS (page)->draft_set (page, draft);
}

SlCalDraft *
sl_cal_page_get_draft (SlCalPage *page)
{
  SlCalPagePrivate *priv = sl_cal_page_get_instance_private (page);
  return priv->draft;
}

void
sl_cal_page_enter (SlCalPage *page, GError **error)
{
  if (SL_CAL_PAGE_GET_CLASS (page)->enter != NULL)
    SL_CAL_PAGE_GET_CLASS (page)->enter (page, error);
}

gboolean
sl_cal_page_leave (SlCalPage *page, GError **error)
{
  return SL_CAL_PAGE_GET_CLASS (page)->leave == NULL
         || SL_CAL_PAGE_GET_CLASS (page)->leave (page, error);
}

gboolean
sl_cal_page_ready (SlCalPage *page)
{
  return SL_CAL_PAGE_GET_CLASS (page)->ready == NULL || SL_CAL_PAGE_GET_CLASS (page)->ready (page);
}

gboolean
sl_cal_page_ready_when_fitted (SlCalPage *page)
{
  SlCalDraft *draft = sl_cal_page_get_draft (page);
  return draft != NULL && sl_cal_draft_get_profile (draft) != NULL;
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
