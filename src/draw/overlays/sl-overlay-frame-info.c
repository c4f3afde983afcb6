/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame number and time, the recording's length, and what the result
 * shown is: none yet, an earlier frame's, no face.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "sl-overlay.h"

static char *
format_time (double t)
{
  int cs = (int)llround (t * 100);
  return g_strdup_printf ("%d:%02d.%02d", cs / 6000, (cs / 100) % 60, cs % 100);
}

static void
draw (const SlOverlayContext *ctx)
{
  g_autofree char *now = format_time (ctx->time_s);
  g_autofree char *total = format_time (ctx->duration_s);
  g_autofree char *state = NULL;
  if (!ctx->analysed)
    state = g_strdup (_ ("not analysed"));
  else if (ctx->result == NULL)
    state = g_strdup (_ ("no result yet"));
  else if (!ctx->exact)
    state = g_strdup_printf (_ ("showing frame %" PRId64 "'s result"), ctx->result->frame);
  else if (!ctx->result->success)
    state = g_strdup (_ ("no face found"));
  g_autofree char *text = g_strdup_printf ("%s %" PRId64 " · %s / %s%s%s", _ ("frame"), ctx->frame,
                                           now, total, state ? " · " : "", state ? state : "");
  sl_draw_label (ctx->cr, ctx->style, text, ctx->ox + 6, ctx->oy + 6, &ctx->style->label_bg, NULL,
                 NULL);
}

const SlOverlayLayer sl_overlay_frame_info = {
  .id = "frame-info",
  .draw = draw,
};
