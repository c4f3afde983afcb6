/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "base/sl-text.h"
#include "draw/sl-chart-compare.h"
#include "draw/sl-chart-drift.h"
#include "drift/sl-drift-compare.h"
#include "processors/sl-explain-text.h"
#include "sl-compare-view.h"
#include "sl-drift-widgets.h"
#include "sl-style.h"

struct _SlCompareView
{
  AdwWindow parent_instance;
  SlReview *review;
  AdwViewStack *stack;

  /* Two sessions: this one against another. */
  GCancellable *sessions_cancellable; /* while comparing them */
  GtkDropDown *other;
  GArray *other_ids; /* gint64, as the dropdown lists them */
  GtkLabel *sessions_summary;
  GtkListBox *signals;
  GtkDrawingArea *ecdf, *rates;
  SlSessionsComparison *sessions;
  int shown; /* the signal whose distributions are drawn, or -1 */
  char *label_a, *label_b;

  /* Two runs of this session. */
  GCancellable *runs_cancellable;
  gboolean choosing; /* the dropdowns set from code */
  GtkDropDown *run_a, *run_b;
  GArray *run_ids; /* gint64, as both dropdowns list them */
  GtkLabel *runs_summary;
  GtkListBox *events, *diffs;
  SlRunsComparison *runs;
};

G_DEFINE_FINAL_TYPE (SlCompareView, sl_compare_view, ADW_TYPE_WINDOW)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;
  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
add_row (GtkListBox *list, const char *title, const char *subtitle, const char *icon)
{
  GtkWidget *row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (icon != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  gtk_list_box_append (list, row);
  return row;
}

/* A new comparison on a page: the one under way there dropped. */
static GCancellable *
start (GCancellable **cancellable, GtkLabel *summary, const char *what)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  gtk_label_set_text (summary, what);
  return *cancellable;
}

/* A page's comparison ended (not dropped): TRUE when it is this page's. */
static gboolean
ended (GCancellable **cancellable, GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_clear_object (cancellable);
  return TRUE;
}

/* ---- Two sessions ------------------------------------------------------- */

static const SlDriftSignal *
shown_signal (SlCompareView *self)
{
  if (self->sessions == NULL || self->shown < 0
      || (guint)self->shown >= self->sessions->drift->signals->len)
    return NULL;
  return g_ptr_array_index (self->sessions->drift->signals, self->shown);
}

static void
on_signal_row (SlCompareView *self, GtkListBoxRow *row)
{
  self->shown = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  const SlDriftSignal *d = shown_signal (self);
  gtk_widget_set_visible (GTK_WIDGET (self->ecdf), d != NULL && d->problem == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->ecdf));
}

static void
on_sessions_compared (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlCompareView) self = data;
  g_autoptr (GError) error = NULL;
  SlSessionsComparison *c = sl_drift_compare_sessions_finish (result, &error);
  if (!ended (&self->sessions_cancellable, error))
    return;
  g_clear_pointer (&self->sessions, sl_sessions_comparison_free);
  self->sessions = c;
  self->shown = -1;
  clear_list (self->signals);
  gtk_widget_queue_draw (GTK_WIDGET (self->rates));
  if (c == NULL)
    {
      gtk_label_set_text (self->sessions_summary, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->ecdf), FALSE);
      return;
    }
  guint differ = 0, compared = 0;
  int first = -1;
  for (guint k = 0; k < c->drift->signals->len; k++)
    {
      const SlDriftSignal *d = g_ptr_array_index (c->drift->signals, k);
      const SlDriftWindow *w
          = d->windows->len > 0 ? &g_array_index (d->windows, SlDriftWindow, 0) : NULL;
      g_autofree char *text = NULL;
      const char *icon = "dialog-question-symbolic";
      if (d->problem != NULL)
        text = g_strdup_printf (_ ("Not compared: %s"), d->problem);
      else if (w == NULL || w->thin)
        text = g_strdup (_ ("Not compared: too few independent samples to decide on."));
      else
        {
          compared++;
          differ += w->over;
          icon = w->over ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
          text = g_strdup_printf (
              _ ("%s: Wasserstein %.2fσ of the other's, mean shift %+.2fσ, KL %.3f (%s), JS "
                 "%.3f, PSI %.3f; threshold %.3g, p %.2g."),
              w->over ? _ ("Differs") : _ ("Does not differ"), w->m.wasserstein_sigma,
              w->m.shift_sigma, w->m.kl, sl_drift_kl_band (w->m.kl), w->m.js, w->m.psi,
              w->threshold, w->p);
          if (w->over && first < 0)
            first = (int)k;
        }
      add_row (self->signals, sl_drift_signal_name (d->signal), text, icon);
    }
  g_autofree char *line = g_strdup_printf (
      _ ("This session (%.1f min) against the other (%.1f min): %u of %u signals compared "
         "differ by more than a session does from itself (measured against %s)."),
      c->minutes_b, c->minutes_a, differ, compared, c->drift->baseline);
  gtk_label_set_text (self->sessions_summary, line);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->signals, MAX (first, 0));
  if (row != NULL)
    gtk_list_box_select_row (self->signals, row);
}

