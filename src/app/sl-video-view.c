/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playback follows the frame clock: on each tick the view decodes forward
 * to the frame whose timestamp the clock has reached, converts only that one
 * to a texture, and reads its result from the library.  A frame that was
 * skipped by the run's preset shows the last analysed frame's result,
 * drawn dimmed and labelled, never passed off as its own.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "library/sl-store.h"
#include "media/sl-video-source.h"
#include "draw/sl-overlay.h"
#include "sl-style.h"
#include "sl-video-view.h"

struct _SlVideoView
{
  GtkWidget parent_instance;

  /* The overlays' colours and font from the theme, read again when the
   * widget's style changes rather than on every paint. */
  SlDrawStyle style;
  gboolean style_valid;

  SlVideoSource *video;
  SlVideoInfo info;
  GdkTexture *texture;
  gint64 frame;
  double time_s;
  gboolean at_end;

  gboolean playing;
  double speed; /* media seconds per second of the clock */
  guint tick_id;
  gint64 play_clock_start;
  double play_media_start;

  SlStore *store; /* borrowed: the window's main-thread connection */
  gint64 run_id;
  int run_step;
  gboolean has_result;
  gboolean result_exact;
  SlFaceResult result;
  SlOverlayValues *values; /* of the result's frame: every layer's signals */
  double focal_scale;

  gboolean *shown; /* per overlay layer (sl_overlays_all) */
  gboolean blind;  /* the layers that tell detections are left out */
  gboolean show_gaze;
  SlGazeInset *gaze;
  SlReview *review;
  /* A region being drawn on the inset: its corners in screen pixels. */
  gboolean drawing_region;
  double region_from[2], region_to[2];
};

enum
{
  PROP_0,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_FRAME,
  PROP_TIME,
  PROP_DURATION,
  PROP_HAS_VIDEO,
  PROP_SHOW_FACE_BOX,
  PROP_SHOW_LANDMARKS,
  PROP_SHOW_FRAME_INFO,
  PROP_SHOW_HEAD_POSE,
  PROP_SHOW_EYES,
  PROP_SHOW_PUPILS,
  PROP_SHOW_STATE,
  PROP_SHOW_GAZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  REGION_DRAWN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlVideoView, sl_video_view, GTK_TYPE_WIDGET)

/* The show-* properties and the overlay layer each shows or hides. */
static const struct
{
  guint prop;
  const char *layer;
} layer_props[] = {
  { PROP_SHOW_FACE_BOX, "face-box" },     { PROP_SHOW_LANDMARKS, "landmarks" },
  { PROP_SHOW_HEAD_POSE, "head-pose" },   { PROP_SHOW_EYES, "eyes" },
  { PROP_SHOW_PUPILS, "pupils" },         { PROP_SHOW_STATE, "state" },
  { PROP_SHOW_FRAME_INFO, "frame-info" },
};

static guint
n_layers (void)
{
  guint n = 0;
  while (sl_overlays_all ()[n] != NULL)
    n++;
  return n;
}

static int
layer_index (const char *id)
{
  const SlOverlayLayer *const *all = sl_overlays_all ();
  for (int i = 0; all[i] != NULL; i++)
    if (g_str_equal (all[i]->id, id))
      return i;
  g_assert_not_reached ();
}

/* What the layers read of the result's frame, in one pass. */
static void
load_signals (SlVideoView *self)
{
  guint n = sl_overlay_values_size (self->values);
  double *v = sl_overlay_values_data (self->values);
  for (guint k = 0; k < n; k++)
    v[k] = NAN;
  if (!self->has_result || !self->result.success || n == 0)
    return;
  sl_store_get_signals (self->store, self->run_id, self->result.frame,
                        sl_overlay_values_names (self->values), n, v, NULL);
}

static void
load_result (SlVideoView *self)
{
  self->has_result = FALSE;
  self->result_exact = FALSE;
  load_signals (self); /* none, until a result says otherwise */
  if (self->store == NULL || self->run_id == 0 || self->video == NULL)
    return;
  g_autoptr (GError) error = NULL;
  if (sl_store_get_face_near (self->store, self->run_id, self->frame, MAX (self->run_step - 1, 0),
                              &self->result, &error))
    {
      self->has_result = TRUE;
      self->result_exact = self->result.frame == self->frame;
      load_signals (self);
    }
  else if (error != NULL)
    g_warning ("Reading the results of frame %" PRId64 ": %s", self->frame, error->message);
}

