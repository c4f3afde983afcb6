/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sl-jobs.h"

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())
G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new (void);

/* The analysis runs under way in every window. */
SlJobs *sl_application_get_jobs (SlApplication *self);

/* The library the window works on: $SIGHTLINE_LIBRARY, the library-path
 * setting, or the default under $XDG_DATA_HOME. */
char *sl_application_library_path (void);

G_END_DECLS
