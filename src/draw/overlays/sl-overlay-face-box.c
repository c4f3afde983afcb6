/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The face's box, with its track id, score and whether it was detected on
 * this frame or tracked from an earlier one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-overlay.h"

static void
draw (const SlOverlayContext *ctx)
{
  const SlFaceResult *f = ctx->face;
  cairo_t *cr = ctx->cr;
  double x = ctx->ox + f->box[0] * ctx->scale, y = ctx->oy + f->box[1] * ctx->scale;
  SlRgba color = ctx->exact ? ctx->style->accent : ctx->style->held;
  if (!ctx->exact)
    color.alpha = 0.6;
  cairo_rectangle (cr, x, y, f->box[2] * ctx->scale, f->box[3] * ctx->scale);
  sl_draw_stroke_with_halo (cr, &color, 2);
  g_autofree char *text
      = g_strdup_printf (f->detected ? _ ("face %d · %.0f%%") : _ ("face %d · %.0f%% · tracked"),
                         f->face_id, 100.0 * f->confidence);
  sl_draw_label (cr, ctx->style, text, x, MAX (ctx->oy, y - 22), &ctx->style->label_bg, NULL, NULL);
}

const SlOverlayLayer sl_overlay_face_box = {
  .id = "face-box",
  .needs_face = TRUE,
  .draw = draw,
};