static void
show_frame (SlVideoView *self, const SlVideoFrame *frame)
{
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_B8G8R8,
                                          frame->pixels, frame->stride);
  self->frame = frame->index;
  self->time_s = frame->time_s;
  load_result (self);
  if (self->review != NULL)
    sl_review_set_frame (self->review, self->frame);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Decodes the next frame; FALSE at the end or on error. */
static gboolean
read_next (SlVideoView *self, SlVideoFrame *frame)
{
  g_autoptr (GError) error = NULL;
  if (sl_video_source_read (self->video, frame, &error))
    return TRUE;
  if (error != NULL)
    g_warning ("After frame %" PRId64 ": %s", self->frame, error->message);
  self->at_end = TRUE;
  return FALSE;
}

/* Playback counts media time from the frame shown when it started, or
 * when the speed last changed. */
static void
restart_clock (SlVideoView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  self->play_clock_start = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
  self->play_media_start = self->time_s;
}

/* At most this many frames are decoded in one tick: a recording that
 * decodes slower than the speed asks for plays slower, not in jumps. */
#define MAX_FRAMES_PER_TICK 8

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  SlVideoView *self = SL_VIDEO_VIEW (widget);
  double target
      = self->play_media_start
        + self->speed * (gdk_frame_clock_get_frame_time (clock) - self->play_clock_start) / 1e6;
  double half = 0.5 / self->info.fps;

  SlVideoFrame frame = { 0 }, newest = { 0 };
  gboolean got = FALSE;
  double t = self->time_s;
  int decoded = 0;
  while (t + 2 * half <= target + half && decoded < MAX_FRAMES_PER_TICK && read_next (self, &frame))
    {
      decoded++;
      sl_video_frame_clear (&newest);
      newest = frame;
      frame = (SlVideoFrame){ 0 };
      t = newest.time_s;
      got = TRUE;
    }
  if (got)
    show_frame (self, &newest);
  sl_video_frame_clear (&newest);
  if (self->at_end)
    sl_video_view_set_playing (self, FALSE);
  else if (decoded == MAX_FRAMES_PER_TICK && target - self->time_s > 4 * half)
    restart_clock (self);
  return G_SOURCE_CONTINUE;
}

void
sl_video_view_set_blind (SlVideoView *self, gboolean blind)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  self->blind = blind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_video_view_set_speed (SlVideoView *self, double speed)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  speed = CLAMP (speed, 0.05, 16);
  if (speed == self->speed)
    return;
  self->speed = speed;
  if (self->playing)
    restart_clock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

double
sl_video_view_get_speed (SlVideoView *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_VIEW (self), 1);
  return self->speed;
}

void
sl_video_view_set_playing (SlVideoView *self, gboolean playing)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  playing = playing && self->video != NULL;
  if (playing == self->playing)
    return;
  if (playing && self->at_end)
    sl_video_view_seek (self, 0);
  self->playing = playing;
  if (playing)
    {
      restart_clock (self);
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
sl_video_view_get_playing (SlVideoView *self)
{
  g_return_val_if_fail (SL_IS_VIDEO_VIEW (self), FALSE);
  return self->playing;
}

void
sl_video_view_seek (SlVideoView *self, gint64 index)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  if (self->video == NULL)
    return;
  gint64 last = MAX (self->info.frame_count - 1, 0);
  index = CLAMP (index, 0, last);
  g_autoptr (GError) error = NULL;
  self->at_end = FALSE;
  if (!sl_video_source_seek (self->video, index, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  SlVideoFrame frame = { 0 };
  if (read_next (self, &frame))
    show_frame (self, &frame);
  else if (index > 0)
    {
      /* Past the last decodable frame (a nominal count that overshoots):
       * settle on the last one there is. */
      sl_video_view_seek (self, index - MAX (1, (gint64)self->info.fps));
      return;
    }
  sl_video_frame_clear (&frame);
  if (self->playing)
    restart_clock (self);
}

void
sl_video_view_step (SlVideoView *self, gint64 frames)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  if (self->video == NULL)
    return;
  sl_video_view_set_playing (self, FALSE);
  if (frames == 1)
    {
      /* The common case reads on without seeking. */
      SlVideoFrame frame = { 0 };
      if (read_next (self, &frame))
        show_frame (self, &frame);
      sl_video_frame_clear (&frame);
      return;
    }
  sl_video_view_seek (self, self->frame + frames);
}

void
sl_video_view_jump (SlVideoView *self, double seconds)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  if (self->video == NULL)
    return;
  sl_video_view_seek (self, self->frame + (gint64)llround (seconds * self->info.fps));
}

