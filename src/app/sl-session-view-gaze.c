/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session view's gaze: the calibration profile applied to the session,
 * the on-screen gaze inset and its region, and the interview scores with
 * their evidence, read on a worker thread.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "base/sl-json.h"
#include "processors/sl-explain-text.h"
#include "sl-preferences.h"
#include "gaze/sl-gaze-review.h"
#include "sl-session-view-private.h"

/* ---- on-screen gaze and scores ---------------------------------------------- */

static void
on_evidence_clicked (GtkButton *button, SlSessionView *self)
{
  /* The evidence becomes the review's selection, shown from its start. */
  const double *t = g_object_get_data (G_OBJECT (button), "span");
  if (!isfinite (t[0]))
    return;
  double fps = sl_video_view_get_fps (self->video_view);
  fps = fps > 0 ? fps : 25;
  gint64 first = (gint64)llround (t[0] * fps);
  gint64 last = isfinite (t[1]) ? MAX ((gint64)llround (t[1] * fps) - 1, first) : first;
  sl_review_set_selection (self->review, first, last);
  sl_review_set_frame (self->review, first);
  gtk_popover_popdown (self->scores_popover);
}

static GtkWidget *
small_label (const char *text, gboolean dim)
{
  GtkWidget *l = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  if (dim)
    gtk_widget_add_css_class (l, "dim-label");
  return l;
}

/* The score's whole explanation, in the events panel. */
static void
on_explain_clicked (GtkButton *button, SlSessionView *self)
{
  g_autoptr (SlExplanation) x
      = sl_explanation_parse (g_object_get_data (G_OBJECT (button), "explanation"), NULL);
  if (x == NULL)
    return;
  gtk_popover_popdown (self->scores_popover);
  gtk_toggle_button_set_active (self->events_button, TRUE);
  sl_events_panel_show_score (self->events_panel, x);
}

/* One score: its value against its aim, and its reasons in an expander. */
static void
add_score (SlSessionView *self, GPtrArray *all, const char *key)
{
  const SlExplanation *x = sl_gaze_scores_find (all, key);
  if (x == NULL)
    return;
  const char *title = sl_explain_kind_label (x->kind);
  g_autofree char *head = NULL;
  if (json_object_has_member (x->details, "passed"))
    {
      gboolean passed = json_object_get_boolean_member (x->details, "passed");
      head = g_strdup_printf ("%s  %.2f  %s", title, x->value, passed ? "✓" : "✗");
    }
  else
    head = g_strdup_printf ("%s  %.2f", title, x->value);
  GtkWidget *exp = gtk_expander_new (head);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 18);
  for (guint i = 0; i < x->inputs->len; i++)
    {
      g_autofree char *t = sl_explain_input_text (&g_array_index (x->inputs, SlExplInput, i), NAN);
      gtk_box_append (GTK_BOX (box), small_label (t, TRUE));
    }
  for (guint i = 0; i < x->thresholds->len; i++)
    {
      g_autofree char *t
          = sl_explain_threshold_text (&g_array_index (x->thresholds, SlExplThreshold, i));
      gtk_box_append (GTK_BOX (box), small_label (t, TRUE));
    }
  if (x->parts->len > 0)
    {
      g_autoptr (GString) t = g_string_new (_ ("Made of: "));
      for (guint i = 0; i < x->parts->len; i++)
        {
          const SlExplPart *part = &g_array_index (x->parts, SlExplPart, i);
          g_string_append_printf (t, "%s%s %+.3f", i > 0 ? ", " : "",
                                  sl_explain_signal_label (part->name), part->part);
        }
      gtk_box_append (GTK_BOX (box), small_label (t->str, TRUE));
    }
  /* The three longest stretches (or worst fixations) are enough to look at. */
  for (guint i = 0; i < MIN (x->evidence->len, 3); i++)
    {
      const SlExplEvidence *e = &g_array_index (x->evidence, SlExplEvidence, i);
      double a = e->start_s, b = e->end_s;
      g_autofree char *label
          = e->reason != NULL ? g_strdup_printf (_ ("%.1f–%.1f s · %s"), a, b, e->reason)
            : isfinite (e->value)
                ? g_strdup_printf (_ ("%.1f–%.1f s · dispersion %.1f°"), a, b, e->value)
                : g_strdup_printf (_ ("%.1f–%.1f s"), a, b);
      GtkWidget *button = gtk_button_new_with_label (label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "caption");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, _ ("Show this moment"));
      double *t = g_new (double, 2);
      t[0] = a;
      t[1] = b;
      g_object_set_data_full (G_OBJECT (button), "span", t, g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_evidence_clicked), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  GtkWidget *why = gtk_button_new_with_mnemonic (_ ("_Why this score…"));
  gtk_widget_set_halign (why, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (why, _ ("Show its parts and evidence in the events panel"));
  g_object_set_data_full (G_OBJECT (why), "explanation", sl_explanation_to_json (x), g_free);
  g_signal_connect (why, "clicked", G_CALLBACK (on_explain_clicked), self);
  gtk_box_append (GTK_BOX (box), why);
  gtk_expander_set_child (GTK_EXPANDER (exp), box);
  gtk_box_append (self->scores_box, exp);
}

