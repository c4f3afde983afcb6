/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gaze calibration wizard: a window of its own that walks a grader
 * through calibrating a recorded session, one step per page — source,
 * geometry, targets, fit, result, save — with Back and Next; Esc cancels
 * without saving.  Saving stores the profile in the library and applies
 * it to the session ("saved" is emitted with the profile's id).
 */
#pragma once

#include <adwaita.h>

#include "base/sl-session.h"
#include "gaze/sl-cal-profile.h"

G_BEGIN_DECLS

#define SL_TYPE_CALIBRATION_WIZARD (sl_calibration_wizard_get_type ())
G_DECLARE_FINAL_TYPE (SlCalibrationWizard, sl_calibration_wizard, SL, CALIBRATION_WIZARD, AdwWindow)

/* A wizard for @session of the library at @library (its newest run). */
SlCalibrationWizard *sl_calibration_wizard_new (GtkWindow *parent, const char *library,
                                                SlSession *session);

/* Reads a calibration sidecar: its geometry and targets replace the
 * wizard's.  The wizard looks for one beside the recording by itself. */
gboolean sl_calibration_wizard_load_sidecar (SlCalibrationWizard *self, const char *path,
                                             GError **error);

/* Calibrates live with @device (a /dev/video* camera, or a recorded
 * camera stream to replay) instead of the session's recording; NULL goes
 * back to the recording.  The camera's recording becomes a new session. */
void sl_calibration_wizard_use_camera (SlCalibrationWizard *self, const char *device);

/* The session calibrated: the one given, or the live run's recording. */
SlSession *sl_calibration_wizard_get_session (SlCalibrationWizard *self);
/* The profile saved or applied, once there is one; NULL before. */
const SlCalProfile *sl_calibration_wizard_get_profile (SlCalibrationWizard *self);

G_END_DECLS
