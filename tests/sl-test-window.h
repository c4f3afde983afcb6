/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-application.h"
#include "sl-window.h"

G_BEGIN_DECLS

/* GTK and libadwaita for a window test, in the catalogue's language when
 * SIGHTLINE_LOCALEDIR is set; animations off. */
void sl_test_window_init (int *argc, char ***argv);

/* The screenshots are in another language: the checks of English text
 * are left out, those of the catalogue's text are made in it. */
gboolean sl_test_localized (void);

/* One application for all the tests: it holds its name on the bus. */
SlApplication *sl_test_app (void);

/* The looks a window is checked in: light at the two sizes it must work
 * at, then dark at the larger. */
#define SL_TEST_N_LOOKS 3
extern int sl_test_sizes[SL_TEST_N_LOOKS][2];
/* Sets the style of @look (0 … SL_TEST_N_LOOKS − 1); TRUE when dark.
 * Look 0 is the default style again. */
gboolean sl_test_use_look (guint look);
/* "@what-WxH[-dark][-localized].png" for @look. */
char *sl_test_shot_name (const char *what, guint look);

/* A window on @library at @want (two ints that outlive it), once it
 * shows a session at that size. */
SlWindow *sl_test_open_window (const char *library, int *want);

/* Runs the main loop until @done (@data) holds, then lets pending layout
 * and drawing happen; fails the test after @seconds, naming @what. */
void sl_test_spin_until (gboolean (*done) (gpointer), gpointer data, int seconds, const char *what);

/* The window of @type that is open, or NULL. */
gpointer sl_test_toplevel_of_type (GType type);
/* Conditions for sl_test_spin_until. */
gboolean sl_test_has_session (gpointer window);
gboolean sl_test_timeline_loaded (gpointer timeline);
gboolean sl_test_mapped (gpointer widget);
/* The window is the size its "want" data (two ints) asks for. */
gboolean sl_test_size_is (gpointer window);

/* @widget as it is drawn now, once a pending redraw is done. */
GdkTexture *sl_test_render (GtkWidget *widget);

/* Saves @texture (not taken) as screenshots/@name in the build directory. */
void sl_test_save (GdkTexture *texture, const char *name);

/* @widget as it shows in its window, cut to what a scrolled window shows. */
void sl_test_save_widget (GtkWidget *widget, const char *name);

/* The whole X screen, popovers included (imagemagick's import). */
void sl_test_save_screen (const char *name);

/* Presses @keys (xdotool's names, separated by spaces) on the X server,
 * over the window at the screen's corner, and lets the window handle them. */
void sl_test_press_keys (const char *keys);
/* Runs xdotool with @args (its commands) and lets the window handle what
 * it sent. */
void sl_test_xdotool (const char *args);

/* Pixels inside @r whose luma is within [@lo, @hi]. */
int sl_test_count_luma (GdkTexture *texture, const graphene_rect_t *r, double lo, double hi);

G_END_DECLS
