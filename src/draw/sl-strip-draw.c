/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing the strips of sl-strip.h: background, event spans, guides,
 * curves, labels and values; lanes of states and alerts; the legend.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "processors/sl-explain-text.h"
#include "sl-strip.h"

/* The dashes: the usual level long, thresholds short. */
static const double baseline_dash[] = { 6, 3 };
static const double threshold_dash[] = { 2, 2 };

SlRgba
sl_strip_event_color (const SlEvent *e, const SlStripPlace *p, const SlDrawStyle *style)
{
  if (g_str_equal (e->kind, "state"))
    switch ((int)e->score)
      {
      case 1:
        return style->success_bg;
      case 2:
        return style->error_bg;
      case 3:
        return style->warning_bg;
      default:
        return (SlRgba){ p->fg.red, p->fg.green, p->fg.blue, 0.3 };
      }
  if (g_str_equal (e->kind, "no_face"))
    return p->fg;
  if (g_str_equal (e->kind, "microsleep") || g_str_equal (e->kind, "alert"))
    return style->error;
  if (g_str_equal (e->kind, "drowsy"))
    return style->purple;
  if (g_str_equal (e->kind, "distracted") || g_str_equal (e->kind, "yawn"))
    return style->warning;
  if (g_str_equal (e->kind, "fixation"))
    return style->success;
  if (g_str_equal (e->kind, "drift"))
    return style->warning_bg;
  return p->accent;
}

static GArray *
series_of (const SlStripData *data, const char *name)
{
  return data->series != NULL && name != NULL ? g_hash_table_lookup (data->series, name) : NULL;
}

/* The smallest step between samples: more than one and a half of it is a
 * gap. */
static gint64
sample_step (GArray *series)
{
  gint64 step = G_MAXINT64;
  for (guint i = 1; i < series->len; i++)
    step = MIN (step, g_array_index (series, SlSample, i).frame
                          - g_array_index (series, SlSample, i - 1).frame);
  return step == G_MAXINT64 ? 1 : MAX (step, 1);
}

static gboolean
zoomed_in (const SlStripPlace *p)
{
  return p->frame_count < MAX (1, (int)p->width) / 2;
}

static double
value_y (const SlStripPlace *p, double v, double lo, double hi)
{
  return p->top + p->height * (1 - (v - lo) / (hi - lo));
}

static void
draw_curve (cairo_t *cr, GArray *series, const SlStripPlace *p, double lo, double hi)
{
  if (series == NULL || series->len == 0)
    return;
  int columns = MAX (1, (int)p->width);
  if (zoomed_in (p))
    {
      /* Zoomed in: each sample a point, joined to the next frame's. */
      gint64 step = sample_step (series);
      gboolean drawing = FALSE;
      gint64 prev = G_MININT64;
      for (guint i = 0; i < series->len; i++)
        {
          SlSample smp = g_array_index (series, SlSample, i);
          if (smp.frame < p->first_frame - step
              || smp.frame > p->first_frame + p->frame_count + step)
            continue;
          if (!isfinite (smp.value))
            {
              drawing = FALSE;
              continue;
            }
          double x = p->x + p->width * ((smp.frame - p->first_frame) + 0.5) / p->frame_count;
          double y = value_y (p, CLAMP (smp.value, lo, hi), lo, hi);
          if (drawing && smp.frame - prev <= step * 3 / 2)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          cairo_rectangle (cr, x - 1.5, y - 1.5, 3, 3);
          cairo_move_to (cr, x, y);
          drawing = TRUE;
          prev = smp.frame;
        }
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      return;
    }
  g_autofree double *cmin = g_new (double, columns);
  g_autofree double *cmax = g_new (double, columns);
  for (int c = 0; c < columns; c++)
    cmin[c] = INFINITY, cmax[c] = -INFINITY;
  /* Samples that follow each other (one step apart, as a preset that
   * skips frames stores them) are joined across the columns between them;
   * a gap stays a gap. */
  gint64 step = sample_step (series);
  SlSample prev = { G_MININT64, NAN };
  for (guint i = 0; i < series->len; i++)
    {
      SlSample smp = g_array_index (series, SlSample, i);
      if (!isfinite (smp.value))
        {
          prev.frame = G_MININT64;
          continue;
        }
      int c = (int)floor ((double)(smp.frame - p->first_frame) / p->frame_count * columns);
      int pc = prev.frame != G_MININT64
                   ? (int)floor ((double)(prev.frame - p->first_frame) / p->frame_count * columns)
                   : c;
      gboolean joined = prev.frame != G_MININT64 && smp.frame - prev.frame <= step * 3 / 2;
      for (int k = joined ? MAX (pc + 1, 0) : c; k <= c && k < columns; k++)
        {
          if (k < 0)
            continue;
          /* The line from the previous sample, where it crosses column k. */
          double t0 = c > pc ? (double)(k - 1 - pc) / (c - pc) : 0;
          double t1 = c > pc ? (double)(k - pc) / (c - pc) : 1;
          double a = prev.value + (smp.value - prev.value) * CLAMP (t0, 0, 1);
          double b = prev.value + (smp.value - prev.value) * CLAMP (t1, 0, 1);
          if (!joined)
            a = b = smp.value;
          cmin[k] = MIN (cmin[k], MIN (a, b));
          cmax[k] = MAX (cmax[k], MAX (a, b));
        }
      prev = smp;
    }
  for (int c = 0; c < columns; c++)
    {
      if (!isfinite (cmin[c]))
        continue;
      double y0 = value_y (p, CLAMP (cmax[c], lo, hi), lo, hi);
      double y1 = value_y (p, CLAMP (cmin[c], lo, hi), lo, hi);
      cairo_rectangle (cr, p->x + c, y0, 1, MAX (1, y1 - y0));
    }
  cairo_fill (cr);
}

