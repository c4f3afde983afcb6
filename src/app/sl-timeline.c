/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strips under the video: one per signal (EAR, PERCLOS, head yaw and
 * pitch, heart rate) over the whole recording, the events that belong to
 * each drawn as spans behind its curve, alerts as marks along the top, and
 * a cursor at the frame shown.  A click or drag seeks; a drag with Shift
 * held selects a range (the heat map of on-screen gaze covers it), which
 * a plain click clears.
 *
 * Curves are drawn as the minimum-to-maximum envelope of the samples that
 * fall in each pixel column, so that a 30-minute recording keeps its
 * blinks visible.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "sl-style.h"
#include "sl-timeline.h"

#define STRIP_HEIGHT 34
#define STRIP_GAP 4
#define LABEL_WIDTH 118
#define MARK_HEIGHT 8

typedef struct
{
  const char *signals[2]; /* one or two curves */
  const char *label;
  double lo, hi;         /* fixed range: the strips compare across recordings */
  const char *events[3]; /* kinds drawn on this strip */
} Strip;

static const Strip strips[] = {
  { { "eyes.ear", NULL }, N_ ("EAR"), 0, 0.5, { "blink", "microsleep", NULL } },
  { { "drowsiness.perclos", NULL }, N_ ("PERCLOS"), 0, 0.5, { "drowsy", "yawn", NULL } },
  { { "head_pose.yaw", "head_pose.pitch" },
    N_ ("Yaw / pitch (°)"),
    -60,
    60,
    { "distracted", NULL } },
  { { "rppg.bpm", NULL }, N_ ("Heart rate (bpm)"), 40, 160, { NULL } },
};
#define N_STRIPS G_N_ELEMENTS (strips)

struct _SlTimeline
{
  GtkWidget parent_instance;

  SlStore *store; /* not owned */
  gint64 run_id;
  gint64 frame_count;
  gint64 frame;
  GArray *series[N_STRIPS][2];    /* SlSample */
  GPtrArray *events;              /* SlEvent */
  gint64 range_first, range_last; /* the review's selection; −1 when none */
  gboolean selecting;
  SlReview *review;
};

G_DEFINE_FINAL_TYPE (SlTimeline, sl_timeline, GTK_TYPE_WIDGET)

static void
clear_data (SlTimeline *self)
{
  for (guint s = 0; s < N_STRIPS; s++)
    for (int c = 0; c < 2; c++)
      g_clear_pointer (&self->series[s][c], g_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
}

void
sl_timeline_refresh (SlTimeline *self)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  clear_data (self);
  if (self->store != NULL && self->run_id != 0)
    {
      g_autoptr (GError) error = NULL;
      for (guint s = 0; s < N_STRIPS && error == NULL; s++)
        for (int c = 0; c < 2 && strips[s].signals[c] != NULL && error == NULL; c++)
          self->series[s][c] = sl_store_get_signal_series (self->store, self->run_id,
                                                           strips[s].signals[c], &error);
      if (error == NULL)
        self->events = sl_store_list_events (self->store, self->run_id, &error);
      if (error != NULL)
        g_warning ("Reading the timeline of run %" PRId64 ": %s", self->run_id, error->message);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_timeline_set_results (SlTimeline *self, SlStore *store, gint64 run_id, gint64 frame_count)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  self->store = store;
  self->run_id = run_id;
  self->frame_count = MAX (frame_count, 1);
  sl_timeline_refresh (self);
}

gint64
sl_timeline_get_run_id (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);
  return self->run_id;
}

void
sl_timeline_set_frame (SlTimeline *self, gint64 frame)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  if (frame == self->frame)
    return;
  self->frame = frame;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_timeline_frame_to_x (SlTimeline *self, gint64 frame)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;
  return LABEL_WIDTH + w * (double)frame / self->frame_count;
}

static gint64
x_to_frame (SlTimeline *self, double x)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;
  if (w <= 0)
    return 0;
  return CLAMP ((gint64)llround ((x - LABEL_WIDTH) / w * self->frame_count), 0,
                self->frame_count - 1);
}

static gboolean
event_on_strip (const SlEvent *e, guint s)
{
  for (int k = 0; strips[s].events[k] != NULL; k++)
    if (g_str_equal (e->kind, strips[s].events[k]))
      return TRUE;
  return FALSE;
}

