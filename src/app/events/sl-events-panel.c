/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "base/sl-explanation.h"
#include "library/sl-library-jobs.h"
#include "processors/sl-explain-text.h"
#include "sl-events-panel.h"
#include "sl-explanation-view.h"
#include "sl-what-if-view.h"

/* ---- One row: an event and its explanation, read once ---------------------- */

#define SL_TYPE_EVENT_ROW (sl_event_row_get_type ())
G_DECLARE_FINAL_TYPE (SlEventRow, sl_event_row, SL, EVENT_ROW, GObject)

struct _SlEventRow
{
  GObject parent_instance;
  SlEvent *event;
  SlExplanation *x; /* NULL: damaged (error says why) */
  char *error;
  char *reason;
};

G_DEFINE_FINAL_TYPE (SlEventRow, sl_event_row, G_TYPE_OBJECT)

static void
sl_event_row_finalize (GObject *object)
{
  SlEventRow *r = SL_EVENT_ROW (object);
  sl_event_free (r->event);
  sl_explanation_free (r->x);
  g_free (r->error);
  g_free (r->reason);
  G_OBJECT_CLASS (sl_event_row_parent_class)->finalize (object);
}

static void
sl_event_row_class_init (SlEventRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_event_row_finalize;
}

static void
sl_event_row_init (SlEventRow *self)
{
}

static SlEventRow *
sl_event_row_new (SlEvent *event)
{
  SlEventRow *r = g_object_new (SL_TYPE_EVENT_ROW, NULL);
  r->event = event;
  g_autoptr (GError) error = NULL;
  r->x = sl_explanation_parse (event->explanation, &error);
  if (r->x == NULL)
    r->error = g_strdup (error->message);
  r->reason = r->x != NULL ? sl_explain_reason (r->x) : g_strdup (r->error);
  return r;
}

/* ---- The panel ------------------------------------------------------------- */

enum
{
  COL_KIND,
  COL_START,
  COL_DURATION,
  COL_SCORE,
  COL_REASON,
  N_COLS
};

struct _SlEventsPanel
{
  GtkWidget parent_instance;

  SlReview *review;
  GListStore *rows;
  GtkStringList *kinds; /* "" first: every kind */
  GtkDropDown *kind_dropdown;
  GtkSearchEntry *search;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkColumnView *view;
  GtkLabel *count_label;
  SlExplanationView *explanation;
  SlWhatIfView *what_if;
  GCancellable *loading;
  GCancellable *spreads_loading;
  GHashTable *series;      /* signal → its samples over the run (GArray of SlSample) */
  GHashTable *spreads;     /* signal → its σ over the run (double *) */
  GPtrArray *spread_names; /* the signals asked for, in the order asked */
  gint64 run_id;
  gboolean stale; /* the run changed while the panel was not shown */
};

G_DEFINE_FINAL_TYPE (SlEventsPanel, sl_events_panel, GTK_TYPE_WIDGET)

static const char *
kind_shown (SlEventsPanel *self)
{
  guint k = gtk_drop_down_get_selected (self->kind_dropdown);
  const char *kind
      = k == GTK_INVALID_LIST_POSITION ? "" : gtk_string_list_get_string (self->kinds, k);
  return kind != NULL ? kind : "";
}

static gboolean
row_shown (gpointer item, gpointer data)
{
  SlEventsPanel *self = data;
  SlEventRow *r = item;
  const char *kind = kind_shown (self);
  if (*kind != '\0' && g_strcmp0 (kind, r->event->kind) != 0)
    return FALSE;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  if (text == NULL || *text == '\0')
    return TRUE;
  g_autofree char *needle = g_utf8_casefold (text, -1);
  g_autofree char *hay = g_strdup_printf ("%s %s %s", r->event->kind,
                                          sl_explain_kind_label (r->event->kind), r->reason);
  g_autofree char *folded = g_utf8_casefold (hay, -1);
  return strstr (folded, needle) != NULL;
}

