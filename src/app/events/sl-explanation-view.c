/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "base/sl-text.h"
#include "draw/sl-chart-explanation.h"
#include "processors/sl-explain-text.h"
#include "sl-explanation-view-private.h"
#include "sl-style.h"

G_DEFINE_FINAL_TYPE (SlExplanationView, sl_explanation_view, GTK_TYPE_WIDGET)

enum
{
  TRY_CHANGE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
sl_explanation_view_emit_try (SlExplanationView *self, const char *param, double value)
{
  g_signal_emit (self, signals[TRY_CHANGE], 0, param, value);
}

double
sl_explanation_view_fps_of (SlExplanationView *self)
{
  SlSession *s = self->review != NULL ? sl_review_get_session (self->review) : NULL;
  return s != NULL && s->fps > 0 ? s->fps : 25;
}

static double
spread_of (SlExplanationView *self, const char *signal)
{
  double *sd = self->spreads != NULL ? g_hash_table_lookup (self->spreads, signal) : NULL;
  return sd != NULL ? *sd : NAN;
}

static GArray *
series_of (SlExplanationView *self, const char *signal)
{
  return signal != NULL && self->series != NULL ? g_hash_table_lookup (self->series, signal) : NULL;
}

/* ---- In words --------------------------------------------------------------- */

static double
spread_for (const char *signal, gpointer data)
{
  return spread_of (data, signal);
}

static char *
describe (SlExplanationView *self)
{
  if (self->x == NULL)
    return g_strdup (self->error != NULL ? self->error
                                         : _ ("Select an event to see why it was found."));
  return sl_explain_details (self->x, spread_for, self);
}

/* The sentence, the details and the quality, as one text (tests, copying). */
void
sl_explanation_view_update_text (SlExplanationView *self)
{
  g_autofree char *details = describe (self);
  gtk_label_set_text (self->details, details);
  g_clear_pointer (&self->text, g_free);
  const char *sentence = gtk_label_get_text (self->sentence);
  const char *quality = gtk_label_get_text (self->quality);
  g_autoptr (GString) found = g_string_new (NULL);
  for (guint i = 0; self->change_labels != NULL && i < self->change_labels->len; i++)
    {
      const char *t = gtk_label_get_text (self->change_labels->pdata[i]);
      if (*t != '\0')
        g_string_append_printf (found, "%s\n", t);
    }
  self->text = g_strdup_printf ("%s%s%s\n%s%s%s%s", sentence, *sentence ? "\n" : "",
                                self->distrust != NULL ? gtk_label_get_text (self->trust) : "",
                                details, found->str, *quality ? "\n" : "", quality);
}

/* ---- The trace -------------------------------------------------------------- */

static gboolean
traceable_stat (const char *stat)
{
  const char *const ok[] = { "min", "max", "peak", "mean", "peak_from_neutral", "value", NULL };
  return stat != NULL && g_strv_contains (ok, stat);
}

/* The input drawn: the first held against a limit whose signal is
 * stored, else the first stored; its limits (a limit from a neutral
 * position both ways) and the baseline beside it. */
static void
choose_trace (SlExplanationView *self)
{
  self->trace_signal = NULL;
  self->trace_unit = NULL;
  self->limits[0] = self->limits[1] = NAN;
  self->baseline_signal = NULL;
  self->baseline_value = NAN;
  const SlExplanation *x = self->x;
  if (x == NULL || !self->is_event)
    return;
  const SlExplInput *chosen = NULL;
  for (int pass = 0; pass < 2 && chosen == NULL; pass++)
    for (guint i = 0; i < x->inputs->len && chosen == NULL; i++)
      {
        const SlExplInput *in = &g_array_index (x->inputs, SlExplInput, i);
        if (series_of (self, in->signal) == NULL || g_strcmp0 (in->stat, "neutral") == 0)
          continue;
        if (pass == 1 || (traceable_stat (in->stat) && isfinite (in->limit)))
          chosen = in;
      }
  if (chosen == NULL)
    return;
  self->trace_signal = chosen->signal;
  self->trace_unit = chosen->unit;
  gboolean from_neutral = g_strcmp0 (chosen->stat, "peak_from_neutral") == 0;
  for (guint i = 0; i < x->inputs->len; i++)
    {
      const SlExplInput *in = &g_array_index (x->inputs, SlExplInput, i);
      if (from_neutral && g_strcmp0 (in->signal, chosen->signal) == 0
          && g_strcmp0 (in->stat, "neutral") == 0)
        self->baseline_value = in->value;
      else if (!from_neutral && in != chosen && g_strcmp0 (in->stat, "value") == 0
               && g_strcmp0 (in->unit, chosen->unit) == 0 && series_of (self, in->signal) != NULL)
        self->baseline_signal = in->signal;
    }
  if (!isfinite (chosen->limit) || !traceable_stat (chosen->stat))
    return;
  if (from_neutral && isfinite (self->baseline_value))
    {
      self->limits[0] = self->baseline_value - chosen->limit;
      self->limits[1] = self->baseline_value + chosen->limit;
    }
  else if (!from_neutral)
    self->limits[0] = chosen->limit;
}

static void
draw_trace (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlExplanationView *self = data;
  if (self->trace_signal == NULL)
    return;
  double margin = CLAMP ((self->end_s - self->start_s) * 0.5, 1.0, 10.0);
  double marks[MAX_EVIDENCE];
  double fps = sl_explanation_view_fps_of (self);
  for (guint i = 0; i < self->n_frames; i++)
    marks[i] = self->frames[i] / fps;
  SlTraceChart chart = {
    .label = sl_explain_signal_label (self->trace_signal),
    .unit = sl_explain_unit_label (self->trace_unit),
    .samples = series_of (self, self->trace_signal),
    .fps = fps,
    .from_s = MAX (self->start_s - margin, 0),
    .to_s = self->end_s + margin,
    .start_s = self->start_s,
    .end_s = self->end_s,
    .limits = { self->limits[0], self->limits[1] },
    .limit_label = _ ("threshold"),
    .baseline = series_of (self, self->baseline_signal),
    .baseline_value = self->baseline_value,
    .baseline_label = self->baseline_signal != NULL
                          ? sl_explain_signal_label (self->baseline_signal)
                          : _ ("neutral"),
    .event_label = sl_explain_kind_label (self->x->kind),
    .marks = marks,
    .n_marks = self->n_frames,
  };
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_trace (cr, width, height, &chart, &colors);
}

/* ---- The waterfall ------------------------------------------------------------ */

static void
draw_waterfall (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlExplanationView *self = data;
  if (self->x == NULL || self->x->parts->len == 0)
    return;
  const SlExplanation *x = self->x;
  g_autofree SlWaterfallPart *parts = g_new (SlWaterfallPart, x->parts->len);
  for (guint i = 0; i < x->parts->len; i++)
    {
      const SlExplPart *p = &g_array_index (x->parts, SlExplPart, i);
      parts[i] = (SlWaterfallPart){ sl_explain_signal_label (p->name), p->part };
    }
  SlPlotColors colors;
  sl_app_signal_chart_colors (GTK_WIDGET (area), &colors);
  sl_chart_waterfall (cr, width, height, parts, x->parts->len, sl_explain_kind_label (x->kind),
                      sl_explain_unit_label (x->value_unit), &colors);
}

/* ---- Provenance ------------------------------------------------------------------ */

/* The run, the code, the processor with its parameters and the models. */
static void
show_provenance (SlExplanationView *self)
{
  g_autoptr (GString) s = g_string_new (NULL);
  const SlExplanation *x = self->x;
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  gint64 run_id = self->review != NULL ? sl_review_get_run (self->review) : 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlRun) run
      = store != NULL && run_id > 0 ? sl_store_get_run (store, run_id, &error) : NULL;
  self->focal_scale = run != NULL ? sl_run_get_param (run, "head_pose", "focal_scale", 1.0) : 1.0;
  if (run != NULL)
    {
      g_string_append_printf (s, _ ("Run %" PRId64 ", preset %s, frame step %d, %s\n"), run->id,
                              run->preset, run->step, sl_run_state_to_string (run->state));
      g_autofree char *started = sl_text_format_time (run->started_at);
      g_string_append_printf (s, _ ("Sightline %s, started %s\n"), run->code_version, started);
    }
  else if (error != NULL)
    g_string_append_printf (s, "%s\n", error->message);
  if (x != NULL && x->processor != NULL)
    {
      g_string_append_printf (s, _ ("Processor %s %s:"), x->processor, x->processor_version);
      for (guint i = 0; i < x->params->len; i++)
        {
          const SlExplParam *p = &g_array_index (x->params, SlExplParam, i);
          g_string_append_printf (s, " %s=%g", p->name, p->value);
        }
      g_string_append_c (s, '\n');
    }
  /* The models, as the run recorded them. */
  g_autoptr (JsonNode) root
      = run != NULL && run->processors != NULL ? json_from_string (run->processors, NULL) : NULL;
  JsonArray *procs
      = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  for (guint i = 0; procs != NULL && i < json_array_get_length (procs); i++)
    {
      JsonNode *n = json_array_get_element (procs, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonNode *pn = o != NULL ? json_object_get_member (o, "params") : NULL;
      JsonObject *params
          = pn != NULL && JSON_NODE_HOLDS_OBJECT (pn) ? json_node_get_object (pn) : NULL;
      const char *model = params != NULL
                              ? json_object_get_string_member_with_default (params, "model", NULL)
                              : NULL;
      const char *sha
          = params != NULL
                ? json_object_get_string_member_with_default (params, "model_sha256", NULL)
                : NULL;
      if (model != NULL)
        g_string_append_printf (s, _ ("Model of %s: %s, SHA-256 %.16s…\n"),
                                json_object_get_string_member_with_default (o, "id", "?"), model,
                                sha != NULL ? sha : "?");
    }
  if (s->len > 0 && s->str[s->len - 1] == '\n')
    g_string_truncate (s, s->len - 1);
  gtk_label_set_text (self->provenance_label, s->str);
  gtk_widget_set_visible (GTK_WIDGET (self->provenance), s->len > 0);
}

/* ---- Showing ---------------------------------------------------------------------- */

static SlExplanation *
copy_explanation (const SlExplanation *x)
{
  if (x == NULL)
    return NULL;
  g_autoptr (JsonNode) node = sl_explanation_to_node (x);
  return sl_explanation_from_node (node, NULL);
}

static void
show (SlExplanationView *self, const SlExplanation *x, const char *error, gboolean is_event,
      double start_s, double end_s)
{
  g_clear_pointer (&self->x, sl_explanation_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->distrust, g_free);
  self->x = copy_explanation (x);
  self->error = g_strdup (error);
  self->is_event = is_event;
  self->start_s = start_s;
  self->end_s = end_s;
  g_autofree char *sentence
      = self->x != NULL ? sl_explain_sentence (self->x, start_s, end_s - start_s) : g_strdup ("");
  gtk_label_set_text (self->sentence, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->sentence), *sentence != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), FALSE);
  sl_explanation_view_layers_for (self, self->x != NULL ? self->x->kind : "");
  show_provenance (self);
  choose_trace (self);
  gtk_widget_set_visible (GTK_WIDGET (self->trace), self->trace_signal != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->trace));
  guint parts = self->x != NULL ? self->x->parts->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->waterfall), parts > 0);
  gtk_drawing_area_set_content_height (self->waterfall, 34 + 26 * (int)(parts + 1));
  gtk_widget_queue_draw (GTK_WIDGET (self->waterfall));
  sl_explanation_view_show_evidence (self);
  sl_explanation_view_show_changes (self);
  sl_explanation_view_update_text (self);
}

