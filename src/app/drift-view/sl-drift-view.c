/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "draw/sl-chart-drift.h"
#include "drift/sl-drift-session.h"
#include "processors/sl-explain-text.h"
#include "sl-drift-view-private.h"
#include "sl-drift-widgets.h"
#include "sl-style.h"

G_DEFINE_FINAL_TYPE (SlDriftView, sl_drift_view, ADW_TYPE_WINDOW)

enum
{
  OPEN_LIBRARY,
  OPEN_COMPARE,
  SESSION_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SlDriftSignal *
shown_signal (SlDriftView *self)
{
  if (self->report == NULL || self->shown < 0 || (guint)self->shown >= self->report->signals->len)
    return NULL;
  return g_ptr_array_index (self->report->signals, self->shown);
}

/* What was found in @d, in a line or two. */
static char *
finding (const SlDriftSignal *d, SlDriftDecide decide)
{
  if (d->problem != NULL)
    return g_strdup_printf (_ ("Not measured: %s"), d->problem);
  if (sl_drift_signal_n_measured (d) == 0)
    return g_strdup_printf (_ ("Not enough data in any window: the signal follows itself for "
                               "%.1f s, so a window holds too few independent samples."),
                            d->tau_s);
  if (d->events->len == 0)
    {
      const SlDriftWindow *w = sl_drift_signal_closest (d);
      double largest = w->value, threshold = w->threshold;
      return decide == SL_DRIFT_DECIDE_KL
                 ? g_strdup_printf (_ ("No drift: KL at most %.3f, its threshold %.3f."), largest,
                                    threshold)
                 : g_strdup_printf (_ ("No drift: at most %.2fσ from the baseline, its "
                                       "threshold %.2fσ."),
                                    largest, threshold);
    }
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < d->events->len; i++)
    {
      const SlDriftEvent *e = &g_array_index (d->events, SlDriftEvent, i);
      g_autofree char *from = sl_explain_format_clock (e->start_s);
      g_autofree char *to = sl_explain_format_clock (e->end_s);
      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append_printf (s,
                              _ ("Drifted %s–%s: %.2fσ from the baseline (mean %+.2fσ), KL "
                                 "%.2f (%s)."),
                              from, to, e->wasserstein_sigma, e->shift_sigma, e->peak_kl,
                              sl_drift_kl_band (e->peak_kl));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
clear_rows (SlDriftView *self)
{
  GtkListBoxRow *row;
  while ((row = gtk_list_box_get_row_at_index (self->signals, 0)) != NULL)
    gtk_list_box_remove (self->signals, GTK_WIDGET (row));
}

/* The report's signals and summary; @not_kept says why its baseline is
 * not kept in the library (NULL: it is), @events_not_kept why its events
 * are not kept with the run's. */
static void
show_report (SlDriftView *self, const char *not_kept, const char *events_not_kept)
{
  clear_rows (self);
  const SlDriftReport *r = self->report;
  guint measured = 0;
  for (guint k = 0; k < r->signals->len; k++)
    {
      const SlDriftSignal *d = g_ptr_array_index (r->signals, k);
      measured += d->problem == NULL && sl_drift_signal_n_measured (d) > 0;
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sl_drift_signal_name (d->signal));
      g_autofree char *text = finding (d, self->params.decide);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
      gtk_widget_set_tooltip_text (row, d->signal);
      GtkWidget *icon = gtk_image_new_from_icon_name (
          d->events->len > 0                                          ? "dialog-warning-symbolic"
          : d->problem != NULL || sl_drift_signal_n_measured (d) == 0 ? "dialog-question-symbolic"
                                                                      : "emblem-ok-symbolic");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->signals, row);
    }
  g_autofree char *line = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u drift event in %u signals (%u measured), against %s; windows of %g s "
                   "every %g s, a false-alarm rate of %g per window.",
                   "%u drift events in %u signals (%u measured), against %s; windows of %g s "
                   "every %g s, a false-alarm rate of %g per window.",
                   r->n_events),
      r->n_events, r->signals->len, measured, r->baseline, self->params.window_s,
      self->params.step_s, self->params.false_alarm);
  /* Under it, the baseline as the library keeps it, or why it does not. */
  g_autofree char *runs = sl_drift_report_describe_baseline (r);
  g_autofree char *full
      = not_kept == NULL
            ? g_strdup_printf (_ ("%s\nMeasured against %s."), line, runs)
            : g_strdup_printf (_ ("%s\nThe baseline (%s) is not kept in the library: %s"), line,
                               runs, not_kept);
  if (events_not_kept != NULL)
    {
      char *with = g_strdup_printf (_ ("%s\nThe drift events are not kept with the run's "
                                       "events: %s."),
                                    full, events_not_kept);
      g_free (full);
      full = with;
    }
  gtk_label_set_text (self->summary, full);
  /* The first that drifted, else the first measured, else the first. */
  int first = -1;
  for (guint k = 0; k < r->signals->len && first < 0; k++)
    if (((SlDriftSignal *)g_ptr_array_index (r->signals, k))->events->len > 0)
      first = (int)k;
  for (guint k = 0; k < r->signals->len && first < 0; k++)
    if (sl_drift_signal_n_measured (g_ptr_array_index (r->signals, k)) > 0)
      first = (int)k;
  sl_drift_view_show_signal (self, first >= 0 ? (guint)first : 0);
}