gboolean
sl_video_view_open (SlVideoView *self, const char *path, GError **error)
{
  g_return_val_if_fail (SL_IS_VIDEO_VIEW (self), FALSE);
  sl_video_view_close (self);
  self->video = sl_video_source_open (path, error);
  if (self->video == NULL)
    return FALSE;
  self->info = *sl_video_source_get_info (self->video);
  self->at_end = FALSE;
  SlVideoFrame frame = { 0 };
  if (read_next (self, &frame))
    show_frame (self, &frame);
  sl_video_frame_clear (&frame);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VIDEO]);
  return TRUE;
}

void
sl_video_view_close (SlVideoView *self)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  sl_video_view_set_playing (self, FALSE);
  g_clear_object (&self->video);
  g_clear_object (&self->texture);
  self->frame = 0;
  self->time_s = 0;
  self->has_result = FALSE;
  memset (&self->info, 0, sizeof self->info);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VIDEO]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_video_view_set_results (SlVideoView *self, SlStore *store, gint64 run_id)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  self->store = run_id > 0 ? store : NULL;
  self->run_id = self->store != NULL ? run_id : 0;
  self->run_step = 1;
  if (self->store != NULL)
    {
      g_autoptr (SlRun) run = sl_store_get_run (self->store, run_id, NULL);
      if (run != NULL)
        {
          self->run_step = run->step;
          self->focal_scale = sl_run_get_param (run, "head_pose", "focal_scale", 1.0);
        }
    }
  load_result (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_video_view_refresh_results (SlVideoView *self)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  gboolean had = self->has_result;
  load_result (self);
  if (had != self->has_result)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
sl_video_view_get_frame (SlVideoView *self)
{
  return self->frame;
}

double
sl_video_view_get_time (SlVideoView *self)
{
  return self->time_s;
}

double
sl_video_view_get_duration (SlVideoView *self)
{
  return self->info.duration_s;
}

gint64
sl_video_view_get_frame_count (SlVideoView *self)
{
  return self->info.frame_count;
}

double
sl_video_view_get_fps (SlVideoView *self)
{
  return self->info.fps;
}

const SlFaceResult *
sl_video_view_get_result (SlVideoView *self)
{
  return self->has_result && self->result.success ? &self->result : NULL;
}

/* Room the on-screen gaze inset takes beside or below the frame: its
 * caption above it and a margin around. */
#define INSET_CAPTION 32
#define INSET_MARGIN 8

/* The rectangle the frame occupies, letterboxed into the widget, and the
 * box the gaze inset is drawn in when it is shown: beside the frame or
 * below it, whichever leaves the frame larger, never over it. */
static gboolean
layout (SlVideoView *self, graphene_rect_t *rect, double *scale, graphene_rect_t *inset)
{
  if (self->texture == NULL)
    return FALSE;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double tw = gdk_texture_get_width (self->texture);
  double th = gdk_texture_get_height (self->texture);
  if (self->gaze == NULL || !self->show_gaze)
    {
      double s = MIN (w / tw, h / th);
      if (!(s > 0))
        return FALSE;
      graphene_rect_init (rect, (w - tw * s) / 2, (h - th * s) / 2, tw * s, th * s);
      *scale = s;
      if (inset != NULL)
        graphene_rect_init (inset, 0, 0, 0, 0);
      return TRUE;
    }
  double side_w = CLAMP (w * 0.25, 140, 420);
  double below_h = CLAMP (h * 0.3, 100, 280);
  double s_side = MIN ((w - side_w) / tw, h / th);
  double s_below = MIN (w / tw, (h - below_h) / th);
  double s = MAX (s_side, s_below);
  if (!(s > 0))
    return FALSE;
  double vw = tw * s, vh = th * s;
  graphene_rect_t box;
  if (s_side >= s_below)
    {
      double x = (w - vw - side_w) / 2, y = (h - vh) / 2;
      graphene_rect_init (rect, x, y, vw, vh);
      graphene_rect_init (&box, x + vw + INSET_MARGIN, y + INSET_CAPTION - INSET_MARGIN,
                          side_w - 2 * INSET_MARGIN, vh - INSET_CAPTION);
    }
  else
    {
      double x = (w - vw) / 2, y = (h - vh - below_h) / 2;
      graphene_rect_init (rect, x, y, vw, vh);
      graphene_rect_init (&box, x, y + vh + INSET_CAPTION, vw,
                          below_h - INSET_CAPTION - INSET_MARGIN);
    }
  *scale = s;
  if (inset != NULL)
    *inset = box;
  return TRUE;
}

static gboolean
frame_rect (SlVideoView *self, graphene_rect_t *rect, double *scale)
{
  return layout (self, rect, scale, NULL);
}

gboolean
sl_video_view_image_to_widget (SlVideoView *self, double x, double y, double *wx, double *wy)
{
  graphene_rect_t r;
  double s;
  if (!frame_rect (self, &r, &s))
    return FALSE;
  *wx = r.origin.x + x * s;
  *wy = r.origin.y + y * s;
  return TRUE;
}

static void
sl_video_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlVideoView *self = SL_VIDEO_VIEW (widget);
  graphene_rect_t r, b;
  double s;

  GdkRGBA black = { 0, 0, 0, 1 };
  gtk_snapshot_append_color (
      snapshot, &black,
      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
  if (!layout (self, &r, &s, &b))
    return;
  gtk_snapshot_append_texture (snapshot, self->texture, &r);

  /* The overlay layers, in the frame's rectangle. */
  if (!self->style_valid)
    {
      self->style = *sl_draw_style_default ();
      sl_app_draw_style (widget, &self->style);
      self->style_valid = TRUE;
    }
  const SlDrawStyle style = self->style;
  const SlFaceResult *result = self->has_result ? &self->result : NULL;
  SlOverlayContext ctx = {
    .ox = r.origin.x,
    .oy = r.origin.y,
    .scale = s,
    .width = gdk_texture_get_width (self->texture),
    .height = gdk_texture_get_height (self->texture),
    .style = &style,
    .result = result,
    .face = result != NULL && result->success ? result : NULL,
    .exact = result != NULL && self->result_exact,
    .analysed = self->run_id != 0,
    .focal_scale = self->focal_scale,
    .frame = self->frame,
    .time_s = self->time_s,
    .duration_s = self->info.duration_s,
    .values = self->values,
  };
  const SlOverlayLayer *const *all = sl_overlays_all ();
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  for (guint i = 0; all[i] != NULL; i++)
    if (self->shown[i] && !(self->blind && all[i]->tells_detections))
      g_ptr_array_add (shown, (gpointer)all[i]);
  ctx.cr = gtk_snapshot_append_cairo (snapshot, &r);
  sl_overlays_draw ((const SlOverlayLayer *const *)shown->pdata, shown->len, &ctx);
  cairo_destroy (ctx.cr);

  if (self->gaze != NULL && self->show_gaze)
    {
      /* Its box, its halo and the caption above it: not the whole widget,
       * which a cairo node would rasterise on every frame. */
      cairo_t *cr = gtk_snapshot_append_cairo (
          snapshot, &GRAPHENE_RECT_INIT (b.origin.x - 8, b.origin.y - 32, b.size.width + 16,
                                         b.size.height + 40));
      sl_gaze_inset_draw (self->gaze, cr, &style, b.origin.x, b.origin.y, b.size.width,
                          b.size.height, self->frame, self->time_s, MAX (self->run_step - 1, 0));
      cairo_destroy (cr);
      if (self->drawing_region)
        {
          double x0, y0, x1, y1;
          sl_gaze_inset_screen_to_widget (self->gaze, self->region_from[0], self->region_from[1],
                                          &x0, &y0);
          sl_gaze_inset_screen_to_widget (self->gaze, self->region_to[0], self->region_to[1], &x1,
                                          &y1);
          GdkRGBA band = { 0.3f, 1, 0.5f, 0.3f };
          gtk_snapshot_append_color (
              snapshot, &band,
              &GRAPHENE_RECT_INIT (MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0)));
        }
    }
}

