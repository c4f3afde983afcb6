/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strips under the video (src/draw/sl-strip.h: by default the fused
 * state and its alerts, EAR, PERCLOS, head and gaze yaw and pitch, heart
 * rate; any stored signal can be added) over the whole recording, under a
 * legend of what they draw: the events that belong to each as spans
 * behind its curves, the person's usual level and the thresholds as
 * dashed lines, and a cursor at the frame shown.  A default strip the run
 * has nothing for is left out.  A click or drag seeks; a drag with Shift
 * held selects a range (the heat map of on-screen gaze covers it), which
 * a plain click clears.  Ctrl+scroll (or + and −) zooms in down to single
 * frames around the pointer (or the frame shown), scrolling moves along,
 * 0 shows the whole recording: the review's visible range.  With the
 * keyboard focus, [ and ] set the selection's start and end at the frame
 * shown (the arrows step, as everywhere in the view), Home and End go to
 * the ends, Escape clears the selection.  Hovering an event names it and
 * says why it was found.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "base/sl-explanation.h"
#include "draw/sl-strip.h"
#include "processors/sl-explain-text.h"
#include "library/sl-library-jobs.h"
#include "sl-style.h"
#include "sl-timeline.h"

#define STRIP_HEIGHT 40
#define LANE_HEIGHT 20
#define STRIP_GAP 4
#define LABEL_WIDTH SL_TIMELINE_LABEL_WIDTH
#define LEGEND_HEIGHT 18

struct _SlTimeline
{
  GtkWidget parent_instance;

  /* The theme's colours, read again when the widget's style changes. */
  gboolean style_valid;
  SlDrawStyle style;
  GdkRGBA fg, accent;

  SlStore *store; /* not owned */
  gint64 run_id;
  gint64 frame_count;
  gint64 frame;
  GPtrArray *strips;              /* SlStrip: the default ones, then one per extra signal */
  guint n_default;                /* how many of them are the default ones */
  SlRunSeries *data;              /* the series of names, the events and the run, or NULL */
  GPtrArray *names;               /* the signals data holds, in its order */
  GHashTable *series;             /* name → its GArray in data */
  GHashTable *params;             /* the strips' guides' parameters in the run */
  gint64 loaded_run;              /* whose data are shown */
  GCancellable *loading;          /* the reading under way, or NULL */
  gint64 range_first, range_last; /* the review's selection; −1 when none */
  gint64 view_first, view_count;  /* the frames across the plot (the review's visible range) */
  gboolean selecting;
  gboolean hide_events; /* blind labeling: the detections are not shown */
  SlReview *review;
};

G_DEFINE_FINAL_TYPE (SlTimeline, sl_timeline, GTK_TYPE_WIDGET)

static void
clear_data (SlTimeline *self)
{
  g_clear_pointer (&self->data, sl_run_series_free);
  g_hash_table_remove_all (self->series);
  g_clear_pointer (&self->params, g_hash_table_unref);
}

typedef struct
{
  GWeakRef timeline;
  GCancellable *loading;
  gint64 run_id;
  GPtrArray *names; /* owned copies */
} Load;

static void
on_series (GObject *source, GAsyncResult *result, gpointer data)
{
  Load *l = data;
  g_autoptr (SlTimeline) self = g_weak_ref_get (&l->timeline);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRunSeries) r = sl_run_series_load_finish (result, &error);
  gboolean current = self != NULL && self->loading == l->loading;
  g_weak_ref_clear (&l->timeline);
  g_object_unref (l->loading);
  gint64 run_id = l->run_id;
  g_autoptr (GPtrArray) names = l->names;
  g_free (l);
  if (!current)
    return; /* gone, or a newer reading replaced this one */
  g_clear_object (&self->loading);
  clear_data (self);
  self->loaded_run = run_id;
  self->data = g_steal_pointer (&r);
  if (self->data == NULL)
    g_warning ("Reading the timeline of run %" PRId64 ": %s", run_id, error->message);
  else
    {
      g_clear_pointer (&self->names, g_ptr_array_unref);
      self->names = g_steal_pointer (&names);
      for (guint i = 0; i < self->names->len; i++)
        if (self->data->series->pdata[i] != NULL)
          g_hash_table_insert (self->series, self->names->pdata[i], self->data->series->pdata[i]);
      self->params = sl_strips_params (self->strips, self->data->run);
    }
  /* Strips the run has nothing for leave, or come back. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The strips' series and the run's events, read on a worker thread: the
 * main loop never waits on the library for the timeline.  What was shown
 * stays until they arrive, unless it is another run's. */