static void
draw_curve (SlTimeline *self, cairo_t *cr, GArray *series, const Strip *st, double top,
            double width)
{
  if (series == NULL || series->len == 0)
    return;
  int columns = MAX (1, (int)width);
  g_autofree double *lo = g_new (double, columns);
  g_autofree double *hi = g_new (double, columns);
  for (int c = 0; c < columns; c++)
    lo[c] = INFINITY, hi[c] = -INFINITY;
  for (guint i = 0; i < series->len; i++)
    {
      SlSample smp = g_array_index (series, SlSample, i);
      if (!isfinite (smp.value))
        continue;
      int c = (int)((double)smp.frame / self->frame_count * columns);
      if (c < 0 || c >= columns)
        continue;
      lo[c] = MIN (lo[c], smp.value);
      hi[c] = MAX (hi[c], smp.value);
    }
  double range = st->hi - st->lo;
  for (int c = 0; c < columns; c++)
    {
      if (!isfinite (lo[c]))
        continue;
      double y0 = top + STRIP_HEIGHT * (1 - (CLAMP (hi[c], st->lo, st->hi) - st->lo) / range);
      double y1 = top + STRIP_HEIGHT * (1 - (CLAMP (lo[c], st->lo, st->hi) - st->lo) / range);
      cairo_rectangle (cr, LABEL_WIDTH + c, y0, 1, MAX (1, y1 - y0));
    }
  cairo_fill (cr);
}

