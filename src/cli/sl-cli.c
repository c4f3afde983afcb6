/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline <verb>`: the same core as the window, with no display.
 * Exit codes: 0 success, 1 failure, 2 wrong usage, 130 cancelled.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "base/sl-text.h"
#include "media/sl-video-source.h"
#include "sl-cli-private.h"
#include "sl-cli.h"

typedef int (*VerbFunc) (int argc, char **argv);

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  VerbFunc func;
} Verb;

static const Verb verbs[] = {
  { "import", N_ ("FILE…"), N_ ("Add recordings to the library"), sl_cli_import },
  { "sessions", "", N_ ("List the sessions in the library"), sl_cli_sessions },
  { "analyze", N_ ("SESSION|FILE"), N_ ("Find faces and landmarks in a recording"),
    sl_cli_analyze },
  { "processors", "", N_ ("List the processors and their parameters"), sl_cli_processors },
  { "evaluate", "", N_ ("Measure a detector against annotations"), sl_cli_evaluate },
  { "events", N_ ("SESSION"), N_ ("List the events found, with their explanations"),
    sl_cli_events },
  { "labels", N_ ("SESSION"), N_ ("List, import and export people's labels"), sl_cli_labels },
  { "compare", N_ ("SESSION_A SESSION_B"), N_ ("Two sessions, or two runs of one, side by side"),
    sl_cli_compare },
  { "drift", N_ ("SESSION"), N_ ("Say which signals drifted from a baseline, when and how far"),
    sl_cli_drift },
  { "edit", N_ ("SESSION"), N_ ("Show or set who a session records and when"), sl_cli_edit },
  { "explain", N_ ("EVENT"), N_ ("Say why an event was found"), sl_cli_explain },
  { "what-if", N_ ("SESSION"), N_ ("Find the events other temporal parameters would give"),
    sl_cli_what_if },
  { "runs", N_ ("SESSION"), N_ ("Show a session's newest run and its provenance"), sl_cli_runs },
  { "export", N_ ("SESSION"), N_ ("Export per-frame results as CSV"), sl_cli_export },
  { "calibrate", N_ ("SESSION"), N_ ("Calibrate gaze on a recorded calibration, or list profiles"),
    sl_cli_calibrate },
  { "gaze", N_ ("SESSION"), N_ ("Export per-frame on-screen gaze"), sl_cli_gaze },
  { "scores", N_ ("SESSION…"), N_ ("Interview gaze scores, with their reasons"), sl_cli_scores },

  { "settings", N_ ("SESSION"), N_ ("Show or change a session's processor parameters"),
    sl_cli_settings },
  { "relocate", N_ ("SESSION FILE"), N_ ("Point a session at its moved recording"),
    sl_cli_relocate },
  { "forget", N_ ("SESSION"), N_ ("Remove a session and everything derived from it"),
    sl_cli_forget },
  { "bench", N_ ("FILE"), N_ ("Measure decode and pipeline speed and memory"), sl_cli_bench },
};

gboolean
sl_cli_is_verb (const char *arg)
{
  if (arg == NULL)
    return FALSE;
  if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "help")
      || g_str_equal (arg, "--version"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (arg, verbs[i].name))
      return TRUE;
  return FALSE;
}

static void
print_help (void)
{
  g_print (_ ("Usage: sightline [FILE]            open the window (and a recording)\n"
              "       sightline VERB [OPTION…]    work without a display\n\n"
              "Verbs:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      /* gettext ("") is the catalogue's header, not an empty string. */
      const char *args = *verbs[i].args != '\0' ? _ (verbs[i].args) : "";
      g_autofree char *call = g_strdup_printf ("%s %s", verbs[i].name, args);
      g_print ("  %-24s %s\n", call, _ (verbs[i].summary));
    }
  g_print (_ ("\nSESSION is a session's number or the path of its recording. "
              "`sightline VERB --help` describes a verb's options. Every verb "
              "takes --library PATH.\n"));
}

/* Everything the CLI prints goes through these: names from outside with
 * control characters in them are escaped, not sent to the terminal. */
static void
print_escaped (FILE *to, const char *text)
{
  g_autofree char *safe = sl_text_printable (text);
  if (g_get_charset (NULL))
    fputs (safe, to);
  else
    {
      g_autofree char *local = g_locale_from_utf8 (safe, -1, NULL, NULL, NULL);
      fputs (local ? local : safe, to);
    }
  if (to == stderr)
    fflush (to);
}

static void
print_out (const char *text)
{
  print_escaped (stdout, text);
}

static void
print_err (const char *text)
{
  print_escaped (stderr, text);
}

int
sl_cli_run (int argc, char **argv)
{
  g_return_val_if_fail (argc >= 2, 2);
  const char *verb = argv[1];
  g_set_print_handler (print_out);
  g_set_printerr_handler (print_err);

  if (g_str_equal (verb, "--help") || g_str_equal (verb, "-h") || g_str_equal (verb, "help"))
    {
      print_help ();
      return 0;
    }
  if (g_str_equal (verb, "--version"))
    {
      g_print ("sightline %s\n", PACKAGE_VERSION);
      return 0;
    }
  sl_media_init ();
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verb, verbs[i].name))
      {
        /* Each verb parses its own options; argv[0] becomes the verb. */
        int status = verbs[i].func (argc - 1, argv + 1);
        return status;
      }
  g_printerr (_ ("sightline: unknown verb “%s”; see sightline --help\n"), verb);
  return 2;
}
