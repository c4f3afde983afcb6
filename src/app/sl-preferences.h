/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences: analysis threads, and the aims and weights the gaze
 * calibration's verdict and the interview scores are judged by.  Each
 * row is bound to its GSettings key; changes apply at once.
 */
#pragma once

#include <adwaita.h>

#include "gaze/sl-gaze-scores.h"

G_BEGIN_DECLS

#define SL_TYPE_PREFERENCES (sl_preferences_get_type ())
G_DECLARE_FINAL_TYPE (SlPreferences, sl_preferences, SL, PREFERENCES, AdwPreferencesWindow)

GtkWindow *sl_preferences_new (GtkWindow *parent);

/* The score options the preferences hold. */
void sl_preferences_score_options (GSettings *settings, SlScoreOptions *options);

G_END_DECLS
