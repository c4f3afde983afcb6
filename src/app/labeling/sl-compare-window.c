/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "labels/sl-label-agree.h"
#include "labels/sl-label-score.h"
#include "sl-compare-window.h"

struct _SlCompareWindow
{
  AdwWindow parent_instance;
  SlReview *review;
  SlLabeling *labeling;
  GtkStringList *names;
  GtkDropDown *first, *second;
  GtkGrid *agreement, *scores;
  GtkListBox *disagreements;
  GtkLabel *summary, *scores_note;
  GtkCheckButton *over_library;
  GArray *spans; /* SlSpan per row of the disagreements */
};

G_DEFINE_FINAL_TYPE (SlCompareWindow, sl_compare_window, ADW_TYPE_WINDOW)

static char *
figure (double v, int decimals, const char *unit)
{
  if (isnan (v))
    return g_strdup ("–");
  return g_strdup_printf ("%.*f%s", decimals, v, unit != NULL ? unit : "");
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
cell (GtkGrid *grid, int column, int row, const char *text, gboolean heading)
{
  GtkWidget *l = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (l), column == 0 ? 0 : 1);
  if (heading)
    gtk_widget_add_css_class (l, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (l, "numeric");
  gtk_grid_attach (grid, l, column, row, 1, 1);
}

static const char *
chosen (GtkDropDown *d)
{
  GtkStringObject *o = gtk_drop_down_get_selected_item (d);
  return o != NULL ? gtk_string_object_get_string (o) : NULL;
}

static void
show_scores (SlCompareWindow *self, SlStore *store, SlSession *session, const char *who)
{
  clear_grid (self->scores);
  const char *heads[]
      = { N_ ("Kind"),   N_ ("Detections"), N_ ("Labels"),       N_ ("Matched"), N_ ("Precision"),
          N_ ("Recall"), N_ ("F1"),         N_ ("False / hour"), N_ ("Onset") };
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    cell (self->scores, c, 0, _ (heads[c]), TRUE);
  g_autoptr (GPtrArray) scores
      = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_label_score_free);
  g_autoptr (GError) error = NULL;
  gboolean library = gtk_check_button_get_active (self->over_library);
  guint n_sessions = 1;
  if (library ? !sl_label_score_library (store, who, NULL, FALSE, scores, &n_sessions, &error)
              : !sl_label_score_session (store, session->id, sl_review_get_run (self->review), who,
                                         NULL, FALSE, scores, &error))
    {
      gtk_label_set_text (self->scores_note, error->message);
      return;
    }
  g_autofree char *note = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Against %s’s labels drawn by hand or made blind, within the time they "
                   "covered in %u session: accepted and adjusted detections are the detector’s "
                   "own output and are left out. Onset: the detection’s start less the label’s, "
                   "on average.",
                   "Against %s’s labels drawn by hand or made blind, within the time they "
                   "covered in %u sessions: accepted and adjusted detections are the detector’s "
                   "own output and are left out. Onset: the detection’s start less the label’s, "
                   "on average.",
                   n_sessions),
      who, n_sessions);
  gtk_label_set_text (self->scores_note, note);
  for (guint i = 0; i < scores->len; i++)
    {
      const SlLabelScore *s = scores->pdata[i];
      int row = (int)i + 1;
      g_autofree char *n0 = g_strdup_printf ("%u", s->detections);
      g_autofree char *n1 = g_strdup_printf ("%u", s->labels);
      g_autofree char *n2 = g_strdup_printf ("%u", s->matched);
      g_autofree char *p = figure (sl_label_score_precision (s), 3, NULL);
      g_autofree char *r = figure (sl_label_score_recall (s), 3, NULL);
      g_autofree char *f = figure (sl_label_score_f1 (s), 3, NULL);
      g_autofree char *fa = figure (sl_label_score_false_alarms_per_hour (s), 1, NULL);
      g_autofree char *onset
          = figure (s->matched > 0 ? s->onset_error_sum / s->matched : NAN, 0, " ms");
      const char *texts[]
          = { s->kind != NULL ? s->kind : _ ("total"), n0, n1, n2, p, r, f, fa, onset };
      for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
        cell (self->scores, c, row, texts[c], s->kind == NULL);
    }
}