static void
refilter (SlEventsPanel *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_autofree char *count
      = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                      g_list_model_get_n_items (G_LIST_MODEL (self->filtered))),
                         g_list_model_get_n_items (G_LIST_MODEL (self->filtered)));
  gtk_label_set_text (self->count_label, count);
}

static void
on_selected (GtkSingleSelection *selection, GParamSpec *pspec, SlEventsPanel *self)
{
  SlEventRow *r = gtk_single_selection_get_selected_item (selection);
  sl_explanation_view_show_event (self->explanation, r != NULL ? r->event : NULL,
                                  r != NULL ? r->x : NULL, r != NULL ? r->error : NULL);
  if (r == NULL || self->review == NULL)
    return;
  sl_review_set_selection (self->review, r->event->start_frame, r->event->end_frame);
  sl_review_set_frame (self->review, r->event->start_frame);
}

static void
on_spreads (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRunSeries) series = sl_run_series_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  SlEventsPanel *self = data;
  g_clear_object (&self->spreads_loading);
  if (series == NULL)
    return; /* the margins stay in the signal's own units */
  for (guint i = 0; i < self->spread_names->len && i < series->series->len; i++)
    {
      GArray *samples = series->series->pdata[i];
      if (samples == NULL)
        continue;
      g_autofree double *v = g_new (double, MAX (samples->len, 1));
      for (guint k = 0; k < samples->len; k++)
        v[k] = g_array_index (samples, SlSample, k).value;
      double *sd = g_new (double, 1);
      *sd = sl_explain_spread (v, samples->len);
      g_hash_table_insert (self->spreads, g_strdup (self->spread_names->pdata[i]), sd);
      g_hash_table_insert (self->series, g_strdup (self->spread_names->pdata[i]),
                           g_array_ref (samples));
    }
  sl_explanation_view_set_series (self->explanation, self->series, self->spreads);
}

/* Every stored signal an input names, read once per run: the traces and
 * the margins in the person's own spread (σ). */
static void
load_spreads (SlEventsPanel *self, GPtrArray *items)
{
  g_ptr_array_set_size (self->spread_names, 0);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      SlEventRow *r = items->pdata[i];
      for (guint k = 0; r->x != NULL && k < r->x->inputs->len; k++)
        {
          const SlExplInput *in = &g_array_index (r->x->inputs, SlExplInput, k);
          /* Signals only: counts and durations of the event itself have no series. */
          if (strchr (in->signal, '.') != NULL && g_hash_table_add (seen, in->signal))
            g_ptr_array_add (self->spread_names, g_strdup (in->signal));
        }
    }
  if (self->spread_names->len == 0 || self->review == NULL
      || sl_review_get_store (self->review) == NULL)
    return;
  self->spreads_loading = g_cancellable_new ();
  sl_run_series_load_async (sl_store_get_path (sl_review_get_store (self->review)), self->run_id,
                            (const char *const *)self->spread_names->pdata, self->spread_names->len,
                            self->spreads_loading, on_spreads, self);
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRunSeries) series = sl_run_series_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  SlEventsPanel *self = data;
  g_clear_object (&self->loading);
  if (series == NULL)
    {
      sl_explanation_view_show_event (self->explanation, NULL, NULL, NULL);
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  g_autoptr (GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gsize n = 0;
  g_autofree SlEvent **events = (SlEvent **)g_ptr_array_steal (series->events, &n);
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (items, sl_event_row_new (events[i]));
  /* The kind shown stays shown when the run's events are read again. */
  g_autofree char *shown = g_strdup (kind_shown (self));
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  gtk_string_list_splice (self->kinds, 1, g_list_model_get_n_items (G_LIST_MODEL (self->kinds)) - 1,
                          NULL);
  for (guint i = 0; i < items->len; i++)
    {
      SlEventRow *r = items->pdata[i];
      if (g_hash_table_add (kinds, r->event->kind))
        gtk_string_list_append (self->kinds, r->event->kind);
    }
  if (*shown != '\0')
    sl_events_panel_select_kind (self, shown);
  refilter (self);
  load_spreads (self, items);
}

static void
load (SlEventsPanel *self)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->spreads_loading);
  g_clear_object (&self->spreads_loading);
  g_hash_table_remove_all (self->spreads);
  g_hash_table_remove_all (self->series);
  sl_explanation_view_set_series (self->explanation, self->series, self->spreads);
  g_list_store_remove_all (self->rows);
  gint64 run = self->review != NULL ? sl_review_get_run (self->review) : 0;
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  self->run_id = run;
  refilter (self);
  /* Read when shown: a hidden panel leaves the library and the CPU to the
   * rest (a live calibration records in real time). */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (run == 0 || store == NULL || self->stale)
    return;
  self->loading = g_cancellable_new ();
  sl_run_series_load_async (sl_store_get_path (store), run, NULL, 0, self->loading, on_loaded,
                            self);
}

