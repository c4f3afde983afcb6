/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "sl-labels-strip.h"
#include "sl-style.h"
#include "sl-timeline.h"

#define LANE_HEIGHT 18
#define LANE_GAP 3
#define EDGE_GRAB 5 /* px either side of an edge that grabs it */

struct _SlLabelsStrip
{
  GtkWidget parent_instance;
  SlReview *review;
  SlLabeling *labeling;
  GPtrArray *lanes;   /* annotator names, in their order */
  GHashTable *colors; /* kind name → GdkRGBA, read when the label set is */
  /* An edge being dragged. */
  gint64 drag_label;
  gboolean drag_end;
  gint64 drag_frame;
};

G_DEFINE_FINAL_TYPE (SlLabelsStrip, sl_labels_strip, GTK_TYPE_WIDGET)

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/* The annotator labeling first, then the others by name. */
static void
update_lanes (SlLabelsStrip *self)
{
  g_ptr_array_set_size (self->lanes, 0);
  const char *me = sl_labeling_get_annotator (self->labeling);
  GPtrArray *labels = sl_labeling_get_labels (self->labeling);
  g_autoptr (GPtrArray) others = g_ptr_array_new ();
  for (guint i = 0; i < labels->len; i++)
    {
      const char *who = ((SlLabel *)labels->pdata[i])->annotator;
      if (g_strcmp0 (who, me) != 0
          && !g_ptr_array_find_with_equal_func (others, who, g_str_equal, NULL))
        g_ptr_array_add (others, (gpointer)who);
    }
  g_ptr_array_sort (others, by_name);
  g_ptr_array_add (self->lanes, g_strdup (me));
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (self->lanes, g_strdup (others->pdata[i]));
  /* The kinds' colours, parsed here rather than at every frame drawn. */
  g_hash_table_remove_all (self->colors);
  GPtrArray *kinds = sl_labeling_get_kinds (self->labeling);
  for (guint i = 0; i < kinds->len; i++)
    {
      const SlLabelKind *k = kinds->pdata[i];
      GdkRGBA c;
      if (gdk_rgba_parse (&c, k->color))
        g_hash_table_insert (self->colors, g_strdup (k->name), gdk_rgba_copy (&c));
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
sl_labels_strip_frame_to_x (SlLabelsStrip *self, gint64 frame)
{
  gint64 first = 0, last = 0;
  if (self->review != NULL)
    sl_review_get_visible (self->review, &first, &last);
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - SL_TIMELINE_LABEL_WIDTH;
  gint64 count = MAX (last - first + 1, 1);
  return SL_TIMELINE_LABEL_WIDTH + w * (double)(frame - first) / count;
}

static gint64
x_to_frame (SlLabelsStrip *self, double x)
{
  gint64 first = 0, last = 0;
  sl_review_get_visible (self->review, &first, &last);
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - SL_TIMELINE_LABEL_WIDTH;
  if (w <= 0)
    return first;
  gint64 count = MAX (last - first + 1, 1);
  gint64 frame = first + (gint64)floor ((x - SL_TIMELINE_LABEL_WIDTH) / w * count);
  return CLAMP (frame, 0, MAX (sl_review_get_frame_count (self->review) - 1, 0));
}

double
sl_labels_strip_lane_y (SlLabelsStrip *self, const char *annotator)
{
  for (guint i = 0; i < self->lanes->len; i++)
    if (g_strcmp0 (self->lanes->pdata[i], annotator) == 0)
      return i * (LANE_HEIGHT + LANE_GAP) + LANE_HEIGHT / 2.0;
  return -1;
}

static int
lane_at (SlLabelsStrip *self, double y)
{
  int lane = (int)floor (y / (LANE_HEIGHT + LANE_GAP));
  return lane >= 0 && (guint)lane < self->lanes->len ? lane : -1;
}

static void
kind_color (SlLabelsStrip *self, const char *kind, GdkRGBA *color)
{
  const GdkRGBA *c = g_hash_table_lookup (self->colors, kind);
  if (c != NULL)
    *color = *c;
  else
    gdk_rgba_parse (color, "#9a9996");
}

/* The label drawn at (@x, @y), or NULL; @edge (may be NULL) says whether
 * the point is on its start (0), its end (1) or inside (−1). */
static const SlLabel *
label_at (SlLabelsStrip *self, double x, double y, int *edge)
{
  int lane = lane_at (self, y);
  if (lane < 0)
    return NULL;
  GPtrArray *labels = sl_labeling_get_labels (self->labeling);
  const SlLabel *found = NULL;
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *l = labels->pdata[i];
      if (g_strcmp0 (l->annotator, self->lanes->pdata[lane]) != 0
          || g_strcmp0 (l->kind, SL_LABEL_COVERED) == 0)
        continue;
      double x0 = sl_labels_strip_frame_to_x (self, l->start_frame);
      double x1 = MAX (sl_labels_strip_frame_to_x (self, l->end_frame + 1), x0 + 3);
      if (x < x0 - EDGE_GRAB || x > x1 + EDGE_GRAB)
        continue;
      found = l;
      if (edge != NULL)
        *edge = fabs (x - x0) <= EDGE_GRAB ? 0 : fabs (x - x1) <= EDGE_GRAB ? 1 : -1;
      if (x >= x0 && x <= x1)
        break;
    }
  return found;
}

static void
fill_span (cairo_t *cr, double x0, double x1, double top, double height)
{
  cairo_rectangle (cr, x0, top, MAX (x1 - x0, 2), height);
  cairo_fill (cr);
}

static void
sl_labels_strip_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SlLabelsStrip *self = SL_LABELS_STRIP (widget);
  if (self->labeling == NULL)
    return;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  if (w <= SL_TIMELINE_LABEL_WIDTH)
    return;
  GdkRGBA fg, accent;
  sl_style_color (widget, "window_fg_color", &fg, "#000000");
  sl_style_color (widget, "accent_color", &accent, "#1c71d8");
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  GPtrArray *labels = sl_labeling_get_labels (self->labeling);
  const char *me = sl_labeling_get_annotator (self->labeling);
  gint64 selected = sl_labeling_get_selected (self->labeling);
  for (guint lane = 0; lane < self->lanes->len; lane++)
    {
      const char *who = self->lanes->pdata[lane];
      double top = lane * (LANE_HEIGHT + LANE_GAP);
      /* The lane, its annotator's name left of it. */
      GdkRGBA bg = fg;
      bg.alpha = 0.05f;
      gdk_cairo_set_source_rgba (cr, &bg);
      fill_span (cr, SL_TIMELINE_LABEL_WIDTH, w, top, LANE_HEIGHT);
      g_autofree char *name
          = g_str_equal (who, me) ? g_strdup_printf (_ ("%s (you)"), who) : g_strdup (who);
      pango_layout_set_text (layout, name, -1);
      pango_layout_set_width (layout, (SL_TIMELINE_LABEL_WIDTH - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      int tw, th;
      pango_layout_get_pixel_size (layout, &tw, &th);
      GdkRGBA text = fg;
      text.alpha = 0.75f;
      gdk_cairo_set_source_rgba (cr, &text);
      cairo_move_to (cr, 4, top + (LANE_HEIGHT - th) / 2.0);
      pango_cairo_show_layout (cr, layout);
      pango_layout_set_width (layout, -1);
      for (guint i = 0; i < labels->len; i++)
        {
          const SlLabel *l = labels->pdata[i];
          if (g_strcmp0 (l->annotator, who) != 0)
            continue;
          gint64 first = l->start_frame, last = l->end_frame;
          if (l->id == self->drag_label && self->drag_frame >= 0)
            {
              if (self->drag_end)
                last = MAX (self->drag_frame, first);
              else
                first = MIN (self->drag_frame, last);
            }
          double x0 = sl_labels_strip_frame_to_x (self, first);
          double x1 = sl_labels_strip_frame_to_x (self, last + 1);
          if (x1 < SL_TIMELINE_LABEL_WIDTH || x0 > w)
            continue;
          x0 = MAX (x0, SL_TIMELINE_LABEL_WIDTH);
          GdkRGBA c;
          kind_color (self, l->kind, &c);
          if (g_str_equal (l->kind, SL_LABEL_COVERED))
            {
              /* What was covered: a band along the lane's foot. */
              c.alpha = 0.9f;
              gdk_cairo_set_source_rgba (cr, &c);
              fill_span (cr, x0, x1, top + LANE_HEIGHT - 3, 3);
              continue;
            }
          c.alpha = l->source == SL_LABEL_REJECTED ? 0.3f : 0.85f;
          gdk_cairo_set_source_rgba (cr, &c);
          fill_span (cr, x0, x1, top + 1, LANE_HEIGHT - 5);
          if (l->source == SL_LABEL_REJECTED)
            {
              /* "Not a blink": struck through. */
              gdk_cairo_set_source_rgba (cr, &fg);
              cairo_set_line_width (cr, 1);
              cairo_move_to (cr, x0, top + LANE_HEIGHT - 4);
              cairo_line_to (cr, MAX (x1, x0 + 2), top + 1);
              cairo_stroke (cr);
            }
          if (l->id == selected)
            {
              gdk_cairo_set_source_rgba (cr, &accent);
              cairo_set_line_width (cr, 2);
              cairo_rectangle (cr, x0 - 1, top, MAX (x1 - x0, 2) + 2, LANE_HEIGHT - 3);
              cairo_stroke (cr);
            }
          /* Its kind, where it fits. */
          pango_layout_set_text (layout, l->kind, -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          if (x1 - x0 > tw + 4)
            {
              GdkRGBA ink = { 0, 0, 0, 0.85f };
              gdk_cairo_set_source_rgba (cr, &ink);
              cairo_move_to (cr, x0 + 2, top + (LANE_HEIGHT - 4 - th) / 2.0);
              pango_cairo_show_layout (cr, layout);
            }
        }
      if (!g_str_equal (who, me))
        continue;
      /* Labels being made, up to the frame shown. */
      gint64 frame = sl_review_get_frame (self->review);
      GPtrArray *kinds = sl_labeling_get_kinds (self->labeling);
      for (guint k = 0; k < kinds->len; k++)
        {
          const SlLabelKind *kind = kinds->pdata[k];
          gint64 start = sl_labeling_open_start (self->labeling, kind->name);
          if (start < 0)
            continue;
          GdkRGBA c;
          kind_color (self, kind->name, &c);
          c.alpha = 0.45f;
          gdk_cairo_set_source_rgba (cr, &c);
          double x0 = sl_labels_strip_frame_to_x (self, MIN (start, frame));
          double x1 = sl_labels_strip_frame_to_x (self, MAX (start, frame) + 1);
          fill_span (cr, x0, x1, top + 1, LANE_HEIGHT - 5);
        }
      /* The detection under review, with its edges as moved. */
      if (sl_labeling_get_event (self->labeling) != NULL)
        {
          gint64 first, last;
          sl_labeling_get_edges (self->labeling, &first, &last);
          double x0 = sl_labels_strip_frame_to_x (self, first);
          double x1 = sl_labels_strip_frame_to_x (self, last + 1);
          const double dash[] = { 4, 3 };
          cairo_set_dash (cr, dash, 2, 0);
          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x0, top, MAX (x1 - x0, 2), LANE_HEIGHT - 3);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }
  /* The frame shown. */
  double x = sl_labels_strip_frame_to_x (self, sl_review_get_frame (self->review));
  if (x >= SL_TIMELINE_LABEL_WIDTH)
    {
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_rectangle (cr, x - 1, 0, 2, h);
      cairo_fill (cr);
    }
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
sl_labels_strip_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                         int *natural, int *minimum_baseline, int *natural_baseline)
{
  SlLabelsStrip *self = SL_LABELS_STRIP (widget);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = MAX (self->lanes->len, 1) * (LANE_HEIGHT + LANE_GAP);
  else
    {
      *minimum = SL_TIMELINE_LABEL_WIDTH + 100;
      *natural = SL_TIMELINE_LABEL_WIDTH + 600;
    }
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SlLabelsStrip *self)
{
  if (self->labeling == NULL || x < SL_TIMELINE_LABEL_WIDTH)
    return;
  const SlLabel *l = label_at (self, x, y, NULL);
  sl_labeling_select (self->labeling, l != NULL ? l->id : 0);
  sl_review_set_frame (self->review, l != NULL ? l->start_frame : x_to_frame (self, x));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, SlLabelsStrip *self)
{
  self->drag_label = 0;
  self->drag_frame = -1;
  int edge = -1;
  const SlLabel *l = self->labeling != NULL ? label_at (self, x, y, &edge) : NULL;
  if (l == NULL || edge < 0
      || g_strcmp0 (l->annotator, sl_labeling_get_annotator (self->labeling)) != 0)
    return;
  self->drag_label = l->id;
  self->drag_end = edge == 1;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, SlLabelsStrip *self)
{
  if (self->drag_label == 0)
    return;
  double x0, y0;
  gtk_gesture_drag_get_start_point (gesture, &x0, &y0);
  gint64 frame = x_to_frame (self, x0 + dx);
  /* An end edge sits after its last frame. */
  self->drag_frame = self->drag_end ? MAX (frame - 1, 0) : frame;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, SlLabelsStrip *self)
{
  gint64 label = self->drag_label, frame = self->drag_frame;
  self->drag_label = 0;
  self->drag_frame = -1;
  if (label == 0 || frame < 0)
    return;
  g_autoptr (GError) error = NULL;
  if (!sl_labeling_move_edge (self->labeling, label, self->drag_end, frame, &error))
    g_warning ("%s", error->message);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  SlLabelsStrip *self = SL_LABELS_STRIP (widget);
  const SlLabel *l = self->labeling != NULL ? label_at (self, x, y, NULL) : NULL;
  if (l == NULL)
    return FALSE;
  const char *how[] = { N_ ("drawn by hand"), N_ ("a detection accepted"),
                        N_ ("a detection adjusted"), N_ ("a detection rejected: not one") };
  g_autofree char *text = g_strdup_printf (
      _ ("%s by %s, frames %" PRId64 "–%" PRId64 " (%.2f s): %s%s"), l->kind, l->annotator,
      l->start_frame, l->end_frame, (l->end_ms - l->start_ms) / 1000, _ (how[l->source]),
      l->blind ? _ (", made blind") : "");
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
redraw (SlLabelsStrip *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_labels_strip_set_labeling (SlLabelsStrip *self, SlReview *review, SlLabeling *labeling)
{
  g_return_if_fail (SL_IS_LABELS_STRIP (self) && self->labeling == NULL);
  self->review = g_object_ref (review);
  self->labeling = g_object_ref (labeling);
  g_signal_connect_object (labeling, "changed", G_CALLBACK (update_lanes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (labeling, "notify::annotator", G_CALLBACK (update_lanes), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (labeling, "event-changed", G_CALLBACK (redraw), self, G_CONNECT_SWAPPED);
  const char *follows[] = { "notify::frame", "notify::visible-first", "notify::visible-last" };
  for (guint i = 0; i < G_N_ELEMENTS (follows); i++)
    g_signal_connect_object (review, follows[i], G_CALLBACK (redraw), self, G_CONNECT_SWAPPED);
  update_lanes (self);
}

static void
sl_labels_strip_dispose (GObject *object)
{
  SlLabelsStrip *self = SL_LABELS_STRIP (object);
  g_clear_object (&self->labeling);
  g_clear_object (&self->review);
  G_OBJECT_CLASS (sl_labels_strip_parent_class)->dispose (object);
}

static void
sl_labels_strip_finalize (GObject *object)
{
  g_ptr_array_unref (SL_LABELS_STRIP (object)->lanes);
  g_hash_table_unref (SL_LABELS_STRIP (object)->colors);
  G_OBJECT_CLASS (sl_labels_strip_parent_class)->finalize (object);
}

static void
sl_labels_strip_class_init (SlLabelsStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_labels_strip_dispose;
  object_class->finalize = sl_labels_strip_finalize;
  widget_class->snapshot = sl_labels_strip_snapshot;
  widget_class->measure = sl_labels_strip_measure;
  widget_class->query_tooltip = on_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "sl-labels-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_labels_strip_init (SlLabelsStrip *self)
{
  self->lanes = g_ptr_array_new_with_free_func (g_free);
  self->colors
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)gdk_rgba_free);
  self->drag_frame = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