static void
update (SlCompareWindow *self)
{
  clear_grid (self->agreement);
  GtkListBoxRow *row;
  while ((row = gtk_list_box_get_row_at_index (self->disagreements, 0)) != NULL)
    gtk_list_box_remove (self->disagreements, GTK_WIDGET (row));
  g_array_set_size (self->spans, 0);
  SlStore *store = sl_review_get_store (self->review);
  SlSession *session = sl_review_get_session (self->review);
  const char *a = chosen (self->first), *b = chosen (self->second);
  if (store == NULL || session == NULL || a == NULL)
    return;
  show_scores (self, store, session, a);
  if (b == NULL || g_str_equal (a, b))
    {
      gtk_label_set_text (self->summary, _ ("Choose two annotators to compare."));
      return;
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) la = sl_store_list_labels (store, session->id, a, &error);
  g_autoptr (GPtrArray) lb
      = la != NULL ? sl_store_list_labels (store, session->id, b, &error) : NULL;
  if (lb == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  g_autoptr (SlAgreementReport) r = sl_label_agree (la, lb, session->frame_count);
  double fps = session->fps > 0 ? session->fps : 25;
  g_autofree char *summary = g_strdup_printf (
      _ ("%s and %s, over the %.1f s both covered: Cohen’s κ over time (intervals cut at every "
         "label’s edge, weighted by their length, as BORIS computes it) and event F1 (labels "
         "matched one to one by overlap)."),
      a, b, r->compared_frames / fps);
  gtk_label_set_text (self->summary, summary);
  const char *heads[]
      = { N_ ("Kind"), "κ", N_ ("Agree"), NULL, NULL, N_ ("Matched"), N_ ("Event F1") };
  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    cell (self->agreement, c, 0, c == 3 ? a : c == 4 ? b : c == 1 ? heads[c] : _ (heads[c]), TRUE);
  for (guint i = 0; i < r->kinds->len; i++)
    {
      const SlAgreement *x = r->kinds->pdata[i];
      g_autofree char *k = figure (x->kappa, 3, NULL);
      g_autofree char *o = figure (x->observed * 100, 1, " %");
      g_autofree char *na = g_strdup_printf ("%u", x->n_a);
      g_autofree char *nb = g_strdup_printf ("%u", x->n_b);
      g_autofree char *m = g_strdup_printf ("%u", x->matched);
      g_autofree char *f = figure (x->f1, 3, NULL);
      const char *texts[] = { x->kind != NULL ? x->kind : _ ("all kinds"), k, o, na, nb, m, f };
      for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
        cell (self->agreement, c, (int)i + 1, texts[c], x->kind == NULL);
    }
  for (guint i = 0; i < r->disagreements->len; i++)
    {
      const SlDisagreement *d = &g_array_index (r->disagreements, SlDisagreement, i);
      int tenths = (int)(d->frames.first / fps * 10 + 0.5);
      g_autofree char *text
          = g_strdup_printf (_ ("%d:%02d.%d  %s, only %s (frames %" PRId64 "–%" PRId64 ")"),
                             tenths / 600, (tenths / 10) % 60, tenths % 10, d->kind,
                             d->by_a ? a : b, d->frames.first, d->frames.last);
      GtkWidget *l = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_list_box_append (self->disagreements, l);
      g_array_append_val (self->spans, d->frames);
    }
  if (r->disagreements->len == 0)
    {
      GtkWidget *l = gtk_label_new (_ ("They disagree nowhere."));
      gtk_widget_add_css_class (l, "dim-label");
      gtk_list_box_append (self->disagreements, l);
    }
}

gboolean
sl_compare_window_go_to (SlCompareWindow *self, guint i)
{
  if (i >= self->spans->len)
    return FALSE;
  SlSpan s = g_array_index (self->spans, SlSpan, i);
  sl_review_set_frame (self->review, s.first);
  sl_review_set_selection (self->review, s.first, s.last);
  return TRUE;
}

static void
on_row (SlCompareWindow *self, GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);
  if (i >= 0)
    sl_compare_window_go_to (self, (guint)i);
}

void
sl_compare_window_set_over_library (SlCompareWindow *self, gboolean library)
{
  gtk_check_button_set_active (self->over_library, library);
}

char *
sl_compare_window_describe (SlCompareWindow *self)
{
  GString *out = g_string_new (gtk_label_get_text (self->summary));
  GtkGrid *grids[] = { self->agreement, self->scores };
  for (guint g = 0; g < G_N_ELEMENTS (grids); g++)
    {
      for (int row = 0;; row++)
        {
          if (gtk_grid_get_child_at (grids[g], 0, row) == NULL)
            break;
          g_string_append_c (out, '\n');
          for (int c = 0;; c++)
            {
              GtkWidget *w = gtk_grid_get_child_at (grids[g], c, row);
              if (w == NULL)
                break;
              g_string_append_printf (out, "%s%s", c ? " | " : "",
                                      gtk_label_get_text (GTK_LABEL (w)));
            }
        }
      g_string_append (out, "\n--");
    }
  g_string_append_printf (out, "\n%u disagreements", self->spans->len);
  return g_string_free (out, FALSE);
}