static void
on_computed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlDriftView) self = data;
  g_autoptr (GError) error = NULL;
  SlDriftReport *r = sl_drift_session_finish (result, &error);
  if (r == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* dropped: the window closed, or a newer computation took over */
  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  g_clear_pointer (&self->report, sl_drift_report_free);
  self->report = r;
  if (r == NULL)
    {
      clear_rows (self);
      gtk_label_set_text (self->summary, error->message);
      self->shown = self->selected = -1;
      gtk_widget_set_visible (self->charts, FALSE);
      return;
    }
  /* The baseline kept in the library (a new version when its runs
   * changed), so that the summary names it. */
  SlStore *store = sl_review_get_store (self->review);
  g_autoptr (GError) keep_error = NULL;
  gboolean kept = store != NULL && sl_drift_report_keep_baseline (store, r, &keep_error);
  /* And its events with the run's, which the review then shows. */
  g_autoptr (GError) events_error = NULL;
  if (store != NULL && sl_drift_report_keep_events (store, r, &self->params, &events_error))
    sl_review_events_changed (self->review, r->run_id);
  show_report (self,
               kept                 ? NULL
               : keep_error != NULL ? keep_error->message
                                    : _ ("no library"),
               events_error != NULL ? events_error->message : NULL);
}

void
sl_drift_view_compute (SlDriftView *self)
{
  SlStore *store = sl_review_get_store (self->review);
  SlSession *session = sl_review_get_session (self->review);
  if (store == NULL || session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->params = (SlDriftParams)SL_DRIFT_PARAMS_DEFAULT;
  self->params.window_s = gtk_spin_button_get_value (self->window);
  self->params.step_s = MIN (self->params.step_s, self->params.window_s);
  self->params.decide = gtk_drop_down_get_selected (self->decide) == 1
                            ? SL_DRIFT_DECIDE_KL
                            : SL_DRIFT_DECIDE_WASSERSTEIN;
  g_auto (SlDriftBaseline) baseline = { 0 };
  if (!sl_drift_view_read_baseline (self, &baseline))
    {
      self->busy = FALSE;
      gtk_spinner_stop (self->spinner);
      clear_rows (self);
      gtk_widget_set_visible (self->charts, FALSE);
      g_clear_pointer (&self->report, sl_drift_report_free);
      self->shown = self->selected = -1;
      return;
    }
  self->busy = TRUE;
  gtk_spinner_start (self->spinner);
  gtk_label_set_text (self->summary, _ ("Measuring the signals against the baseline…"));
  /* The callback holds a reference: a window closed meanwhile gets it
   * cancelled (dispose cancels) and lets go. */
  sl_drift_session_async (sl_store_get_path (store), session->id, sl_review_get_run (self->review),
                          &baseline, NULL, &self->params, self->cancellable, on_computed,
                          g_object_ref (self));
}

gboolean
sl_drift_view_is_busy (SlDriftView *self)
{
  return self->busy;
}

static double
session_fps (SlDriftView *self)
{
  SlSession *s = sl_review_get_session (self->review);
  return s != NULL && s->fps > 0 ? s->fps : 30;
}

static void
show_picked (SlDriftView *self)
{
  const SlDriftSignal *d = shown_signal (self);
  gtk_widget_set_visible (GTK_WIDGET (self->ecdf), d != NULL && self->selected >= 0);
  if (d == NULL || self->selected < 0)
    {
      const char *hint = _ ("Click a window on the chart (or move with ← and →) to see its "
                            "values against the baseline’s, and to go there.");
      gtk_label_set_text (self->picked, d != NULL && d->windows->len > 0 ? hint : "");
      return;
    }
  const SlDriftWindow *w = &g_array_index (d->windows, SlDriftWindow, self->selected);
  g_autofree char *from = sl_explain_format_clock (w->start_s);
  g_autofree char *to = sl_explain_format_clock (w->end_s);
  g_autofree char *text = g_strdup_printf (
      _ ("Window %s–%s: %.2fσ from the baseline (mean %+.2fσ), KL %.3f, JS %.3f, PSI %.3f; "
         "threshold %.3g, p %.2g, about %.0f independent samples; %s."),
      from, to, w->m.wasserstein_sigma, w->m.shift_sigma, w->m.kl, w->m.js, w->m.psi, w->threshold,
      w->p, w->n_eff, w->over ? _ ("over the threshold") : _ ("within it"));
  gtk_label_set_text (self->picked, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->ecdf));
}

