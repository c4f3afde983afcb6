/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-live-targets.h"

struct _SlLiveTargets
{
  GtkWindow parent_instance;

  SlLiveCalibration *live; /* borrowed */
  SlCalSchedule *targets;  /* positions */
  GtkDrawingArea *area;
  int current;
  double progress;
  SlLivePhase phase;
  SlLiveEyes eyes;
  gboolean finished;
};

G_DEFINE_FINAL_TYPE (SlLiveTargets, sl_live_targets, GTK_TYPE_WINDOW)

enum
{
  DONE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
finish (SlLiveTargets *self, gboolean completed)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_signal_emit (self, signals[DONE], 0, completed);
}

static void
draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlLiveTargets *self = data;
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_paint (cr);
  if (self->current < 0 || (guint)self->current >= self->targets->targets->len)
    return;
  g_autofree char *text = NULL;
  if (self->phase == SL_LIVE_PREPARING)
    text = g_markup_escape_text (_ ("Getting ready to watch the eyes…"), -1);
  else
    {
      const SlCalTarget *t = &g_array_index (self->targets->targets, SlCalTarget, self->current);
      const SlScreenGeometry *g = &self->targets->geometry;
      /* Target pixels are the screen's; the page covers it.  The dot
       * shrinks while the eyes settle and turns red while collected. */
      gboolean collecting = self->phase == SL_LIVE_COLLECTING;
      double x = t->x * width / g->width_px, y = t->y * height / g->height_px;
      double shrink = collecting ? 0 : 1 - self->progress;
      cairo_arc (cr, x, y, 8 + 28 * shrink, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
      cairo_fill (cr);
      cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
      if (collecting)
        cairo_set_source_rgb (cr, 0.85, 0.1, 0.1);
      else
        cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      cairo_fill (cr);
      const char *hint = self->eyes == SL_LIVE_EYES_NO_FACE ? _ ("No face in view: sit in front "
                                                                 "of the camera")
                         : self->eyes == SL_LIVE_EYES_NOT_FOUND
                             ? _ ("The eyes are not found: open them, or light the face")
                             : NULL;
      g_autofree char *line
          = g_strdup_printf (_ ("Look at the dot · target %d of %u · Space skips it · Esc stops"),
                             self->current + 1, self->targets->targets->len);
      /* A problem to fix stands out above the instructions. */
      text = hint != NULL ? g_markup_printf_escaped (
                 "<span foreground='#f6d32d' weight='bold'>%s</span>\n%s", hint, line)
                          : g_markup_escape_text (line, -1);
    }
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  pango_layout_set_markup (layout, text, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  cairo_move_to (cr, (width - lw) / 2.0, height - lh - 24);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  SlLiveTargets *self = SL_LIVE_TARGETS (widget);
  if (self->finished)
    return G_SOURCE_REMOVE;
  self->current = sl_live_calibration_update (self->live, &self->progress, &self->phase);
  self->eyes = sl_live_calibration_get_eyes (self->live);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  if (self->current < 0)
    {
      /* Every target shown, or the camera stopped: finishing says which. */
      finish (self, TRUE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
        SlLiveTargets *self)
{
  if (keyval == GDK_KEY_space)
    {
      sl_live_calibration_skip (self->live);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape)
    {
      finish (self, FALSE);
      return TRUE;
    }
  return FALSE;
}

static gboolean
on_close_request (GtkWindow *window)
{
  finish (SL_LIVE_TARGETS (window), FALSE);
  return FALSE;
}

static void
sl_live_targets_finalize (GObject *object)
{
  SlLiveTargets *self = SL_LIVE_TARGETS (object);
  sl_cal_schedule_free (self->targets);
  G_OBJECT_CLASS (sl_live_targets_parent_class)->finalize (object);
}

static void
sl_live_targets_class_init (SlLiveTargetsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  object_class->finalize = sl_live_targets_finalize;
  window_class->close_request = on_close_request;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
sl_live_targets_init (SlLiveTargets *self)
{
  self->current = -1;
  gtk_window_set_title (GTK_WINDOW (self), _ ("Live Calibration"));
  self->area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_draw_func (self->area, draw, self, NULL);
  gtk_window_set_child (GTK_WINDOW (self), GTK_WIDGET (self->area));
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
}

SlLiveTargets *
sl_live_targets_new (SlLiveCalibration *live, const SlCalSchedule *targets)
{
  SlLiveTargets *self = g_object_new (SL_TYPE_LIVE_TARGETS, NULL);
  self->live = live;
  self->targets = sl_cal_schedule_copy (targets, NULL, NULL);
  /* Cover the first monitor even where no window manager makes it full
   * screen. */
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr (GdkMonitor) m
      = g_list_model_get_n_items (monitors) > 0 ? g_list_model_get_item (monitors, 0) : NULL;
  if (m != NULL)
    {
      GdkRectangle r;
      gdk_monitor_get_geometry (m, &r);
      gtk_window_set_default_size (GTK_WINDOW (self), r.width, r.height);
    }
  gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
  gtk_window_fullscreen (GTK_WINDOW (self));
  return self;
}
