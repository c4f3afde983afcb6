/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fused state (fusion.state) under the frame information.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-overlay.h"

static const char *const signals[] = { "fusion.state", NULL };

static void
draw (const SlOverlayContext *ctx)
{
  double state = sl_overlay_value (ctx, "fusion.state");
  if (ctx->result == NULL || !isfinite (state))
    return;
  /* The person's state, not the alert an alarm raises. */
  const char *names[] = { NC_ ("state", "Unknown"), NC_ ("state", "Alert"), NC_ ("state", "Drowsy"),
                          NC_ ("state", "Distracted") };
  const SlRgba unknown = { 0.3, 0.3, 0.3, 0.8 };
  const SlRgba *colors[]
      = { &unknown, &ctx->style->success_bg, &ctx->style->error_bg, &ctx->style->warning_bg };
  int k = CLAMP ((int)state, 0, 3);
  g_autofree char *text
      = g_strdup_printf (_ ("State: %s"), g_dpgettext2 (GETTEXT_PACKAGE, "state", names[k]));
  sl_draw_label (ctx->cr, ctx->style, text, ctx->ox + 6, ctx->oy + 32, colors[k], NULL, NULL);
}

const SlOverlayLayer sl_overlay_state = {
  .id = "state",
  .signals = signals,
  .tells_detections = TRUE,
  .draw = draw,
};