static void
on_run (SlReview *review, GParamSpec *pspec, SlEventsPanel *self)
{
  if (sl_review_get_run (review) != self->run_id)
    load (self);
}

/* Events kept after the run (drift): read again. */
static void
on_events_changed (SlReview *review, gint64 run_id, SlEventsPanel *self)
{
  if (run_id == self->run_id)
    load (self);
}

void
sl_events_panel_set_review (SlEventsPanel *self, SlReview *review)
{
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  sl_explanation_view_set_review (self->explanation, review);
  sl_what_if_view_set_review (self->what_if, review);
  if (review != NULL)
    {
      g_signal_connect (review, "notify::run-id", G_CALLBACK (on_run), self);
      g_signal_connect (review, "events-changed", G_CALLBACK (on_events_changed), self);
    }
  load (self);
}

/* ---- Columns ---------------------------------------------------------------- */

static void
setup_label (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  GtkWidget *l = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (l), GPOINTER_TO_INT (data) == COL_REASON ? 0 : 1);
  if (GPOINTER_TO_INT (data) == COL_KIND)
    gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
  /* The reason reads over up to three lines; all of it on hover and
   * below the list for the selected event. */
  if (GPOINTER_TO_INT (data) == COL_REASON)
    {
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (l), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (l), 3);
      gtk_label_set_width_chars (GTK_LABEL (l), 12);
    }
  gtk_list_item_set_child (item, l);
}

static void
bind_label (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  SlEventRow *r = gtk_list_item_get_item (item);
  const SlEvent *e = r->event;
  g_autofree char *text = NULL;
  switch (GPOINTER_TO_INT (data))
    {
    case COL_KIND:
      text = g_strdup (sl_explain_kind_label (e->kind));
      break;
    case COL_START:
      text = sl_explain_format_clock (e->start_s);
      break;
    case COL_DURATION:
      text = g_strdup_printf (_ ("%.2f s"), e->end_s - e->start_s);
      break;
    case COL_SCORE:
      text = g_strdup_printf ("%.2f", e->score);
      break;
    case COL_REASON:
    default:
      text = g_strdup (r->reason);
      break;
    }
  GtkWidget *l = gtk_list_item_get_child (item);
  gtk_label_set_text (GTK_LABEL (l), text);
  if (GPOINTER_TO_INT (data) == COL_REASON)
    gtk_widget_set_tooltip_text (l, text);
}

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer data)
{
  const SlEvent *x = ((SlEventRow *)a)->event, *y = ((SlEventRow *)b)->event;
  double dx, dy;
  switch (GPOINTER_TO_INT (data))
    {
    case COL_KIND:
      return g_strcmp0 (x->kind, y->kind);
    case COL_DURATION:
      dx = x->end_s - x->start_s;
      dy = y->end_s - y->start_s;
      break;
    case COL_SCORE:
      dx = x->score;
      dy = y->score;
      break;
    case COL_START:
    default:
      dx = x->start_s;
      dy = y->start_s;
      break;
    }
  return dx < dy ? GTK_ORDERING_SMALLER : dx > dy ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
add_column (SlEventsPanel *self, int col, const char *title, gboolean expand)
{
  GtkListItemFactory *f = gtk_signal_list_item_factory_new ();
  g_signal_connect (f, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (col));
  g_signal_connect (f, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (col));
  GtkColumnViewColumn *c = gtk_column_view_column_new (title, f);
  gtk_column_view_column_set_expand (c, expand);
  gtk_column_view_column_set_resizable (c, TRUE);
  if (col != COL_REASON)
    {
      GtkSorter *sorter
          = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (col), NULL));
      gtk_column_view_column_set_sorter (c, sorter);
      g_object_unref (sorter);
    }
  gtk_column_view_append_column (self->view, c);
  g_object_unref (c);
}

