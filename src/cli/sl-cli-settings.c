/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline settings SESSION`: a session's processor parameters.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "processors/sl-processors.h"
#include "sl-cli-private.h"

static char **opt_set;

static gboolean opt_clear;
static gboolean opt_skin_patch;

int
sl_cli_settings (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
            N_ ("Set a processor parameter for every run of the session (repeatable)"),
            N_ ("PROCESSOR.PARAM=VALUE") },
          { "skin-patch", 0, 0, G_OPTION_ARG_NONE, &opt_skin_patch,
            N_ ("Mark the recording as a skin-patch video (skin only, no face): heart rate "
                "from the whole frame"),
            NULL },
          { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear,
            N_ ("Forget the session's settings (back to the defaults)"), NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "settings", _ ("SESSION"),
      _ ("Shows or changes the processor parameters that every run of a session starts from, "
         "such as a known camera's focal length or a skin-patch recording. A run's own --set "
         "values win over them."),
      entries);
  const char *session;
  int status = sl_cli_parse_session (ctx, &argc, &argv, &session);
  if (status != 0)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = NULL;
  gint64 id;
  g_autoptr (SlSession) s = NULL;
  status = sl_cli_open_session (ctx, session, FALSE, &store, &id, &s);
  if (status != 0)
    return status;

  if (opt_clear || opt_set != NULL || opt_skin_patch)
    {
      /* Merge by parameter, checking each against the processors. */
      g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      if (!opt_clear)
        {
          g_auto (GStrv) old = g_strsplit (s->settings, "\n", -1);
          for (guint i = 0; old[i] != NULL; i++)
            if (*g_strstrip (old[i]) != '\0')
              g_ptr_array_add (lines, g_strdup (old[i]));
        }
      g_autoptr (GPtrArray) wanted = g_ptr_array_new ();
      for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
        g_ptr_array_add (wanted, opt_set[i]);
      if (opt_skin_patch)
        g_ptr_array_add (wanted, (gpointer) "skin.whole_frame=1");
      g_autoptr (SlPlan) plan = sl_plan_new (&error);
      for (guint i = 0; i < wanted->len; i++)
        {
          const char *a = wanted->pdata[i];
          if (!sl_plan_set (plan, a, &error))
            return sl_cli_usage_error (ctx, error->message);
          gsize key = strchr (a, '=') - a;
          for (guint k = 0; k < lines->len; k++)
            if (strncmp (lines->pdata[k], a, key + 1) == 0)
              g_ptr_array_remove_index (lines, k--);
          g_ptr_array_add (lines, g_strdup (a));
        }
      g_ptr_array_add (lines, NULL);
      g_autofree char *settings = g_strjoinv ("\n", (char **)lines->pdata);
      if (!sl_store_set_session_settings (store, id, settings, &error))
        return sl_cli_fail_with (error);
      g_free (s->settings);
      s->settings = g_steal_pointer (&settings);
    }
  if (*s->settings == '\0')
    g_print (_ ("Session %" PRId64 " uses the processors' defaults.\n"), id);
  else
    g_print (_ ("Session %" PRId64 " starts every run from:\n%s\n"), id, s->settings);
  return 0;
}
