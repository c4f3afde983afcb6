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
#include "processors/sl-processors.h"
#include "sl-style.h"
#include "sl-video-view.h"

struct _SlVideoView
{
  GtkWidget parent_instance;

  SlVideoSource *video;
  SlVideoInfo info;
  GdkTexture *texture;
  gint64 frame;
  double time_s;
  gboolean at_end;

  gboolean playing;
  guint tick_id;
  gint64 play_clock_start;
  double play_media_start;

  SlStore *store; /* borrowed: the window's main-thread connection */
  gint64 run_id;
  int run_step;
  gboolean has_result;
  gboolean result_exact;
  SlFaceResult result;
  gboolean has_pose;
  double pose[6];   /* of the result's frame: head_pose.yaw … tz */
  double eyes[3];   /* eyes.openness, eyes.closed, drowsiness.yawning (NaN: none) */
  double pupils[4]; /* pupils.left_x, left_y, right_x, right_y */
  double state;     /* fusion.state */
  double focal_scale;

  gboolean show_face_box;
  gboolean show_landmarks;
  gboolean show_frame_info;
  gboolean show_head_pose;
  gboolean show_eyes;
  gboolean show_pupils;
  gboolean show_state;
  gboolean show_gaze;
  SlGazeInset *gaze;
  /* A region being drawn on the inset: its corners in screen pixels. */
  gboolean drawing_region;
  double region_from[2], region_to[2];
};

enum
{
  PROP_0,
  PROP_PLAYING,
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

/* iBUG 68-point groups drawn as polylines; the eyes, lips and mouth close. */
static const struct
{
  int first, last;
  gboolean closed;
} landmark_groups[] = {
  { 0, 16, FALSE }, { 17, 21, FALSE }, { 22, 26, FALSE }, { 27, 30, FALSE }, { 31, 35, FALSE },
  { 36, 41, TRUE }, { 42, 47, TRUE },  { 48, 59, TRUE },  { 60, 67, TRUE },
};

/* The signals the overlays draw, read in one query: the head pose, then
 * the eyes' state. */
/* clang-format off */
static const char *const frame_signals[] = {
  "head_pose.yaw", "head_pose.pitch", "head_pose.roll",
  "head_pose.tx", "head_pose.ty", "head_pose.tz",
  "eyes.openness", "eyes.closed", "drowsiness.yawning",
  "pupils.left_x", "pupils.left_y", "pupils.right_x", "pupils.right_y",
  "fusion.state",
};
/* clang-format on */
#define N_POSE 6

static void
load_signals (SlVideoView *self)
{
  double v[G_N_ELEMENTS (frame_signals)];
  self->has_pose = FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (self->eyes); k++)
    self->eyes[k] = NAN;
  for (guint k = 0; k < G_N_ELEMENTS (self->pupils); k++)
    self->pupils[k] = NAN;
  self->state = NAN;
  if (!self->has_result || !self->result.success)
    return;
  if (sl_store_get_signals (self->store, self->run_id, self->result.frame, frame_signals,
                            G_N_ELEMENTS (frame_signals), v, NULL)
      == 0)
    return;
  self->has_pose = TRUE;
  for (int k = 0; k < N_POSE; k++)
    self->has_pose &= isfinite (v[k]);
  if (self->has_pose)
    memcpy (self->pose, v, sizeof self->pose);
  for (guint k = 0; k < G_N_ELEMENTS (self->eyes); k++)
    self->eyes[k] = v[N_POSE + k];
  for (guint k = 0; k < G_N_ELEMENTS (self->pupils); k++)
    self->pupils[k] = v[N_POSE + G_N_ELEMENTS (self->eyes) + k];
  self->state = v[G_N_ELEMENTS (frame_signals) - 1];
}

static void
load_result (SlVideoView *self)
{
  self->has_result = FALSE;
  self->result_exact = FALSE;
  self->has_pose = FALSE;
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

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  SlVideoView *self = SL_VIDEO_VIEW (widget);
  double target = self->play_media_start
                  + (gdk_frame_clock_get_frame_time (clock) - self->play_clock_start) / 1e6;
  double half = 0.5 / self->info.fps;

  SlVideoFrame frame = { 0 }, newest = { 0 };
  gboolean got = FALSE;
  double t = self->time_s;
  while (t + 2 * half <= target + half && read_next (self, &frame))
    {
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
  return G_SOURCE_CONTINUE;
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
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
      self->play_clock_start
          = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
      self->play_media_start = self->time_s;
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
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
      self->play_clock_start
          = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
      self->play_media_start = self->time_s;
    }
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

/* The rectangle the frame occupies, letterboxed into the widget. */
static gboolean
frame_rect (SlVideoView *self, graphene_rect_t *rect, double *scale)
{
  if (self->texture == NULL)
    return FALSE;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double tw = gdk_texture_get_width (self->texture);
  double th = gdk_texture_get_height (self->texture);
  double s = MIN (w / tw, h / th);
  if (!(s > 0))
    return FALSE;
  graphene_rect_init (rect, (w - tw * s) / 2, (h - th * s) / 2, tw * s, th * s);
  *scale = s;
  return TRUE;
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
append_label (SlVideoView *self, GtkSnapshot *snapshot, const char *text, double x, double y,
              const GdkRGBA *bg)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  GdkRGBA fg = { 1, 1, 1, 1 };
  gtk_snapshot_append_color (snapshot, bg, &GRAPHENE_RECT_INIT (x, y, lw + 8, lh + 4));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 4, y + 2));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