/* A guide's path: each sample's value × @scale + @offset, one vertex a
 * pixel column (their mean) or a frame when zoomed in, broken where
 * frames are missing.  Values beyond the range leave the plot (the strip
 * clips them) rather than lying along its edge. */
typedef struct
{
  cairo_t *cr;
  gboolean drawing;
  double x, sum;
  int n;
} Path;

static void
path_flush (Path *path, const SlStripPlace *p, double lo, double hi)
{
  if (path->n == 0)
    return;
  double y = value_y (p, path->sum / path->n, lo, hi);
  if (path->drawing)
    cairo_line_to (path->cr, path->x, y);
  else
    cairo_move_to (path->cr, path->x, y);
  path->drawing = TRUE;
  path->n = 0;
  path->sum = 0;
}

static void
guide_path (cairo_t *cr, GArray *series, const SlStripPlace *p, double lo, double hi, double scale,
            double offset)
{
  if (series == NULL || series->len == 0)
    return;
  gint64 step = sample_step (series), prev = G_MININT64;
  gboolean zoomed = zoomed_in (p);
  Path path = { cr, FALSE, 0, 0, 0 };
  for (guint i = 0; i < series->len; i++)
    {
      SlSample smp = g_array_index (series, SlSample, i);
      if (smp.frame < p->first_frame - step || smp.frame > p->first_frame + p->frame_count + step)
        continue;
      double v = smp.value * scale + offset;
      if (!isfinite (v) || (path.drawing && smp.frame - prev > step * 3 / 2))
        {
          path_flush (&path, p, lo, hi);
          path.drawing = FALSE;
          if (!isfinite (v))
            continue;
        }
      double x
          = zoomed ? p->x + p->width * ((smp.frame - p->first_frame) + 0.5) / p->frame_count
                   : p->x + floor (p->width * (smp.frame - p->first_frame) / p->frame_count) + 0.5;
      if (path.n > 0 && x != path.x)
        path_flush (&path, p, lo, hi);
      path.x = x;
      path.sum += v;
      path.n++;
      prev = smp.frame;
    }
  path_flush (&path, p, lo, hi);
}

static double
param_of (const SlStripData *data, const char *param)
{
  const double *v
      = data->params != NULL && param != NULL ? g_hash_table_lookup (data->params, param) : NULL;
  return v != NULL ? *v : NAN;
}

