/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame small: the face and some of its surroundings (the whole frame
 * when there is no face), with overlay layers drawn over it as on the
 * video.  The explanation's evidence, and anything without a display.
 */
#pragma once

#include "sl-overlay.h"

G_BEGIN_DECLS

/* The part of a @width × @height frame a thumbnail of @aspect (w / h)
 * shows: around @face's box, twice its size, inside the frame; the whole
 * frame without a face. */
void sl_thumbnail_crop (const SlFaceResult *face, int width, int height, double aspect, int *x,
                        int *y, int *w, int *h);

/* Draws @bgr (8-bit BGR, @stride bytes a row, @width × @height) into
 * the @w × @h area at (@x, @y) of @cr, cropped as sl_thumbnail_crop says,
 * and @layers over it.  @ctx gives what the layers read (style, result,
 * values, frame); its placement and size are the thumbnail's own. */
void sl_thumbnail_draw (cairo_t *cr, double x, double y, double w, double h, const guint8 *bgr,
                        int width, int height, int stride, const SlOverlayContext *ctx,
                        const SlOverlayLayer *const *layers, guint n);

G_END_DECLS
