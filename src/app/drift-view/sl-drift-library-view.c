/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "base/sl-text.h"
#include "drift/sl-drift-scan.h"
#include "processors/sl-explain-text.h"
#include "sl-drift-library-view.h"
#include "sl-drift-widgets.h"
#include "sl-style.h"

struct _SlDriftLibraryView
{
  AdwWindow parent_instance;
  SlStore *store;    /* the window's: the baselines are kept through it */
  SlDriftScan *scan; /* the one shown, or under way */
  GCancellable *cancellable;
  gboolean busy;
  GPtrArray *labels;          /* char *: each column's name, NULL-terminated */
  GtkDropDown *baseline_kind; /* the person's earlier sessions, or each session's first */
  GtkSpinButton *seconds;
  GtkWidget *seconds_unit;
  GtkSpinner *spinner;
  GtkProgressBar *progress;
  GtkLabel *summary, *picked;
  GtkDrawingArea *heatmap, *dates;
  GtkWidget *open_button;
  int row, column; /* the cell picked, or -1 */
};

G_DEFINE_FINAL_TYPE (SlDriftLibraryView, sl_drift_library_view, ADW_TYPE_WINDOW)

enum
{
  OPEN_SESSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
rows_of (SlDriftLibraryView *self)
{
  return self->scan != NULL && !self->busy ? sl_drift_scan_get_rows (self->scan) : NULL;
}

static SlDriftHeatmap
map_of (SlDriftLibraryView *self)
{
  return (SlDriftHeatmap){
    .rows = rows_of (self),
    .signals = self->scan != NULL ? sl_drift_scan_get_signals (self->scan) : NULL,
    .signal_labels = self->labels != NULL ? (const char *const *)self->labels->pdata : NULL,
    .selected_row = self->row,
    .selected_column = self->column,
  };
}

static const char *
column_name (SlDriftLibraryView *self, int column)
{
  return g_ptr_array_index (self->labels, column);
}

/* Why @signal of @row has no cell. */
static const char *
no_cell_reason (const SlDriftScanRow *row, const char *signal)
{
  if (row->report == NULL)
    return row->problem;
  for (guint j = 0; j < row->report->signals->len; j++)
    {
      const SlDriftSignal *d = row->report->signals->pdata[j];
      if (g_str_equal (d->signal, signal))
        return d->problem != NULL ? d->problem : _ ("too few independent samples to decide on");
    }
  return _ ("this session's run did not store it");
}

static void
show_picked (SlDriftLibraryView *self)
{
  GPtrArray *rows = rows_of (self);
  gboolean any = rows != NULL && self->row >= 0 && (guint)self->row < rows->len;
  gtk_widget_set_sensitive (self->open_button, any);
  gtk_widget_set_visible (GTK_WIDGET (self->dates), any);
  if (!any)
    {
      gtk_label_set_text (self->picked, "");
      return;
    }
  const SlDriftScanRow *row = rows->pdata[self->row];
  const SlSession *s = row->session;
  const char *signal = sl_drift_scan_get_signals (self->scan)[self->column];
  const SlDriftWindow *w = sl_drift_scan_row_cell (row, signal);
  g_autofree char *date = s->recorded_us > 0 ? sl_text_format_date (s->recorded_us) : NULL;
  g_autofree char *who
      = g_strdup_printf (_ ("Session %" PRId64 " (%s; %s, recorded %s)"), s->id, s->name,
                         s->person != NULL && *s->person != '\0' ? s->person : _ ("nobody named"),
                         date != NULL ? date : _ ("on an unknown date"));
  g_autofree char *what = NULL;
  if (w != NULL)
    what = g_strdup_printf (_ ("%s: %.2fσ from %s (mean %+.2fσ, KL %.3f), its threshold %.3g, "
                               "p %.2g: %s."),
                            column_name (self, self->column), w->m.wasserstein_sigma,
                            row->report->baseline, w->m.shift_sigma, w->m.kl, w->threshold, w->p,
                            w->over ? _ ("it differs") : _ ("no more than a session from itself"));
  else
    what = g_strdup_printf (_ ("%s: not compared: %s"), column_name (self, self->column),
                            no_cell_reason (row, signal));
  g_autofree char *kept
      = row->report != NULL ? sl_drift_report_describe_baseline (row->report) : NULL;
  g_autofree char *text = kept != NULL
                              ? g_strdup_printf (_ ("%s — %s\nMeasured against %s. Enter opens the "
                                                    "session."),
                                                 who, what, kept)
                              : g_strdup_printf ("%s — %s", who, what);
  gtk_label_set_text (self->picked, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->dates));
}

gboolean
sl_drift_library_view_pick (SlDriftLibraryView *self, int row, int column)
{
  GPtrArray *rows = rows_of (self);
  const char *const *cols = self->scan != NULL ? sl_drift_scan_get_signals (self->scan) : NULL;
  if (rows == NULL || row < 0 || (guint)row >= rows->len || column < 0 || cols == NULL
      || (guint)column >= g_strv_length ((char **)cols))
    return FALSE;
  self->row = row;
  self->column = column;
  gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
  show_picked (self);
  return TRUE;
}

