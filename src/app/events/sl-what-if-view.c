/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "processors/sl-explain-text.h"
#include "processors/sl-processors.h"
#include "sl-what-if-view.h"

/* Rows listed at most: the counts say how many there are in all. */
#define MAX_ROWS 400

struct _SlWhatIfView
{
  GtkWidget parent_instance;

  SlReview *review;
  GPtrArray *params;      /* "eyes.closed_drop", the temporal parameters offered */
  GPtrArray *specs;       /* their SlParamSpec, borrowed */
  GtkStringList *choices; /* the dropdown's */
  GtkDropDown *param;
  GtkSpinButton *value;
  GtkButton *try_button;
  GtkButton *cancel_button;
  GtkButton *save_button;
  GtkSpinner *spinner;
  GtkLabel *status;
  GtkListBox *list;
  GtkWidget *list_scroll;
  GCancellable *running;
  gboolean saving;
  SlWhatIf *result;
  char *tried; /* the assignment of the result */
};

G_DEFINE_FINAL_TYPE (SlWhatIfView, sl_what_if_view, GTK_TYPE_WIDGET)

static void
set_busy (SlWhatIfView *self, gboolean busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->try_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            !busy && self->result != NULL && self->tried != NULL);
}

/* The selected parameter's range and the run's value of it. */
static void
on_param (SlWhatIfView *self)
{
  guint i = gtk_drop_down_get_selected (self->param);
  if (i == GTK_INVALID_LIST_POSITION || i >= self->specs->len)
    return;
  const SlParamSpec *spec = self->specs->pdata[i];
  double step = spec->integer ? 1 : pow (10, floor (log10 (MAX (spec->max - spec->min, 1e-6))) - 2);
  gtk_spin_button_set_range (self->value, spec->min, spec->max);
  gtk_spin_button_set_increments (self->value, step, step * 10);
  gtk_spin_button_set_digits (self->value, spec->integer ? 0 : (guint)CLAMP (-log10 (step), 0, 6));
  double v = spec->default_value;
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  gint64 run_id = self->review != NULL ? sl_review_get_run (self->review) : 0;
  g_autoptr (SlRun) run
      = store != NULL && run_id > 0 ? sl_store_get_run (store, run_id, NULL) : NULL;
  if (run != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (self->params->pdata[i], ".", 2);
      v = sl_run_get_param (run, parts[0], parts[1], v);
    }
  gtk_spin_button_set_value (self->value, v);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->param), _ (spec->meaning));
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, SlWhatIfView *self)
{
  const SlWhatIfRow *r = g_object_get_data (G_OBJECT (row), "change");
  if (r == NULL || self->review == NULL)
    return;
  const SlEvent *e = r->found != NULL ? r->found : r->stored;
  sl_review_set_selection (self->review, e->start_frame, e->end_frame);
  sl_review_set_frame (self->review, e->start_frame);
}

static GtkWidget *
row_of (const SlWhatIfRow *r)
{
  const SlEvent *e = r->found != NULL ? r->found : r->stored;
  const char *what = r->change == SL_WHAT_IF_ADDED     ? _ ("Added")
                     : r->change == SL_WHAT_IF_REMOVED ? _ ("Removed")
                                                       : _ ("Changed");
  g_autofree char *at = sl_explain_format_clock (e->start_s);
  g_autofree char *text = NULL;
  if (r->change == SL_WHAT_IF_CHANGED)
    /* TRANSLATORS: a what-if row: change, kind, start, old and new duration */
    text = g_strdup_printf (
        _ ("%s · %s at %s · %.2f s → %.2f s"), what, sl_explain_kind_label (e->kind), at,
        r->stored->end_s - r->stored->start_s, r->found->end_s - r->found->start_s);
  else
    /* TRANSLATORS: a what-if row: change, kind, start and duration */
    text = g_strdup_printf (_ ("%s · %s at %s · %.2f s"), what, sl_explain_kind_label (e->kind), at,
                            e->end_s - e->start_s);
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (r->change == SL_WHAT_IF_REMOVED)
    gtk_widget_add_css_class (label, "error");
  else if (r->change == SL_WHAT_IF_ADDED)
    gtk_widget_add_css_class (label, "success");
  GtkWidget *row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "change", (gpointer)r);
  return row;
}