gboolean
sl_compare_view_compare_session (SlCompareView *self, gint64 id)
{
  SlStore *store = sl_review_get_store (self->review);
  SlSession *session = sl_review_get_session (self->review);
  guint at = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < self->other_ids->len; i++)
    if (g_array_index (self->other_ids, gint64, i) == id)
      at = i;
  if (store == NULL || session == NULL || at == GTK_INVALID_LIST_POSITION)
    return FALSE;
  if (gtk_drop_down_get_selected (self->other) != at)
    {
      gtk_drop_down_set_selected (self->other, at); /* compares on its notify */
      return TRUE;
    }
  adw_view_stack_set_visible_child_name (self->stack, "sessions");
  g_free (self->label_a);
  g_free (self->label_b);
  self->label_a = g_strdup_printf (_ ("session %" PRId64), id);
  self->label_b = g_strdup_printf (_ ("this session, %" PRId64), session->id);
  GCancellable *c = start (&self->sessions_cancellable, self->sessions_summary,
                           _ ("Comparing the two sessions…"));
  SlDriftParams params = SL_DRIFT_PARAMS_DEFAULT;
  sl_drift_compare_sessions_async (sl_store_get_path (store), id, session->id, NULL, &params, c,
                                   on_sessions_compared, g_object_ref (self));
  return TRUE;
}

static void
on_other (SlCompareView *self)
{
  guint i = gtk_drop_down_get_selected (self->other);
  if (i < self->other_ids->len)
    sl_compare_view_compare_session (self, g_array_index (self->other_ids, gint64, i));
}

static void
draw_ecdf (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlCompareView *self = data;
  const SlDriftSignal *d = shown_signal (self);
  if (d == NULL || d->problem != NULL || d->windows->len == 0)
    return;
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  g_autofree char *a
      = g_strdup_printf (_ ("%s (%u values)"), self->label_a, (guint)d->baseline_values->len);
  g_autofree char *b = g_strdup_printf (_ ("%s (%u values)"), self->label_b, (guint)d->series->len);
  sl_chart_drift_ecdf (cr, width, height, d, 0, sl_drift_signal_name (d->signal), a, b, &colors);
}

static void
draw_rates (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlCompareView *self = data;
  if (self->sessions == NULL)
    return;
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_event_rates (cr, width, height, self->sessions->rates, self->label_a, self->label_b,
                        &colors);
}

/* ---- Two runs ----------------------------------------------------------- */

static void
on_event_row (SlCompareView *self, GtkListBoxRow *row)
{
  if (self->runs == NULL || row == NULL)
    return;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "row"));
  if (i == 0)
    return; /* "the same events" */
  i--;
  const SlWhatIfRow *r = &g_array_index (self->runs->events->rows, SlWhatIfRow, i);
  const SlEvent *e = r->found != NULL ? r->found : r->stored;
  sl_review_set_selection (self->review, e->start_frame, e->end_frame);
  sl_review_set_frame (self->review, e->start_frame);
}

gboolean
sl_compare_view_activate_event (SlCompareView *self, int i)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->events, i);
  if (row == NULL || g_object_get_data (G_OBJECT (row), "row") == NULL)
    return FALSE;
  on_event_row (self, row);
  return TRUE;
}