static void
stroke_dashed (cairo_t *cr, const SlRgba *color, double alpha, const double *dash, int n)
{
  SlRgba c = *color;
  c.alpha = alpha;
  sl_draw_set_color (cr, &c);
  cairo_set_dash (cr, dash, n, 0);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_guides (cairo_t *cr, const SlStrip *strip, const SlStripData *data, const SlStripPlace *p,
             double lo, double hi)
{
  for (guint k = 0; k < strip->guides->len; k++)
    {
      const SlStripGuide *g = &g_array_index (strip->guides, SlStripGuide, k);
      const SlRgba *color = g->curve == 0 ? &p->fg : &p->accent;
      double v = param_of (data, g->param);
      GArray *s = series_of (data, g->signal);
      switch (g->kind)
        {
        case SL_GUIDE_LEVEL:
          if (!isfinite (v))
            break;
          cairo_move_to (cr, p->x, value_y (p, v, lo, hi));
          cairo_line_to (cr, p->x + p->width, value_y (p, v, lo, hi));
          stroke_dashed (cr, color, 0.9, threshold_dash, 2);
          break;
        case SL_GUIDE_BASELINE:
          guide_path (cr, s, p, lo, hi, 1, 0);
          stroke_dashed (cr, color, 0.6, baseline_dash, 2);
          break;
        case SL_GUIDE_BELOW:
          if (!isfinite (v))
            break;
          guide_path (cr, s, p, lo, hi, 1 - v, 0);
          stroke_dashed (cr, color, 0.9, threshold_dash, 2);
          break;
        case SL_GUIDE_AROUND:
          /* The usual level is halfway: two lines are enough. */
          if (!isfinite (v))
            break;
          guide_path (cr, s, p, lo, hi, 1, v);
          guide_path (cr, s, p, lo, hi, 1, -v);
          stroke_dashed (cr, color, 0.9, threshold_dash, 2);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static double
frame_x (const SlStripPlace *p, gint64 frame)
{
  return p->x + p->width * (double)(frame - p->first_frame) / p->frame_count;
}

static PangoLayout *
small_layout (cairo_t *cr, const SlDrawStyle *style, double share)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *small = pango_font_description_copy (
      style->font != NULL ? style->font
                          : pango_context_get_font_description (pango_layout_get_context (layout)));
  pango_font_description_set_size (
      small, MAX ((int)(pango_font_description_get_size (small) * share), 6 * PANGO_SCALE));
  pango_layout_set_font_description (layout, small);
  pango_font_description_free (small);
  return layout;
}

/* The next alert's frame after event @i of @events, or −1. */
static gint64
next_alert (GPtrArray *events, guint i)
{
  for (guint j = i + 1; j < events->len; j++)
    if (g_str_equal (((const SlEvent *)events->pdata[j])->kind, "alert"))
      return ((const SlEvent *)events->pdata[j])->start_frame;
  return -1;
}

/* A lane: state spans in their colours, named where the name fits; other
 * events as spans; alerts as marks, named up to the next one, and the
 * name of a state they start written after theirs. */
static void
draw_lane (cairo_t *cr, const SlStrip *strip, const SlStripData *data, const SlStripPlace *p,
           const SlDrawStyle *style)
{
  g_autoptr (PangoLayout) names = small_layout (cr, style, 0.8);
  GPtrArray *events = data->events;
  gboolean alerts = sl_strip_shows_kind (strip, "alert");
  /* Where each alert's name ends, for the names of the states. */
  g_autoptr (GArray) taken = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (g_str_equal (e->kind, "alert") || !sl_strip_shows_kind (strip, e->kind))
        continue;
      SlRgba c = sl_strip_event_color (e, p, style);
      c.alpha = MIN (c.alpha, 0.85);
      sl_draw_set_color (cr, &c);
      double x0 = frame_x (p, e->start_frame), x1 = frame_x (p, e->end_frame + 1);
      cairo_rectangle (cr, x0, p->top, MAX (1, x1 - x0), p->height);
      cairo_fill (cr);
    }
  for (guint i = 0; alerts && events != NULL && i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (!g_str_equal (e->kind, "alert"))
        continue;
      double x = frame_x (p, e->start_frame);
      SlRgba c = sl_strip_event_color (e, p, style);
      sl_draw_set_color (cr, &c);
      cairo_move_to (cr, x - 5, p->top);
      cairo_line_to (cr, x + 5, p->top);
      cairo_line_to (cr, x, p->top + 8);
      cairo_close_path (cr);
      cairo_rectangle (cr, x - 0.75, p->top, 1.5, p->height);
      cairo_fill (cr);
      /* The name, on a patch of the alert's colour, up to the next alert. */
      gint64 after = next_alert (events, i);
      double next = after >= 0 ? frame_x (p, after) : p->x + p->width;
      pango_layout_set_text (names, sl_explain_kind_label (e->kind), -1);
      int tw, th;
      pango_layout_get_pixel_size (names, &tw, &th);
      if (x + 1 + tw + 8 > next || x + tw < p->x)
        continue;
      cairo_rectangle (cr, x + 1, p->top + (p->height - th) / 2.0 - 1, tw + 6, th + 2);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 1);
      cairo_move_to (cr, x + 4, p->top + (p->height - th) / 2.0);
      pango_cairo_show_layout (cr, names);
      double span[2] = { x, x + tw + 8 };
      g_array_append_val (taken, span);
    }
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const SlEvent *e = events->pdata[i];
      if (g_str_equal (e->kind, "alert") || !sl_strip_shows_kind (strip, e->kind))
        continue;
      const char *name = g_str_equal (e->kind, "state") ? sl_explain_state_label_at ((int)e->score)
                                                        : sl_explain_kind_label (e->kind);
      if (name == NULL)
        continue;
      pango_layout_set_text (names, name, -1);
      int tw, th;
      pango_layout_get_pixel_size (names, &tw, &th);
      /* Named where it fits, in the part that shows, after an alert's name. */
      double from = MAX (frame_x (p, e->start_frame), p->x);
      double to = MIN (frame_x (p, e->end_frame + 1), p->x + p->width);
      for (guint k = 0; k < taken->len; k++)
        {
          const double *span = &g_array_index (taken, double, 2 * k);
          if (span[0] <= from + 2 && span[1] > from)
            from = span[1];
        }
      if (to - from < tw + 8)
        continue;
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_move_to (cr, from + 4, p->top + (p->height - th) / 2.0);
      pango_cairo_show_layout (cr, names);
    }
}

