/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-preferences.h"

typedef struct
{
  const char *key, *title, *subtitle;
  double min, max, step;
  int digits;
} Row;

/* clang-format off */
static const Row analysis_rows[] = {
  { "analysis-threads", N_ ("Threads"), N_ ("Worker threads for an analysis; 0 chooses from the processors"), 0, 64, 1, 0 },
};
static const Row gaze_rows[] = {
  { "calibration-accuracy-limit", N_ ("Good calibration"), N_ ("Mean error, in degrees, that still counts as good"), 0.1, 20, 0.1, 1 },
  { "score-weight-jitter", N_ ("Weight of jitter"), N_ ("In the interview total"), 0, 1, 0.05, 2 },
  { "score-weight-compliance", N_ ("Weight of compliance"), N_ ("In the interview total"), 0, 1, 0.05, 2 },
  { "score-min-collection", N_ ("Aim for gaze collection"), N_ ("Share of frames with an on-screen gaze sample"), 0, 1, 0.05, 2 },
  { "score-min-face", N_ ("Aim for face detection"), N_ ("Share of frames with a face"), 0, 1, 0.05, 2 },
  { "score-jitter-max", N_ ("Jitter at which its score is 0"), N_ ("Dispersion within fixations, in degrees"), 0.1, 30, 0.1, 1 },
};
/* clang-format on */

GtkWidget *
sl_spin_row_new (const char *title, const char *subtitle, double min, double max, double step,
                 guint digits, GtkSpinButton **spin)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  GtkWidget *button = gtk_spin_button_new_with_range (min, max, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (button), digits);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  *spin = GTK_SPIN_BUTTON (button);
  return row;
}

static GtkWidget *
group (GSettings *settings, const char *title, const Row *rows, guint n)
{
  GtkWidget *g = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (g), title);
  for (guint i = 0; i < n; i++)
    {
      GtkSpinButton *spin;
      GtkWidget *row = sl_spin_row_new (_ (rows[i].title), _ (rows[i].subtitle), rows[i].min,
                                        rows[i].max, rows[i].step, rows[i].digits, &spin);
      g_settings_bind (settings, rows[i].key, spin, "value", G_SETTINGS_BIND_DEFAULT);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (g), row);
    }
  return g;
}

GtkWindow *
sl_preferences_new (GtkWindow *parent)
{
  GtkWidget *window = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _ ("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (group (settings, _ ("Analysis"), analysis_rows,
                                                          G_N_ELEMENTS (analysis_rows))));
  GtkWidget *gaze = group (settings, _ ("Gaze calibration and interview scores"), gaze_rows,
                           G_N_ELEMENTS (gaze_rows));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (gaze),
      _ ("The weights are normalised to sum to one (both 0: 0.4 and 0.6); the scores of a "
         "calibrated session are computed again when any of these change."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (gaze));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return GTK_WINDOW (window);
}

void
sl_preferences_score_options (GSettings *settings, SlScoreOptions *o)
{
  *o = (SlScoreOptions)SL_SCORE_OPTIONS_DEFAULT;
  o->weights.jitter = g_settings_get_double (settings, "score-weight-jitter");
  o->weights.compliance = g_settings_get_double (settings, "score-weight-compliance");
  if (!sl_score_weights_check (o->weights, NULL))
    o->weights = (SlScoreWeights){ 0.4, 0.6 };
  o->min_collection = g_settings_get_double (settings, "score-min-collection");
  o->min_face = g_settings_get_double (settings, "score-min-face");
  o->jitter_max_deg = g_settings_get_double (settings, "score-jitter-max");
}