static void
show_event_changes (SlCompareView *self, const SlWhatIf *w)
{
  for (guint i = 0; i < w->rows->len; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->change == SL_WHAT_IF_SAME)
        continue;
      const SlEvent *e = r->found != NULL ? r->found : r->stored;
      g_autofree char *at = sl_explain_format_clock (e->start_s);
      g_autofree char *title = g_strdup_printf ("%s · %s · %s",
                                                r->change == SL_WHAT_IF_ADDED     ? _ ("added")
                                                : r->change == SL_WHAT_IF_REMOVED ? _ ("removed")
                                                                                  : _ ("changed"),
                                                e->kind, at);
      g_autofree char *sub
          = r->change == SL_WHAT_IF_CHANGED
                ? g_strdup_printf (_ ("frames %" PRId64 "–%" PRId64 " → %" PRId64 "–%" PRId64
                                      ", score %.2f → %.2f"),
                                   r->stored->start_frame, r->stored->end_frame,
                                   r->found->start_frame, r->found->end_frame, r->stored->score,
                                   r->found->score)
                : g_strdup_printf (_ ("frames %" PRId64 "–%" PRId64 ", score %.2f"), e->start_frame,
                                   e->end_frame, e->score);
      GtkWidget *row = add_row (self->events, title, sub,
                                r->change == SL_WHAT_IF_ADDED     ? "list-add-symbolic"
                                : r->change == SL_WHAT_IF_REMOVED ? "list-remove-symbolic"
                                                                  : "document-edit-symbolic");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* The row's index among all, one past it so that 0 means none. */
      g_object_set_data (G_OBJECT (row), "row", GUINT_TO_POINTER (i + 1));
    }
  if (w->added + w->removed + w->changed == 0)
    add_row (self->events, _ ("The same events"), _ ("Every event of the one is in the other."),
             "emblem-ok-symbolic");
}

static guint
show_signal_diffs (SlCompareView *self, const SlRunsComparison *c)
{
  guint differ = 0;
  for (guint i = 0; i < c->signals->len; i++)
    {
      const SlSignalDiff *d = &g_array_index (c->signals, SlSignalDiff, i);
      if (d->differ == 0 && d->only_a == 0 && d->only_b == 0)
        continue;
      differ++;
      g_autofree char *sub
          = d->both == 0 ? g_strdup (d->only_a > 0 ? _ ("Only in the first run.")
                                                   : _ ("Only in the second run."))
                         : g_strdup_printf (_ ("%" PRId64 " of %" PRId64 " frames differ, by %.4g "
                                               "on average and %.4g at most (mean %.4g → %.4g); "
                                               "%" PRId64 " frames only in the first, %" PRId64
                                               " only in the second."),
                                            d->differ, d->both, d->mean_abs, d->max_abs, d->mean_a,
                                            d->mean_b, d->only_a, d->only_b);
      add_row (self->diffs, sl_drift_signal_name (d->signal), sub, "dialog-warning-symbolic");
    }
  if (differ == 0)
    add_row (self->diffs, _ ("The same signals"),
             _ ("Every signal has the same value on every frame of both runs."),
             "emblem-ok-symbolic");
  return differ;
}

static void
on_runs_compared (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlCompareView) self = data;
  g_autoptr (GError) error = NULL;
  SlRunsComparison *c = sl_drift_compare_runs_finish (result, &error);
  if (!ended (&self->runs_cancellable, error))
    return;
  g_clear_pointer (&self->runs, sl_runs_comparison_free);
  self->runs = c;
  clear_list (self->events);
  clear_list (self->diffs);
  if (c == NULL)
    {
      gtk_label_set_text (self->runs_summary, error->message);
      return;
    }
  show_event_changes (self, c->events);
  guint differ = show_signal_diffs (self, c);
  const SlWhatIf *w = c->events;
  g_autofree char *line = g_strdup_printf (
      _ ("Run %" PRId64 " against run %" PRId64 ": events %u added, %u removed, %u changed, %u "
         "the same; signals %u differ, %u the same on every frame. A row takes the review to "
         "its event."),
      c->run_b, c->run_a, w->added, w->removed, w->changed, w->same, differ,
      c->signals->len - differ);
  gtk_label_set_text (self->runs_summary, line);
}

gboolean
sl_compare_view_compare_runs (SlCompareView *self, gint64 run_a, gint64 run_b)
{
  SlStore *store = sl_review_get_store (self->review);
  guint at_a = GTK_INVALID_LIST_POSITION, at_b = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < self->run_ids->len; i++)
    {
      at_a = g_array_index (self->run_ids, gint64, i) == run_a ? i : at_a;
      at_b = g_array_index (self->run_ids, gint64, i) == run_b ? i : at_b;
    }
  if (store == NULL || at_a == GTK_INVALID_LIST_POSITION || at_b == GTK_INVALID_LIST_POSITION)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->stack, "runs");
  self->choosing = TRUE;
  gtk_drop_down_set_selected (self->run_a, at_a);
  gtk_drop_down_set_selected (self->run_b, at_b);
  self->choosing = FALSE;
  if (run_a == run_b)
    {
      clear_list (self->events);
      clear_list (self->diffs);
      gtk_label_set_text (self->runs_summary, _ ("Choose two different runs."));
      return TRUE;
    }
  GCancellable *c
      = start (&self->runs_cancellable, self->runs_summary, _ ("Comparing the two runs…"));
  sl_drift_compare_runs_async (sl_store_get_path (store), run_a, run_b, c, on_runs_compared,
                               g_object_ref (self));
  return TRUE;
}

