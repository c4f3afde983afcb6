/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "sl-cal-save-page.h"

struct _SlCalSavePage
{
  SlCalPage parent_instance;

  AdwEntryRow *name_row;
  GtkLabel *summary_label;
};

G_DEFINE_FINAL_TYPE (SlCalSavePage, sl_cal_save_page, SL_TYPE_CAL_PAGE)

const char *
sl_cal_save_page_get_name (SlCalSavePage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

static void
enter (SlCalPage *page, GError **error)
{
  SlCalSavePage *self = SL_CAL_SAVE_PAGE (page);
  const SlCalProfile *p = sl_cal_draft_get_profile (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (p == NULL)
    return;
  SlSession *session = sl_cal_draft_get_session (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (gtk_editable_get_text (GTK_EDITABLE (self->name_row))[0] == '\0')
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
      g_autofree char *name = g_strdup_printf ("%s %s", session->name, date);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
    }
  g_autofree char *text = g_strdup_printf (
      _ ("The profile keeps the screen, the layout, the mapping of order %d, each target's "
         "errors and the frames used. Saving applies it to session %" PRId64
         ": the window then shows on-screen gaze, a scan path and a heat map, and the "
         "interview scores."),
      p->options.order, session->id);
  gtk_label_set_text (self->summary_label, text);
}

static void
sl_cal_save_page_dispose (GObject *object)
{
  SlCalSavePage *self = SL_CAL_SAVE_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_SAVE_PAGE);
  G_OBJECT_CLASS (sl_cal_save_page_parent_class)->dispose (object);
}

static void
sl_cal_save_page_class_init (SlCalSavePageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->enter = enter;
  page_class->ready = sl_cal_page_ready_when_fitted;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_cal_save_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-save-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalSavePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalSavePage, summary_label);
}

static void
sl_cal_save_page_init (SlCalSavePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