static void
sl_video_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                       int *natural, int *minimum_baseline, int *natural_baseline)
{
  SlVideoView *self = SL_VIDEO_VIEW (widget);
  *minimum = 160;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = self->info.width > 0 ? MAX (self->info.width, 480) : 640;
  else
    *natural = self->info.height > 0 ? MAX (self->info.height, 360) : 480;
}

static void
sl_video_view_dispose (GObject *object)
{
  SlVideoView *self = SL_VIDEO_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_object (&self->video);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->gaze, sl_gaze_inset_free);
  g_clear_pointer (&self->values, sl_overlay_values_free);
  g_clear_object (&self->review);
  g_clear_pointer (&self->shown, g_free);
  self->store = NULL;

  G_OBJECT_CLASS (sl_video_view_parent_class)->dispose (object);
}

static void
sl_video_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlVideoView *self = SL_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_FRAME:
      g_value_set_int64 (value, self->frame);
      break;
    case PROP_TIME:
      g_value_set_double (value, self->time_s);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->info.duration_s);
      break;
    case PROP_HAS_VIDEO:
      g_value_set_boolean (value, self->video != NULL);
      break;
    case PROP_SHOW_GAZE:
      g_value_set_boolean (value, self->show_gaze);
      break;
    default:
      for (guint k = 0; k < G_N_ELEMENTS (layer_props); k++)
        if (layer_props[k].prop == prop_id)
          {
            g_value_set_boolean (value, self->shown[layer_index (layer_props[k].layer)]);
            return;
          }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_layer (SlVideoView *self, gboolean *field, gboolean value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
sl_video_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlVideoView *self = SL_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      sl_video_view_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      sl_video_view_set_speed (self, g_value_get_double (value));
      break;
    case PROP_SHOW_GAZE:
      set_layer (self, &self->show_gaze, g_value_get_boolean (value), prop_id);
      break;
    default:
      for (guint k = 0; k < G_N_ELEMENTS (layer_props); k++)
        if (layer_props[k].prop == prop_id)
          {
            set_layer (self, &self->shown[layer_index (layer_props[k].layer)],
                       g_value_get_boolean (value), prop_id);
            return;
          }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_video_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  SL_VIDEO_VIEW (widget)->style_valid = FALSE;
  GTK_WIDGET_CLASS (sl_video_view_parent_class)->css_changed (widget, change);
}

