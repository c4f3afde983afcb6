/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gsl/gsl_histogram2d.h>
#include <math.h>
#include <string.h>

#include "sl-gaze-inset.h"

/* Heat map bins across the screen's width; rows follow its shape. */
#define HEAT_COLUMNS 64
/* Its blur, in bins. */
#define HEAT_SIGMA 1.5
/* How far back the scan path reaches, in seconds. */
#define SCAN_PATH_S 1.0

struct _SlGazeInset
{
  GArray *points;
  SlScreenGeometry screen;
  cairo_surface_t *heat; /* NULL when no point was on the screen */
  double on_screen_share;
  gint64 first, last; /* the heat map's frames; −1: all */
  double first_s, last_s;
  gboolean has_region;
  double region[4]; /* screen pixels */
  double drawn[4];  /* where the screen was last drawn: x, y, w, h */
};

/* Smooths @v (w × h) with a Gaussian of HEAT_SIGMA bins, rows then
 * columns. */
static void
blur (double *v, int w, int h)
{
  int r = (int)ceil (3 * HEAT_SIGMA);
  double k[32];
  double sum = 0;
  for (int i = -r; i <= r; i++)
    sum += k[i + r] = exp (-(i * i) / (2 * HEAT_SIGMA * HEAT_SIGMA));
  for (int i = 0; i <= 2 * r; i++)
    k[i] /= sum;
  g_autofree double *tmp = g_new0 (double, (gsize)w *h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double acc = 0;
        for (int i = -r; i <= r; i++)
          if (x + i >= 0 && x + i < w)
            acc += k[i + r] * v[y * w + x + i];
        tmp[y * w + x] = acc;
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double acc = 0;
        for (int i = -r; i <= r; i++)
          if (y + i >= 0 && y + i < h)
            acc += k[i + r] * tmp[(y + i) * w + x];
        v[y * w + x] = acc;
      }
}

static cairo_surface_t *
make_heat (const GArray *points, const SlScreenGeometry *g, gint64 first, gint64 last,
           double *share)
{
  int w = HEAT_COLUMNS;
  int h = MAX (4, (int)lround (HEAT_COLUMNS * (double)g->height_px / g->width_px));
  gsl_histogram2d *hist = gsl_histogram2d_alloc (w, h);
  gsl_histogram2d_set_ranges_uniform (hist, 0, g->width_px, 0, g->height_px);
  guint with = 0, on = 0;
  for (guint i = 0; i < points->len; i++)
    {
      const SlGazePoint *p = &g_array_index (points, SlGazePoint, i);
      if (!isfinite (p->x) || (first >= 0 && (p->frame < first || p->frame > last)))
        continue;
      with++;
      if (p->on_screen)
        {
          gsl_histogram2d_increment (hist, p->x, p->y);
          on++;
        }
    }
  *share = with > 0 ? (double)on / with : NAN;
  if (on == 0)
    {
      gsl_histogram2d_free (hist);
      return NULL;
    }
  g_autofree double *v = g_new (double, (gsize)w *h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      v[y * w + x] = gsl_histogram2d_get (hist, x, y);
  gsl_histogram2d_free (hist);
  blur (v, w, h);
  double max = 0;
  for (int i = 0; i < w * h; i++)
    max = MAX (max, v[i]);
  /* Transparent where nobody looked, through yellow to red (cairo's
   * pixels are premultiplied, native-endian ARGB). */
  cairo_surface_t *heat = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  unsigned char *data = cairo_image_surface_get_data (heat);
  int stride = cairo_image_surface_get_stride (heat);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double t = max > 0 ? v[y * w + x] / max : 0;
        double a = 220 * sqrt (t) / 255;
        double red = 1, green = 1 - t * 0.85, blue = 60 * (1 - t) / 255;
        guint32 px = (guint32)lround (a * 255) << 24 | (guint32)lround (red * a * 255) << 16
                     | (guint32)lround (green * a * 255) << 8 | (guint32)lround (blue * a * 255);
        memcpy (data + (gsize)y * stride + 4 * (gsize)x, &px, 4);
      }
  cairo_surface_mark_dirty (heat);
  return heat;
}

