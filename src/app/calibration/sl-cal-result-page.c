/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "draw/sl-chart-calibration.h"
#include "sl-cal-again-button.h"
#include "sl-cal-result-page.h"
#include "sl-style.h"

struct _SlCalResultPage
{
  SlCalPage parent_instance;

  GtkLabel *verdict_label, *accuracy_label, *warnings_label;
  GtkDrawingArea *plot, *drift;
  GtkWidget *remark_button;
  SlCalAgainButton *again_button;
};

G_DEFINE_FINAL_TYPE (SlCalResultPage, sl_cal_result_page, SL_TYPE_CAL_PAGE)

double
sl_cal_accuracy_limit (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_double (settings, "calibration-accuracy-limit");
}

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlCalResultPage *self = data;
  const SlCalProfile *p
      = sl_cal_page_get_draft (SL_CAL_PAGE (self)) != NULL
            ? sl_cal_draft_get_profile (sl_cal_page_get_draft (SL_CAL_PAGE (self)))
            : NULL;
  if (p == NULL)
    return;
  SlPlotColors colors;
  sl_app_plot_colors (GTK_WIDGET (area), &colors);
  if (area == self->plot)
    sl_chart_calibration_targets (cr, width, height, p, &colors);
  else
    sl_chart_calibration_drift (cr, width, height, p, &colors);
}

static void
enter (SlCalPage *page, GError **error)
{
  SlCalResultPage *self = SL_CAL_RESULT_PAGE (page);
  const SlCalProfile *p = sl_cal_draft_get_profile (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  sl_cal_again_button_update (self->again_button, sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  if (p == NULL)
    return;
  double limit = sl_cal_accuracy_limit ();
  g_autofree char *acc = g_strdup_printf (
      _ ("Accuracy %.2f° (%s) · precision %.2f° RMS · screen seen from %.0f mm; degrees are "
         "only as good as that distance"),
      p->accuracy_deg,
      p->by_validation ? _ ("validation targets") : _ ("each target left out of the fit"),
      p->precision_deg, p->geometry.distance_mm);
  gtk_label_set_text (self->accuracy_label, acc);
  gboolean good = p->accuracy_deg <= limit;
  g_autofree char *verdict
      = good ? g_strdup_printf (_ ("Good: within %.1f°"), limit)
             : g_strdup_printf (_ ("Poor: worse than %.1f°; check the targets' stretches and "
                                   "the distance, or calibrate again"),
                                limit);
  gtk_label_set_text (self->verdict_label, verdict);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), good ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), good ? "success" : "error");

  g_autoptr (GString) warnings = g_string_new (NULL);
  g_autoptr (GString) worse = g_string_new (NULL), few = g_string_new (NULL);
  int n_measured = 0;
  for (guint i = 0; i < p->points->len; i++)
    {
      const SlCalPoint *pt = &g_array_index (p->points, SlCalPoint, i);
      if (pt->too_few)
        g_string_append_printf (few, "%s%s", few->len ? ", " : "", pt->id);
      else if (pt->accuracy_deg > 2 * p->accuracy_deg && pt->validation == p->by_validation)
        g_string_append_printf (worse, "%s%s (%.1f°)", worse->len ? ", " : "", pt->id,
                                pt->accuracy_deg);
      n_measured += !pt->too_few && isfinite (pt->accuracy_deg);
    }
  if (worse->len)
    g_string_append_printf (warnings, _ ("Worse than twice the mean: %s. "), worse->str);
  if (few->len && gtk_widget_get_visible (GTK_WIDGET (self->again_button)))
    g_string_append_printf (warnings,
                            _ ("Too few valid samples, not used: %s; show them again on the "
                               "camera, or re-mark them. "),
                            few->str);
  else if (few->len)
    g_string_append_printf (warnings, _ ("Too few valid samples, not used: %s; re-mark them. "),
                            few->str);
  gtk_label_set_text (self->warnings_label, warnings->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), warnings->len > 0);
  gtk_widget_set_visible (self->remark_button, few->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->drift), n_measured >= 2);
  gtk_widget_queue_draw (GTK_WIDGET (self->plot));
  gtk_widget_queue_draw (GTK_WIDGET (self->drift));
}

static void
sl_cal_result_page_dispose (GObject *object)
{
  SlCalResultPage *self = SL_CAL_RESULT_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_RESULT_PAGE);
  G_OBJECT_CLASS (sl_cal_result_page_parent_class)->dispose (object);
}

static void
sl_cal_result_page_class_init (SlCalResultPageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->enter = enter;
  page_class->ready = sl_cal_page_ready_when_fitted;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_cal_result_page_dispose;
  g_type_ensure (SL_TYPE_CAL_AGAIN_BUTTON);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, plot);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, drift);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, remark_button);
  gtk_widget_class_bind_template_child (widget_class, SlCalResultPage, again_button);
}

static void
sl_cal_result_page_init (SlCalResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->plot, draw_chart, self, NULL);
  gtk_drawing_area_set_draw_func (self->drift, draw_chart, self, NULL);
}
