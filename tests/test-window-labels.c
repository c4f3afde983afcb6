/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labeling from the keyboard alone, under a real X server with real key
 * presses (xdotool): ten detections of a real recording reviewed (accepted,
 * rejected, their edges moved, one passed over), the queue least certain
 * first with its counts and rate shown; a stretch labelled with a kind's
 * key, undone and redone, deleted; the labeling keys doing nothing while
 * labeling is off; and screenshots of the labels strip and the review bar
 * to look at.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "labeling/sl-compare-window.h"
#include "labeling/sl-label-set-window.h"
#include "labels/sl-review-queue.h"
#include "sl-review.h"
#include "sl-test-util.h"
#include "sl-test-window.h"

static char *library;
static gint64 session_id;

/* cap12_edit.mp4 analysed once for every test. */
static const char *
analysed_library (void)
{
  if (library != NULL)
    return library;
  library = sl_test_library ();
  g_autofree char *video = sl_test_data ("video/cap12_edit.mp4");
  session_id = sl_test_import (library, video);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlAnalysis) a
      = sl_analysis_new (library, session_id, SL_PRESET_HIGH_ACCURACY, 2, FALSE);
  g_assert_true (sl_test_analyze (a, NULL, &error));
  g_setenv ("SIGHTLINE_LIBRARY", library, TRUE);
  return library;
}

/* The screen with @window at 1600×1000, then at 1024×700 (where it
 * stays), saved as @what's screenshots. */
static void
save_at_both_sizes (SlWindow *window, const char *what)
{
  for (guint look = 0; look < 2; look++)
    {
      if (look == 1)
        {
          gtk_window_set_default_size (GTK_WINDOW (window), sl_test_sizes[1][0],
                                       sl_test_sizes[1][1]);
          g_object_set_data (G_OBJECT (window), "want", sl_test_sizes[1]);
          sl_test_spin_until (sl_test_size_is, window, 10, "the smaller size");
        }
      g_autofree char *name = sl_test_shot_name (what, look);
      sl_test_save_screen (name);
    }
}

/* Drags with the mouse's first button from (@x0, @y0) to (@x1, @y) in
 * @widget's coordinates, on the X server. */
static void
drag (GtkWidget *widget, double x0, double x1, double y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t from, to;
  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x0, y), &from));
  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x1, y), &to));
  double sx, sy;
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_autofree char *args
      = g_strdup_printf ("mousemove %d %d mousedown 1 mousemove %d %d mousemove %d %d mouseup 1",
                         (int)(from.x + sx), (int)(from.y + sy), (int)((from.x + to.x) / 2 + sx),
                         (int)(to.y + sy), (int)(to.x + sx), (int)(to.y + sy));
  sl_test_xdotool (args);
}

static GPtrArray *
labels_of (const char *annotator)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlStore) store = sl_store_open (library, &error);
  g_assert_no_error (error);
  GPtrArray *labels = sl_store_list_labels (store, session_id, annotator, &error);
  g_assert_no_error (error);
  return labels;
}

static gboolean
in_review (gpointer labeling)
{
  return sl_labeling_get_event (labeling) != NULL;
}