static void
show_scores (SlSessionView *self, gint64 calibration_id, double accuracy_deg)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scores_box))) != NULL)
    gtk_box_remove (self->scores_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->scores_button), self->scores != NULL);
  if (self->scores == NULL)
    return;
  g_autofree char *title
      = g_strdup_printf (_ ("Interview scores · calibration %" PRId64 ", accuracy %.1f°"),
                         calibration_id, accuracy_deg);
  GtkWidget *h = small_label (title, FALSE);
  gtk_widget_add_css_class (h, "heading");
  gtk_box_append (self->scores_box, h);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sl_gaze_scores_explanations (self->scores, &error);
  if (all == NULL)
    {
      gtk_box_append (self->scores_box, small_label (error->message, TRUE));
      return;
    }
  const char *const order[] = { "collection_rate", "face_rate", "jitter", "compliance", "total" };
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    add_score (self, all, order[i]);
}

static void
on_gaze_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlGazeReview) g = sl_gaze_review_load_finish (result, &error);
  g_autoptr (SlSessionView) self = g_weak_ref_get (data);
  g_weak_ref_clear (data);
  g_free (data);
  /* Superseded (another session, new aims) or the view is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self == NULL)
    return;
  if (g == NULL)
    {
      sl_session_view_toast (self, error->message);
      return;
    }
  if (self->session == NULL || self->session->id != g->session_id)
    return;
  SlGazeInset *inset = sl_gaze_inset_new (g->points, &g->screen);
  sl_gaze_inset_set_region (inset, g->has_region ? g->region : NULL);
  sl_video_view_set_gaze (self->video_view, inset);
  gint64 first, last;
  sl_timeline_get_range (self->timeline, &first, &last);
  sl_video_view_set_gaze_range (self->video_view, first, last);
  g_clear_pointer (&self->scores, sl_gaze_scores_free);
  self->scores = g_steal_pointer (&g->scores);
  show_scores (self, g->calibration_id, g->accuracy_deg);
  if (g->has_region)
    {
      g_autofree char *text
          = g_strdup_printf (_ ("Compliance counts gaze inside %.0f, %.0f, %.0f × %.0f"),
                             g->region[0], g->region[1], g->region[2], g->region[3]);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = small_label (text, TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      GtkWidget *clear = gtk_button_new_with_mnemonic (_ ("_Whole Screen"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "session.clear-region");
      gtk_box_append (GTK_BOX (row), clear);
      gtk_box_append (self->scores_box, row);
    }
}

/* The region on-screen compliance counts, kept with the profile. */
static gboolean
set_region (SlSessionView *self, const double *region)
{
  if (self->session == NULL || self->session->calibration_id == 0 || self->store == NULL)
    return FALSE;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalProfile) p
      = sl_cal_profile_load (self->store, self->session->calibration_id, &error);
  if (p != NULL)
    {
      p->has_region = region != NULL;
      if (region != NULL)
        memcpy (p->region, region, sizeof p->region);
    }
  if (p == NULL || !sl_cal_profile_update (p, self->store, &error))
    {
      sl_session_view_toast (self, error->message);
      return FALSE;
    }
  sl_session_view_load_gaze (self);
  return TRUE;
}

void
sl_session_view_on_region_drawn (SlSessionView *self, double x, double y, double w, double h)
{
  double region[4] = { x, y, w, h };
  if (set_region (self, region))
    sl_session_view_toast (self,
                           _ ("On-screen compliance now counts gaze inside the region drawn"));
}

void
sl_session_view_clear_region (GtkWidget *widget, const char *action, GVariant *param)
{
  SlSessionView *self = SL_SESSION_VIEW (widget);
  if (set_region (self, NULL))
    sl_session_view_toast (self, _ ("On-screen compliance counts the whole screen again"));
}

/* Reads the session's on-screen gaze and scores in the background, when it
 * has a calibration. */
void
sl_session_view_load_gaze (SlSessionView *self)
{
  if (self->gaze_cancellable != NULL)
    g_cancellable_cancel (self->gaze_cancellable);
  g_clear_object (&self->gaze_cancellable);
  sl_video_view_set_gaze (self->video_view, NULL);
  g_clear_pointer (&self->scores, sl_gaze_scores_free);
  show_scores (self, 0, NAN);
  if (self->session == NULL || self->session->calibration_id == 0 || self->store == NULL)
    return;
  SlScoreOptions options;
  sl_preferences_score_options (self->settings, &options);
  self->gaze_cancellable = g_cancellable_new ();
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  sl_gaze_review_load_async (sl_store_get_path (self->store), self->session->id,
                             self->session->calibration_id, &options, self->gaze_cancellable,
                             on_gaze_loaded, ref);
}