/* Strokes the current path twice: a dark halo, then @color, so that the
 * overlay reads on any background. */
static void
stroke_with_halo (cairo_t *cr, const GdkRGBA *color, double width)
{
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55 * color->alpha);
  cairo_set_line_width (cr, width + 2);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_landmarks (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r, double s,
                const GdkRGBA *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, r);
  const float *p = self->result.points;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint g = 0; g < G_N_ELEMENTS (landmark_groups); g++)
    {
      for (int i = landmark_groups[g].first; i <= landmark_groups[g].last; i++)
        {
          double x = r->origin.x + p[2 * i] * s, y = r->origin.y + p[2 * i + 1] * s;
          if (i == landmark_groups[g].first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (landmark_groups[g].closed)
        cairo_close_path (cr);
      stroke_with_halo (cr, color, 1.5);
    }
  double radius = MAX (1.5, 2.0 * MIN (s, 1.5));
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, r->origin.x + p[2 * i] * s, r->origin.y + p[2 * i + 1] * s, radius, 0,
                 2 * G_PI);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55 * color->alpha);
  cairo_set_line_width (cr, 2);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
draw_box (GtkSnapshot *snapshot, const graphene_rect_t *box, const GdkRGBA *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (
      snapshot, &GRAPHENE_RECT_INIT (box->origin.x - 3, box->origin.y - 3, box->size.width + 6,
                                     box->size.height + 6));
  cairo_rectangle (cr, box->origin.x, box->origin.y, box->size.width, box->size.height);
  stroke_with_halo (cr, color, 2);
  cairo_destroy (cr);
}

/* The head's axes from the nose tip, 40 mm long: x to the person's left
 * (image right when facing the camera), y up, z out of the face. */
static void
draw_head_pose (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r, double s)
{
  static const float axes[] = { 0, 0, 0, 40, 0, 0, 0, -40, 0, 0, 0, -40 };
  const char *colors[] = { "error_color", "success_color", "accent_color" };
  const char *fallbacks[] = { "#e01b24", "#26a269", "#1c71d8" };
  int w = gdk_texture_get_width (self->texture), h = gdk_texture_get_height (self->texture);
  float xy[8];
  if (!sl_head_pose_project (self->pose, w, h, self->focal_scale * MAX (w, h), axes, 4, xy))
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, r);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int a = 1; a <= 3; a++)
    {
      GdkRGBA color;
      sl_style_color (GTK_WIDGET (self), colors[a - 1], &color, fallbacks[a - 1]);
      cairo_move_to (cr, r->origin.x + xy[0] * s, r->origin.y + xy[1] * s);
      cairo_line_to (cr, r->origin.x + xy[2 * a] * s, r->origin.y + xy[2 * a + 1] * s);
      stroke_with_halo (cr, &color, 3);
    }
  cairo_destroy (cr);
}

/* The eye contours, filled by how open the eyes are: the colour of "open"
 * above the closing threshold, of "closed" below it. */
static void
draw_eyes (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r, double s)
{
  double openness = self->eyes[0], closed = self->eyes[1];
  if (!isfinite (closed))
    return;
  GdkRGBA color;
  if (closed > 0.5)
    sl_style_color (GTK_WIDGET (self), "error_color", &color, "#e01b24");
  else
    sl_style_color (GTK_WIDGET (self), "success_color", &color, "#26a269");
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, r);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  const float *p = self->result.points;
  for (int first = 36; first <= 42; first += 6)
    {
      for (int i = first; i < first + 6; i++)
        {
          double x = r->origin.x + p[2 * i] * s, y = r->origin.y + p[2 * i + 1] * s;
          if (i == first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue,
                             0.25 + 0.35 * (isfinite (openness) ? 1 - openness : 0.5));
      cairo_fill_preserve (cr);
      stroke_with_halo (cr, &color, 2);
    }
  cairo_destroy (cr);
}