static GtkWidget *
section (const char *title, GtkWidget *body)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *t = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_widget_add_css_class (t, "title-4");
  gtk_box_append (GTK_BOX (box), t);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

static GtkGrid *
table (void)
{
  GtkGrid *g = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (g, 18);
  gtk_grid_set_row_spacing (g, 4);
  return g;
}

GtkWindow *
sl_compare_window_new (GtkWindow *parent, SlReview *review, SlLabeling *labeling)
{
  SlCompareWindow *self = g_object_new (SL_TYPE_COMPARE_WINDOW, "transient-for", parent, "title",
                                        _ ("Agreement and Detector Scores"), "default-width", 780,
                                        "default-height", 640, NULL);
  self->review = g_object_ref (review);
  self->labeling = g_object_ref (labeling);
  SlSession *session = sl_review_get_session (review);
  g_auto (GStrv) names
      = session != NULL ? sl_store_list_annotators (sl_review_get_store (review), session->id, NULL)
                        : NULL;
  self->names = gtk_string_list_new (NULL);
  const char *me = sl_labeling_get_annotator (labeling);
  guint mine = 0, other = 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gtk_string_list_append (self->names, names[i]);
      if (g_str_equal (names[i], me))
        mine = i;
    }
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  other = n > 1 ? (mine == 0 ? 1 : 0) : 0;

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
  GtkWidget *scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (content), scroll);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), box);

  GtkWidget *pick = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->first = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->names)), NULL));
  self->second
      = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->names)), NULL));
  gtk_drop_down_set_selected (self->first, mine);
  gtk_drop_down_set_selected (self->second, other);
  gtk_box_append (GTK_BOX (pick), gtk_label_new (_ ("Compare")));
  gtk_box_append (GTK_BOX (pick), GTK_WIDGET (self->first));
  gtk_box_append (GTK_BOX (pick), gtk_label_new (_ ("with")));
  gtk_box_append (GTK_BOX (pick), GTK_WIDGET (self->second));
  gtk_box_append (GTK_BOX (box), pick);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  self->agreement = table ();
  GtkWidget *agree = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (agree), GTK_WIDGET (self->summary));
  gtk_box_append (GTK_BOX (agree), GTK_WIDGET (self->agreement));
  gtk_box_append (GTK_BOX (box), section (_ ("Agreement"), agree));

  self->disagreements = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->disagreements), "boxed-list");
  gtk_list_box_set_activate_on_single_click (self->disagreements, TRUE);
  g_signal_connect_swapped (self->disagreements, "row-activated", G_CALLBACK (on_row), self);
  gtk_box_append (GTK_BOX (box), section (_ ("Where they disagree (click to go there)"),
                                          GTK_WIDGET (self->disagreements)));

  self->scores_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->scores_note, TRUE);
  gtk_label_set_xalign (self->scores_note, 0);
  self->scores = table ();
  self->over_library = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
      _ ("Over the _library: every analysed session they labelled")));
  GtkWidget *scores = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (scores), GTK_WIDGET (self->over_library));
  gtk_box_append (GTK_BOX (scores), GTK_WIDGET (self->scores_note));
  gtk_box_append (GTK_BOX (scores), GTK_WIDGET (self->scores));
  gtk_box_append (GTK_BOX (box), section (_ ("The detectors against the first annotator"), scores));

  adw_window_set_content (ADW_WINDOW (self), content);
  g_signal_connect_swapped (self->first, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->second, "notify::selected", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->over_library, "toggled", G_CALLBACK (update), self);
  if (n == 0)
    gtk_label_set_text (self->summary, _ ("Nobody has labelled this session yet."));
  update (self);
  return GTK_WINDOW (self);
}

static void
sl_compare_window_dispose (GObject *object)
{
  SlCompareWindow *self = SL_COMPARE_WINDOW (object);
  g_clear_object (&self->review);
  g_clear_object (&self->labeling);
  g_clear_object (&self->names);
  G_OBJECT_CLASS (sl_compare_window_parent_class)->dispose (object);
}

static void
sl_compare_window_finalize (GObject *object)
{
  g_array_unref (SL_COMPARE_WINDOW (object)->spans);
  G_OBJECT_CLASS (sl_compare_window_parent_class)->finalize (object);
}

static void
sl_compare_window_class_init (SlCompareWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_compare_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = sl_compare_window_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close",
                                       NULL);
}

static void
sl_compare_window_init (SlCompareWindow *self)
{
  self->spans = g_array_new (FALSE, FALSE, sizeof (SlSpan));
}
