/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The explanation's smallest changes: a Try button each, a value just
 * past the margin, and for a composite result the change searched with
 * what-ifs in the background, one after another.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pipeline/sl-what-if.h"
#include "processors/sl-explain-text.h"
#include "processors/sl-processors.h"
#include "sl-explanation-view-private.h"

/* A value just past @change's, where the result flips: 1 % beyond it (an
 * integer parameter: the next integer). */
double
sl_explanation_change_past (const SlExplanation *x, const SlExplChange *change)
{
  gboolean up
      = g_strcmp0 (change->relation, "above") == 0 || g_strcmp0 (change->relation, "at_least") == 0;
  gboolean strict
      = g_strcmp0 (change->relation, "above") == 0 || g_strcmp0 (change->relation, "below") == 0;
  const char *dot = strchr (change->param, '.');
  g_autofree char *id = dot != NULL ? g_strndup (change->param, dot - change->param)
                                    : g_strdup (x->processor != NULL ? x->processor : "");
  const char *name = dot != NULL ? dot + 1 : change->param;
  const SlProcessorInfo *info = sl_processors_find (id);
  const SlParamSpec *spec = NULL;
  for (guint k = 0; info != NULL && k < info->n_params; k++)
    if (g_str_equal (info->params[k].name, name))
      spec = &info->params[k];
  double v;
  if (spec != NULL && spec->integer)
    v = strict ? (up ? floor (change->value) + 1 : ceil (change->value) - 1) : change->value;
  else
    v = change->value + (up ? 1 : -1) * MAX (fabs (change->value) * 0.01, 1e-3);
  return spec != NULL ? CLAMP (v, spec->min, spec->max) : v;
}

/* A composite result: several inputs or parts, or a state held over time:
 * the change that flips it is found by a search, not read off one margin. */
static gboolean
is_composite (const SlExplanation *x)
{
  return x->thresholds->len > 1 || x->parts->len > 0 || g_strcmp0 (x->processor, "fusion") == 0;
}

static void search_next (SlExplanationView *self);

static void
set_try (GtkWidget *b, const char *param, double value)
{
  /* TRANSLATORS: a button that tries a parameter's value in what-if */
  g_autofree char *label = g_strdup_printf (_ ("Try %s = %.4g"), param, value);
  gtk_button_set_label (GTK_BUTTON (b), label);
  double *v = g_new (double, 1);
  *v = value;
  g_object_set_data_full (G_OBJECT (b), "value", v, g_free);
}

static void
on_searched (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree SlWhatIfFlip *flip = sl_what_if_flip_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  SlExplanationView *self = data;
  guint i = self->searched++;
  const SlExplChange *c = &g_array_index (self->x->changes, SlExplChange, i);
  g_autofree char *param = sl_explain_change_param (self->x, c);
  g_autofree char *text = NULL;
  if (flip == NULL)
    text = g_strdup (error->message);
  else if (!flip->found)
    {
      /* TRANSLATORS: a search with what-ifs found nothing: parameter, from, to, how many */
      text = g_strdup_printf (_ ("Searched: no value of %s between %g and %g removes it (%u "
                                 "what-ifs)."),
                              param, flip->from, flip->kept, flip->tries);
      gtk_widget_set_sensitive (self->change_buttons->pdata[i], FALSE);
    }
  else
    {
      gboolean up
          = g_strcmp0 (c->relation, "above") == 0 || g_strcmp0 (c->relation, "at_least") == 0;
      SlExplChange found = { c->param, (char *)(up ? "at_least" : "at_most"), flip->value };
      g_autofree char *t = sl_explain_change_text (self->x, &found);
      /* TRANSLATORS: what a search with what-ifs found, the value that kept it, how many */
      text = g_strdup_printf (_ ("Searched: %s Still found at %.6g (%u what-ifs)."), t, flip->kept,
                              flip->tries);
      set_try (self->change_buttons->pdata[i], param, flip->value);
    }
  gtk_label_set_text (self->change_labels->pdata[i], text);
  sl_explanation_view_update_text (self);
  search_next (self);
}

/* Searches each change in turn, on a worker thread. */
static void
search_next (SlExplanationView *self)
{
  g_clear_object (&self->searching);
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  gint64 run = self->review != NULL ? sl_review_get_run (self->review) : 0;
  if (self->x == NULL || self->searched >= self->change_buttons->len || store == NULL || run == 0)
    return;
  const SlExplChange *c = &g_array_index (self->x->changes, SlExplChange, self->searched);
  g_autofree char *param = sl_explain_change_param (self->x, c);
  gtk_label_set_text (self->change_labels->pdata[self->searched],
                      _ ("Searching for the smallest change with what-ifs…"));
  self->searching = g_cancellable_new ();
  sl_what_if_flip_async (sl_store_get_path (store), run, self->event_id, param, c->relation,
                         c->value, self->searching, on_searched, self);
}

static void
on_try_clicked (GtkButton *button, SlExplanationView *self)
{
  const double *v = g_object_get_data (G_OBJECT (button), "value");
  sl_explanation_view_emit_try (self, g_object_get_data (G_OBJECT (button), "param"), *v);
}

/* A button per change a processor parameter could make (a score's aims
 * are not the processors'), and for a composite result the search for
 * the change that really flips it. */
void
sl_explanation_view_show_changes (SlExplanationView *self)
{
  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  self->searched = 0;
  g_ptr_array_set_size (self->change_buttons, 0);
  g_ptr_array_set_size (self->change_labels, 0);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_box))) != NULL)
    gtk_box_remove (self->changes_box, child);
  const SlExplanation *x = self->x;
  for (guint i = 0; x != NULL && self->is_event && i < x->changes->len; i++)
    {
      const SlExplChange *c = &g_array_index (x->changes, SlExplChange, i);
      g_autofree char *param = sl_explain_change_param (x, c);
      GtkWidget *b = gtk_button_new ();
      set_try (b, param, sl_explanation_change_past (x, c));
      gtk_widget_set_halign (b, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (b, _ ("See in What if… which events this value would change"));
      g_object_set_data_full (G_OBJECT (b), "param", g_steal_pointer (&param), g_free);
      g_signal_connect (b, "clicked", G_CALLBACK (on_try_clicked), self);
      gtk_box_append (self->changes_box, b);
      g_ptr_array_add (self->change_buttons, b);
      GtkLabel *found = sl_explanation_view_add_label (NULL, "caption");
      gtk_box_append (self->changes_box, GTK_WIDGET (found));
      g_ptr_array_add (self->change_labels, found);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->changes_box), self->change_buttons->len > 0);
  if (x != NULL && self->is_event && is_composite (x))
    search_next (self);
}