static void
on_run_chosen (SlCompareView *self)
{
  guint a = gtk_drop_down_get_selected (self->run_a), b = gtk_drop_down_get_selected (self->run_b);
  if (!self->choosing && a < self->run_ids->len && b < self->run_ids->len)
    sl_compare_view_compare_runs (self, g_array_index (self->run_ids, gint64, a),
                                  g_array_index (self->run_ids, gint64, b));
}

gboolean
sl_compare_view_is_busy (SlCompareView *self)
{
  return self->sessions_cancellable != NULL || self->runs_cancellable != NULL;
}

char *
sl_compare_view_describe (SlCompareView *self)
{
  gboolean runs = g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "runs") == 0;
  GtkListBox *lists[2] = { runs ? self->events : self->signals, runs ? self->diffs : NULL };
  g_autoptr (GString) s
      = g_string_new (gtk_label_get_text (runs ? self->runs_summary : self->sessions_summary));
  g_string_append_c (s, '\n');
  for (guint l = 0; l < 2 && lists[l] != NULL; l++)
    for (int i = 0; gtk_list_box_get_row_at_index (lists[l], i) != NULL; i++)
      {
        AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (lists[l], i));
        g_string_append_printf (s, "%s: %s\n",
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                adw_action_row_get_subtitle (row));
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- Construction ------------------------------------------------------- */

static GtkListBox *
list_in (GtkWidget **scroll)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (list), "navigation-sidebar");
  *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (*scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (*scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (*scroll), GTK_WIDGET (list));
  return list;
}

static GtkWidget *
sessions_page (SlCompareView *self, SlStore *store, SlSession *session)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sl_store_list_sessions (store, &error);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      SlSession *s = all->pdata[i];
      if (s->last_run_id == 0 || s->id == session->id)
        continue;
      g_autofree char *text = sl_drift_session_line (s);
      gtk_string_list_append (names, text);
      g_array_append_val (self->other_ids, s->id);
    }
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *row = sl_drift_controls_row ();
  self->other = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->other),
                               _ ("The session this one is measured against"));
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("This session against")));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->other));
  gtk_box_append (GTK_BOX (page), row);
  self->sessions_summary = sl_drift_wrapped_label ();
  gtk_label_set_text (self->sessions_summary,
                      all == NULL ? error->message
                                  : _ ("The library has no other analysed session to compare "
                                       "with."));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->sessions_summary));
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand (paned, TRUE);
  GtkWidget *scroll;
  self->signals = list_in (&scroll);
  gtk_widget_set_size_request (scroll, 320, -1);
  g_signal_connect_swapped (self->signals, "row-selected", G_CALLBACK (on_signal_row), self);
  gtk_paned_set_start_child (GTK_PANED (paned), scroll);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  GtkWidget *charts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_end (charts, 12);
  gtk_widget_set_margin_bottom (charts, 12);
  self->ecdf = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->ecdf), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->ecdf), 420, 200);
  gtk_drawing_area_set_draw_func (self->ecdf, draw_ecdf, self, NULL);
  self->rates = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->rates), 420, 200);
  gtk_drawing_area_set_draw_func (self->rates, draw_rates, self, NULL);
  gtk_box_append (GTK_BOX (charts), GTK_WIDGET (self->ecdf));
  gtk_box_append (GTK_BOX (charts), GTK_WIDGET (self->rates));
  gtk_paned_set_end_child (GTK_PANED (paned), charts);
  gtk_box_append (GTK_BOX (page), paned);
  g_signal_connect_swapped (self->other, "notify::selected", G_CALLBACK (on_other), self);
  return page;
}

