/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "library/sl-store.h"
#include "media/sl-video-source.h"
#include "pipeline/sl-models.h"
#include "sl-application.h"
#include "sl-jobs.h"
#include "sl-preferences.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication parent_instance;
  SlJobs *jobs;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

char *
sl_application_library_path (void)
{
  const char *env = g_getenv ("SIGHTLINE_LIBRARY");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *configured = g_settings_get_string (settings, "library-path");
  if (configured != NULL && *configured != '\0')
    return g_steal_pointer (&configured);
  return sl_store_default_path ();
}

static SlWindow *
ensure_window (SlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      g_autofree char *library = sl_application_library_path ();
      window = GTK_WINDOW (sl_window_new (ADW_APPLICATION (self), library));
    }
  return SL_WINDOW (window);
}

static void
sl_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (SL_APPLICATION (app))));
}

static void
sl_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  SlWindow *window = ensure_window (SL_APPLICATION (app));
  for (int i = 0; i < n_files; i++)
    sl_window_import_file (window, files[i]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkApplication *app = data;
  const char *developers[] = { "The Sightline developers", NULL };
  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for",
                                   gtk_application_get_active_window (app), "application-name",
                                   _ ("Sightline"), "application-icon", APPLICATION_ID, "version",
                                   PACKAGE_VERSION, "developers", developers, "comments",
                                   _ ("Review recorded camera sessions: faces, landmarks and more, "
                                      "analysed on this computer."),
                                   "license-type", GTK_LICENSE_GPL_3_0, NULL);

  for (SlModel m = 0; m < SL_N_MODELS; m++)
    {
      const SlModelInfo *info = sl_model_info (m);
      g_autofree char *body = g_strdup_printf ("%s\n%s: %s\nSHA-256 %s", info->source,
                                               _ ("Licence"), info->licence, info->sha256);
      adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), info->file, body,
                                          GTK_LICENSE_CUSTOM, NULL);
    }
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Landmark model and commercial use"), NULL, GTK_LICENSE_CUSTOM,
      _ ("The 68-point landmark model was trained on the iBUG 300-W data set, whose "
         "licence excludes commercial use. Replace it before any commercial use."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  gtk_window_present (sl_preferences_new (parent));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
sl_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (sl_application_parent_class)->startup (app);

  sl_media_init ();
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  const char *quit_accels[] = { "<Control>q", NULL };
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  const char *preferences_accels[] = { "<Control>comma", NULL };
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
sl_application_finalize (GObject *object)
{
  g_clear_object (&SL_APPLICATION (object)->jobs);
  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  G_OBJECT_CLASS (klass)->finalize = sl_application_finalize;

  app_class->activate = sl_application_activate;
  app_class->open = sl_application_open;
  app_class->startup = sl_application_startup;
}

static void
sl_application_init (SlApplication *self)
{
  self->jobs = sl_jobs_new ();
}

SlJobs *
sl_application_get_jobs (SlApplication *self)
{
  return self->jobs;
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION, "application-id", APPLICATION_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN, "resource-base-path", "/org/sightline/Sightline",
                       NULL);
}
