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

GtkWindow *sl_preferences_new (GtkWindow *parent);

/* A row with @title, @subtitle and a spin button from @min to @max by
 * @step with @digits decimals, which activating the row focuses; the spin
 * button is returned in @spin. */
GtkWidget *sl_spin_row_new (const char *title, const char *subtitle, double min, double max,
                            double step, guint digits, GtkSpinButton **spin);

/* The score options the preferences hold. */
void sl_preferences_score_options (GSettings *settings, SlScoreOptions *options);

G_END_DECLS
