/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline processors`: every processor, its signals and parameters.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "processors/sl-processors.h"
#include "sl-cli-private.h"

int
sl_cli_processors (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = sl_cli_verb_context (
      "processors", "",
      _ ("Lists the processors that run after the face stage, in the order they run, with "
         "what they need and provide and their parameters."),
      NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  g_autoptr (SlPlan) plan = sl_plan_new (&error);
  if (plan == NULL)
    return sl_cli_fail_with (error);
  for (guint i = 0; i < sl_plan_n_processors (plan); i++)
    {
      const SlProcessorInfo *p = sl_plan_processor (plan, i);
      g_autofree char *needs = g_strjoinv (", ", (char **)p->needs);
      g_autofree char *provides = g_strjoinv (", ", (char **)p->provides);
      g_print ("%s %s — %s\n", p->id, p->version, p->method);
      g_print (_ ("  needs: %s\n  provides: %s\n"), needs, provides);
      for (guint k = 0; k < p->n_params; k++)
        {
          const SlParamSpec *spec = &p->params[k];
          g_print ("  %s.%s = %g  [%g … %g]  %s\n", p->id, spec->name, spec->default_value,
                   spec->min, spec->max, _ (spec->meaning));
        }
    }
  return 0;
}
