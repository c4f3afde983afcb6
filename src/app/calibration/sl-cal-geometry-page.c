/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cal-geometry-page.h"

enum
{
  GEO_WIDTH_PX,
  GEO_HEIGHT_PX,
  GEO_WIDTH_MM,
  GEO_HEIGHT_MM,
  GEO_DISTANCE,
  GEO_CAMERA_X,
  GEO_CAMERA_Y,
  N_GEO
};

struct _SlCalGeometryPage
{
  SlCalPage parent_instance;
  GtkSpinButton *geo[N_GEO];
};

G_DEFINE_FINAL_TYPE (SlCalGeometryPage, sl_cal_geometry_page, SL_TYPE_CAL_PAGE)

static void
geometry_to_spins (SlCalGeometryPage *self)
{
  const SlScreenGeometry *g
      = &sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->geometry;
  double v[N_GEO] = { g->width_px,    g->height_px,   g->width_mm,   g->height_mm,
                      g->distance_mm, g->camera_x_mm, g->camera_y_mm };
  for (int i = 0; i < N_GEO; i++)
    gtk_spin_button_set_value (self->geo[i], v[i]);
}

static void
draft_set (SlCalPage *page, SlCalDraft *draft)
{
  SlCalGeometryPage *self = SL_CAL_GEOMETRY_PAGE (page);
  /* A sidecar read brings its own screen. */
  g_signal_connect_object (draft, "targets-changed", G_CALLBACK (geometry_to_spins), self,
                           G_CONNECT_SWAPPED);
  geometry_to_spins (self);
}

static void
enter (SlCalPage *page, GError **error)
{
  geometry_to_spins (SL_CAL_GEOMETRY_PAGE (page));
}

static gboolean
leave (SlCalPage *page, GError **error)
{
  SlCalGeometryPage *self = SL_CAL_GEOMETRY_PAGE (page);
  SlScreenGeometry g
      = sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->geometry;
  g.width_px = gtk_spin_button_get_value_as_int (self->geo[GEO_WIDTH_PX]);
  g.height_px = gtk_spin_button_get_value_as_int (self->geo[GEO_HEIGHT_PX]);
  g.width_mm = gtk_spin_button_get_value (self->geo[GEO_WIDTH_MM]);
  g.height_mm = gtk_spin_button_get_value (self->geo[GEO_HEIGHT_MM]);
  g.distance_mm = gtk_spin_button_get_value (self->geo[GEO_DISTANCE]);
  g.camera_x_mm = gtk_spin_button_get_value (self->geo[GEO_CAMERA_X]);
  g.camera_y_mm = gtk_spin_button_get_value (self->geo[GEO_CAMERA_Y]);
  if (!sl_screen_geometry_check (&g, error))
    return FALSE;
  sl_cal_draft_get_schedule (sl_cal_page_get_draft (SL_CAL_PAGE (self)))->geometry = g;
  /* Targets of a layout follow the screen. */
  sl_cal_draft_follow_screen (sl_cal_page_get_draft (SL_CAL_PAGE (self)));
  return TRUE;
}

void
sl_cal_geometry_guess (GtkWindow *parent, SlScreenGeometry *g)
{
  GdkDisplay *display
      = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent)) : gdk_display_get_default ();
  GListModel *monitors = display != NULL ? gdk_display_get_monitors (display) : NULL;
  g_autoptr (GdkMonitor) m = monitors != NULL && g_list_model_get_n_items (monitors) > 0
                                 ? g_list_model_get_item (monitors, 0)
                                 : NULL;
  if (m == NULL)
    return;
  GdkRectangle r;
  gdk_monitor_get_geometry (m, &r);
  int scale = gdk_monitor_get_scale_factor (m);
  if (r.width > 0 && r.height > 0)
    {
      g->width_px = r.width * scale;
      g->height_px = r.height * scale;
    }
  if (gdk_monitor_get_width_mm (m) > 0 && gdk_monitor_get_height_mm (m) > 0)
    {
      g->width_mm = gdk_monitor_get_width_mm (m);
      g->height_mm = gdk_monitor_get_height_mm (m);
    }
}

static void
sl_cal_geometry_page_dispose (GObject *object)
{
  SlCalGeometryPage *self = SL_CAL_GEOMETRY_PAGE (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CAL_GEOMETRY_PAGE);
  G_OBJECT_CLASS (sl_cal_geometry_page_parent_class)->dispose (object);
}

static void
sl_cal_geometry_page_class_init (SlCalGeometryPageClass *klass)
{
  SlCalPageClass *page_class = SL_CAL_PAGE_CLASS (klass);
  page_class->draft_set = draft_set;
  page_class->enter = enter;
  page_class->leave = leave;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = sl_cal_geometry_page_dispose;
  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/sightline/Sightline/calibration/sl-cal-geometry-page.ui");
  static const char *const ids[N_GEO]
      = { "width_px", "height_px", "width_mm", "height_mm", "distance", "camera_x", "camera_y" };
  for (int i = 0; i < N_GEO; i++)
    gtk_widget_class_bind_template_child_full (widget_class, ids[i], FALSE,
                                               G_STRUCT_OFFSET (SlCalGeometryPage, geo)
                                                   + i * (gssize)sizeof (GtkSpinButton *));
}

static void
sl_cal_geometry_page_init (SlCalGeometryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
