/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drift view's baseline (the session's first seconds, its person's
 * earlier sessions, or sessions chosen from the library) and who the
 * session records and when, kept in the library as they are typed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "base/sl-text.h"
#include "sl-drift-view-private.h"
#include "sl-drift-widgets.h"

enum
{
  FIRST_SECONDS,
  PERSON,
  SESSIONS,
};

/* Who the session records and when, as the library has them. */
static void
show_subject (SlDriftView *self)
{
  SlSession *s = sl_review_get_session (self->review);
  gtk_editable_set_text (GTK_EDITABLE (self->person),
                         s != NULL && s->person != NULL ? s->person : "");
  g_autofree char *date
      = s != NULL && s->recorded_us > 0 ? sl_text_format_date (s->recorded_us) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->recorded), date);
}

/* The person and date as typed, kept in the library when they changed;
 * a person's baseline is computed again.  A date that is none is marked
 * and said, and nothing is written. */
gboolean
sl_drift_view_apply_subject (SlDriftView *self)
{
  if (self->review == NULL)
    return FALSE; /* going away */
  SlStore *store = sl_review_get_store (self->review);
  SlSession *s = sl_review_get_session (self->review);
  if (store == NULL || s == NULL)
    return FALSE;
  g_autofree char *person
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->person))));
  g_autofree char *date
      = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recorded))));
  g_autofree char *shown
      = s->recorded_us > 0 ? sl_text_format_date (s->recorded_us) : g_strdup ("");
  gint64 us = 0;
  gboolean new_date = g_strcmp0 (date, shown) != 0;
  if (new_date && (us = sl_text_parse_date (date)) <= 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->recorded), "error");
      gtk_label_set_text (self->summary, _ ("The recording date is not kept: write it as "
                                            "2026-11-30, or as an ISO 8601 time."));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->recorded), "error");
  g_autoptr (GError) error = NULL;
  gboolean new_person = g_strcmp0 (person, s->person != NULL ? s->person : "") != 0;
  if (new_person && !sl_store_set_session_person (store, s->id, person, &error))
    {
      gtk_label_set_text (self->summary, error->message);
      return FALSE;
    }
  if (new_person)
    {
      g_free (s->person);
      s->person = *person != '\0' ? g_strdup (person) : NULL;
    }
  if (new_date && !sl_store_set_session_recorded (store, s->id, us, &error))
    {
      gtk_label_set_text (self->summary, error->message);
      return FALSE;
    }
  if (new_date)
    s->recorded_us = us;
  if (!new_person && !new_date)
    return TRUE;
  show_subject (self);
  sl_drift_view_emit_session_edited (self);
  if (gtk_drop_down_get_selected (self->baseline_kind) == PERSON)
    sl_drift_view_compute (self);
  return TRUE;
}

GtkEditable *
sl_drift_view_get_person_entry (SlDriftView *self)
{
  return GTK_EDITABLE (self->person);
}

GtkEditable *
sl_drift_view_get_date_entry (SlDriftView *self)
{
  return GTK_EDITABLE (self->recorded);
}

static void
on_subject_left (GtkEventControllerFocus *focus, SlDriftView *self)
{
  sl_drift_view_apply_subject (self);
}

static GtkEntry *
subject_entry (SlDriftView *self, const char *placeholder, const char *tooltip, int chars)
{
  GtkEntry *e = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (e, placeholder);
  gtk_widget_set_tooltip_text (GTK_WIDGET (e), tooltip);
  gtk_editable_set_width_chars (GTK_EDITABLE (e), chars);
  g_signal_connect_swapped (e, "activate", G_CALLBACK (sl_drift_view_apply_subject), self);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_subject_left), self);
  gtk_widget_add_controller (GTK_WIDGET (e), focus);
  return e;
}

/* ---- The subject row ---------------------------------------------------- */

GtkWidget *
sl_drift_view_subject_row (SlDriftView *self)
{
  GtkWidget *row = sl_drift_controls_row ();
  self->person = subject_entry (self, _ ("nobody named"),
                                _ ("Who the session records: their earlier sessions can be its "
                                   "baseline (Enter keeps it)"),
                                16);
  self->recorded = subject_entry (self, _ ("2026-11-30"),
                                  _ ("When it was recorded: 2026-11-30, or an ISO 8601 time "
                                     "(Enter keeps it)"),
                                  12);
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("Records:")));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->person));
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("recorded on")));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->recorded));
  show_subject (self);
  return row;
}

/* ---- The baseline ------------------------------------------------------- */

/* The chosen sessions on the button: "sessions 2, 5", or a prompt. */
static void
label_sessions (SlDriftView *self)
{
  if (self->chosen->len == 0)
    {
      gtk_menu_button_set_label (self->sessions_button, _ ("Choose sessions…"));
      return;
    }
  SlDriftBaseline b = { .sessions = self->chosen };
  g_autofree char *text = sl_drift_baseline_describe (&b);
  gtk_menu_button_set_label (self->sessions_button, text);
}

