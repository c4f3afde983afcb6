/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "sl-thumbnail.h"

void
sl_thumbnail_crop (const SlFaceResult *face, int width, int height, double aspect, int *x, int *y,
                   int *w, int *h)
{
  *x = 0;
  *y = 0;
  *w = width;
  *h = height;
  if (face == NULL || !face->success || face->box[2] <= 0 || face->box[3] <= 0 || aspect <= 0)
    return;
  double side = 2 * MAX (face->box[2], face->box[3]);
  double cw = MAX (side, side * aspect), ch = cw / aspect;
  if (cw > width)
    cw = width, ch = cw / aspect;
  if (ch > height)
    ch = height, cw = ch * aspect;
  double cx = face->box[0] + face->box[2] / 2, cy = face->box[1] + face->box[3] / 2;
  *w = MAX ((int)lround (cw), 1);
  *h = MAX ((int)lround (ch), 1);
  *x = CLAMP ((int)lround (cx - cw / 2), 0, width - *w);
  *y = CLAMP ((int)lround (cy - ch / 2), 0, height - *h);
}

/* The crop of @bgr as a cairo image. */
static cairo_surface_t *
surface_of (const guint8 *bgr, int stride, int x, int y, int w, int h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  guint8 *data = cairo_image_surface_get_data (s);
  int out = cairo_image_surface_get_stride (s);
  for (int r = 0; r < h; r++)
    {
      const guint8 *in = bgr + (gsize)(y + r) * stride + (gsize)x * 3;
      guint32 *px = (guint32 *)(gpointer)(data + (gsize)r * out);
      for (int c = 0; c < w; c++, in += 3)
        px[c] = 0xff000000u | (guint32)in[2] << 16 | (guint32)in[1] << 8 | in[0];
    }
  cairo_surface_mark_dirty (s);
  return s;
}

/* @r with its coordinates in the crop at (@x, @y). */
static void
shift (SlFaceResult *r, int x, int y)
{
  r->box[0] -= x;
  r->box[1] -= y;
  for (int i = 0; i < SL_LANDMARK_POINTS; i++)
    {
      r->points[2 * i] -= x;
      r->points[2 * i + 1] -= y;
    }
}

void
sl_thumbnail_draw (cairo_t *cr, double x, double y, double w, double h, const guint8 *bgr,
                   int width, int height, int stride, const SlOverlayContext *ctx,
                   const SlOverlayLayer *const *layers, guint n)
{
  g_return_if_fail (bgr != NULL && width > 0 && height > 0 && w > 0 && h > 0);
  int cx, cy, cw, ch;
  sl_thumbnail_crop (ctx->face, width, height, w / h, &cx, &cy, &cw, &ch);
  double scale = MIN (w / cw, h / ch);
  double ox = x + (w - cw * scale) / 2, oy = y + (h - ch * scale) / 2;

  cairo_save (cr);
  cairo_rectangle (cr, ox, oy, cw * scale, ch * scale);
  cairo_clip (cr);
  cairo_surface_t *image = surface_of (bgr, stride, cx, cy, cw, ch);
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

  SlFaceResult result, face;
  SlOverlayContext c = *ctx;
  c.cr = cr;
  c.ox = ox;
  c.oy = oy;
  c.scale = scale;
  c.width = cw;
  c.height = ch;
  if (ctx->result != NULL)
    {
      result = *ctx->result;
      shift (&result, cx, cy);
      c.result = &result;
    }
  if (ctx->face != NULL)
    {
      face = *ctx->face;
      shift (&face, cx, cy);
      c.face = &face;
    }
  sl_overlays_draw (layers, n, &c);
  cairo_restore (cr);
}