static void
test_review (void)
{
  const char *lib = analysed_library ();
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "annotator", "ana");
  static int want[] = { 1600, 1000 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlLabeling *labeling = sl_session_view_get_labeling (view);
  SlReview *review = sl_session_view_get_review (view);
  sl_test_spin_until (sl_test_mapped, sl_session_view_get_video_view (view), 10, "the video");
  sl_test_spin_until (sl_test_timeline_loaded, sl_session_view_get_timeline (view), 30,
                      "the timeline");
  g_assert_cmpstr (sl_labeling_get_annotator (labeling), ==, "ana");

  /* Off: A, R and the kinds' keys do nothing. */
  sl_test_press_keys ("a r 1");
  g_autoptr (GPtrArray) none = labels_of ("ana");
  g_assert_cmpuint (none->len, ==, 0);

  sl_test_press_keys ("F6");
  sl_test_spin_until (in_review, labeling, 10, "the review queue");
  SlReviewBar *bar = sl_session_view_get_review_bar (view);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  guint position, length, accepted, rejected;
  double rate;
  sl_labeling_get_progress (labeling, &position, &length, &accepted, &rejected, &rate);
  g_test_message ("%u detections to review; %s", length, sl_review_bar_get_text (bar));
  g_assert_cmpuint (length, >=, 10);
  /* Least certain first. */
  double previous = -1;
  for (int i = 0; i < 3; i++)
    {
      double c = sl_event_certainty (sl_labeling_get_event (labeling));
      g_assert_cmpfloat (c, >=, previous);
      previous = c;
      sl_test_press_keys ("Return");
    }
  sl_test_press_keys ("BackSpace BackSpace BackSpace");
  sl_labeling_get_progress (labeling, &position, &length, &accepted, &rejected, &rate);
  g_assert_cmpuint (position, ==, 0);
  if (!sl_test_localized ())
    g_assert_nonnull (strstr (sl_review_bar_get_text (bar), "Detection 1 of"));
  /* The video loops over the detection with a second around it. */
  const SlEvent *first = sl_labeling_get_event (labeling);
  double fps = sl_video_view_get_fps (sl_session_view_get_video_view (view));
  g_assert_cmpint (sl_review_get_frame (review), >=, first->start_frame - (gint64)(fps + 1));
  g_assert_cmpint (sl_review_get_frame (review), <=, first->end_frame + (gint64)(fps + 1));

  /* Ten detections: accept, reject, move edges, pass one over. */
  struct
  {
    const char *keys;
    SlLabelSource source; /* −1: passed over */
    int start_moved, end_moved;
  } steps[] = {
    { "a", SL_LABEL_ACCEPTED, 0, 0 },
    { "r", SL_LABEL_REJECTED, 0, 0 },
    { "bracketleft a", SL_LABEL_ADJUSTED, -1, 0 },
    { "apostrophe apostrophe a", SL_LABEL_ADJUSTED, 0, 2 },
    { "Return", (SlLabelSource)-1, 0, 0 },
    { "shift+braceleft bracketright semicolon a", SL_LABEL_ADJUSTED, -9, -1 },
    { "a", SL_LABEL_ACCEPTED, 0, 0 },
    { "r", SL_LABEL_REJECTED, 0, 0 },
    { "a", SL_LABEL_ACCEPTED, 0, 0 },
    { "r", SL_LABEL_REJECTED, 0, 0 },
  };
  g_autoptr (GArray) decided = g_array_new (FALSE, FALSE, sizeof (SlEvent));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const SlEvent *e = sl_labeling_get_event (labeling);
      g_assert_nonnull (e);
      SlEvent copy = *e;
      sl_test_press_keys (steps[i].keys);
      g_test_message ("%s → %s", steps[i].keys, sl_review_bar_get_text (bar));
      if ((int)steps[i].source < 0)
        continue;
      g_autoptr (GPtrArray) mine = labels_of ("ana");
      const SlLabel *l = NULL;
      for (guint k = 0; k < mine->len; k++)
        if (((SlLabel *)mine->pdata[k])->event_id == copy.id)
          l = mine->pdata[k];
      g_assert_nonnull (l);
      g_assert_cmpint (l->source, ==, steps[i].source);
      g_assert_cmpint (l->start_frame, ==, copy.start_frame + steps[i].start_moved);
      g_assert_cmpint (l->end_frame, ==, copy.end_frame + steps[i].end_moved);
      g_assert_false (l->blind);
    }
  sl_labeling_get_progress (labeling, &position, &length, &accepted, &rejected, &rate);
  g_test_message ("reviewed %u: accepted %u, rejected %u, %.1f a minute", position, accepted,
                  rejected, rate);
  g_assert_cmpuint (accepted, ==, 6);
  g_assert_cmpuint (rejected, ==, 3);
  g_assert_cmpuint (position, ==, 10);
  g_assert_cmpfloat (rate, >, 0);

  save_at_both_sizes (window, "review");
  /* Escape ends the review; decisions stay. */
  sl_test_press_keys ("Escape");
  g_assert_cmpint (sl_labeling_get_mode (labeling), ==, SL_LABELING_OFF);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  /* Reviewing again leaves out what was decided. */
  sl_test_press_keys ("F6");
  sl_test_spin_until (in_review, labeling, 10, "the review queue");
  guint again;
  sl_labeling_get_progress (labeling, &position, &again, &accepted, &rejected, &rate);
  g_assert_cmpuint (again, ==, length - 9);
  sl_test_press_keys ("Escape");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_hotkeys (void)
{
  const char *lib = analysed_library ();
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "annotator", "ben");
  /* Another annotator's labels, in a lane of their own. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    SlLabel cy = { .session_id = session_id,
                   .annotator = (char *)"cy",
                   .kind = (char *)"yawn",
                   .start_frame = 300,
                   .end_frame = 420,
                   .start_ms = 12000,
                   .end_ms = 16800 };
    g_assert_cmpint (sl_store_add_label (store, &cy, &error), >, 0);
    SlLabel covered = cy;
    covered.kind = (char *)SL_LABEL_COVERED;
    covered.start_frame = 0;
    covered.end_frame = 900;
    covered.end_ms = 36000;
    covered.start_ms = 0;
    g_assert_cmpint (sl_store_add_label (store, &covered, &error), >, 0);
  }
  static int want[] = { 1600, 1000 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlLabeling *labeling = sl_session_view_get_labeling (view);
  SlReview *review = sl_session_view_get_review (view);
  sl_test_spin_until (sl_test_mapped, sl_session_view_get_video_view (view), 10, "the video");
  g_assert_cmpstr (sl_labeling_get_annotator (labeling), ==, "ben");

  sl_review_set_frame (review, 100);
  sl_test_press_keys ("F7");
  g_assert_cmpint (sl_labeling_get_mode (labeling), ==, SL_LABELING_LABEL);
  sl_test_press_keys ("1 Right Right Right Right Right");
  g_assert_cmpint (sl_labeling_open_start (labeling, "blink"), ==, 100);
  sl_test_press_keys ("1");
  g_autoptr (GPtrArray) one = labels_of ("ben");
  g_assert_cmpuint (one->len, ==, 1);
  const SlLabel *blink = one->pdata[0];
  g_assert_cmpstr (blink->kind, ==, "blink");
  g_assert_cmpint (blink->start_frame, ==, 100);
  g_assert_cmpint (blink->end_frame, ==, 105);
  g_assert_cmpint (blink->source, ==, SL_LABEL_MANUAL);
  /* A yawn over it, then a screenshot with both lanes. */
  sl_review_set_frame (review, 200);
  sl_test_press_keys ("3 ctrl+Right 3");
  g_autoptr (GPtrArray) two = labels_of ("ben");
  g_assert_cmpuint (two->len, ==, 2);
  save_at_both_sizes (window, "labels");
  SlLabelsStrip *strip = sl_session_view_get_labels_strip (view);
  g_assert_cmpfloat (sl_labels_strip_lane_y (strip, "ben"), <,
                     sl_labels_strip_lane_y (strip, "cy"));

  /* Undo takes the yawn back, and the blink; redo brings them again. */
  sl_test_press_keys ("ctrl+z");
  g_autoptr (GPtrArray) after_undo = labels_of ("ben");
  g_assert_cmpuint (after_undo->len, ==, 1);
  sl_test_press_keys ("ctrl+z");
  g_autoptr (GPtrArray) empty = labels_of ("ben");
  g_assert_cmpuint (empty->len, ==, 0);
  sl_test_press_keys ("ctrl+shift+z ctrl+shift+z");
  g_autoptr (GPtrArray) back = labels_of ("ben");
  g_assert_cmpuint (back->len, ==, 2);
  /* Delete the one selected (the yawn redone last), undoably. */
  sl_test_press_keys ("Delete");
  g_autoptr (GPtrArray) deleted = labels_of ("ben");
  g_assert_cmpuint (deleted->len, ==, 1);
  sl_test_press_keys ("ctrl+z");
  g_autoptr (GPtrArray) undeleted = labels_of ("ben");
  g_assert_cmpuint (undeleted->len, ==, 2);
  /* cy's label is theirs: ben cannot delete it. */
  g_autoptr (GPtrArray) all = sl_labeling_get_labels (labeling) != NULL
                                  ? g_ptr_array_ref (sl_labeling_get_labels (labeling))
                                  : NULL;
  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((SlLabel *)all->pdata[i])->annotator, "cy"))
      sl_labeling_select (labeling, ((SlLabel *)all->pdata[i])->id);
  g_autoptr (GError) error = NULL;
  g_assert_false (sl_labeling_delete_selected (labeling, &error));
  g_assert_nonnull (strstr (error->message, "cy"));
  /* Escape stops labeling; then 1 does nothing. */
  sl_test_press_keys ("Escape 1");
  g_assert_cmpint (sl_labeling_get_mode (labeling), ==, SL_LABELING_OFF);
  g_assert_cmpint (sl_labeling_open_start (labeling, "blink"), ==, -1);
  /* The blink's end dragged five frames on, in a close view; undone. */
  sl_review_set_visible (review, 80, 140);
  SlLabelsStrip *lanes = sl_session_view_get_labels_strip (view);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  double lane = sl_labels_strip_lane_y (lanes, "ben");
  drag (GTK_WIDGET (lanes), sl_labels_strip_frame_to_x (lanes, 106),
        sl_labels_strip_frame_to_x (lanes, 111) + 2, lane);
  g_autoptr (GPtrArray) dragged = labels_of ("ben");
  const SlLabel *moved = NULL;
  for (guint i = 0; i < dragged->len; i++)
    if (g_str_equal (((SlLabel *)dragged->pdata[i])->kind, "blink"))
      moved = dragged->pdata[i];
  g_assert_nonnull (moved);
  g_assert_cmpint (moved->start_frame, ==, 100);
  g_assert_cmpint (moved->end_frame, ==, 110);
  sl_test_press_keys ("ctrl+z");
  g_autoptr (GPtrArray) undragged = labels_of ("ben");
  for (guint i = 0; i < undragged->len; i++)
    if (g_str_equal (((SlLabel *)undragged->pdata[i])->kind, "blink"))
      g_assert_cmpint (((SlLabel *)undragged->pdata[i])->end_frame, ==, 105);
  sl_review_set_visible (review, 0, sl_review_get_frame_count (review) - 1);

  /* Agreement with ana (her review decisions) and the detectors against
   * ben, in their window; a disagreement is a click away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "labels.compare", NULL));
  SlCompareWindow *compare = sl_test_toplevel_of_type (SL_TYPE_COMPARE_WINDOW);
  g_assert_nonnull (compare);
  sl_test_spin_until (sl_test_mapped, compare, 10, "the comparison");
  g_autofree char *described = sl_compare_window_describe (compare);
  g_test_message ("%s", described);
  if (!sl_test_localized ())
    {
      g_assert_nonnull (strstr (described, "ben and "));
      g_assert_nonnull (strstr (described, "all kinds |"));
      g_assert_nonnull (strstr (described, "total |"));
    }
  /* Over the library: this is the one session ben labelled. */
  sl_compare_window_set_over_library (compare, TRUE);
  g_autofree char *library_wide = sl_compare_window_describe (compare);
  g_assert_cmpstr (strstr (library_wide, "\n--"), ==, strstr (described, "\n--"));
  g_assert_true (sl_compare_window_go_to (compare, 0));
  gint64 s0, s1;
  sl_review_get_selection (review, &s0, &s1);
  g_assert_cmpint (s0, >=, 0);
  g_assert_cmpint (sl_review_get_frame (review), ==, s0);
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_autofree char *shot = sl_test_shot_name ("compare", 1);
  sl_test_save_screen (shot);
  gtk_window_destroy (GTK_WINDOW (compare));

  /* The label set edited: yawn on Y, a clash and a playing key refused,
   * a kind added; Y then labels yawns. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "labels.label-set", NULL));
  SlLabelSetWindow *set = sl_test_toplevel_of_type (SL_TYPE_LABEL_SET_WINDOW);
  g_assert_nonnull (set);
  sl_test_spin_until (sl_test_mapped, set, 10, "the label set");
  guint n_kinds = sl_labeling_get_kinds (labeling)->len;
  g_assert_true (sl_label_set_window_set_key (set, "yawn", "Y"));
  g_assert_false (sl_label_set_window_set_key (set, "microsleep", "1"));
  g_test_message ("%s", sl_label_set_window_get_message (set));
  g_assert_false (sl_label_set_window_set_key (set, "microsleep", "<"));
  g_test_message ("%s", sl_label_set_window_get_message (set));
  sl_label_set_window_add (set);
  g_assert_cmpuint (sl_labeling_get_kinds (labeling)->len, ==, n_kinds + 1);
  g_assert_cmpstr (sl_labeling_kind_for_key (labeling, "y")->name, ==, "yawn");
  g_assert_null (sl_labeling_kind_for_key (labeling, "3"));
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_autofree char *set_shot = sl_test_shot_name ("label-set", 1);
  sl_test_save_screen (set_shot);
  gtk_window_destroy (GTK_WINDOW (set));
  sl_test_press_keys ("F7");
  sl_test_press_keys ("y");
  g_assert_cmpint (sl_labeling_open_start (labeling, "yawn"), >=, 0);
  sl_test_press_keys ("y Escape");

  /* Blind: only ben's own labels are shown. */
  sl_labeling_set_blind (labeling, TRUE);
  g_assert_cmpfloat (sl_labels_strip_lane_y (strip, "cy"), <, 0);
  sl_labeling_set_blind (labeling, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
sounding (gpointer audio)
{
  return !isnan (sl_audio_player_get_position (audio));
}

/* A ZJU clip's sound (PCM in an AVI) plays with the video, within a frame
 * of it, to a null sink; it goes off at other speeds and on again at 1×;
 * a recording without sound has its button off. */
static void
test_sound (void)
{
  g_setenv ("SIGHTLINE_AUDIO_SINK", "fakesink", TRUE);
  g_autofree char *lib = sl_test_library ();
  g_autofree char *video = sl_test_data ("blink/zju/1/000001M_FBN.avi");
  sl_test_import (lib, video);
  g_setenv ("SIGHTLINE_LIBRARY", lib, TRUE);
  static int want[] = { 1024, 700 };
  SlWindow *window = sl_test_open_window (lib, want);
  SlSessionView *view = sl_window_get_session_view (window);
  SlVideoView *vv = sl_session_view_get_video_view (view);
  SlAudioPlayer *audio = sl_session_view_get_audio (view);
  sl_test_spin_until (sl_test_mapped, vv, 10, "the video");
  g_assert_true (sl_audio_player_has_sound (audio));
  g_assert_false (sl_audio_player_get_muted (audio));
  sl_audio_player_set_volume (audio, 0.5);
  sl_video_view_set_playing (vv, TRUE);
  sl_test_spin_until (sounding, audio, 10, "the sound");
  double fps = sl_video_view_get_fps (vv);
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  double worst = 0;
  int samples = 0;
  while (g_get_monotonic_time () < until && sl_video_view_get_playing (vv))
    {
      g_main_context_iteration (NULL, FALSE);
      double at = sl_audio_player_get_position (audio);
      if (!isnan (at))
        {
          worst = MAX (worst, fabs (at - sl_video_view_get_time (vv)));
          samples++;
        }
      g_usleep (5000);
    }
  guint frames, within, resyncs;
  sl_audio_player_get_sync (audio, &frames, &within, &resyncs);
  g_test_message ("sound within a frame (%.1f ms) of the frame shown at %u of %u frames, put back "
                  "%u times; worst %.1f ms at a frame change, %.1f ms between frames (%d samples)",
                  1000 / fps, within, frames, resyncs, sl_audio_player_get_worst_lag (audio) * 1000,
                  worst * 1000, samples);
  g_assert_cmpint (samples, >, 50);
  /* This clip drops frames (the video jumps a frame ahead), so a few
   * frames are more than a frame off until the sound is put back. */
  g_assert_cmpuint (frames, >, 40);
  g_assert_cmpfloat ((double)within / frames, >=, 0.9);
  /* Off at 1.5×, on again at 1×. */
  sl_test_press_keys ("greater");
  g_assert_true (sl_audio_player_get_muted (audio));
  sl_test_press_keys ("less");
  g_assert_false (sl_audio_player_get_muted (audio));
  sl_video_view_set_playing (vv, FALSE);
  g_assert_true (isnan (sl_audio_player_get_position (audio)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  sl_test_window_init (&argc, &argv);
  g_test_add_func ("/app/labels/review", test_review);
  g_test_add_func ("/app/labels/hotkeys", test_hotkeys);
  g_test_add_func ("/app/labels/sound", test_sound);
  return g_test_run ();
}