/* ---- Stepping --------------------------------------------------------------- */

static GtkWidget *
list_view_of (GtkWidget *w)
{
  if (GTK_IS_LIST_VIEW (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = list_view_of (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
sl_events_panel_step (SlEventsPanel *self, int step)
{
  GListModel *shown = G_LIST_MODEL (self->selection);
  gint64 frame = self->review != NULL ? sl_review_get_frame (self->review) : 0;
  guint best = GTK_INVALID_LIST_POSITION;
  gint64 best_frame = 0;
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (SlEventRow) r = g_list_model_get_item (shown, i);
      gint64 f = r->event->start_frame;
      if (step > 0 ? f > frame && (best == GTK_INVALID_LIST_POSITION || f < best_frame)
                   : f < frame && (best == GTK_INVALID_LIST_POSITION || f > best_frame))
        {
          best = i;
          best_frame = f;
        }
    }
  if (best == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, best);
  /* GTK 4.8's column view cannot scroll to a row itself; its list can. */
  GtkWidget *list = list_view_of (GTK_WIDGET (self->view));
  if (list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", best);
  return TRUE;
}

static void
step_action (GtkWidget *widget, const char *action, GVariant *param)
{
  sl_events_panel_step (SL_EVENTS_PANEL (widget), g_str_equal (action, "events.next") ? 1 : -1);
}

/* ---- Test hooks ------------------------------------------------------------- */

guint
sl_events_panel_get_n_shown (SlEventsPanel *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

const SlEvent *
sl_events_panel_get_selected (SlEventsPanel *self)
{
  SlEventRow *r = gtk_single_selection_get_selected_item (self->selection);
  return r != NULL ? r->event : NULL;
}

gboolean
sl_events_panel_select_kind (SlEventsPanel *self, const char *kind)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->kinds)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->kinds, i), kind) == 0)
      {
        gtk_drop_down_set_selected (self->kind_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

SlExplanationView *
sl_events_panel_get_explanation (SlEventsPanel *self)
{
  return self->explanation;
}

SlWhatIfView *
sl_events_panel_get_what_if (SlEventsPanel *self)
{
  return self->what_if;
}

gboolean
sl_events_panel_is_loading (SlEventsPanel *self)
{
  return self->loading != NULL || self->spreads_loading != NULL
         || sl_explanation_view_is_loading (self->explanation);
}

void
sl_events_panel_show_score (SlEventsPanel *self, const SlExplanation *x)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  sl_explanation_view_show_score (self->explanation, x);
}

/* ---- Life ------------------------------------------------------------------- */

static void
sl_events_panel_map (GtkWidget *widget)
{
  SlEventsPanel *self = SL_EVENTS_PANEL (widget);
  GTK_WIDGET_CLASS (sl_events_panel_parent_class)->map (widget);
  if (self->stale)
    load (self);
}

static void
kind_item_setup (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  GtkWidget *l = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_list_item_set_child (item, l);
}

static void
kind_item_bind (GtkSignalListItemFactory *f, GtkListItem *item, gpointer data)
{
  const char *kind = gtk_string_object_get_string (gtk_list_item_get_item (item));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      *kind == '\0' ? _ ("All kinds") : sl_explain_kind_label (kind));
}

static void
sl_events_panel_dispose (GObject *object)
{
  SlEventsPanel *self = SL_EVENTS_PANEL (object);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->spreads_loading);
  g_clear_object (&self->spreads_loading);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->kinds);
  G_OBJECT_CLASS (sl_events_panel_parent_class)->dispose (object);
}