/* A cross on each pupil centre, with a dark halo. */
static void
draw_pupils (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r, double s)
{
  GdkRGBA color;
  sl_style_color (GTK_WIDGET (self), "warning_color", &color, "#e5a50a");
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, r);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  double arm = MAX (3, 2.5 * s);
  for (int e = 0; e < 2; e++)
    {
      double x = self->pupils[2 * e], y = self->pupils[2 * e + 1];
      if (!isfinite (x) || !isfinite (y))
        continue;
      x = r->origin.x + x * s;
      y = r->origin.y + y * s;
      cairo_move_to (cr, x - arm, y);
      cairo_line_to (cr, x + arm, y);
      cairo_move_to (cr, x, y - arm);
      cairo_line_to (cr, x, y + arm);
      stroke_with_halo (cr, &color, 1.5);
    }
  cairo_destroy (cr);
}

/* The fused state under the frame information. */
static void
draw_state (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r)
{
  if (!isfinite (self->state))
    return;
  const char *names[] = { N_ ("Unknown"), N_ ("Alert"), N_ ("Drowsy"), N_ ("Distracted") };
  const char *colors[]
      = { "window_fg_color", "success_bg_color", "error_bg_color", "warning_bg_color" };
  const char *fallbacks[] = { "#77767b", "#2ec27e", "#c01c28", "#cd9309" };
  int k = CLAMP ((int)self->state, 0, 3);
  GdkRGBA bg;
  sl_style_color (GTK_WIDGET (self), colors[k], &bg, fallbacks[k]);
  if (k == 0)
    bg = (GdkRGBA){ 0.3f, 0.3f, 0.3f, 0.8f };
  g_autofree char *text = g_strdup_printf (_ ("State: %s"), _ (names[k]));
  append_label (self, snapshot, text, r->origin.x + 6, r->origin.y + 32, &bg);
}

/* Badges in the frame's top right corner: what the eyes and mouth are doing. */
static void
draw_badges (SlVideoView *self, GtkSnapshot *snapshot, const graphene_rect_t *r)
{
  const char *badges[2];
  guint n = 0;
  if (self->eyes[1] > 0.5)
    badges[n++] = _ ("Eyes closed");
  if (self->eyes[2] > 0.5)
    badges[n++] = _ ("Yawning");
  GdkRGBA bg;
  sl_style_color (GTK_WIDGET (self), "error_bg_color", &bg, "#c01c28");
  double y = r->origin.y + 6;
  for (guint k = 0; k < n; k++)
    {
      g_autoptr (PangoLayout) layout
          = gtk_widget_create_pango_layout (GTK_WIDGET (self), badges[k]);
      int lw, lh;
      pango_layout_get_pixel_size (layout, &lw, &lh);
      append_label (self, snapshot, badges[k], r->origin.x + r->size.width - lw - 14, y, &bg);
      y += lh + 8;
    }
}

static char *
format_time (double t)
{
  int cs = (int)llround (t * 100);
  return g_strdup_printf ("%d:%02d.%02d", cs / 6000, (cs / 100) % 60, cs % 100);
}

