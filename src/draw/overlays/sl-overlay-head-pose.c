/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The head's axes from the nose tip, 40 mm long: x to the person's left
 * (image right when facing the camera), y up, z out of the face.
 */
#include "config.h"

#include <math.h>

#include "processors/sl-processors.h"
#include "sl-overlay.h"

static const char *const signals[] = {
  "head_pose.yaw",
  "head_pose.pitch",
  "head_pose.roll",
  "head_pose.tx",
  "head_pose.ty",
  "head_pose.tz",
  NULL,
};

static void
draw (const SlOverlayContext *ctx)
{
  static const float axes[] = { 0, 0, 0, 40, 0, 0, 0, -40, 0, 0, 0, -40 };
  double pose[6];
  for (int k = 0; k < 6; k++)
    if (!isfinite (pose[k] = sl_overlay_value (ctx, signals[k])))
      return;
  float xy[8];
  if (!sl_head_pose_project (pose, ctx->width, ctx->height,
                             ctx->focal_scale * MAX (ctx->width, ctx->height), axes, 4, xy))
    return;
  const SlRgba *colors[] = { &ctx->style->error, &ctx->style->success, &ctx->style->axis_z };
  cairo_t *cr = ctx->cr;
  double s = ctx->scale;
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int a = 1; a <= 3; a++)
    {
      cairo_move_to (cr, ctx->ox + xy[0] * s, ctx->oy + xy[1] * s);
      cairo_line_to (cr, ctx->ox + xy[2 * a] * s, ctx->oy + xy[2 * a + 1] * s);
      sl_draw_stroke_with_halo (cr, colors[a - 1], 3);
    }
}

const SlOverlayLayer sl_overlay_head_pose = {
  .id = "head-pose",
  .signals = signals,
  .needs_face = TRUE,
  .draw = draw,
};