void
sl_timeline_refresh (SlTimeline *self)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->loaded_run != self->run_id || self->store == NULL || self->run_id == 0)
    {
      clear_data (self);
      self->loaded_run = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (self->store == NULL || self->run_id == 0)
    return;
  g_autoptr (GPtrArray) wanted = g_ptr_array_new ();
  for (guint s = 0; s < self->strips->len; s++)
    sl_strip_add_signals (self->strips->pdata[s], wanted);
  self->loading = g_cancellable_new ();
  Load *l = g_new0 (Load, 1);
  g_weak_ref_init (&l->timeline, self);
  l->loading = g_object_ref (self->loading);
  l->run_id = self->run_id;
  l->names = g_ptr_array_new_full (wanted->len, g_free);
  for (guint i = 0; i < wanted->len; i++)
    g_ptr_array_add (l->names, g_strdup (wanted->pdata[i]));
  sl_run_series_load_async (sl_store_get_path (self->store), self->run_id,
                            (const char *const *)wanted->pdata, wanted->len, self->loading,
                            on_series, l);
}

gboolean
sl_timeline_is_loading (SlTimeline *self)
{
  return self->loading != NULL;
}

void
sl_timeline_set_signals (SlTimeline *self, const char *const *signals)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  /* The same strips: nothing to read again. */
  guint n = signals != NULL ? g_strv_length ((char **)signals) : 0;
  gboolean same = self->strips->len == self->n_default + n;
  for (guint k = 0; same && k < n; k++)
    same = g_str_equal (((SlStrip *)self->strips->pdata[self->n_default + k])->signals[0],
                        signals[k]);
  if (same)
    return;
  g_ptr_array_set_size (self->strips, self->n_default);
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (self->strips, sl_strip_new_for_signal (signals[k]));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  sl_timeline_refresh (self);
}

gboolean
sl_timeline_has_default_strip (SlTimeline *self, const char *signal)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), FALSE);
  for (guint i = 0; i < self->n_default; i++)
    {
      const SlStrip *s = self->strips->pdata[i];
      if (g_strcmp0 (s->signals[0], signal) == 0 || g_strcmp0 (s->signals[1], signal) == 0)
        return TRUE;
    }
  return FALSE;
}

guint
sl_timeline_get_n_strips (SlTimeline *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), 0);
  return self->strips->len;
}

static void on_review_visible (SlTimeline *self);

void
sl_timeline_set_results (SlTimeline *self, SlStore *store, gint64 run_id, gint64 frame_count)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  self->store = store;
  self->run_id = run_id;
  self->frame_count = MAX (frame_count, 1);
  self->view_first = 0;
  self->view_count = self->frame_count;
  if (self->review != NULL)
    on_review_visible (self);
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

void
sl_timeline_set_hide_events (SlTimeline *self, gboolean hide)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  self->hide_events = hide;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_timeline_frame_to_x (SlTimeline *self, gint64 frame)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;
  return LABEL_WIDTH + w * (double)(frame - self->view_first) / self->view_count;
}

static gint64
x_to_frame (SlTimeline *self, double x)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;
  if (w <= 0)
    return 0;
  return CLAMP (self->view_first + (gint64)floor ((x - LABEL_WIDTH) / w * self->view_count), 0,
                self->frame_count - 1);
}

/* Shows @count frames from @first (clamped to the recording): the
 * review's visible range, which the timeline then follows. */