static void
on_scanned (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (SlDriftLibraryView) self = data;
  g_autoptr (GError) error = NULL;
  if (!sl_drift_scan_run_finish (SL_DRIFT_SCAN (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* dropped: the window closed, or a newer scan took over */
  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  self->row = self->column = -1;
  if (error != NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      show_picked (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
      return;
    }
  GPtrArray *rows = sl_drift_scan_get_rows (self->scan);
  const char *const *cols = sl_drift_scan_get_signals (self->scan);
  guint compared = 0, differ = 0, first_row = 0, first_col = 0;
  gboolean found = FALSE;
  for (guint i = 0; i < rows->len; i++)
    for (guint j = 0; cols[j] != NULL; j++)
      {
        const SlDriftWindow *w = sl_drift_scan_row_cell (rows->pdata[i], cols[j]);
        compared += w != NULL;
        differ += w != NULL && w->over;
        if (w != NULL && w->over && !found)
          {
            found = TRUE;
            first_row = i;
            first_col = j;
          }
      }
  g_autoptr (GError) keep_error = NULL;
  gboolean kept = sl_drift_scan_keep_baselines (self->scan, self->store, &keep_error);
  g_autofree char *line = g_strdup_printf (
      _ ("%u analysed sessions by recording date; %u of %u signals compared differ from their "
         "baseline (a false-alarm rate of %g, Benjamini–Hochberg across signals)."),
      rows->len, differ, compared, sl_drift_scan_get_params (self->scan)->false_alarm);
  g_autofree char *full
      = kept ? g_strdup (line)
             : g_strdup_printf (_ ("%s The baselines are not kept in the library: %s"), line,
                                keep_error->message);
  gtk_label_set_text (self->summary, full);
  gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
  /* The first that differs, else the first cell. */
  if (!sl_drift_library_view_pick (self, (int)first_row, (int)first_col))
    show_picked (self);
}

static void
on_progress (SlDriftLibraryView *self)
{
  guint done = sl_drift_scan_get_done (self->scan), total = sl_drift_scan_get_total (self->scan);
  gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double)done / total : 0);
  g_autofree char *text = g_strdup_printf (_ ("%u of %u sessions"), done, total);
  gtk_progress_bar_set_text (self->progress, text);
}

static void
scan (SlDriftLibraryView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gboolean person = gtk_drop_down_get_selected (self->baseline_kind) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->seconds), !person);
  gtk_widget_set_visible (self->seconds_unit, !person);
  SlDriftBaseline baseline
      = { .first_s = gtk_spin_button_get_value (self->seconds), .person = person };
  SlDriftParams params = SL_DRIFT_PARAMS_DEFAULT;
  if (self->scan != NULL)
    g_signal_handlers_disconnect_by_data (self->scan, self);
  g_clear_object (&self->scan);
  self->scan = sl_drift_scan_new (sl_store_get_path (self->store), &baseline, NULL, &params);
  g_ptr_array_set_size (self->labels, 0);
  for (const char *const *s = sl_drift_scan_get_signals (self->scan); *s != NULL; s++)
    {
      g_ptr_array_add (self->labels, g_strdup (sl_drift_signal_name (*s)));
    }
  g_ptr_array_add (self->labels, NULL);
  g_signal_connect_swapped (self->scan, "notify::done", G_CALLBACK (on_progress), self);
  self->busy = TRUE;
  self->row = self->column = -1;
  gtk_spinner_start (self->spinner);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _ ("Listing the sessions…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_label_set_text (self->summary, _ ("Measuring every session against its baseline…"));
  show_picked (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->heatmap));
  sl_drift_scan_run_async (self->scan, self->cancellable, on_scanned, g_object_ref (self));
}

gboolean
sl_drift_library_view_is_busy (SlDriftLibraryView *self)
{
  return self->busy;
}

void
sl_drift_library_view_set_baseline_seconds (SlDriftLibraryView *self, double seconds)
{
  if (seconds > 0)
    gtk_spin_button_set_value (self->seconds, seconds);
  guint kind = seconds > 0 ? 1 : 0;
  if (gtk_drop_down_get_selected (self->baseline_kind) != kind)
    gtk_drop_down_set_selected (self->baseline_kind, kind); /* scans on its notify */
  else
    scan (self);
}

static void
draw_heatmap (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlDriftLibraryView *self = data;
  if (rows_of (self) == NULL)
    return;
  SlDriftHeatmap map = map_of (self);
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_drift_heatmap (cr, width, height, &map, &colors);
}

static void
draw_dates (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlDriftLibraryView *self = data;
  if (rows_of (self) == NULL || self->column < 0)
    return;
  SlDriftHeatmap map = map_of (self);
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_drift_over_dates (cr, width, height, &map, self->column, &colors);
}

static void
open_picked (SlDriftLibraryView *self)
{
  GPtrArray *rows = rows_of (self);
  if (rows != NULL && self->row >= 0 && (guint)self->row < rows->len)
    g_signal_emit (self, signals[OPEN_SESSION], 0,
                   ((SlDriftScanRow *)rows->pdata[self->row])->session->id);
}