static void
sl_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlTimeline *self = SL_TIMELINE (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double plot_w = w - LABEL_WIDTH;
  if (plot_w <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  GdkRGBA fg, accent, warning, error, dim;
  sl_style_color (widget, "window_fg_color", &fg, "#000000");
  sl_style_color (widget, "accent_color", &accent, "#1c71d8");
  sl_style_color (widget, "warning_color", &warning, "#9c6e03");
  sl_style_color (widget, "error_color", &error, "#c01c28");
  dim = fg;
  dim.alpha = 0.08f;

  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  for (guint s = 0; s < N_STRIPS; s++)
    {
      double top = MARK_HEIGHT + s * (STRIP_HEIGHT + STRIP_GAP);
      gdk_cairo_set_source_rgba (cr, &dim);
      cairo_rectangle (cr, LABEL_WIDTH, top, plot_w, STRIP_HEIGHT);
      cairo_fill (cr);

      /* The strip's events behind its curve; stretches without a face on
       * every strip. */
      for (guint i = 0; self->events != NULL && i < self->events->len; i++)
        {
          const SlEvent *e = self->events->pdata[i];
          gboolean none = g_str_equal (e->kind, "no_face");
          if (!none && !event_on_strip (e, s))
            continue;
          GdkRGBA c = none                                  ? fg
                      : g_str_equal (e->kind, "microsleep") ? error
                      : g_str_equal (e->kind, "drowsy")     ? error
                      : g_str_equal (e->kind, "distracted") ? warning
                                                            : accent;
          c.alpha = none ? 0.15f : 0.35f;
          gdk_cairo_set_source_rgba (cr, &c);
          double x0 = sl_timeline_frame_to_x (self, e->start_frame);
          double x1 = sl_timeline_frame_to_x (self, e->end_frame + 1);
          cairo_rectangle (cr, x0, top, MAX (1, x1 - x0), STRIP_HEIGHT);
          cairo_fill (cr);
        }

      for (int c = 0; c < 2 && strips[s].signals[c] != NULL; c++)
        {
          GdkRGBA col = c == 0 ? fg : accent;
          col.alpha = 0.8f;
          gdk_cairo_set_source_rgba (cr, &col);
          draw_curve (self, cr, self->series[s][c], &strips[s], top, plot_w);
        }

      pango_layout_set_text (layout, _ (strips[s].label), -1);
      pango_layout_set_width (layout, (LABEL_WIDTH - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      int lw, lh;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      GdkRGBA label = fg;
      label.alpha = 0.75f;
      gdk_cairo_set_source_rgba (cr, &label);
      cairo_move_to (cr, 4, top + (STRIP_HEIGHT - lh) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);

  /* Alerts along the top. */
  gdk_cairo_set_source_rgba (cr, &error);
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      const SlEvent *e = self->events->pdata[i];
      if (!g_str_equal (e->kind, "alert"))
        continue;
      double x = sl_timeline_frame_to_x (self, e->start_frame);
      cairo_move_to (cr, x - 4, 0);
      cairo_line_to (cr, x + 4, 0);
      cairo_line_to (cr, x, MARK_HEIGHT - 1);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  /* The selected range. */
  if (self->range_first >= 0)
    {
      GdkRGBA band = accent;
      band.alpha = 0.18f;
      gdk_cairo_set_source_rgba (cr, &band);
      double x0 = sl_timeline_frame_to_x (self, self->range_first);
      double x1 = sl_timeline_frame_to_x (self, self->range_last + 1);
      cairo_rectangle (cr, x0, 0, MAX (2, x1 - x0), h);
      cairo_fill (cr);
    }

  /* The frame shown. */
  double x = sl_timeline_frame_to_x (self, self->frame);
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_rectangle (cr, x - 1, 0, 2, h);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
sl_timeline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                     int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = MARK_HEIGHT + N_STRIPS * (STRIP_HEIGHT + STRIP_GAP);
  else
    {
      *minimum = LABEL_WIDTH + 100;
      *natural = LABEL_WIDTH + 600;
    }
}

static void
seek_to (SlTimeline *self, double x)
{
  if ((self->run_id == 0 && self->frame_count <= 1) || self->review == NULL)
    return;
  sl_review_set_frame (self->review, x_to_frame (self, x));
}

void
sl_timeline_set_range (SlTimeline *self, gint64 first, gint64 last)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  if (self->review != NULL)
    sl_review_set_selection (self->review, first, last);
}

static void
on_review_selection (SlTimeline *self)
{
  sl_review_get_selection (self->review, &self->range_first, &self->range_last);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_review_frame (SlTimeline *self)
{
  sl_timeline_set_frame (self, sl_review_get_frame (self->review));
}

static void
on_review_run (SlTimeline *self)
{
  gint64 run = sl_review_get_run (self->review);
  sl_timeline_set_results (self, run != 0 ? sl_review_get_store (self->review) : NULL, run,
                           MAX (sl_review_get_frame_count (self->review), 1));
}

void
sl_timeline_set_review (SlTimeline *self, SlReview *review)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  g_return_if_fail (self->review == NULL);
  self->review = g_object_ref (review);
  g_signal_connect_object (review, "notify::frame", G_CALLBACK (on_review_frame), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::run-id", G_CALLBACK (on_review_run), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-first", G_CALLBACK (on_review_selection),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-last", G_CALLBACK (on_review_selection), self,
                           G_CONNECT_SWAPPED);
  on_review_selection (self);
  on_review_frame (self);
}

void
sl_timeline_get_range (SlTimeline *self, gint64 *first, gint64 *last)
{
  *first = self->range_first;
  *last = self->range_last;
}

static gboolean
shift_held (GtkGesture *gesture)
{
  return (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture))
          & GDK_SHIFT_MASK)
         != 0;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SlTimeline *self)
{
  if (shift_held (GTK_GESTURE (gesture)))
    return; /* the drag selects */
  sl_timeline_set_range (self, -1, -1);
  seek_to (self, x);
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, SlTimeline *self)
{
  self->selecting = shift_held (GTK_GESTURE (gesture));
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, SlTimeline *self)
{
  double x0, y0;
  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  if (self->selecting)
    sl_timeline_set_range (self, x_to_frame (self, x0), x_to_frame (self, x0 + dx));
  else
    seek_to (self, x0 + dx);
}

static void
sl_timeline_dispose (GObject *object)
{
  clear_data (SL_TIMELINE (object));
  g_clear_object (&SL_TIMELINE (object)->review);
  G_OBJECT_CLASS (sl_timeline_parent_class)->dispose (object);
}

static void
sl_timeline_class_init (SlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_timeline_dispose;
  widget_class->snapshot = sl_timeline_snapshot;
  widget_class->measure = sl_timeline_measure;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_timeline_init (SlTimeline *self)
{
  self->frame_count = 1;
  self->range_first = self->range_last = -1;
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
      _ ("Signals and events over the recording; click to seek, Shift and drag to select a range"),
      -1);
}
