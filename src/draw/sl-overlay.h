/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Overlay layers: what is drawn over a frame of the video.  A layer names
 * the signals it reads and draws them, and the frame's face result, with
 * cairo into the context it is given: in the target's pixels, the frame
 * placed at (ox, oy) at @scale target pixels per image pixel, so that
 * lines and labels keep their size however large the video is shown.  The
 * window's video view and any renderer without a display draw the same
 * layers.
 *
 * Adding one: a file in overlays/ defining an SlOverlayLayer, and its line
 * in sl-overlays.c.
 */
#pragma once

#include "base/sl-face-result.h"
#include "sl-draw.h"

G_BEGIN_DECLS

typedef struct _SlOverlayValues SlOverlayValues;

typedef struct
{
  cairo_t *cr;       /* target pixels, clipped to the frame */
  double ox, oy;     /* where the frame's top left corner is */
  double scale;      /* target pixels per image pixel */
  int width, height; /* the frame, in image pixels */
  const SlDrawStyle *style;
  const SlFaceResult *result; /* the result shown (with a face or not), NULL: none yet */
  const SlFaceResult *face;   /* @result when it has a face, else NULL */
  gboolean exact;             /* @result is this very frame's (not held from an earlier one) */
  gboolean analysed;          /* the session has a run */
  double focal_scale;         /* the run's head_pose.focal_scale */
  gint64 frame;               /* the frame shown, its time and the recording's length */
  double time_s;
  double duration_s;
  const SlOverlayValues *values;
} SlOverlayContext;

typedef struct
{
  const char *id;             /* "face-box": the video view's show-<id> */
  const char *const *signals; /* what it reads, NULL-terminated */
  gboolean needs_face;        /* drawn only with a face result */
  gboolean exact_only;        /* … and only on the frame it is of */
  gboolean tells_detections;  /* shows what the detectors decided: hidden while labeling blind */
  void (*draw) (const SlOverlayContext *ctx);
} SlOverlayLayer;

/* Every layer, in drawing order, NULL-terminated. */
const SlOverlayLayer *const *sl_overlays_all (void);
const SlOverlayLayer *sl_overlays_find (const char *id);

/* The values of a set of signals on one frame. */
SlOverlayValues *sl_overlay_values_new (const char *const *names, guint n);
void sl_overlay_values_free (SlOverlayValues *values);
guint sl_overlay_values_size (const SlOverlayValues *values);
const char *const *sl_overlay_values_names (const SlOverlayValues *values);
/* The array to fill, in the order of the names; NaN: none. */
double *sl_overlay_values_data (SlOverlayValues *values);
/* Signal @name's value, NaN when it has none or was not asked for. */
double sl_overlay_value (const SlOverlayContext *ctx, const char *name);

/* The signals @layers read, each once, NULL-terminated (free with g_free). */
const char **sl_overlays_signals (const SlOverlayLayer *const *layers, guint n);

/* Draws @layers in order, skipping those whose face or frame they need is
 * not there. */
void sl_overlays_draw (const SlOverlayLayer *const *layers, guint n, const SlOverlayContext *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOverlayValues, sl_overlay_values_free)

G_END_DECLS
