/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Timeline strips: one or two signals of a run over the whole recording,
 * with the events of chosen kinds drawn behind the curves and the lines a
 * reader measures them against (the person's usual level, the
 * thresholds); or a lane of events alone (the fused state and its
 * alerts).  A strip is data —
 *
 *   SIGNAL[,SIGNAL] | LABEL[; CURVE; CURVE] | LO HI | EVENT … [| GUIDE; …]
 *
 * with no SIGNAL for a lane, a name for each CURVE when there are two, no
 * range for the data's own, and each GUIDE one of
 *
 *   level PROCESSOR.PARAM          a run parameter's value, as a threshold
 *   baseline SIGNAL                a signal, as the usual level
 *   below SIGNAL PROCESSOR.PARAM   SIGNAL × (1 − PARAM), as a threshold
 *   around SIGNAL PROCESSOR.PARAM  SIGNAL ± PARAM as thresholds, either side
 *                                  of a usual level SIGNAL
 *
 * prefixed "2:" when it belongs to the second curve (and is drawn in its
 * colour).  Drawing needs cairo and pango alone, so the window's timeline
 * and a report draw the same strips.
 */
#pragma once

#include "library/sl-store.h"
#include "sl-draw.h"

G_BEGIN_DECLS

typedef enum
{
  SL_GUIDE_LEVEL,
  SL_GUIDE_BASELINE,
  SL_GUIDE_BELOW,
  SL_GUIDE_AROUND,
} SlGuideKind;

typedef struct
{
  SlGuideKind kind;
  int curve;    /* 0 or 1: whose colour it is drawn in */
  char *signal; /* what it follows (all but level) */
  char *param;  /* PROCESSOR.PARAM (all but baseline) */
} SlStripGuide;

typedef struct
{
  char *signals[2];      /* one or two curves; signals[1] may be NULL; none: a lane */
  char *label;           /* untranslated; drawn through gettext */
  char *curve_labels[2]; /* of a strip of two curves, each curve's name; or NULL */
  double lo, hi;         /* the range drawn; NaN: the data's own */
  GStrv events;          /* kinds drawn behind the curve (or in the lane) */
  GArray *guides;        /* SlStripGuide */
} SlStrip;

/* "eyes.ear | EAR | 0 0.5 | blink microsleep | baseline eyes.baseline";
 * NULL with @error set when it is not that. */
SlStrip *sl_strip_parse (const char *spec, GError **error);
/* A strip of any stored signal: its name as the label, its own range. */
SlStrip *sl_strip_new_for_signal (const char *signal);
void sl_strip_free (SlStrip *strip);

/* A lane shows events alone, with no curve. */
gboolean sl_strip_is_lane (const SlStrip *strip);
/* Whether @strip draws events of @kind (no_face: every strip but lanes). */
gboolean sl_strip_shows_kind (const SlStrip *strip, const char *kind);
/* Appends to @names (of const char *, the strip's own strings) the signals
 * @strip draws, curves and guides, that are not in it already. */
void sl_strip_add_signals (const SlStrip *strip, GPtrArray *names);

/* The strips the timeline shows by default: an array of SlStrip. */
GPtrArray *sl_strips_default (void);

/* The value of each parameter the guides of @strips name, as recorded in
 * @run: "PROCESSOR.PARAM" → a double (g_free'd); those the run does not
 * have are missing. */
GHashTable *sl_strips_params (GPtrArray *strips, const SlRun *run);

/* What strips draw: the samples of each signal by name (a GArray of
 * SlSample; missing: none), the run's events, and the run's parameters
 * (sl_strips_params).  Any may be NULL. */
typedef struct
{
  GHashTable *series;
  GPtrArray *events;
  GHashTable *params;
} SlStripData;

/* Whether @strip has anything to draw in @data: a sample of a curve or an
 * event of its kinds. */
gboolean sl_strip_has_data (const SlStrip *strip, const SlStripData *data);

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

/* The strip's background, events, guides, curves (the min–max envelope of
 * the samples in each pixel column, so that blinks stay visible in an
 * hour; zoomed in past a pixel a frame, the samples joined where they
 * follow each other and broken where frames are missing), its label (with
 * a swatch of each curve's colour when there are two) and the values at
 * its top and bottom.  A lane: its events as spans (states in their
 * colours, named where they fit) and alerts as marks with their name. */
void sl_strip_draw (cairo_t *cr, const SlStrip *strip, const SlStripData *data,
                    const SlStripPlace *place, const SlDrawStyle *style);

/* The range a strip draws its values in: its own, or its data's. */
void sl_strip_range (const SlStrip *strip, const SlStripData *data, double *lo, double *hi);

/* The colour events of @kind are drawn in (a state event's by its state). */
SlRgba sl_strip_event_color (const SlEvent *event, const SlStripPlace *place,
                             const SlDrawStyle *style);

/* One line from (@x, @top), at most @width wide, saying what the strips
 * in @strips draw with @data: the dashes of the usual level and of the
 * thresholds, and the colour of each kind of event there is.  Items that
 * do not fit are left out; returns how many were drawn. */
guint sl_strips_legend_draw (cairo_t *cr, GPtrArray *strips, const SlStripData *data, double x,
                             double top, double width, const SlStripPlace *place,
                             const SlDrawStyle *style);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStrip, sl_strip_free)

G_END_DECLS