void
sl_explanation_view_show_event (SlExplanationView *self, const SlEvent *event,
                                const SlExplanation *x, const char *error)
{
  g_return_if_fail (SL_IS_EXPLANATION_VIEW (self));
  if (event == NULL)
    show (self, NULL, NULL, FALSE, 0, 0);
  else
    {
      self->event_id = event->id;
      show (self, x, error, TRUE, event->start_s, event->end_s);
    }
}

void
sl_explanation_view_show_score (SlExplanationView *self, const SlExplanation *x)
{
  g_return_if_fail (SL_IS_EXPLANATION_VIEW (self));
  show (self, x, NULL, FALSE, 0, 0);
}

void
sl_explanation_view_set_series (SlExplanationView *self, GHashTable *series, GHashTable *spreads)
{
  if (series != self->series)
    {
      g_clear_pointer (&self->series, g_hash_table_unref);
      self->series = series != NULL ? g_hash_table_ref (series) : NULL;
    }
  if (spreads != self->spreads)
    {
      g_clear_pointer (&self->spreads, g_hash_table_unref);
      self->spreads = spreads != NULL ? g_hash_table_ref (spreads) : NULL;
    }
  choose_trace (self);
  gtk_widget_set_visible (GTK_WIDGET (self->trace), self->trace_signal != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->trace));
  sl_explanation_view_update_text (self);
}

