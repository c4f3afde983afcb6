/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window tests share: one application, waiting on the main loop,
 * rendering a widget as it shows and saving it as a screenshot.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "sl-test-util.h"
#include "sl-test-window.h"

static gboolean localized;

void
sl_test_window_init (int *argc, char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  /* SIGHTLINE_LOCALEDIR (build/po) with a locale: the screenshots in that
   * language (the checks of English text then fail, after them). */
  const char *localedir = g_getenv ("SIGHTLINE_LOCALEDIR");
  if (localedir != NULL && *localedir != '\0')
    {
      setlocale (LC_ALL, ""); /* gtk_test_init chose English */
      localized = TRUE;
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  /* Screenshots show the page a step lands on, not a crossfade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

gboolean
sl_test_localized (void)
{
  return localized;
}

void
sl_test_spin_until (gboolean (*done) (gpointer), gpointer data, int seconds, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;
  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let pending layout and drawing happen. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
sl_test_has_session (gpointer data)
{
  SlWindow *w = data;
  return sl_window_get_imports_running (w) == 0
         && sl_session_view_get_session (sl_window_get_session_view (w)) != NULL;
}

gboolean
sl_test_timeline_loaded (gpointer data)
{
  return !sl_timeline_is_loading (data);
}

gboolean
sl_test_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 100;
}

/* Renders @widget as it is drawn now; waits for a pending redraw. */
GdkTexture *
sl_test_render (GtkWidget *widget)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRenderNode *node = NULL;
  for (int tries = 0; node == NULL && tries < 2000; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture
      = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_render_node_unref (node);
  g_object_unref (paintable);
  return texture;
}

void
sl_test_save (GdkTexture *texture, const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot: %s\n", path);
}

/* @widget as it shows in its window, over what is behind it: the window
 * rendered and cut to the widget's bounds. */
void
sl_test_save_widget (GtkWidget *widget, const char *name)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr (GdkTexture) shot = sl_test_render (root);
  graphene_rect_t r;
  g_assert_true (gtk_widget_compute_bounds (widget, root, &r));
  /* Only what shows of a widget that scrolls. */
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t seen;
  if (scroller != NULL && gtk_widget_compute_bounds (scroller, root, &seen))
    graphene_rect_intersection (&r, &seen, &r);
  int w = gdk_texture_get_width (shot), h = gdk_texture_get_height (shot);
  int x0 = CLAMP ((int)r.origin.x, 0, w - 1), y0 = CLAMP ((int)r.origin.y, 0, h - 1);
  int cw = MIN ((int)r.size.width, w - x0), ch = MIN ((int)r.size.height, h - y0);
  g_autofree guchar *px = g_malloc ((gsize)w * h * 4);
  gdk_texture_download (shot, px, (gsize)w * 4);
  cairo_surface_t *part = cairo_image_surface_create_for_data (
      px + ((gsize)y0 * w + x0) * 4, CAIRO_FORMAT_ARGB32, MAX (cw, 1), MAX (ch, 1), w * 4);
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (part, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (part);
  g_printerr ("# screenshot: %s\n", path);
}

/* The whole X screen, popovers included (imagemagick's import). */
void
sl_test_save_screen (const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  sl_test_run ("import", "-window", "root", path, NULL);
  g_printerr ("# screenshot: %s\n", path);
}

/* Pixels inside @r whose luma is within [@lo, @hi]. */
int
sl_test_count_luma (GdkTexture *texture, const graphene_rect_t *r, double lo, double hi)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *px = g_malloc ((gsize)w * h * 4);
  gdk_texture_download (texture, px, (gsize)w * 4);
  int n = 0;
  for (int y = MAX (0, (int)r->origin.y); y < MIN (h, (int)(r->origin.y + r->size.height)); y++)
    for (int x = MAX (0, (int)r->origin.x); x < MIN (w, (int)(r->origin.x + r->size.width)); x++)
      {
        const guchar *p = px + ((gsize)y * w + x) * 4;
        double l = (0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]) / 255;
        n += l >= lo && l <= hi;
      }
  return n;
}

gboolean
sl_test_size_is (gpointer window)
{
  /* The default size counts the frame's resize border. */
  int *want = g_object_get_data (window, "want");
  return abs (gtk_widget_get_width (window) - want[0]) <= 16
         && abs (gtk_widget_get_height (window) - want[1]) <= 16;
}

int sl_test_sizes[SL_TEST_N_LOOKS][2] = { { 1600, 1000 }, { 1024, 700 }, { 1600, 1000 } };

gboolean
sl_test_use_look (guint look)
{
  gboolean dark = look == SL_TEST_N_LOOKS - 1;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_DEFAULT);
  return dark;
}

char *
sl_test_shot_name (const char *what, guint look)
{
  return g_strdup_printf ("%s-%dx%d%s%s.png", what, sl_test_sizes[look][0], sl_test_sizes[look][1],
                          look == SL_TEST_N_LOOKS - 1 ? "-dark" : "",
                          localized ? "-localized" : "");
}

SlWindow *
sl_test_open_window (const char *library, int *want)
{
  SlWindow *window = sl_window_new (ADW_APPLICATION (sl_test_app ()), library);
  gtk_window_set_default_size (GTK_WINDOW (window), want[0], want[1]);
  g_object_set_data (G_OBJECT (window), "want", want);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_has_session, window, 30, "the session");
  sl_test_spin_until (sl_test_size_is, window, 10, "the window's size");
  return window;
}

SlApplication *
sl_test_app (void)
{
  static SlApplication *app;
  if (app == NULL)
    {
      app = sl_application_new ();
      g_autoptr (GError) error = NULL;
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

void
sl_test_xdotool (const char *args)
{
  g_autofree char *line = g_strdup_printf ("xdotool %s", args);
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) error = NULL;
  int status;
  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  for (int i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Presses @keys (xdotool's names) on the X server, over the window at
 * the screen's corner, and lets the window handle them. */
void
sl_test_press_keys (const char *keys)
{
  g_autofree char *args = g_strdup_printf ("mousemove 400 300 key --delay 20 %s", keys);
  sl_test_xdotool (args);
}

gpointer
sl_test_toplevel_of_type (GType type)
{
  g_autoptr (GList) tops = gtk_window_list_toplevels ();
  for (GList *t = tops; t != NULL; t = t->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (t->data, type))
      return t->data;
  return NULL;
}