static void
draw_swatch (cairo_t *cr, const SlRgba *color, double x, double y)
{
  sl_draw_set_color (cr, color);
  cairo_rectangle (cr, x, y - 1, 8, 2.5);
  cairo_fill (cr);
}

/* The label (on up to two lines); under it, for two curves, each curve's
 * name beside a swatch of its colour. */
static void
draw_label (cairo_t *cr, const SlStrip *strip, const SlStripPlace *p, const SlDrawStyle *style)
{
  SlRgba label = p->fg;
  label.alpha = p->label_alpha;
  /* Room on the right for the values at the top and the bottom. */
  double room = MAX (p->x - 34, 16);
  gboolean curves = strip->curve_labels[0] != NULL;
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  if (style->font != NULL)
    pango_layout_set_font_description (layout, style->font);
  pango_layout_set_text (layout, _ (strip->label), -1);
  pango_layout_set_width (layout, (int)(room * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, curves || p->height < 30 ? -1 : -2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  g_autoptr (PangoLayout) names = curves ? small_layout (cr, style, 0.75) : NULL;
  int nh = 0;
  if (curves)
    {
      pango_layout_set_text (names, _ (strip->curve_labels[0]), -1);
      pango_layout_get_pixel_size (names, NULL, &nh);
    }
  double y = p->top + (p->height - lh - nh) / 2.0;
  sl_draw_set_color (cr, &label);
  cairo_move_to (cr, 4, y);
  pango_cairo_show_layout (cr, layout);
  if (!curves)
    return;
  double x = 4;
  y += lh;
  for (int c = 0; c < 2; c++)
    {
      pango_layout_set_text (names, _ (strip->curve_labels[c]), -1);
      int tw;
      pango_layout_get_pixel_size (names, &tw, NULL);
      if (x + 11 + tw > room)
        break;
      SlRgba swatch = c == 0 ? p->fg : p->accent;
      swatch.alpha = 0.8;
      draw_swatch (cr, &swatch, x, y + nh / 2.0);
      sl_draw_set_color (cr, &label);
      cairo_move_to (cr, x + 11, y);
      pango_cairo_show_layout (cr, names);
      x += 11 + tw + 6;
    }
}

void
sl_strip_draw (cairo_t *cr, const SlStrip *strip, const SlStripData *data, const SlStripPlace *p,
               const SlDrawStyle *style)
{
  cairo_save (cr);
  SlRgba dim = p->fg;
  dim.alpha = 0.08;
  sl_draw_set_color (cr, &dim);
  cairo_rectangle (cr, p->x, p->top, p->width, p->height);
  cairo_fill (cr);

  /* Nothing spills over the label when zoomed in. */
  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->top, p->width, p->height);
  cairo_clip (cr);
  if (sl_strip_is_lane (strip))
    {
      draw_lane (cr, strip, data, p, style);
      cairo_restore (cr);
      draw_label (cr, strip, p, style);
      cairo_restore (cr);
      return;
    }
  /* The strip's events behind its curve; stretches without a face on
   * every strip. */
  for (guint i = 0; data->events != NULL && i < data->events->len; i++)
    {
      const SlEvent *e = data->events->pdata[i];
      if (!sl_strip_shows_kind (strip, e->kind))
        continue;
      SlRgba c = sl_strip_event_color (e, p, style);
      c.alpha = g_str_equal (e->kind, "no_face") ? 0.15 : 0.35;
      /* Fixations follow each other most of the time: a band along the
       * bottom keeps the curves readable. */
      gboolean band = g_str_equal (e->kind, "fixation");
      c.alpha = band ? 0.8 : c.alpha;
      sl_draw_set_color (cr, &c);
      double x0 = frame_x (p, e->start_frame), x1 = frame_x (p, e->end_frame + 1);
      cairo_rectangle (cr, x0, band ? p->top + p->height - 4 : p->top, MAX (1, x1 - x0),
                       band ? 4 : p->height);
      cairo_fill (cr);
    }

  double lo, hi;
  sl_strip_range (strip, data, &lo, &hi);
  draw_guides (cr, strip, data, p, lo, hi);
  for (int c = 0; c < 2 && strip->signals[c] != NULL; c++)
    {
      SlRgba col = c == 0 ? p->fg : p->accent;
      col.alpha = 0.8;
      sl_draw_set_color (cr, &col);
      draw_curve (cr, series_of (data, strip->signals[c]), p, lo, hi);
    }
  cairo_restore (cr);

  draw_label (cr, strip, p, style);
  /* The values at the top and the bottom of the plot: its y axis. */
  g_autoptr (PangoLayout) ticks = small_layout (cr, style, 0.7);
  SlRgba label = p->fg;
  label.alpha = p->label_alpha;
  sl_draw_set_color (cr, &label);
  const double at[2] = { hi, lo };
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *t = g_strdup_printf ("%.3g", at[k]);
      pango_layout_set_text (ticks, t, -1);
      int tw, th;
      pango_layout_get_pixel_size (ticks, &tw, &th);
      cairo_move_to (cr, p->x - 3 - tw, k == 0 ? p->top - 1 : p->top + p->height - th + 1);
      pango_cairo_show_layout (cr, ticks);
    }
  cairo_restore (cr);
}

