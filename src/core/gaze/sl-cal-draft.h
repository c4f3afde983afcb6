/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A calibration being made: the session and its analysis, the screen and
 * the targets (from a sidecar or a layout), the fit and what it is saved
 * as.  The wizard's pages all edit one draft; the draft knows nothing of
 * widgets, so what a page does to it can be tested without a display.
 *
 * Main thread only, except the reading of the analysis, which runs in a
 * thread of its own (sl_cal_draft_load_async).
 */
#pragma once

#include <gio/gio.h>

#include "base/sl-session.h"
#include "sl-cal-profile.h"

G_BEGIN_DECLS

#define SL_TYPE_CAL_DRAFT (sl_cal_draft_get_type ())
G_DECLARE_FINAL_TYPE (SlCalDraft, sl_cal_draft, SL, CAL_DRAFT, GObject)

/* Properties: "session" (SlSession), "loaded", "load-error", "sidecar",
 * "camera", "profile" (notified when the fit changes), "order". */
SlCalDraft *sl_cal_draft_new (const char *library, SlSession *session);

const char *sl_cal_draft_get_library (SlCalDraft *self);
SlSession *sl_cal_draft_get_session (SlCalDraft *self);
/* The library's connection of the main thread, opened when first asked. */
SlStore *sl_cal_draft_get_store (SlCalDraft *self, GError **error);

/* ---- the analysis ---- */

/* Reads the session's newest run (its gaze features and fixations) and
 * the library's saved profiles in a thread; what was read before is
 * dropped first.  Targets placed by a layout then get their stretches
 * from the fixations ("targets-changed"). */
void sl_cal_draft_load_async (SlCalDraft *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean sl_cal_draft_load_finish (SlCalDraft *self, GAsyncResult *result, GError **error);

gboolean sl_cal_draft_is_loaded (SlCalDraft *self);
/* Why the analysis could not be read, once loaded; NULL when it was. */
const char *sl_cal_draft_get_load_error (SlCalDraft *self);
/* NULL until loaded. */
const SlRun *sl_cal_draft_get_run (SlCalDraft *self);
const GArray *sl_cal_draft_get_frames (SlCalDraft *self);
const GPtrArray *sl_cal_draft_get_events (SlCalDraft *self);
/* Every profile in the library (SlStoredCalibration). */
const GPtrArray *sl_cal_draft_get_profiles (SlCalDraft *self);

/* ---- the screen and the targets ---- */

/* The schedule the pages edit in place; a page that changes its targets
 * says so with sl_cal_draft_targets_changed. */
SlCalSchedule *sl_cal_draft_get_schedule (SlCalDraft *self);
void sl_cal_draft_targets_changed (SlCalDraft *self);
/* Reads a sidecar: its geometry (kept as it is when it has none) and
 * targets replace the draft's. */
gboolean sl_cal_draft_load_sidecar (SlCalDraft *self, const char *path, GError **error);
/* The sidecar known (beside the recording, or opened), or NULL. */
const char *sl_cal_draft_get_sidecar (SlCalDraft *self);
/* Whether the targets are the sidecar's rather than a layout's. */
gboolean sl_cal_draft_is_from_sidecar (SlCalDraft *self);
void sl_cal_draft_forget_sidecar (SlCalDraft *self);
/* Targets of a 5- or 9-point layout on the draft's screen, with the
 * validation targets; from the fixations once the analysis is read. */
void sl_cal_draft_set_layout (SlCalDraft *self, int layout);
/* The screen changed: targets of a layout move with it. */
void sl_cal_draft_follow_screen (SlCalDraft *self);
/* Targets moved to the fixations nearest their times: how many moved. */
int sl_cal_draft_propose (SlCalDraft *self);
/* The schedule as it is fitted: validation targets not marked left out. */
SlCalSchedule *sl_cal_draft_marked (SlCalDraft *self);
/* Why the targets cannot be fitted yet, or TRUE. */
gboolean sl_cal_draft_check_targets (SlCalDraft *self, GError **error);

/* A live run records the targets with @device instead of the session's
 * recording (NULL: the recording). */
void sl_cal_draft_set_camera (SlCalDraft *self, const char *device);
const char *sl_cal_draft_get_camera (SlCalDraft *self);
/* The session a live run recorded becomes the draft's; @device is the
 * camera it used, offered to show targets with too few samples again. */
void sl_cal_draft_set_recorded (SlCalDraft *self, SlSession *session, const char *device);
/* The camera to show targets again with, for this session; NULL when the
 * session was not recorded live by this draft. */
const char *sl_cal_draft_get_again_camera (SlCalDraft *self);
/* The targets a live run should show again: those the fit left out for too
 * few samples (or, with no fit, those that have too few); NULL when none
 * or when the session was not recorded live. */
GStrv sl_cal_draft_again_targets (SlCalDraft *self);

/* ---- the fit ---- */

void sl_cal_draft_set_order (SlCalDraft *self, int order);
int sl_cal_draft_get_order (SlCalDraft *self);
/* Fits the marked targets; the profile (or NULL, with the reason) is the
 * draft's until the targets change again. */
gboolean sl_cal_draft_fit (SlCalDraft *self, GError **error);
const SlCalProfile *sl_cal_draft_get_profile (SlCalDraft *self);
/* Whether closing throws work away: a fit, or targets marked, moved or
 * re-timed since sl_cal_draft_keep_pristine. */
void sl_cal_draft_keep_pristine (SlCalDraft *self);
gboolean sl_cal_draft_has_unsaved_work (SlCalDraft *self);

/* Saves the fitted profile as @name (the session's name when empty) and
 * applies it to the session: its id, or 0. */
gint64 sl_cal_draft_save (SlCalDraft *self, const char *name, GError **error);
/* Applies saved profile @id to the session instead; refused when the
 * sidecar describes another screen or distance than the profile's. */
gboolean sl_cal_draft_apply (SlCalDraft *self, gint64 id, GError **error);

G_END_DECLS