static void
sl_events_panel_finalize (GObject *object)
{
  SlEventsPanel *self = SL_EVENTS_PANEL (object);
  g_hash_table_unref (self->series);
  g_hash_table_unref (self->spreads);
  g_ptr_array_unref (self->spread_names);
  G_OBJECT_CLASS (sl_events_panel_parent_class)->finalize (object);
}

static void
sl_events_panel_class_init (SlEventsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_events_panel_dispose;
  object_class->finalize = sl_events_panel_finalize;
  widget_class->map = sl_events_panel_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "events-panel");
  gtk_widget_class_install_action (widget_class, "events.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "events.previous", NULL, step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "events.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "events.previous", NULL);
}

static void
sl_events_panel_init (SlEventsPanel *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (w)),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (w)), 6);
  gtk_widget_set_size_request (w, 420, -1);

  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search),
                               _ ("Search the events and their reasons"));
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (refilter), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  self->kinds = gtk_string_list_new ((const char *const[]){ "", NULL });
  GtkListItemFactory *kf = gtk_signal_list_item_factory_new ();
  g_signal_connect (kf, "setup", G_CALLBACK (kind_item_setup), NULL);
  g_signal_connect (kf, "bind", G_CALLBACK (kind_item_bind), NULL);
  self->kind_dropdown
      = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->kinds)), NULL));
  gtk_drop_down_set_factory (self->kind_dropdown, kf);
  g_object_unref (kf);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_dropdown),
                               _ ("Which kinds of event to show"));
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (refilter), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->kind_dropdown));
  gtk_widget_set_parent (bar, w);

  self->rows = g_list_store_new (SL_TYPE_EVENT_ROW);
  self->spreads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->series
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  self->spread_names = g_ptr_array_new_with_free_func (g_free);
  self->filter = gtk_custom_filter_new (row_shown, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  add_column (self, COL_KIND, _ ("Kind"), FALSE);
  add_column (self, COL_START, _ ("Start"), FALSE);
  add_column (self, COL_DURATION, _ ("Duration"), FALSE);
  add_column (self, COL_SCORE, _ ("Score"), FALSE);
  add_column (self, COL_REASON, _ ("Why"), TRUE);
  GtkSorter *sorter = gtk_column_view_get_sorter (self->view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (sorter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (on_selected), self);
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  /* The list above, the selected event's explanation below. */
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_paned_set_wide_handle (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_widget_set_size_request (scroll, -1, 80);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (top), scroll);
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->count_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->count_label));
  gtk_paned_set_start_child (GTK_PANED (paned), top);

  self->explanation = SL_EXPLANATION_VIEW (sl_explanation_view_new ());
  GtkWidget *escroll = gtk_scrolled_window_new ();
  gtk_widget_set_size_request (escroll, -1, 100);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (escroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  GtkWidget *below = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (below), GTK_WIDGET (self->explanation));
  self->what_if = SL_WHAT_IF_VIEW (sl_what_if_view_new ());
  g_signal_connect_swapped (self->explanation, "try-change", G_CALLBACK (sl_what_if_view_try),
                            self->what_if);
  gtk_box_append (GTK_BOX (below), GTK_WIDGET (self->what_if));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (escroll), below);
  gtk_paned_set_end_child (GTK_PANED (paned), escroll);
  gtk_paned_set_position (GTK_PANED (paned), 260);
  gtk_widget_set_parent (paned, w);
  refilter (self);
}

GtkWidget *
sl_events_panel_new (void)
{
  return g_object_new (SL_TYPE_EVENTS_PANEL, NULL);
}