static void
sl_video_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlVideoView *self = SL_VIDEO_VIEW (widget);
  graphene_rect_t r;
  double s;

  GdkRGBA black = { 0, 0, 0, 1 };
  gtk_snapshot_append_color (
      snapshot, &black,
      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
  if (!frame_rect (self, &r, &s))
    return;
  gtk_snapshot_append_texture (snapshot, self->texture, &r);

  GdkRGBA accent, held, label_bg;
  sl_style_color (widget, "accent_bg_color", &accent, "#3584e4");
  sl_style_color (widget, "warning_color", &held, "#c88800");
  label_bg = (GdkRGBA){ 0, 0, 0, 0.65f };

  const SlFaceResult *res = self->has_result && self->result.success ? &self->result : NULL;
  GdkRGBA color = self->result_exact ? accent : held;
  if (!self->result_exact)
    color.alpha = 0.6f;

  gtk_snapshot_push_clip (snapshot, &r);
  if (res != NULL && self->show_face_box)
    {
      graphene_rect_t box
          = GRAPHENE_RECT_INIT (r.origin.x + res->box[0] * s, r.origin.y + res->box[1] * s,
                                res->box[2] * s, res->box[3] * s);
      draw_box (snapshot, &box, &color);
      g_autofree char *text = g_strdup_printf (res->detected ? _ ("face %d · %.0f%%")
                                                             : _ ("face %d · %.0f%% · tracked"),
                                               res->face_id, 100.0 * res->confidence);
      append_label (self, snapshot, text, box.origin.x, MAX (r.origin.y, box.origin.y - 22),
                    &label_bg);
    }
  if (res != NULL && self->show_landmarks)
    draw_landmarks (self, snapshot, &r, s, &color);
  if (res != NULL && self->has_pose && self->show_head_pose)
    draw_head_pose (self, snapshot, &r, s);
  if (res != NULL && self->result_exact && self->show_eyes)
    {
      /* Only on the frame the result is of: eyes move too fast to hold. */
      draw_eyes (self, snapshot, &r, s);
      draw_badges (self, snapshot, &r);
    }
  if (res != NULL && self->result_exact && self->show_pupils)
    draw_pupils (self, snapshot, &r, s);
  if (self->has_result && self->show_state)
    draw_state (self, snapshot, &r);
  gtk_snapshot_pop (snapshot);

  if (self->gaze != NULL && self->show_gaze)
    {
      /* Beside the video when there is room, else over its corner. */
      double right = r.origin.x + r.size.width;
      double free_w = gtk_widget_get_width (widget) - right;
      graphene_rect_t b;
      if (free_w >= 140)
        b = GRAPHENE_RECT_INIT (right + 8, r.origin.y + 24, free_w - 16, r.size.height - 32);
      else
        {
          double w = MAX (120, r.size.width * 0.3);
          b = GRAPHENE_RECT_INIT (right - w - 8, r.origin.y + r.size.height - w - 8, w, w);
        }
      sl_gaze_inset_draw (self->gaze, widget, snapshot, &b, self->frame, self->time_s,
                          MAX (self->run_step - 1, 0));
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

  if (self->show_frame_info)
    {
      g_autofree char *now = format_time (self->time_s);
      g_autofree char *total = format_time (self->info.duration_s);
      g_autofree char *state = NULL;
      if (self->run_id == 0)
        state = g_strdup (_ ("not analysed"));
      else if (!self->has_result)
        state = g_strdup (_ ("no result yet"));
      else if (!self->result_exact)
        state = g_strdup_printf (_ ("showing frame %" PRId64 "'s result"), self->result.frame);
      else if (!self->result.success)
        state = g_strdup (_ ("no face found"));
      g_autofree char *text
          = g_strdup_printf ("%s %" PRId64 " · %s / %s%s%s", _ ("frame"), self->frame, now, total,
                             state ? " · " : "", state ? state : "");
      append_label (self, snapshot, text, r.origin.x + 6, r.origin.y + 6, &label_bg);
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
    case PROP_SHOW_FACE_BOX:
      g_value_set_boolean (value, self->show_face_box);
      break;
    case PROP_SHOW_LANDMARKS:
      g_value_set_boolean (value, self->show_landmarks);
      break;
    case PROP_SHOW_FRAME_INFO:
      g_value_set_boolean (value, self->show_frame_info);
      break;
    case PROP_SHOW_HEAD_POSE:
      g_value_set_boolean (value, self->show_head_pose);
      break;
    case PROP_SHOW_EYES:
      g_value_set_boolean (value, self->show_eyes);
      break;
    case PROP_SHOW_PUPILS:
      g_value_set_boolean (value, self->show_pupils);
      break;
    case PROP_SHOW_STATE:
      g_value_set_boolean (value, self->show_state);
      break;
    case PROP_SHOW_GAZE:
      g_value_set_boolean (value, self->show_gaze);
      break;
    default:
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
    case PROP_SHOW_FACE_BOX:
      set_layer (self, &self->show_face_box, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_LANDMARKS:
      set_layer (self, &self->show_landmarks, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_FRAME_INFO:
      set_layer (self, &self->show_frame_info, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_HEAD_POSE:
      set_layer (self, &self->show_head_pose, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_EYES:
      set_layer (self, &self->show_eyes, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_PUPILS:
      set_layer (self, &self->show_pupils, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_STATE:
      set_layer (self, &self->show_state, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_GAZE:
      set_layer (self, &self->show_gaze, g_value_get_boolean (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_video_view_class_init (SlVideoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_video_view_dispose;
  object_class->get_property = sl_video_view_get_property;
  object_class->set_property = sl_video_view_set_property;
  widget_class->snapshot = sl_video_view_snapshot;
  widget_class->measure = sl_video_view_measure;

  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
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
  self->show_face_box = TRUE;
  self->show_landmarks = TRUE;
  self->show_frame_info = TRUE;
  self->show_head_pose = TRUE;
  self->show_eyes = TRUE;
  self->show_pupils = TRUE;
  self->show_state = TRUE;
  self->show_gaze = TRUE;
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