static void
on_click (GtkGestureClick *gesture, int n_press, double x, double y, gpointer data)
{
  SlDriftLibraryView *self = data;
  SlDriftHeatmap map = map_of (self);
  int row, column;
  gtk_widget_grab_focus (GTK_WIDGET (self->heatmap));
  if (sl_chart_drift_heatmap_cell_at (&map, gtk_widget_get_width (GTK_WIDGET (self->heatmap)),
                                      gtk_widget_get_height (GTK_WIDGET (self->heatmap)), x, y,
                                      &row, &column)
      && sl_drift_library_view_pick (self, row, column) && n_press == 2)
    open_picked (self);
}

/* The arrow keys move the pick; Enter opens its session. */
static gboolean
on_key (GtkEventControllerKey *keys, guint keyval, guint code, GdkModifierType state, gpointer data)
{
  SlDriftLibraryView *self = data;
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      open_picked (self);
      return TRUE;
    }
  int dr = keyval == GDK_KEY_Up ? -1 : keyval == GDK_KEY_Down ? 1 : 0;
  int dc = keyval == GDK_KEY_Left ? -1 : keyval == GDK_KEY_Right ? 1 : 0;
  if (dr == 0 && dc == 0)
    return FALSE;
  sl_drift_library_view_pick (self, MAX (self->row, 0) + dr, MAX (self->column, 0) + dc);
  return TRUE;
}

void
sl_drift_library_view_get_map (SlDriftLibraryView *self, SlDriftHeatmap *map)
{
  *map = map_of (self);
}

char *
sl_drift_library_view_describe (SlDriftLibraryView *self)
{
  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->summary),
                          gtk_label_get_text (self->picked));
}

GtkWindow *
sl_drift_library_view_new (GtkWindow *parent, SlStore *store)
{
  SlDriftLibraryView *self = g_object_new (
      SL_TYPE_DRIFT_LIBRARY_VIEW, "transient-for", parent, "destroy-with-parent", TRUE, "title",
      _ ("Drift across the Library"), "default-width", 1000, "default-height", 700, NULL);
  self->store = store;

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  self->open_button = gtk_button_new_with_mnemonic (_ ("_Open Session"));
  gtk_widget_set_tooltip_text (self->open_button, _ ("Show the picked session (Enter)"));
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (open_picked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->open_button);
  gtk_box_append (GTK_BOX (content), header);

  GtkWidget *controls = sl_drift_controls_row ();
  const char *kinds[] = { _ ("the person’s earlier sessions"), _ ("each session’s first"), NULL };
  self->baseline_kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->baseline_kind),
                               _ ("What each session is measured against (a session’s person "
                                  "and date: the drift window, or sightline edit)"));
  self->seconds = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (10, 3600, 10));
  gtk_spin_button_set_value (self->seconds, 120);
  self->seconds_unit = gtk_label_new (_ ("s"));
  gtk_box_append (GTK_BOX (controls), gtk_label_new (_ ("Baseline:")));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->baseline_kind));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->seconds));
  gtk_box_append (GTK_BOX (controls), self->seconds_unit);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (content), controls);

  self->summary = sl_drift_wrapped_label ();
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary));
  self->heatmap = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->heatmap), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->heatmap), 600, 170);
  gtk_widget_set_focusable (GTK_WIDGET (self->heatmap), TRUE);
  gtk_drawing_area_set_draw_func (self->heatmap, draw_heatmap, self, NULL);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->heatmap), GTK_EVENT_CONTROLLER (click));
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->heatmap), keys);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->heatmap));
  self->picked = sl_drift_wrapped_label ();
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->picked));
  self->dates = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->dates), 600, 180);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->dates), 12);
  gtk_drawing_area_set_draw_func (self->dates, draw_dates, self, NULL);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->dates));
  adw_window_set_content (ADW_WINDOW (self), content);

  g_signal_connect_swapped (self->baseline_kind, "notify::selected", G_CALLBACK (scan), self);
  g_signal_connect_swapped (self->seconds, "value-changed", G_CALLBACK (scan), self);
  scan (self);
  return GTK_WINDOW (self);
}

static void
sl_drift_library_view_dispose (GObject *object)
{
  SlDriftLibraryView *self = SL_DRIFT_LIBRARY_VIEW (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->scan != NULL)
    g_signal_handlers_disconnect_by_data (self->scan, self);
  g_clear_object (&self->scan);
  G_OBJECT_CLASS (sl_drift_library_view_parent_class)->dispose (object);
}

static void
sl_drift_library_view_finalize (GObject *object)
{
  SlDriftLibraryView *self = SL_DRIFT_LIBRARY_VIEW (object);
  g_ptr_array_unref (self->labels);
  G_OBJECT_CLASS (sl_drift_library_view_parent_class)->finalize (object);
}

static void
sl_drift_library_view_class_init (SlDriftLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = sl_drift_library_view_dispose;
  object_class->finalize = sl_drift_library_view_finalize;
  signals[OPEN_SESSION]
      = g_signal_new ("open-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sl_drift_library_view_init (SlDriftLibraryView *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->row = self->column = -1;
}