SlGazeInset *
sl_gaze_inset_new (GArray *points, const SlScreenGeometry *screen)
{
  SlGazeInset *inset = g_new0 (SlGazeInset, 1);
  inset->points = g_array_ref (points);
  inset->screen = *screen;
  inset->first = inset->last = -1;
  inset->heat = make_heat (points, screen, -1, -1, &inset->on_screen_share);
  return inset;
}

void
sl_gaze_inset_free (SlGazeInset *inset)
{
  if (inset == NULL)
    return;
  g_array_unref (inset->points);
  g_clear_pointer (&inset->heat, cairo_surface_destroy);
  g_free (inset);
}

void
sl_gaze_inset_set_range (SlGazeInset *inset, gint64 first, gint64 last)
{
  if (first == inset->first && last == inset->last)
    return;
  inset->first = first;
  inset->last = last;
  inset->first_s = inset->last_s = 0;
  for (guint i = 0; i < inset->points->len; i++)
    {
      const SlGazePoint *p = &g_array_index (inset->points, SlGazePoint, i);
      if (p->frame <= first)
        inset->first_s = p->time_s;
      if (p->frame <= last)
        inset->last_s = p->time_s;
    }
  g_clear_pointer (&inset->heat, cairo_surface_destroy);
  inset->heat = make_heat (inset->points, &inset->screen, first, last, &inset->on_screen_share);
}

void
sl_gaze_inset_set_region (SlGazeInset *inset, const double *region)
{
  inset->has_region = region != NULL;
  if (region != NULL)
    memcpy (inset->region, region, sizeof inset->region);
}

gboolean
sl_gaze_inset_to_screen (const SlGazeInset *inset, double wx, double wy, double *x, double *y)
{
  const double *r = inset->drawn;
  if (r[2] <= 0 || r[3] <= 0)
    return FALSE;
  *x = (wx - r[0]) / r[2] * inset->screen.width_px;
  *y = (wy - r[1]) / r[3] * inset->screen.height_px;
  return wx >= r[0] && wy >= r[1] && wx <= r[0] + r[2] && wy <= r[1] + r[3];
}

gboolean
sl_gaze_inset_screen_to_widget (const SlGazeInset *inset, double x, double y, double *wx,
                                double *wy)
{
  const double *r = inset->drawn;
  if (r[2] <= 0)
    return FALSE;
  *wx = r[0] + x / inset->screen.width_px * r[2];
  *wy = r[1] + y / inset->screen.height_px * r[3];
  return TRUE;
}

const SlScreenGeometry *
sl_gaze_inset_get_screen (const SlGazeInset *inset)
{
  return &inset->screen;
}

double
sl_gaze_inset_on_screen_share (const SlGazeInset *inset)
{
  return inset->on_screen_share;
}