static void
on_session_toggled (GtkCheckButton *check, SlDriftView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "session"));
  gboolean on = gtk_check_button_get_active (check);
  for (guint i = 0; i < self->chosen->len; i++)
    if (g_array_index (self->chosen, gint64, i) == id)
      {
        if (!on)
          g_array_remove_index (self->chosen, i);
        on = FALSE;
        break;
      }
  if (on)
    g_array_append_val (self->chosen, id);
  label_sessions (self);
  sl_drift_view_compute (self);
}

/* The popover's list, read again each time it opens: the library's
 * other analysed sessions by number, those chosen checked. */
static void
fill_sessions (SlDriftView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sessions_box))) != NULL)
    gtk_box_remove (self->sessions_box, child);
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  SlSession *shown = self->review != NULL ? sl_review_get_session (self->review) : NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = store != NULL ? sl_store_list_sessions (store, &error) : NULL;
  guint n = 0;
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      SlSession *s = all->pdata[i];
      if (s->last_run_id == 0 || (shown != NULL && s->id == shown->id))
        continue;
      g_autofree char *text = sl_drift_session_line (s);
      GtkWidget *check = gtk_check_button_new_with_label (text);
      gboolean on = FALSE;
      for (guint k = 0; k < self->chosen->len; k++)
        on |= g_array_index (self->chosen, gint64, k) == s->id;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
      g_object_set_data (G_OBJECT (check), "session", GSIZE_TO_POINTER ((gsize)s->id));
      g_signal_connect (check, "toggled", G_CALLBACK (on_session_toggled), self);
      gtk_box_append (self->sessions_box, check);
      n++;
    }
  if (n == 0)
    gtk_box_append (self->sessions_box,
                    gtk_label_new (all == NULL ? error->message
                                               : _ ("No other analysed session in the library.")));
}

static void
on_kind (SlDriftView *self)
{
  guint kind = gtk_drop_down_get_selected (self->baseline_kind);
  gtk_widget_set_visible (GTK_WIDGET (self->baseline), kind == FIRST_SECONDS);
  gtk_widget_set_visible (self->baseline_unit, kind == FIRST_SECONDS);
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_button), kind == SESSIONS);
  sl_drift_view_compute (self);
}

void
sl_drift_view_add_baseline_controls (SlDriftView *self, GtkBox *row)
{
  self->chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->baseline = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (10, 3600, 10));
  gtk_spin_button_set_value (self->baseline, 120);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline),
                               _ ("The baseline: the session’s first seconds"));
  const char *kinds[] = { _ ("the session’s first"), _ ("the person’s earlier sessions"),
                          _ ("other sessions"), NULL };
  self->baseline_kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_kind),
                               _ ("What the signals are measured against"));
  self->baseline_unit = gtk_label_new (_ ("s"));
  self->sessions_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sessions_button),
                               _ ("The sessions whose newest runs, whole, are the baseline"));
  self->sessions_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->sessions_box));
  GtkWidget *popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), scroll);
  gtk_menu_button_set_popover (self->sessions_button, popover);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (fill_sessions), self);
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_button), FALSE);
  label_sessions (self);
  gtk_box_append (row, gtk_label_new (_ ("Baseline:")));
  gtk_box_append (row, GTK_WIDGET (self->baseline_kind));
  gtk_box_append (row, GTK_WIDGET (self->baseline));
  gtk_box_append (row, self->baseline_unit);
  gtk_box_append (row, GTK_WIDGET (self->sessions_button));
  g_signal_connect_swapped (self->baseline, "value-changed", G_CALLBACK (sl_drift_view_compute),
                            self);
  g_signal_connect_swapped (self->baseline_kind, "notify::selected", G_CALLBACK (on_kind), self);
}

gboolean
sl_drift_view_read_baseline (SlDriftView *self, SlDriftBaseline *baseline)
{
  guint kind = gtk_drop_down_get_selected (self->baseline_kind);
  *baseline = (SlDriftBaseline){
    .first_s = gtk_spin_button_get_value (self->baseline),
    .person = kind == PERSON,
  };
  if (kind != SESSIONS)
    return TRUE;
  if (self->chosen->len == 0)
    {
      gtk_label_set_text (self->summary, _ ("Choose one or more of the library’s other sessions "
                                            "as the baseline."));
      return FALSE;
    }
  baseline->sessions = g_array_copy (self->chosen);
  return TRUE;
}

void
sl_drift_view_set_baseline_seconds (SlDriftView *self, double seconds)
{
  gtk_spin_button_set_value (self->baseline, seconds);
  if (gtk_drop_down_get_selected (self->baseline_kind) != FIRST_SECONDS)
    gtk_drop_down_set_selected (self->baseline_kind, FIRST_SECONDS);
  else
    sl_drift_view_compute (self);
}

void
sl_drift_view_use_person_baseline (SlDriftView *self)
{
  gtk_drop_down_set_selected (self->baseline_kind, PERSON);
}

void
sl_drift_view_use_sessions_baseline (SlDriftView *self, const gint64 *ids, guint n)
{
  g_array_set_size (self->chosen, 0);
  g_array_append_vals (self->chosen, ids, n);
  label_sessions (self);
  if (gtk_drop_down_get_selected (self->baseline_kind) != SESSIONS)
    gtk_drop_down_set_selected (self->baseline_kind, SESSIONS);
  else
    sl_drift_view_compute (self);
}