gboolean
sl_drift_view_pick (SlDriftView *self, int i)
{
  const SlDriftSignal *d = shown_signal (self);
  if (d == NULL || i < 0 || (guint)i >= d->windows->len
      || g_array_index (d->windows, SlDriftWindow, i).thin)
    return FALSE;
  self->selected = i;
  const SlDriftWindow *w = &g_array_index (d->windows, SlDriftWindow, i);
  double fps = session_fps (self);
  gint64 first = (gint64)llround (w->start_s * fps), last = (gint64)llround (w->end_s * fps) - 1;
  sl_review_set_selection (self->review, first, MAX (first, last));
  sl_review_set_frame (self->review, first);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  show_picked (self);
  return TRUE;
}

gboolean
sl_drift_view_show_signal (SlDriftView *self, guint i)
{
  if (self->report == NULL || i >= self->report->signals->len)
    return FALSE;
  self->shown = (int)i;
  self->selected = -1;
  const SlDriftSignal *d = shown_signal (self);
  gtk_widget_set_visible (self->charts, d->problem == NULL);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->signals, (int)i);
  if (row != NULL && gtk_list_box_get_selected_row (self->signals) != row)
    gtk_list_box_select_row (self->signals, row);
  /* Start at the first drift event's peak. */
  if (d->events->len > 0)
    sl_drift_view_pick (self, (int)g_array_index (d->events, SlDriftEvent, 0).peak_window);
  else
    show_picked (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  return TRUE;
}

static SlDriftChart
chart_of (SlDriftView *self, const SlDriftSignal *d)
{
  return (SlDriftChart){
    .signal = d,
    .decide = self->params.decide,
    .from_s = 0,
    .to_s = MAX (self->report->duration_s, 1),
    .selected = self->selected,
  };
}

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlDriftView *self = data;
  const SlDriftSignal *d = shown_signal (self);
  if (d == NULL || d->problem != NULL)
    return;
  SlDriftChart chart = chart_of (self, d);
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_drift (cr, width, height, &chart, &colors);
}