/* The index of the last point at or before @frame, or -1. */
static int
index_at (const SlGazeInset *inset, gint64 frame)
{
  int lo = 0, hi = (int)inset->points->len;
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (g_array_index (inset->points, SlGazePoint, mid).frame <= frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

const SlGazePoint *
sl_gaze_inset_point_at (const SlGazeInset *inset, gint64 frame, gint64 window)
{
  int i = index_at (inset, frame);
  if (i < 0)
    return NULL;
  const SlGazePoint *p = &g_array_index (inset->points, SlGazePoint, i);
  return frame - p->frame <= window ? p : NULL;
}

void
sl_gaze_inset_draw (SlGazeInset *inset, cairo_t *cr, const SlDrawStyle *style, double bx, double by,
                    double bw, double bh, gint64 frame, double time_s, gint64 window)
{
  const SlScreenGeometry *g = &inset->screen;
  double aspect = g->width_mm / g->height_mm;
  double w = bw, h = w / aspect;
  if (h > bh)
    {
      h = bh;
      w = h * aspect;
    }
  double ox = bx + bw - w, oy = by + bh - h;
  inset->drawn[0] = ox;
  inset->drawn[1] = oy;
  inset->drawn[2] = w;
  inset->drawn[3] = h;
  const SlRgba *accent = &style->accent;
  cairo_save (cr);
  cairo_rectangle (cr, ox, oy, w, h);
  cairo_set_source_rgba (cr, 0.08, 0.08, 0.1, 0.8);
  cairo_fill (cr);
  if (inset->heat != NULL)
    {
      cairo_save (cr);
      cairo_rectangle (cr, ox, oy, w, h);
      cairo_clip (cr);
      cairo_translate (cr, ox, oy);
      cairo_scale (cr, w / cairo_image_surface_get_width (inset->heat),
                   h / cairo_image_surface_get_height (inset->heat));
      cairo_set_source_surface (cr, inset->heat, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_restore (cr);
    }

  double sx = w / g->width_px, sy = h / g->height_px;
  cairo_rectangle (cr, ox + 0.5, oy + 0.5, w - 1, h - 1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  /* The region compliance counts, dashed. */
  if (inset->has_region)
    {
      double dash = 3;
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_rectangle (cr, ox + inset->region[0] * sx, oy + inset->region[1] * sy,
                       inset->region[2] * sx, inset->region[3] * sy);
      cairo_set_source_rgba (cr, 0.3, 1, 0.5, 0.9);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  /* The scan path: the last second, older parts fainter. */
  int last = index_at (inset, frame);
  int first = last;
  while (first > 0
         && time_s - g_array_index (inset->points, SlGazePoint, first - 1).time_s <= SCAN_PATH_S)
    first--;
  const SlGazePoint *prev = NULL;
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = first; i <= last && i >= 0; i++)
    {
      const SlGazePoint *p = &g_array_index (inset->points, SlGazePoint, i);
      if (!isfinite (p->x))
        {
          prev = NULL;
          continue;
        }
      if (prev != NULL)
        {
          double age = CLAMP ((time_s - p->time_s) / SCAN_PATH_S, 0, 1);
          cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 1 - 0.8 * age);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, ox + CLAMP (prev->x, 0, g->width_px) * sx,
                         oy + CLAMP (prev->y, 0, g->height_px) * sy);
          cairo_line_to (cr, ox + CLAMP (p->x, 0, g->width_px) * sx,
                         oy + CLAMP (p->y, 0, g->height_px) * sy);
          cairo_stroke (cr);
        }
      prev = p;
    }
  /* The gaze point of the frame shown; off the screen, at the edge with a
   * hollow mark. */
  const SlGazePoint *now = sl_gaze_inset_point_at (inset, frame, window);
  if (now != NULL && isfinite (now->x))
    {
      double x = ox + CLAMP (now->x, 0, g->width_px) * sx;
      double y = oy + CLAMP (now->y, 0, g->height_px) * sy;
      cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      sl_draw_set_color (cr, accent);
      if (now->on_screen)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }

  /* A caption: the frame's state and the session's on-screen share. */
  const char *state = now == NULL || !isfinite (now->x) ? _ ("no gaze")
                      : !now->on_screen                 ? _ ("off screen")
                      : !now->in_range                  ? _ ("head outside the calibrated range")
                                                        : NULL;
  g_autofree char *share
      = inset->first >= 0
            ? g_strdup_printf (_ ("on screen %.0f%% of %d:%02d–%d:%02d"),
                               100 * inset->on_screen_share, (int)inset->first_s / 60,
                               (int)inset->first_s % 60, (int)inset->last_s / 60,
                               (int)inset->last_s % 60)
            : g_strdup_printf (_ ("on screen %.0f%% of the session"), 100 * inset->on_screen_share);
  g_autofree char *text
      = state != NULL ? g_strdup_printf ("%s · %s", state, share) : g_strdup (share);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  pango_layout_set_text (layout, text, -1);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int)(MAX (w - 8, 20) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  cairo_rectangle (cr, ox, oy - lh - 4, lw + 8, lh + 4);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.65);
  cairo_fill (cr);
  cairo_move_to (cr, ox + 4, oy - lh - 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_restore (cr);
}
