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

/* One score: its value against its aim, and its reasons in an expander. */
static void
add_score (SlSessionView *self, JsonObject *all, const char *key, const char *title)
{
  JsonObject *o = json_object_get_object_member (all, key);
  if (o == NULL)
    return;
  double value = json_object_get_double_member_with_default (o, "value", NAN);
  JsonObject *th = json_object_has_member (o, "threshold")
                       ? json_object_get_object_member (o, "threshold")
                       : NULL;
  g_autofree char *head = NULL;
  if (th != NULL && json_object_has_member (o, "passed"))
    {
      gboolean passed = json_object_get_boolean_member (o, "passed");
      head = g_strdup_printf ("%s  %.2f  %s", title, value, passed ? "✓" : "✗");
    }
  else
    head = g_strdup_printf ("%s  %.2f", title, value);
  GtkWidget *exp = gtk_expander_new (head);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 18);
  JsonObject *in
      = json_object_has_member (o, "inputs") ? json_object_get_object_member (o, "inputs") : NULL;
  if (in != NULL)
    {
      g_autoptr (GString) text = g_string_new (_ ("From: "));
      g_autoptr (GList) members = json_object_get_members (in);
      for (GList *m = members; m != NULL; m = m->next)
        {
          JsonNode *n = json_object_get_member (in, m->data);
          g_autofree char *v = JSON_NODE_HOLDS_VALUE (n)
                                   ? (json_node_get_value_type (n) == G_TYPE_STRING
                                          ? g_strdup (json_node_get_string (n))
                                          : g_strdup_printf ("%g", json_node_get_double (n)))
                                   : json_to_string (n, FALSE);
          g_string_append_printf (text, "%s%s %s", m != members ? ", " : "", (const char *)m->data,
                                  v);
        }
      gtk_box_append (GTK_BOX (box), small_label (text->str, TRUE));
    }
  if (th != NULL)
    {
      g_autofree char *t = g_strdup_printf (
          _ ("Threshold %s = %g; observed %.3f"), json_object_get_string_member (th, "param"),
          json_object_get_double_member_with_default (th, "value", NAN),
          json_object_get_double_member_with_default (th, "observed", NAN));
      gtk_box_append (GTK_BOX (box), small_label (t, TRUE));
    }
  if (json_object_has_member (o, "shares"))
    {
      JsonObject *sh = json_object_get_object_member (o, "shares");
      g_autofree char *t = g_strdup_printf (
          _ ("Share of the total: jitter %.0f%%, compliance %.0f%%"),
          100 * json_object_get_double_member_with_default (sh, "jitter", NAN),
          100 * json_object_get_double_member_with_default (sh, "compliance", NAN));
      gtk_box_append (GTK_BOX (box), small_label (t, TRUE));
    }
  JsonArray *ev = json_object_has_member (o, "evidence")
                      ? json_object_get_array_member (o, "evidence")
                      : NULL;
  /* The three longest stretches (or worst fixations) are enough to look at. */
  for (guint i = 0; ev != NULL && i < MIN (json_array_get_length (ev), 3); i++)
    {
      JsonObject *e = json_array_get_object_element (ev, i);
      double a = json_object_get_double_member_with_default (e, "start_s", NAN);
      double b = json_object_get_double_member_with_default (e, "end_s", NAN);
      const char *why = json_object_get_string_member_with_default (e, "reason", NULL);
      double disp = json_object_get_double_member_with_default (e, "dispersion_deg", NAN);
      g_autofree char *label
          = why != NULL       ? g_strdup_printf (_ ("%.1f–%.1f s · %s"), a, b, why)
            : isfinite (disp) ? g_strdup_printf (_ ("%.1f–%.1f s · dispersion %.1f°"), a, b, disp)
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
  g_autoptr (JsonNode) root = sl_json_parse (self->scores->explanation, -1, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  JsonObject *all = json_node_get_object (root);
  add_score (self, all, "collection_rate", _ ("Gaze collection rate"));
  add_score (self, all, "face_rate", _ ("Face detection rate"));
  add_score (self, all, "jitter", _ ("Jitter"));
  add_score (self, all, "compliance", _ ("On-screen compliance"));
  add_score (self, all, "total", _ ("Total"));
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
