/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-preferences.h"

struct _SlPreferences
{
  AdwPreferencesWindow parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SlPreferences, sl_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* The keys with a row in the template; each row's spin button has the
 * key as its id. */
static const char *const keys[] = {
  "analysis-threads",        "calibration-accuracy-limit", "score-weight-jitter",
  "score-weight-compliance", "score-min-collection",       "score-min-face",
  "score-jitter-max",
};

static void
sl_preferences_finalize (GObject *object)
{
  g_clear_object (&SL_PREFERENCES (object)->settings);
  G_OBJECT_CLASS (sl_preferences_parent_class)->finalize (object);
}

static void
sl_preferences_class_init (SlPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = sl_preferences_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-preferences.ui");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_bind_template_child_full (widget_class, keys[i], FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "annotator", FALSE, 0);
}

static void
sl_preferences_init (SlPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GObject *spin
          = gtk_widget_get_template_child (GTK_WIDGET (self), SL_TYPE_PREFERENCES, keys[i]);
      g_assert (GTK_IS_SPIN_BUTTON (spin));
      g_settings_bind (self->settings, keys[i], spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
  GObject *annotator
      = gtk_widget_get_template_child (GTK_WIDGET (self), SL_TYPE_PREFERENCES, "annotator");
  g_settings_bind (self->settings, "annotator", annotator, "text", G_SETTINGS_BIND_DEFAULT);
}

GtkWindow *
sl_preferences_new (GtkWindow *parent)
{
  return g_object_new (SL_TYPE_PREFERENCES, "transient-for", parent, NULL);
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
