/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if: a stored run's temporal stage again, with some of its
 * parameters changed, over the run's stored frame-stage results (faces,
 * landmarks and the frame processors' signals), without decoding the
 * video; and the events it finds compared with the stored ones.  With no
 * change it finds exactly the stored events (the replay a resumed run
 * makes, over every frame).  Only the temporal processors' parameters can
 * be tried: the face stage and the frame processors need the video again.
 */
#pragma once

#include <gio/gio.h>

#include "library/sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_WHAT_IF_SAME,
  SL_WHAT_IF_ADDED,   /* found only with the change */
  SL_WHAT_IF_REMOVED, /* stored, not found with the change */
  SL_WHAT_IF_CHANGED, /* found by both, with other frames or another score */
} SlWhatIfChange;

typedef struct
{
  SlWhatIfChange change;
  const SlEvent *stored; /* NULL when added */
  const SlEvent *found;  /* NULL when removed */
} SlWhatIfRow;

typedef struct
{
  gint64 run_id;
  GPtrArray *stored; /* SlEvent, the run's */
  GPtrArray *found;  /* SlEvent, the re-run's */
  GArray *rows;      /* SlWhatIfRow, in time order */
  guint added, removed, changed, same;
  gint64 frames;       /* stored frames replayed */
  gint64 saved_run_id; /* the run it was saved as (sl_what_if_save), else 0 */
  gint64 elapsed_us;   /* reading and the temporal stage */
} SlWhatIf;

void sl_what_if_free (SlWhatIf *w);

/* @before's and @after's events (SlEvent; the result keeps references)
 * paired kind by kind by overlap: each the same, changed (other frames,
 * score or explanation), added or removed — two runs of one session
 * compared.  No run, frames or time. */
SlWhatIf *sl_what_if_compare (GPtrArray *before, GPtrArray *after);

/* Whether @assignment ("eyes.closed_drop=0.3") names a parameter what-if
 * can try; FALSE with a message saying why not (unknown, out of range, or
 * a frame-stage parameter that needs the video). */
gboolean sl_what_if_check (const char *assignment, GError **error);

/* Runs the temporal stage of run @run_id again with @assignments
 * (NULL-terminated; NULL or empty: none), reading only what the library
 * holds.  Refuses a run made by other processor versions than this
 * program's (its results would not be reproduced), naming them. */
SlWhatIf *sl_what_if_run (SlStore *store, gint64 run_id, const char *const *assignments,
                          GCancellable *cancellable, GError **error);

/* The same, saved as a new complete run of the session: the stored
 * faces and frame-stage signals, the temporal stage's signals, events and
 * figures as found, and the provenance with the changed parameters (its
 * message names the run and the changes it was made from).  Needs a
 * complete run and a library that can be written; the stored run is
 * never touched, and a failure leaves the new run marked failed. */
SlWhatIf *sl_what_if_save (SlStore *store, gint64 run_id, const char *const *assignments,
                           GCancellable *cancellable, GError **error);

/* Either, on a worker thread with a read-only connection of its own (and
 * a writable one to save).  Cancelled is G_IO_ERROR_CANCELLED. */
void sl_what_if_run_async (const char *library, gint64 run_id, const char *const *assignments,
                           gboolean save, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
SlWhatIf *sl_what_if_run_finish (GAsyncResult *result, GError **error);

typedef struct
{
  gboolean found; /* a value in the parameter's range removes the event */
  double value;   /* the value nearest the run's that removes it */
  double kept;    /* the nearest value tried that keeps it (not found: the range's end) */
  double from;    /* the run's value */
  guint tries;    /* what-ifs run */
} SlWhatIfFlip;

/* The smallest change of @param ("drowsiness.blink_duration_max") in
 * @relation's direction ("above"/"at_least": up, else down) from the
 * run's value at which stored event @event_id is no longer found: searched
 * with what-ifs (bisection to 1e-4 of the parameter's range, or one step
 * for an integer), starting with @hint (the margin the explanation
 * states; NaN: none), which is the answer for a result of one input.
 * A composite result (any of several inputs, a state held over time)
 * may need more than its margin says, or no value in range may remove
 * it (found FALSE).  Assumes the event does not come back further on. */
gboolean sl_what_if_flip (SlStore *store, gint64 run_id, gint64 event_id, const char *param,
                          const char *relation, double hint, GCancellable *cancellable,
                          SlWhatIfFlip *flip, GError **error);
/* The same on a worker thread; the result is freed with g_free. */
void sl_what_if_flip_async (const char *library, gint64 run_id, gint64 event_id, const char *param,
                            const char *relation, double hint, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
SlWhatIfFlip *sl_what_if_flip_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWhatIf, sl_what_if_free)

G_END_DECLS