void
sl_explanation_view_set_review (SlExplanationView *self, SlReview *review)
{
  g_set_object (&self->review, review);
}

/* ---- Test hooks --------------------------------------------------------------------- */

const char *
sl_explanation_view_get_text (SlExplanationView *self)
{
  return self->text;
}

gboolean
sl_explanation_view_is_loading (SlExplanationView *self)
{
  return self->loading != NULL;
}

GtkWidget *
sl_explanation_view_get_change_button (SlExplanationView *self, guint i)
{
  return i < self->change_buttons->len ? self->change_buttons->pdata[i] : NULL;
}

gboolean
sl_explanation_view_is_searching (SlExplanationView *self)
{
  return self->searching != NULL;
}

GtkWidget *
sl_explanation_view_get_evidence_button (SlExplanationView *self, guint i)
{
  GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_box));
  while (b != NULL && i-- > 0)
    b = gtk_widget_get_next_sibling (b);
  return b;
}

const char *
sl_explanation_view_get_trace_signal (SlExplanationView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->trace)) ? self->trace_signal : NULL;
}

const char *
sl_explanation_view_get_distrust (SlExplanationView *self)
{
  return self->distrust;
}

guint
sl_explanation_view_get_n_pictures (SlExplanationView *self)
{
  guint n = 0;
  for (guint i = 0; self->evidence != NULL && i < self->evidence->frames->len; i++)
    n += g_array_index (self->evidence->frames, SlEvidenceFrame, i).image.pixels != NULL;
  return n;
}