static void
draw_ecdf (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlDriftView *self = data;
  const SlDriftSignal *d = shown_signal (self);
  if (d == NULL || self->selected < 0)
    return;
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_drift_ecdf (cr, width, height, d, self->selected, sl_drift_signal_name (d->signal), NULL,
                       NULL, &colors);
}

static void
on_click (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  SlDriftView *self = data;
  const SlDriftSignal *d = shown_signal (self);
  if (d == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->chart));
  SlDriftChart chart = chart_of (self, d);
  sl_drift_view_pick (
      self, sl_chart_drift_window_at (&chart, gtk_widget_get_width (GTK_WIDGET (self->chart)), x));
}

/* Left and Right on the chart: the window before or after, skipping
 * those without data. */
static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint code, GdkModifierType state, gpointer data)
{
  SlDriftView *self = data;
  const SlDriftSignal *d = shown_signal (self);
  int step = keyval == GDK_KEY_Left ? -1 : keyval == GDK_KEY_Right ? 1 : 0;
  if (d == NULL || step == 0)
    return FALSE;
  for (int i = self->selected + step; i >= 0 && (guint)i < d->windows->len; i += step)
    if (sl_drift_view_pick (self, i))
      return TRUE;
  return TRUE;
}

static void
on_row (SlDriftView *self, GtkListBoxRow *row)
{
  if (row != NULL && gtk_list_box_row_get_index (row) != self->shown)
    sl_drift_view_show_signal (self, (guint)gtk_list_box_row_get_index (row));
}

char *
sl_drift_view_describe (SlDriftView *self)
{
  g_autoptr (GString) s = g_string_new (gtk_label_get_text (self->summary));
  g_string_append_c (s, '\n');
  for (int i = 0; gtk_list_box_get_row_at_index (self->signals, i) != NULL; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (self->signals, i));
      g_string_append_printf (s, "%s%s: %s\n", i == self->shown ? "* " : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (row));
    }
  g_string_append (s, gtk_label_get_text (self->picked));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
sl_drift_view_emit_session_edited (SlDriftView *self)
{
  g_signal_emit (self, signals[SESSION_EDITED], 0);
}

static void
open_library (SlDriftView *self)
{
  g_signal_emit (self, signals[OPEN_LIBRARY], 0);
}

static void
library_action (GtkWidget *widget, const char *action, GVariant *param)
{
  open_library (SL_DRIFT_VIEW (widget));
}

static void
compare_action (GtkWidget *widget, const char *action, GVariant *param)
{
  g_signal_emit (widget, signals[OPEN_COMPARE], 0);
}

static GtkSpinButton *
seconds (double lo, double hi, double value, const char *tooltip)
{
  GtkSpinButton *b = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (lo, hi, 10));
  gtk_spin_button_set_value (b, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (b), tooltip);
  return b;
}