static void
show_result (SlWhatIfView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  const SlWhatIf *w = self->result;
  guint listed = 0;
  for (guint i = 0; w != NULL && i < w->rows->len && listed < MAX_ROWS; i++)
    {
      const SlWhatIfRow *r = &g_array_index (w->rows, SlWhatIfRow, i);
      if (r->change == SL_WHAT_IF_SAME)
        continue;
      gtk_list_box_append (self->list, row_of (r));
      listed++;
    }
  gtk_widget_set_visible (self->list_scroll, listed > 0);
  if (w == NULL)
    return;
  /* TRANSLATORS: what a what-if found against the stored run */
  g_autofree char *text = g_strdup_printf (
      _ ("%s: %u added, %u removed, %u changed, %u the same (%.2f s)"), self->tried, w->added,
      w->removed, w->changed, w->same, w->elapsed_us / 1e6);
  gtk_label_set_text (self->status, text);
}

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlWhatIf) w = sl_what_if_run_finish (res, &error);
  SlWhatIfView *self = data;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled by the person (the view is alive) or by its disposal. */
      if (self->running != NULL && g_cancellable_is_cancelled (self->running))
        {
          g_clear_object (&self->running);
          gtk_label_set_text (self->status, _ ("Cancelled."));
          set_busy (self, FALSE);
        }
      return;
    }
  g_clear_object (&self->running);
  gboolean saved = self->saving;
  self->saving = FALSE;
  if (w == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      set_busy (self, FALSE);
      return;
    }
  gint64 saved_run = w->saved_run_id;
  g_clear_pointer (&self->result, sl_what_if_free);
  self->result = g_steal_pointer (&w);
  show_result (self);
  set_busy (self, FALSE);
  if (saved && saved_run > 0 && self->review != NULL)
    {
      g_autofree char *text
          = g_strdup_printf (_ ("Saved as run %" PRId64 ", now shown."), saved_run);
      gtk_label_set_text (self->status, text);
      sl_review_set_run (self->review, saved_run);
    }
}

static void
start (SlWhatIfView *self, gboolean save)
{
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  gint64 run = self->review != NULL ? sl_review_get_run (self->review) : 0;
  if (store == NULL || run == 0 || self->running != NULL)
    return;
  guint i = gtk_drop_down_get_selected (self->param);
  if (i == GTK_INVALID_LIST_POSITION || i >= self->params->len)
    return;
  if (!save)
    {
      g_free (self->tried);
      self->tried = g_strdup_printf ("%s=%.6g", (const char *)self->params->pdata[i],
                                     gtk_spin_button_get_value (self->value));
    }
  if (self->tried == NULL)
    return;
  const char *const set[] = { self->tried, NULL };
  self->running = g_cancellable_new ();
  self->saving = save;
  gtk_label_set_text (self->status, save ? _ ("Saving as a new run…") : _ ("Trying…"));
  set_busy (self, TRUE);
  sl_what_if_run_async (sl_store_get_path (store), run, set, save, self->running, on_done, self);
}

static void
on_try (SlWhatIfView *self)
{
  start (self, FALSE);
}

void
sl_what_if_view_save (SlWhatIfView *self)
{
  start (self, TRUE);
}

static gboolean
on_value_key (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
              SlWhatIfView *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  gtk_spin_button_update (self->value);
  start (self, FALSE);
  return TRUE;
}

static void
on_cancel (SlWhatIfView *self)
{
  g_cancellable_cancel (self->running);
}

static void
on_run (SlReview *review, GParamSpec *pspec, SlWhatIfView *self)
{
  /* Another run: what was tried was against the one before. */
  if (self->running != NULL && !self->saving)
    g_cancellable_cancel (self->running);
  if (self->saving)
    return;
  g_clear_pointer (&self->result, sl_what_if_free);
  g_clear_pointer (&self->tried, g_free);
  show_result (self);
  gtk_label_set_text (self->status, "");
  set_busy (self, self->running != NULL && !g_cancellable_is_cancelled (self->running));
  on_param (self);
}

void
sl_what_if_view_set_review (SlWhatIfView *self, SlReview *review)
{
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  if (review != NULL)
    g_signal_connect (review, "notify::run-id", G_CALLBACK (on_run), self);
  on_run (review, NULL, self);
}

gboolean
sl_what_if_view_try (SlWhatIfView *self, const char *param, double value)
{
  for (guint i = 0; i < self->params->len; i++)
    if (g_str_equal (self->params->pdata[i], param))
      {
        gtk_drop_down_set_selected (self->param, i);
        gtk_spin_button_set_value (self->value, value);
        start (self, FALSE);
        return TRUE;
      }
  return FALSE;
}