/* The kinds the legend names, in its order. */
static const char *const legend_kinds[]
    = { "blink", "microsleep", "drowsy", "yawn", "distracted", "fixation", "no_face", "alert" };

typedef enum
{
  MARK_BASELINE,
  MARK_THRESHOLD,
  MARK_BOX,
  MARK_ALERT,
} Mark;

typedef struct
{
  Mark mark;
  SlRgba color;
  GString *text;
} Item;

static void
item_clear (gpointer data)
{
  g_string_free (((Item *)data)->text, TRUE);
}

/* Adds an item, or its text to an item drawn the same way. */
static void
add_item (GArray *items, Mark mark, SlRgba color, const char *text)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = &g_array_index (items, Item, i);
      if (it->mark == mark && memcmp (&it->color, &color, sizeof color) == 0)
        {
          /* TRANSLATORS: the names of two kinds of event drawn alike, in a legend */
          g_autofree char *both = g_strdup_printf (_ ("%s, %s"), it->text->str, text);
          g_string_assign (it->text, both);
          return;
        }
    }
  Item it = { mark, color, g_string_new (text) };
  g_array_append_val (items, it);
}

static void
draw_mark (cairo_t *cr, const Item *it, double x, double mid)
{
  switch (it->mark)
    {
    case MARK_BASELINE:
    case MARK_THRESHOLD:
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + 22, mid);
      stroke_dashed (cr, &it->color, it->color.alpha,
                     it->mark == MARK_BASELINE ? baseline_dash : threshold_dash, 2);
      break;
    case MARK_BOX:
      sl_draw_set_color (cr, &it->color);
      cairo_rectangle (cr, x, mid - 5, 12, 10);
      cairo_fill (cr);
      break;
    case MARK_ALERT:
      sl_draw_set_color (cr, &it->color);
      cairo_move_to (cr, x + 1, mid - 5);
      cairo_line_to (cr, x + 11, mid - 5);
      cairo_line_to (cr, x + 6, mid + 4);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
any_shows (GPtrArray *strips, const char *kind)
{
  for (guint i = 0; i < strips->len; i++)
    if (sl_strip_shows_kind (strips->pdata[i], kind))
      return TRUE;
  return FALSE;
}

guint
sl_strips_legend_draw (cairo_t *cr, GPtrArray *strips, const SlStripData *data, double x,
                       double top, double width, const SlStripPlace *place,
                       const SlDrawStyle *style)
{
  SlRgba fg = place->fg;
  fg.alpha = place->label_alpha;
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_array_set_clear_func (items, item_clear);
  gboolean baseline = FALSE, threshold = FALSE;
  for (guint i = 0; i < strips->len; i++)
    {
      const SlStrip *s = strips->pdata[i];
      for (guint k = 0; k < s->guides->len; k++)
        {
          SlGuideKind kind = g_array_index (s->guides, SlStripGuide, k).kind;
          baseline |= kind == SL_GUIDE_BASELINE;
          threshold |= kind != SL_GUIDE_BASELINE;
        }
    }
  SlRgba dash = fg;
  if (baseline)
    dash.alpha = 0.6, add_item (items, MARK_BASELINE, dash, _ ("usual level"));
  if (threshold)
    dash.alpha = 0.9, add_item (items, MARK_THRESHOLD, dash, _ ("threshold"));
  /* Each kind of event there is (the lane names its states). */
  for (guint k = 0; k < G_N_ELEMENTS (legend_kinds); k++)
    {
      const char *kind = legend_kinds[k];
      gboolean seen = FALSE;
      for (guint i = 0; !seen && data->events != NULL && i < data->events->len; i++)
        seen = g_str_equal (((const SlEvent *)data->events->pdata[i])->kind, kind);
      if (!seen || !any_shows (strips, kind))
        continue;
      SlEvent e = { .kind = (char *)kind };
      SlRgba c = sl_strip_event_color (&e, place, style);
      c.alpha = g_str_equal (kind, "no_face")                                   ? 0.15
                : g_str_equal (kind, "alert") || g_str_equal (kind, "fixation") ? 0.8
                                                                                : 0.35;
      add_item (items, g_str_equal (kind, "alert") ? MARK_ALERT : MARK_BOX, c,
                sl_explain_kind_label (kind));
    }
  g_autoptr (PangoLayout) layout = small_layout (cr, style, 0.8);
  guint drawn = 0;
  double right = x + width;
  cairo_save (cr);
  for (guint i = 0; i < items->len; i++)
    {
      const Item *it = &g_array_index (items, Item, i);
      double mark_w = it->mark == MARK_BASELINE || it->mark == MARK_THRESHOLD ? 22 : 12;
      pango_layout_set_text (layout, it->text->str, -1);
      int tw, th;
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (x + mark_w + 4 + tw > right)
        break; /* what does not fit is left out */
      draw_mark (cr, it, x, top + place->height / 2.0);
      sl_draw_set_color (cr, &fg);
      cairo_move_to (cr, x + mark_w + 4, top + (place->height - th) / 2.0);
      pango_cairo_show_layout (cr, layout);
      x += mark_w + 4 + tw + 14;
      drawn++;
    }
  cairo_restore (cr);
  return drawn;
}
