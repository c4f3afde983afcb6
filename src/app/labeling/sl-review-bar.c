/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "sl-review-bar.h"

struct _SlReviewBar
{
  GtkWidget parent_instance;
  GtkWidget *box;
  GtkLabel *label;
  SlLabeling *labeling;
};

G_DEFINE_FINAL_TYPE (SlReviewBar, sl_review_bar, GTK_TYPE_WIDGET)

static char *
clock_of (double seconds)
{
  int tenths = (int)(seconds * 10 + 0.5);
  return g_strdup_printf ("%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10);
}

static void
update (SlReviewBar *self)
{
  guint position, length, accepted, rejected;
  double rate;
  sl_labeling_get_progress (self->labeling, &position, &length, &accepted, &rejected, &rate);
  const SlEvent *e = sl_labeling_get_event (self->labeling);
  g_autofree char *counts
      = g_strdup_printf (_ ("accepted %u, rejected %u · %.1f a minute"), accepted, rejected, rate);
  if (e == NULL)
    {
      g_autofree char *text
          = length > 0 ? g_strdup_printf (
                _ ("All %u detections reviewed · %s · Esc ends the review"), length, counts)
                       : g_strdup ("");
      gtk_label_set_text (self->label, text);
      return;
    }
  gint64 first, last;
  sl_labeling_get_edges (self->labeling, &first, &last);
  SlSession *session = sl_review_get_session (sl_labeling_get_review (self->labeling));
  double fps = session != NULL ? session->fps : 0;
  g_autofree char *at = clock_of (fps > 0 ? first / fps : 0);
  g_autofree char *moved
      = first != e->start_frame || last != e->end_frame
            ? g_strdup_printf (_ (" (found %" PRId64 "–%" PRId64 ")"), e->start_frame, e->end_frame)
            : g_strdup ("");
  /* "Detection 3 of 147: blink at 0:12.3, frames 301–306 · accepted 2, …" */
  g_autofree char *text
      = g_strdup_printf (_ ("Detection %u of %u, least certain first: %s at %s, frames %" PRId64
                            "–%" PRId64 "%s · %s"),
                         position + 1, length, e->kind, at, first, last, moved, counts);
  gtk_label_set_text (self->label, text);
}

const char *
sl_review_bar_get_text (SlReviewBar *self)
{
  return gtk_label_get_text (self->label);
}

void
sl_review_bar_set_labeling (SlReviewBar *self, SlLabeling *labeling)
{
  g_return_if_fail (SL_IS_REVIEW_BAR (self) && self->labeling == NULL);
  self->labeling = g_object_ref (labeling);
  g_signal_connect_object (labeling, "event-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static GtkWidget *
button (const char *label, const char *tooltip, const char *action, const char *target)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  if (target != NULL)
    gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (b), target);
  return b;
}

static void
sl_review_bar_dispose (GObject *object)
{
  SlReviewBar *self = SL_REVIEW_BAR (object);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->labeling);
  G_OBJECT_CLASS (sl_review_bar_parent_class)->dispose (object);
}

static void
sl_review_bar_class_init (SlReviewBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_review_bar_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sl-review-bar");
}

static void
sl_review_bar_init (SlReviewBar *self)
{
  /* The line above, whole; the keys and the buttons under it. */
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->label), 4);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), row);
  GtkWidget *keys = gtk_label_new (
      _ ("A accepts, R rejects, Enter goes on · [ ] move the start, ; ' the end (Shift: 10 "
         "frames)"));
  gtk_label_set_xalign (GTK_LABEL (keys), 0);
  gtk_label_set_wrap (GTK_LABEL (keys), TRUE);
  gtk_widget_set_hexpand (keys, TRUE);
  gtk_widget_add_css_class (keys, "dim-label");
  gtk_box_append (GTK_BOX (row), keys);
  GtkWidget *buttons = row;
  GtkWidget *accept = button (_ ("_Accept"), _ ("Accept it, with its edges as moved (A)"),
                              "labels.decide", "labels.decide(true)");
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), accept);
  GtkWidget *reject = button (_ ("_Reject"), _ ("Not one: a false detection (R)"), "labels.decide",
                              "labels.decide(false)");
  gtk_widget_add_css_class (reject, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), reject);
  gtk_box_append (GTK_BOX (buttons), button (_ ("_Next"), _ ("Next, undecided (Enter)"),
                                             "labels.skip", "labels.skip(1)"));
  gtk_box_append (GTK_BOX (buttons),
                  button (_ ("_Done"), _ ("End the review (Esc)"), "labels.end-review", NULL));
}