const SlWhatIf *
sl_what_if_view_get_result (SlWhatIfView *self)
{
  return self->result;
}

gboolean
sl_what_if_view_is_busy (SlWhatIfView *self)
{
  return self->running != NULL;
}

const char *
sl_what_if_view_get_status (SlWhatIfView *self)
{
  return gtk_label_get_text (self->status);
}

GtkWidget *
sl_what_if_view_find_row (SlWhatIfView *self, gint64 stored_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const SlWhatIfRow *r = g_object_get_data (G_OBJECT (row), "change");
      if (r != NULL && r->stored != NULL && r->stored->id == stored_id)
        return row;
    }
  return NULL;
}

static void
sl_what_if_view_dispose (GObject *object)
{
  SlWhatIfView *self = SL_WHAT_IF_VIEW (object);
  g_cancellable_cancel (self->running);
  g_clear_object (&self->running);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_what_if_view_parent_class)->dispose (object);
}

static void
sl_what_if_view_finalize (GObject *object)
{
  SlWhatIfView *self = SL_WHAT_IF_VIEW (object);
  sl_what_if_free (self->result);
  g_free (self->tried);
  g_ptr_array_unref (self->params);
  g_ptr_array_unref (self->specs);
  G_OBJECT_CLASS (sl_what_if_view_parent_class)->finalize (object);
}

static void
sl_what_if_view_class_init (SlWhatIfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_what_if_view_dispose;
  object_class->finalize = sl_what_if_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "what-if-view");
}

static void
sl_what_if_view_init (SlWhatIfView *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (w)),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (w)), 6);
  gtk_widget_set_margin_start (w, 6);
  gtk_widget_set_margin_end (w, 6);
  gtk_widget_set_margin_bottom (w, 6);

  GtkWidget *title = gtk_label_new (_ ("What if…"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_parent (title, w);

  /* Every temporal processor's parameters: what can be tried without the video. */
  self->params = g_ptr_array_new_with_free_func (g_free);
  self->specs = g_ptr_array_new ();
  self->choices = gtk_string_list_new (NULL);
  for (const SlProcessorInfo *const *p = sl_processors_all (); *p != NULL; p++)
    if ((*p)->stage == SL_STAGE_TEMPORAL)
      for (guint k = 0; k < (*p)->n_params; k++)
        {
          char *name = g_strdup_printf ("%s.%s", (*p)->id, (*p)->params[k].name);
          g_ptr_array_add (self->params, name);
          g_ptr_array_add (self->specs, (gpointer) & (*p)->params[k]);
          gtk_string_list_append (self->choices, name);
        }
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->param = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->choices), NULL));
  gtk_drop_down_set_enable_search (self->param, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->param), TRUE);
  g_signal_connect_swapped (self->param, "notify::selected", G_CALLBACK (on_param), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->param));
  self->value = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 1, 0.01));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value), _ ("The value to try"));
  /* GTK 4.8's spin button has no "activate": Enter, seen before it. */
  GtkEventController *keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_value_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->value), keys);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->value));
  gtk_widget_set_parent (bar, w);

  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->try_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Try")));
  gtk_widget_add_css_class (GTK_WIDGET (self->try_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->try_button),
                               _ ("Find the events this value would give, from the stored "
                                  "results (Enter in the value)"));
  g_signal_connect_swapped (self->try_button, "clicked", G_CALLBACK (on_try), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->try_button));
  self->cancel_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Cancel")));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->cancel_button));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->spinner));
  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Save as Run")));
  gtk_widget_set_hexpand (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->save_button), GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                               _ ("Keep what was tried as a new run of the session, with its "
                                  "provenance; the stored run stays as it is"));
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (sl_what_if_view_save), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->save_button));
  gtk_widget_set_parent (buttons, w);

  GtkWidget *note = gtk_label_new (_ ("Only the temporal processors' parameters can be tried "
                                      "here: the face stage and the frame processors need the "
                                      "video again (Analyze)."));
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "caption");
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_set_parent (note, w);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_selectable (self->status, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->status), w);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  self->list_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->list_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->list_scroll), 300);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->list_scroll), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->list_scroll), GTK_WIDGET (self->list));
  gtk_widget_set_visible (self->list_scroll, FALSE);
  gtk_widget_set_parent (self->list_scroll, w);
  set_busy (self, FALSE);
  on_param (self);
}

GtkWidget *
sl_what_if_view_new (void)
{
  return g_object_new (SL_TYPE_WHAT_IF_VIEW, NULL);
}