static void
sl_video_view_class_init (SlVideoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_video_view_dispose;
  widget_class->css_changed = sl_video_view_css_changed;
  object_class->get_property = sl_video_view_get_property;
  object_class->set_property = sl_video_view_set_property;
  widget_class->snapshot = sl_video_view_snapshot;
  widget_class->measure = sl_video_view_measure;

  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0.05, 16, 1, rw);
  properties[PROP_FRAME] = g_param_spec_int64 ("frame", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TIME] = g_param_spec_double ("time", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_HAS_VIDEO] = g_param_spec_boolean ("has-video", NULL, NULL, FALSE, ro);
  properties[PROP_SHOW_FACE_BOX] = g_param_spec_boolean ("show-face-box", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_LANDMARKS] = g_param_spec_boolean ("show-landmarks", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_HEAD_POSE] = g_param_spec_boolean ("show-head-pose", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_EYES] = g_param_spec_boolean ("show-eyes", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_PUPILS] = g_param_spec_boolean ("show-pupils", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_STATE] = g_param_spec_boolean ("show-state", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_GAZE] = g_param_spec_boolean ("show-gaze", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_FRAME_INFO] = g_param_spec_boolean ("show-frame-info", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* SlVideoView::region-drawn: the grader drew @x, @y, @w, @h (screen
   * pixels) on the on-screen gaze inset. */
  signals[REGION_DRAWN] = g_signal_new ("region-drawn", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                        G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  gtk_widget_class_set_css_name (widget_class, "sl-video-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void on_region_begin (GtkGestureDrag *gesture, double x, double y, SlVideoView *self);
static void on_region_update (GtkGestureDrag *gesture, double dx, double dy, SlVideoView *self);
static void on_region_end (GtkGestureDrag *gesture, double dx, double dy, SlVideoView *self);

static void
sl_video_view_init (SlVideoView *self)
{
  guint n = n_layers ();
  self->shown = g_new (gboolean, n);
  for (guint i = 0; i < n; i++)
    self->shown[i] = TRUE;
  g_autofree const char **names = sl_overlays_signals (sl_overlays_all (), n);
  self->values = sl_overlay_values_new (names, g_strv_length ((char **)names));
  self->show_gaze = TRUE;
  self->speed = 1;
  self->focal_scale = 1.0;
  self->run_step = 1;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_region_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_region_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_region_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
sl_video_view_new (void)
{
  return g_object_new (SL_TYPE_VIDEO_VIEW, NULL);
}

void
sl_video_view_set_gaze (SlVideoView *self, SlGazeInset *gaze)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  g_clear_pointer (&self->gaze, sl_gaze_inset_free);
  self->gaze = gaze;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Dragging on the inset draws the region on-screen compliance counts. */
static void
on_region_begin (GtkGestureDrag *gesture, double x, double y, SlVideoView *self)
{
  double sx, sy;
  if (self->gaze == NULL || !self->show_gaze
      || !sl_gaze_inset_to_screen (self->gaze, x, y, &sx, &sy))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drawing_region = TRUE;
  self->region_from[0] = self->region_to[0] = sx;
  self->region_from[1] = self->region_to[1] = sy;
}

static void
on_region_update (GtkGestureDrag *gesture, double dx, double dy, SlVideoView *self)
{
  if (!self->drawing_region)
    return;
  double x0, y0, sx, sy;
  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  sl_gaze_inset_to_screen (self->gaze, x0 + dx, y0 + dy, &sx, &sy);
  self->region_to[0] = sx;
  self->region_to[1] = sy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_region_end (GtkGestureDrag *gesture, double dx, double dy, SlVideoView *self)
{
  if (!self->drawing_region)
    return;
  on_region_update (gesture, dx, dy, self);
  self->drawing_region = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  const SlScreenGeometry *g = sl_gaze_inset_get_screen (self->gaze);
  double x0 = CLAMP (MIN (self->region_from[0], self->region_to[0]), 0, g->width_px);
  double y0 = CLAMP (MIN (self->region_from[1], self->region_to[1]), 0, g->height_px);
  double x1 = CLAMP (MAX (self->region_from[0], self->region_to[0]), 0, g->width_px);
  double y1 = CLAMP (MAX (self->region_from[1], self->region_to[1]), 0, g->height_px);
  /* A click is not a region. */
  if (x1 - x0 < g->width_px * 0.02 || y1 - y0 < g->height_px * 0.02)
    return;
  g_signal_emit (self, signals[REGION_DRAWN], 0, x0, y0, x1 - x0, y1 - y0);
}

static void
on_review_frame (SlVideoView *self)
{
  gint64 frame = sl_review_get_frame (self->review);
  if (self->video != NULL && frame != self->frame)
    sl_video_view_seek (self, frame);
}

static void
on_review_run (SlVideoView *self)
{
  gint64 run = sl_review_get_run (self->review);
  sl_video_view_set_results (self, run != 0 ? sl_review_get_store (self->review) : NULL, run);
}

static void
on_review_selection (SlVideoView *self)
{
  gint64 first, last;
  sl_review_get_selection (self->review, &first, &last);
  sl_video_view_set_gaze_range (self, first, last);
}

void
sl_video_view_set_review (SlVideoView *self, SlReview *review)
{
  g_return_if_fail (SL_IS_VIDEO_VIEW (self));
  g_return_if_fail (self->review == NULL);
  self->review = g_object_ref (review);
  g_signal_connect_object (review, "notify::frame", G_CALLBACK (on_review_frame), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::run-id", G_CALLBACK (on_review_run), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-last", G_CALLBACK (on_review_selection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "notify::selection-first", G_CALLBACK (on_review_selection),
                           self, G_CONNECT_SWAPPED);
}

void
sl_video_view_set_gaze_range (SlVideoView *self, gint64 first, gint64 last)
{
  if (self->gaze == NULL)
    return;
  sl_gaze_inset_set_range (self->gaze, first, last);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SlGazeInset *
sl_video_view_get_gaze (SlVideoView *self)
{
  return self->gaze;
}
