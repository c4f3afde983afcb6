/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the library's sessions in a sidebar, the selected
 * session on the right, an empty state that invites an import.
 */
#pragma once

#include <adwaita.h>

#include "sl-session-view.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

SlWindow *sl_window_new (AdwApplication *app, const char *library_path);

/* Imports in the background; the session is selected when it is in. */
void sl_window_import_file (SlWindow *self, GFile *file);
guint sl_window_get_imports_running (SlWindow *self);

SlSessionView *sl_window_get_session_view (SlWindow *self);
/* The library's sidebar, which folds over the session when narrow. */
AdwFlap *sl_window_get_library_flap (SlWindow *self);
GtkListView *sl_window_get_sessions_list (SlWindow *self);
const char *sl_window_get_library_path (SlWindow *self);

G_END_DECLS