static GtkWidget *
runs_page (SlCompareView *self, SlStore *store, SlSession *session)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = sl_store_list_runs (store, session->id, &error);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const SlRun *r = runs->pdata[i];
      g_autofree char *started = sl_text_format_time (r->started_at);
      g_autofree char *text
          = g_strdup_printf (_ ("run %" PRId64 " · %s · %s"), r->id, r->preset, started);
      gtk_string_list_append (names, text);
      g_array_append_val (self->run_ids, r->id);
    }
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *row = sl_drift_controls_row ();
  self->run_b = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
  self->run_a = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("Run")));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->run_b));
  gtk_box_append (GTK_BOX (row), gtk_label_new (_ ("against run")));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->run_a));
  gtk_box_append (GTK_BOX (page), row);
  self->runs_summary = sl_drift_wrapped_label ();
  gtk_label_set_text (self->runs_summary,
                      runs == NULL ? error->message
                                   : _ ("This session has one run: analyse it again (other "
                                        "parameters, another preset or model) to compare two."));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->runs_summary));
  GtkWidget *lists = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (lists, 12);
  gtk_widget_set_margin_end (lists, 12);
  gtk_widget_set_margin_bottom (lists, 12);
  gtk_widget_set_vexpand (lists, TRUE);
  GtkWidget *scroll_events, *scroll_diffs;
  self->events = list_in (&scroll_events);
  self->diffs = list_in (&scroll_diffs);
  gtk_widget_set_hexpand (scroll_events, TRUE);
  gtk_widget_set_hexpand (scroll_diffs, TRUE);
  g_signal_connect_swapped (self->events, "row-activated", G_CALLBACK (on_event_row), self);
  gtk_box_append (GTK_BOX (lists), scroll_events);
  gtk_box_append (GTK_BOX (lists), scroll_diffs);
  gtk_box_append (GTK_BOX (page), lists);
  g_signal_connect_swapped (self->run_a, "notify::selected", G_CALLBACK (on_run_chosen), self);
  g_signal_connect_swapped (self->run_b, "notify::selected", G_CALLBACK (on_run_chosen), self);
  return page;
}

GtkWindow *
sl_compare_view_new (GtkWindow *parent, SlReview *review)
{
  SlSession *session = sl_review_get_session (review);
  SlStore *store = sl_review_get_store (review);
  g_return_val_if_fail (session != NULL && store != NULL, NULL);
  g_autofree char *title = g_strdup_printf (_ ("Compare — %s"), session->name);
  SlCompareView *self = g_object_new (SL_TYPE_COMPARE_VIEW, "transient-for", parent, "title", title,
                                      "default-width", 1000, "default-height", 660, NULL);
  self->review = g_object_ref (review);

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  GtkWidget *switcher = adw_view_switcher_new ();
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), switcher);
  gtk_box_append (GTK_BOX (content), header);
  AdwViewStackPage *page = adw_view_stack_add_titled (
      self->stack, sessions_page (self, store, session), "sessions", _ ("Two Sessions"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");
  page = adw_view_stack_add_titled (self->stack, runs_page (self, store, session), "runs",
                                    _ ("Two Runs"));
  adw_view_stack_page_set_icon_name (page, "document-open-recent-symbolic");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), content);

  /* The newest run against the one before it, the sessions page with
   * the first other session. */
  guint n = self->run_ids->len;
  if (n >= 2)
    sl_compare_view_compare_runs (self, g_array_index (self->run_ids, gint64, n - 2),
                                  g_array_index (self->run_ids, gint64, n - 1));
  if (self->other_ids->len > 0)
    sl_compare_view_compare_session (self, g_array_index (self->other_ids, gint64, 0));
  adw_view_stack_set_visible_child_name (self->stack, "sessions");
  return GTK_WINDOW (self);
}

static void
sl_compare_view_dispose (GObject *object)
{
  SlCompareView *self = SL_COMPARE_VIEW (object);
  g_cancellable_cancel (self->sessions_cancellable);
  g_clear_object (&self->sessions_cancellable);
  g_cancellable_cancel (self->runs_cancellable);
  g_clear_object (&self->runs_cancellable);
  g_clear_pointer (&self->sessions, sl_sessions_comparison_free);
  g_clear_pointer (&self->runs, sl_runs_comparison_free);
  g_clear_object (&self->review);
  G_OBJECT_CLASS (sl_compare_view_parent_class)->dispose (object);
}

static void
sl_compare_view_finalize (GObject *object)
{
  SlCompareView *self = SL_COMPARE_VIEW (object);
  g_array_unref (self->other_ids);
  g_array_unref (self->run_ids);
  g_free (self->label_a);
  g_free (self->label_b);
  G_OBJECT_CLASS (sl_compare_view_parent_class)->finalize (object);
}

static void
sl_compare_view_class_init (SlCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = sl_compare_view_dispose;
  object_class->finalize = sl_compare_view_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sl_compare_view_init (SlCompareView *self)
{
  self->other_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->shown = -1;
}