static void
show_frames (SlTimeline *self, gint64 first, gint64 count)
{
  count = CLAMP (count, MIN (8, self->frame_count), self->frame_count);
  first = CLAMP (first, 0, self->frame_count - count);
  if (self->review != NULL)
    sl_review_set_visible (self->review, first, first + count - 1);
  else
    {
      self->view_first = first;
      self->view_count = count;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Zooms by @factor (< 1: in) keeping frame @at where it is. */
static void
zoom (SlTimeline *self, double factor, gint64 at)
{
  gint64 count = (gint64)llround (self->view_count * factor);
  if (count == self->view_count)
    count += factor < 1 ? -1 : 1;
  double share = (double)(at - self->view_first) / self->view_count;
  count = CLAMP (count, MIN (8, self->frame_count), self->frame_count);
  show_frames (self, at - (gint64)llround (share * count), count);
}

void
sl_timeline_zoom (SlTimeline *self, double factor)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  zoom (self, factor, self->frame);
}

void
sl_timeline_get_view (SlTimeline *self, gint64 *first, gint64 *count)
{
  *first = self->view_first;
  *count = self->view_count;
}

/* What the strips draw from. */
static SlStripData
strip_data (SlTimeline *self)
{
  return (SlStripData){ self->series,
                        self->data != NULL && !self->hide_events ? self->data->events : NULL,
                        self->params };
}

/* Whether strip @s is drawn: the strips chosen are, and the default ones
 * unless the run read has nothing for them. */
static gboolean
strip_shown (SlTimeline *self, guint s)
{
  if (s >= self->n_default || self->data == NULL)
    return TRUE;
  SlStripData data = strip_data (self);
  return sl_strip_has_data (self->strips->pdata[s], &data);
}

static int
strip_height (const SlStrip *strip)
{
  return sl_strip_is_lane (strip) ? LANE_HEIGHT : STRIP_HEIGHT;
}

/* The strip drawn at @y and its top, or −1. */
static int
strip_at (SlTimeline *self, double y, double *top)
{
  double t = LEGEND_HEIGHT;
  for (guint s = 0; s < self->strips->len; s++)
    {
      if (!strip_shown (self, s))
        continue;
      int h = strip_height (self->strips->pdata[s]);
      if (y >= t && y < t + h + STRIP_GAP)
        {
          *top = t;
          return s;
        }
      t += h + STRIP_GAP;
    }
  return -1;
}

double
sl_timeline_strip_y (SlTimeline *self, const char *signal)
{
  g_return_val_if_fail (SL_IS_TIMELINE (self), -1);
  double t = LEGEND_HEIGHT;
  for (guint s = 0; s < self->strips->len; s++)
    {
      if (!strip_shown (self, s))
        continue;
      const SlStrip *strip = self->strips->pdata[s];
      int h = strip_height (strip);
      if (g_strcmp0 (strip->signals[0], signal) == 0 || g_strcmp0 (strip->signals[1], signal) == 0
          || (signal == NULL && sl_strip_is_lane (strip)))
        return t + h / 2.0;
      t += h + STRIP_GAP;
    }
  return -1;
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
  if (!self->style_valid)
    {
      sl_style_color (widget, "window_fg_color", &self->fg, "#000000");
      sl_style_color (widget, "accent_color", &self->accent, "#1c71d8");
      self->style = *sl_draw_style_default ();
      sl_app_draw_style (widget, &self->style);
      sl_style_rgba (widget, "warning_color", &self->style.warning, "#9c6e03");
      sl_style_rgba (widget, "error_color", &self->style.error, "#c01c28");
      self->style_valid = TRUE;
    }
  const GdkRGBA fg = self->fg, accent = self->accent;
  const SlDrawStyle style = self->style;
  SlStripData data = strip_data (self);
  SlStripPlace place = {
    .x = LABEL_WIDTH,
    .width = plot_w,
    .top = 0,
    .height = LEGEND_HEIGHT,
    .first_frame = self->view_first,
    .frame_count = self->view_count,
    .label_alpha = 0.75,
    .fg = { fg.red, fg.green, fg.blue, fg.alpha },
    .accent = { accent.red, accent.green, accent.blue, accent.alpha },
  };
  /* The legend says what the strips shown draw. */
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  for (guint s = 0; s < self->strips->len; s++)
    if (strip_shown (self, s))
      g_ptr_array_add (shown, self->strips->pdata[s]);
  sl_strips_legend_draw (cr, shown, &data, 4, 0, w - 8, &place, &style);
  place.top = LEGEND_HEIGHT;
  for (guint s = 0; s < shown->len; s++)
    {
      place.height = strip_height (shown->pdata[s]);
      sl_strip_draw (cr, shown->pdata[s], &data, &place, &style);
      place.top += place.height + STRIP_GAP;
    }

  /* The selected range. */
  if (self->range_first >= 0)
    {
      GdkRGBA band = accent;
      band.alpha = 0.18f;
      gdk_cairo_set_source_rgba (cr, &band);
      double x0 = sl_timeline_frame_to_x (self, self->range_first);
      double x1 = sl_timeline_frame_to_x (self, self->range_last + 1);
      cairo_rectangle (cr, x0, LEGEND_HEIGHT, MAX (2, x1 - x0), h - LEGEND_HEIGHT);
      cairo_fill (cr);
    }

  /* The frame shown. */
  double x = sl_timeline_frame_to_x (self, self->frame);
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_rectangle (cr, x - 1, LEGEND_HEIGHT, 2, h - LEGEND_HEIGHT);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
sl_timeline_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                     int *natural, int *minimum_baseline, int *natural_baseline)
{
  SlTimeline *self = SL_TIMELINE (widget);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = LEGEND_HEIGHT;
      for (guint s = 0; s < self->strips->len; s++)
        if (strip_shown (self, s))
          *minimum += strip_height (self->strips->pdata[s]) + STRIP_GAP;
      *natural = *minimum;
    }
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
on_review_visible (SlTimeline *self)
{
  gint64 first, last;
  sl_review_get_visible (self->review, &first, &last);
  self->view_first = CLAMP (first, 0, MAX (self->frame_count - 1, 0));
  self->view_count = CLAMP (last - first + 1, 1, self->frame_count - self->view_first);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_review_run (SlTimeline *self)
{
  gint64 run = sl_review_get_run (self->review);
  sl_timeline_set_results (self, run != 0 ? sl_review_get_store (self->review) : NULL, run,
                           MAX (sl_review_get_frame_count (self->review), 1));
}

/* Events kept after the run (drift): read again. */
static void
on_review_events (SlTimeline *self, gint64 run_id)
{
  if (run_id == self->run_id)
    sl_timeline_refresh (self);
}

void
sl_timeline_set_review (SlTimeline *self, SlReview *review)
{
  g_return_if_fail (SL_IS_TIMELINE (self));
  g_return_if_fail (self->review == NULL);
  self->review = g_object_ref (review);
  g_signal_connect_object (review, "notify::frame", G_CALLBACK (on_review_frame), self,
                           G_CONNECT_SWAPPED);
  /* A session without a run still has its length: zoom and ranges work
   * on it before any analysis. */
  g_signal_connect_object (review, "notify::session", G_CALLBACK (on_review_run), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::run-id", G_CALLBACK (on_review_run), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-first", G_CALLBACK (on_review_selection),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-last", G_CALLBACK (on_review_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::visible-first", G_CALLBACK (on_review_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::visible-last", G_CALLBACK (on_review_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "events-changed", G_CALLBACK (on_review_events), self,
                           G_CONNECT_SWAPPED);
  on_review_selection (self);
  on_review_visible (self);
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
  gtk_widget_grab_focus (GTK_WIDGET (self));
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

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, SlTimeline *self)
{
  GdkModifierType state
      = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double x = LABEL_WIDTH;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (scroll));
  double ex, ey;
  if (event != NULL && gdk_event_get_position (event, &ex, &ey))
    {
      graphene_point_t p;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      double nx, ny;
      gtk_native_get_surface_transform (native, &nx, &ny);
      if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                    &GRAPHENE_POINT_INIT (ex - nx, ey - ny), &p))
        x = p.x;
    }
  if (state & GDK_CONTROL_MASK)
    {
      zoom (self, dy > 0 ? 1.25 : 0.8, x_to_frame (self, x));
      return TRUE;
    }
  if (self->view_count >= self->frame_count)
    return FALSE; /* the whole recording: the page scrolls */
  double d = fabs (dx) > fabs (dy) ? dx : dy;
  gint64 by = (gint64)llround (d * MAX (self->view_count / 10, 1));
  show_frames (self, self->view_first + (by != 0 ? by : (d > 0 ? 1 : -1)), self->view_count);
  return TRUE;
}

