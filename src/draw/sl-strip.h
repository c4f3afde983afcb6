/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Timeline strips: one or two signals of a run over the whole recording,
 * with the events of chosen kinds drawn behind the curve.  A strip is data
 * — "SIGNAL[,SIGNAL] | LABEL | LO HI | EVENT …", or any stored signal with
 * its own range — and drawing one needs cairo and pango alone, so the
 * window's timeline and a report draw the same strips.
 */
#pragma once

#include "library/sl-store.h"
#include "sl-draw.h"

G_BEGIN_DECLS

typedef struct
{
  char *signals[2]; /* one or two curves; signals[1] may be NULL */
  char *label;      /* untranslated; drawn through gettext */
  double lo, hi;    /* the range drawn; NaN: the data's own */
  GStrv events;     /* kinds drawn behind the curve */
} SlStrip;

/* "eyes.ear | EAR | 0 0.5 | blink microsleep"; NULL with @error set when
 * it is not that. */
SlStrip *sl_strip_parse (const char *spec, GError **error);
/* A strip of any stored signal: its name as the label, its own range. */
SlStrip *sl_strip_new_for_signal (const char *signal);
void sl_strip_free (SlStrip *strip);

/* The strips the timeline shows by default: an array of SlStrip. */
GPtrArray *sl_strips_default (void);

/* What a strip draws: its curves' samples (SlSample, either may be NULL)
 * and the run's events. */
typedef struct
{
  GArray *series[2];
  GPtrArray *events;
} SlStripData;

/* Where: the label in [0, @x) and the plot from @x over @width, @top to
 * @top + @height, frames @first_frame … @first_frame + @frame_count − 1
 * across it (the whole recording, or the part zoomed in on). */
typedef struct
{
  double x, width, top, height;
  gint64 first_frame;
  gint64 frame_count;
  double label_alpha; /* of the label's text */
  SlRgba fg;          /* curves and labels */
  SlRgba accent;      /* the second curve, most events */
} SlStripPlace;

/* The strip's background, events, curves (the min–max envelope of the
 * samples in each pixel column, so that blinks stay visible in an hour;
 * zoomed in past a pixel a frame, the samples joined where they follow
 * each other and broken where frames are missing), its label and the
 * values at its top and bottom. */
void sl_strip_draw (cairo_t *cr, const SlStrip *strip, const SlStripData *data,
                    const SlStripPlace *place, const SlDrawStyle *style);

/* The range a strip draws its values in: its own, or its data's. */
void sl_strip_range (const SlStrip *strip, const SlStripData *data, double *lo, double *hi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStrip, sl_strip_free)

G_END_DECLS
