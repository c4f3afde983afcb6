/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gaze calibration's error as a drift signal of the library
 * (docs/drift.md): a session where targets were shown and a calibration
 * made has an error in degrees at each of its targets (measured at the
 * validation targets, left out of the fit at the others); a session's
 * errors are measured against those of its baseline's sessions, as one
 * window, with the same null and measures as every signal.  A mapping
 * that held on one day and is worse on another shows here.
 */
#pragma once

#include "library/sl-store.h"
#include "sl-drift-session.h"

G_BEGIN_DECLS

#define SL_DRIFT_CALIBRATION_ERROR "gaze.calibration_error"

/* The per-target errors (degrees, each target with enough samples) of the
 * newest calibration made on @session_id; an empty array when it has
 * none; NULL with an error when the library cannot be read or the
 * profile is damaged. */
GArray *sl_drift_calibration_errors (SlStore *store, gint64 session_id, GError **error);

/* A signal SL_DRIFT_CALIBRATION_ERROR for @report: its session's errors
 * against those of its baseline's other sessions, decided on its own at
 * @params' false-alarm rate; one that cannot be measured says why (a
 * baseline of the session's own first seconds, no calibration on either
 * side, a damaged profile). */
SlDriftSignal *sl_drift_calibration_signal (SlStore *store, const SlDriftReport *report,
                                            const SlDriftParams *params);

G_END_DECLS