/* The frame shown moves to @frame, the view following it. */
static void
go_to (SlTimeline *self, gint64 frame)
{
  if (self->review == NULL)
    return;
  frame = CLAMP (frame, 0, self->frame_count - 1);
  if (frame < self->view_first || frame >= self->view_first + self->view_count)
    show_frames (self, frame - self->view_count / 2, self->view_count);
  sl_review_set_frame (self->review, frame);
}

/* [ and ] set the selection's start and end at the frame shown. */
static void
mark (SlTimeline *self, gboolean end)
{
  gint64 first = self->range_first, last = self->range_last;
  if (end)
    {
      last = self->frame;
      first = first >= 0 && first <= last ? first : last;
    }
  else
    {
      first = self->frame;
      last = last >= first ? last : first;
    }
  sl_timeline_set_range (self, first, last);
}

static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
        SlTimeline *self)
{
  switch (keyval)
    {
    case GDK_KEY_Home:
      go_to (self, 0);
      return TRUE;
    case GDK_KEY_End:
      go_to (self, self->frame_count - 1);
      return TRUE;
    case GDK_KEY_bracketleft:
      mark (self, FALSE);
      return TRUE;
    case GDK_KEY_bracketright:
      mark (self, TRUE);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom (self, 0.5, self->frame);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom (self, 2, self->frame);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      show_frames (self, 0, self->frame_count);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->range_first < 0)
        return FALSE;
      sl_timeline_set_range (self, -1, -1);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The event at (@x, @y) on the strip there, and why it was found; NULL
 * when there is none.  On a lane an alert comes before the state it
 * raised. */
char *
sl_timeline_describe_at (SlTimeline *self, double x, double y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GPtrArray *events = self->data != NULL ? self->data->events : NULL;
  double top;
  int s = strip_at (self, y, &top);
  if (events == NULL || x < LABEL_WIDTH || s < 0)
    return NULL;
  const SlStrip *strip = self->strips->pdata[s];
  gint64 f = x_to_frame (self, x);
  /* A few pixels' worth of frames either side: short events stay reachable. */
  gint64 slack
      = MAX (3 * self->view_count / MAX (gtk_widget_get_width (widget) - LABEL_WIDTH, 1), 1);
  const SlEvent *found = NULL;
  for (guint i = 0; i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (!sl_strip_shows_kind (strip, e->kind) || f < e->start_frame - slack
          || f > e->end_frame + slack)
        continue;
      if (found == NULL || g_str_equal (e->kind, "alert"))
        found = e;
    }
  if (found == NULL)
    return NULL;
  g_autoptr (SlExplanation) xp = sl_explanation_parse (found->explanation, NULL);
  return xp != NULL ? sl_explain_sentence (xp, found->start_s, found->end_s - found->start_s)
                    : g_strdup (sl_explain_kind_label (found->kind));
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  g_autofree char *why = sl_timeline_describe_at (SL_TIMELINE (widget), x, y);
  if (why == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, why);
  return TRUE;
}

static void
sl_timeline_dispose (GObject *object)
{
  if (SL_TIMELINE (object)->loading != NULL)
    g_cancellable_cancel (SL_TIMELINE (object)->loading);
  g_clear_object (&SL_TIMELINE (object)->loading);
  clear_data (SL_TIMELINE (object));
  g_clear_pointer (&SL_TIMELINE (object)->series, g_hash_table_unref);
  g_clear_pointer (&SL_TIMELINE (object)->names, g_ptr_array_unref);
  g_clear_pointer (&SL_TIMELINE (object)->strips, g_ptr_array_unref);
  g_clear_object (&SL_TIMELINE (object)->review);
  G_OBJECT_CLASS (sl_timeline_parent_class)->dispose (object);
}

static void
sl_timeline_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  SL_TIMELINE (widget)->style_valid = FALSE;
  GTK_WIDGET_CLASS (sl_timeline_parent_class)->css_changed (widget, change);
}

static void
sl_timeline_class_init (SlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_timeline_dispose;
  widget_class->snapshot = sl_timeline_snapshot;
  widget_class->css_changed = sl_timeline_css_changed;
  widget_class->measure = sl_timeline_measure;
  widget_class->query_tooltip = on_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_timeline_init (SlTimeline *self)
{
  self->frame_count = 1;
  self->view_count = 1;
  self->range_first = self->range_last = -1;
  self->series = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  GtkEventController *scroll = gtk_event_controller_scroll_new (
      GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  self->strips = sl_strips_default ();
  self->n_default = self->strips->len;
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
      _ ("Signals and events over the recording; click to seek, Shift and drag to select a "
         "range, Ctrl+scroll or + and − to zoom, [ and ] to select from and to the frame shown"),
      -1);
}
