/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-cal-again-button.h"
#include "sl-cal-fit-page.h"

struct _SlCalFitPage
{
  SlCalPage parent_instance;

  AdwComboRow *order_row;
  GtkListBox *fit_list, *point_list;
  SlCalAgainButton *again_button;
};

G_DEFINE_FINAL_TYPE (SlCalFitPage, sl_cal_fit_page, SL_TYPE_CAL_PAGE)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list, const char *title, const char *subtitle, const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *l = gtk_label_new (value);
      gtk_widget_add_css_class (l, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), l);
    }
  gtk_list_box_append (list, row);
}

static char *
degrees (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.2f°", v) : g_strdup ("–");
}

static const SlCalTarget *
find_target (const SlCalSchedule *s, const char *id)
{
  for (guint i = 0; i < s->targets->len; i++)
    if (g_strcmp0 (g_array_index (s->targets, SlCalTarget, i).id, id) == 0)
      return &g_array_index (s->targets, SlCalTarget, i);
  return NULL;
}

/* The lists, as the draft's fit has them. */
static void
show_fit (SlCalFitPage *self)
{
  clear_list (self->fit_list);
  clear_list (self->point_list);
  sl_cal_again_button_update (self->again_button, sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  const SlCalProfile *p = sl_cal_draft_get_profile (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (p == NULL)
    return;
  static const char *const fit_titles[]
      = { N_ ("Both eyes"), N_ ("Eye on the image's left"), N_ ("Eye on the image's right") };
  const char *how = p->by_validation ? _ ("accuracy on the validation targets")
                                     : _ ("each target measured by a fit made without it");
  for (int fit = 0; fit < SL_CAL_N_FITS; fit++)
    {
      g_autofree char *v = degrees (p->fit_accuracy_deg[fit]);
      add_row (self->fit_list, _ (fit_titles[fit]),
               p->models[fit] != NULL ? how : _ ("too few samples for this fit"), v);
    }
  const SlCalSchedule *schedule
      = sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      g_autofree char *title = g_strdup_printf (
          "%s · %s", pt->id, pt->validation ? _ ("validation") : _ ("calibration"));
      g_autofree char *sub = NULL;
      if (pt->too_few)
        sub = g_strdup_printf (_ ("Too few valid samples: %d of %d frames (no face %d, eyes "
                                  "closed %d, no pupils %d, looked elsewhere %d)"),
                               pt->samples - pt->outliers, pt->frames, pt->no_face, pt->closed,
                               pt->no_pupil, pt->outliers);
      else
        sub = g_strdup_printf (_ ("%d valid of %d frames, %d dropped as outliers; precision "
                                  "%.2f°"),
                               pt->samples - pt->outliers, pt->frames, pt->outliers,
                               pt->precision_deg);
      const SlCalTarget *t = find_target (schedule, pt->id);
      if (t != NULL && t->live && !t->settled)
        {
          char *more
              = g_strconcat (sub, _ (" · the eyes had not settled when its samples began"), NULL);
          g_free (sub);
          sub = more;
        }
      g_autofree char *v = degrees (pt->accuracy_deg);
      add_row (self->point_list, title, sub, v);
    }
}

static void
fit (SlCalFitPage *self, GError **error)
{
  sl_cal_draft_fit (sl_cal_page_get_draft (SL_CAL_PAGE (self)), error);
  show_fit (self);
}

static void
on_order_changed (SlCalFitPage *self)
{
  if (sl_cal_page_get_draft (SL_CAL_PAGE (self)) == NULL)
    return;
  sl_cal_draft_set_order (sl_cal_page_get_draft (SL_CAL_PAGE (self)),
                          adw_combo_row_get_selected (self->order_row) == 1 ? 1 : 2);
  if (sl_cal_draft_get_frames (sl_cal_page_get_draft (SL_CAL_PAGE (self))) == NULL)
    return;
  g_autoptr (GError) error = NULL;
  fit (self, &error);
  sl_cal_page_problem (SL_CAL_PAGE (self), error != NULL ? error->message : NULL);
  sl_cal_page_ready_changed (SL_CAL_PAGE (self));
}

static void
enter (SlCalPage *page, GError **error)
{
  fit (SL_CAL_FIT_PAGE (page), error);
}

static void
sl_cal_fit_page_dispose (GObject *object)
{
  SlCalFitPage *self = SL_CAL_FIT_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_FIT_PAGE);
  G_OBJECT_CLASS (sl_cal_fit_page_parent_class)->dispose (object);
}

static void
sl_cal_fit_page_class_init (SlCalFitPageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->enter = enter;
  page_class->ready = sl_cal_page_ready_when_fitted;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_cal_fit_page_dispose;
  g_type_ensure (SL_TYPE_CAL_AGAIN_BUTTON);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-fit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalFitPage, order_row);
  gtk_widget_class_bind_template_child (widget_class, SlCalFitPage, fit_list);
  gtk_widget_class_bind_template_child (widget_class, SlCalFitPage, point_list);
  gtk_widget_class_bind_template_child (widget_class, SlCalFitPage, again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_order_changed);
}

static void
sl_cal_fit_page_init (SlCalFitPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