GtkWindow *
sl_drift_view_new (GtkWindow *parent, SlReview *review)
{
  SlSession *session = sl_review_get_session (review);
  g_autofree char *title = g_strdup_printf (_ ("Drift — %s"), session != NULL ? session->name : "");
  SlDriftView *self = g_object_new (SL_TYPE_DRIFT_VIEW, "transient-for", parent, "title", title,
                                    "default-width", 1000, "default-height", 680, NULL);
  self->review = g_object_ref (review);

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  GtkWidget *library = gtk_button_new_with_mnemonic (_ ("Across the _Library…"));
  gtk_widget_set_tooltip_text (library, _ ("Every session against its baseline, by recording "
                                           "date (Ctrl+Shift+L)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (library), "drift.library");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), library);
  GtkWidget *compare = gtk_button_new_with_mnemonic (_ ("_Compare…"));
  gtk_widget_set_tooltip_text (compare, _ ("This session against another, or two of its runs "
                                           "(Ctrl+Shift+C)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (compare), "drift.compare");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), compare);
  gtk_box_append (GTK_BOX (content), header);

  GtkWidget *controls = sl_drift_controls_row ();
  self->window = seconds (10, 600, 60, _ ("Each window’s length, in seconds"));
  const char *measures[] = { _ ("Wasserstein distance"), _ ("KL divergence"), NULL };
  self->decide = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (measures));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->decide), _ ("The measure an alarm is decided on"));
  sl_drift_view_add_baseline_controls (self, GTK_BOX (controls));
  gtk_box_append (GTK_BOX (controls), gtk_label_new (_ ("· windows of")));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->window));
  gtk_box_append (GTK_BOX (controls), gtk_label_new (_ ("s · decided on")));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->decide));
  gtk_box_append (GTK_BOX (content), controls);

  gtk_box_append (GTK_BOX (content), sl_drift_view_subject_row (self));

  self->summary = sl_drift_wrapped_label ();
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary));

  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand (paned, TRUE);
  GtkWidget *list_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (list_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (list_scroll, 300, -1);
  self->signals = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->signals), "navigation-sidebar");
  g_signal_connect_swapped (self->signals, "row-selected", G_CALLBACK (on_row), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroll), GTK_WIDGET (self->signals));
  gtk_paned_set_start_child (GTK_PANED (paned), list_scroll);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  self->charts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->charts, 6);
  gtk_widget_set_margin_end (self->charts, 12);
  gtk_widget_set_margin_bottom (self->charts, 12);
  self->chart = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->chart), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->chart), 420, 260);
  gtk_widget_set_focusable (GTK_WIDGET (self->chart), TRUE);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart), GTK_EVENT_CONTROLLER (click));
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->chart), keys);
  self->picked = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->picked, TRUE);
  gtk_label_set_xalign (self->picked, 0);
  self->ecdf = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->ecdf), 420, 190);
  gtk_drawing_area_set_draw_func (self->ecdf, draw_ecdf, self, NULL);
  gtk_box_append (GTK_BOX (self->charts), GTK_WIDGET (self->chart));
  gtk_box_append (GTK_BOX (self->charts), GTK_WIDGET (self->picked));
  gtk_box_append (GTK_BOX (self->charts), GTK_WIDGET (self->ecdf));
  gtk_paned_set_end_child (GTK_PANED (paned), self->charts);
  gtk_box_append (GTK_BOX (content), paned);
  adw_window_set_content (ADW_WINDOW (self), content);

  g_signal_connect_swapped (self->window, "value-changed", G_CALLBACK (sl_drift_view_compute),
                            self);
  g_signal_connect_swapped (self->decide, "notify::selected", G_CALLBACK (sl_drift_view_compute),
                            self);
  sl_drift_view_compute (self);
  return GTK_WINDOW (self);
}

static void
sl_drift_view_dispose (GObject *object)
{
  SlDriftView *self = SL_DRIFT_VIEW (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, sl_drift_report_free);
  g_clear_object (&self->review);
  g_clear_pointer (&self->chosen, g_array_unref);
  G_OBJECT_CLASS (sl_drift_view_parent_class)->dispose (object);
}

static void
sl_drift_view_class_init (SlDriftViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_drift_view_dispose;
  signals[OPEN_LIBRARY] = g_signal_new ("open-library", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_COMPARE] = g_signal_new ("open-compare", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SESSION_EDITED] = g_signal_new ("session-edited", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_l,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "drift.library", NULL);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "drift.library", NULL, library_action);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "drift.compare", NULL);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "drift.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sl_drift_view_init (SlDriftView *self)
{
  self->shown = self->selected = -1;
  self->params = (SlDriftParams)SL_DRIFT_PARAMS_DEFAULT;
}