/* ---- Life ----------------------------------------------------------------------------- */

static void
sl_explanation_view_dispose (GObject *object)
{
  SlExplanationView *self = SL_EXPLANATION_VIEW (object);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  g_clear_object (&self->review);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_explanation_view_parent_class)->dispose (object);
}

static void
sl_explanation_view_finalize (GObject *object)
{
  SlExplanationView *self = SL_EXPLANATION_VIEW (object);
  sl_explanation_free (self->x);
  sl_evidence_free (self->evidence);
  g_clear_pointer (&self->series, g_hash_table_unref);
  g_clear_pointer (&self->spreads, g_hash_table_unref);
  g_free (self->error);
  g_free (self->text);
  g_free (self->distrust);
  g_ptr_array_unref (self->change_buttons);
  g_ptr_array_unref (self->change_labels);
  G_OBJECT_CLASS (sl_explanation_view_parent_class)->finalize (object);
}

static void
sl_explanation_view_class_init (SlExplanationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = sl_explanation_view_dispose;
  object_class->finalize = sl_explanation_view_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "explanation-view");
  /* A smallest change's button: the parameter ("eyes.closed_drop") and a
   * value just past it. */
  signals[TRY_CHANGE]
      = g_signal_new ("try-change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);
}

GtkLabel *
sl_explanation_view_add_label (GtkWidget *parent, const char *css)
{
  GtkLabel *l = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (l, 0);
  gtk_label_set_wrap (l, TRUE);
  gtk_label_set_wrap_mode (l, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (l, TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (l), css);
  if (parent != NULL)
    gtk_widget_set_parent (GTK_WIDGET (l), parent);
  return l;
}

static void
sl_explanation_view_init (SlExplanationView *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (w)),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (w)), 8);
  gtk_widget_set_margin_start (w, 6);
  gtk_widget_set_margin_end (w, 6);
  gtk_widget_set_margin_bottom (w, 6);

  self->change_buttons = g_ptr_array_new ();
  self->change_labels = g_ptr_array_new ();
  self->sentence = sl_explanation_view_add_label (w, "heading");

  self->trust_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_add_css_class (GTK_WIDGET (self->trust_box), "warning");
  gtk_box_append (self->trust_box, gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  self->trust = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->trust, 0);
  gtk_label_set_wrap (self->trust, TRUE);
  gtk_box_append (self->trust_box, GTK_WIDGET (self->trust));
  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->trust_box), w);

  self->trace = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_height (self->trace, 170);
  gtk_drawing_area_set_draw_func (self->trace, draw_trace, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->trace), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->trace), w);

  self->evidence_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2));
  gtk_box_set_homogeneous (self->evidence_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_box), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->evidence_box), w);
  self->quality = sl_explanation_view_add_label (w, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->quality), "dim-label");

  self->details = sl_explanation_view_add_label (w, NULL);
  self->changes_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_widget_set_visible (GTK_WIDGET (self->changes_box), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->changes_box), w);

  self->waterfall = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_draw_func (self->waterfall, draw_waterfall, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->waterfall), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->waterfall), w);

  self->provenance = GTK_EXPANDER (gtk_expander_new_with_mnemonic (_ ("_Provenance")));
  self->provenance_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->provenance_label, 0);
  gtk_label_set_wrap (self->provenance_label, TRUE);
  gtk_label_set_wrap_mode (self->provenance_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->provenance_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->provenance_label), "caption");
  gtk_expander_set_child (self->provenance, GTK_WIDGET (self->provenance_label));
  gtk_widget_set_visible (GTK_WIDGET (self->provenance), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->provenance), w);
  sl_explanation_view_update_text (self);
}

GtkWidget *
sl_explanation_view_new (void)
{
  return g_object_new (SL_TYPE_EXPLANATION_VIEW, NULL);
}
