/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processor contract.  A processor is a static description — id,
 * version, the method it follows, the signals it needs and provides, its
 * parameters with defaults and ranges — and four functions: create a state
 * for one thread of one run, process a frame, and destroy the state.
 *
 * Frame-local processors run on the worker threads after the face stage;
 * each worker has its own state, so process() needs no locking.  Temporal
 * processors (a window, a state machine) run on the writer thread, one
 * state per run, on every analysed frame in frame order, after all the
 * frame-local ones; they read any signal of the frame's row and emit
 * events, and finish() closes what is still open when a run completes.  Signals
 * are numbers per frame, named "<processor>.<name>"; a processor writes the
 * slots it provides and leaves NaN where a frame has no value ("no result,
 * because …" is told by the quality processor's signals).
 */
#pragma once

#include <glib.h>
#include <math.h>

#include "base/sl-event.h"
#include "base/sl-face-result.h"
#include "vision.h"

G_BEGIN_DECLS

/* Signals every processor may need: the face stage's results. */
#define SL_NEED_FACE "face"
#define SL_NEED_LANDMARKS "landmarks"

typedef struct
{
  const char *name;
  double default_value;
  double min;
  double max;
  gboolean integer;
  const char *meaning; /* one line, for `sightline processors` */
} SlParamSpec;

typedef enum
{
  SL_STAGE_FRAME,
  SL_STAGE_TEMPORAL,
} SlStage;

typedef struct _SlPlan SlPlan;

typedef struct
{
  const SlvImage *image;    /* the frame (frame stage only; NULL in the temporal stage) */
  const SlFaceResult *face; /* the face stage's result */
  const double *params;     /* this run's parameter values, in spec order */
  double *out;              /* the slots of the provided signals, in order */
  /* Temporal stage only: */
  const double *row;  /* every signal of the frame, by plan slot (NaN: none) */
  const SlPlan *plan; /* to find a signal's slot by name */
  GPtrArray *events;  /* where to add SlEvents found */
  GArray *metrics;    /* finish() only: SlMetric figures of the whole run */
  /* Temporal stage: the row slot of each of the processor's needs, in the
   * order of its needs array (-1 for the face stage's own). */
  const int *need_slot;
} SlFrameContext;

/* The value of the processor's @k-th need on this frame (NaN: none). */
static inline double
sl_need (const SlFrameContext *ctx, guint k)
{
  int slot = ctx->need_slot[k];
  return slot >= 0 ? ctx->row[slot] : NAN;
}

typedef struct
{
  const char *id;
  const char *version;
  SlStage stage;
  const char *method; /* the algorithm and the paper or standard it follows */
  const char *const *needs;
  const char *const *provides; /* names without the "<id>." prefix */
  const SlParamSpec *params;
  guint n_params;

  /* Stateless processors leave create and destroy NULL and get a NULL
   * state; create returns NULL with @error set when it fails. */
  gpointer (*create) (const double *params, GError **error);
  gboolean (*process) (gpointer state, const SlFrameContext *ctx, GError **error);
  /* Temporal stage: the run is complete; close open events. May be NULL. */
  gboolean (*finish) (gpointer state, const SlFrameContext *ctx, GError **error);
  void (*destroy) (gpointer state);
} SlProcessorInfo;

G_END_DECLS
