/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether argv[1] asks for the command line rather than the window. */
gboolean sl_cli_is_verb (const char *arg);
int sl_cli_run (int argc, char **argv);

G_END_DECLS
