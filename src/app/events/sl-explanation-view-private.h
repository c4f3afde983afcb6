/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the explanation view's files share: its state
 * (sl-explanation-view.c: the words, the charts, the provenance, showing),
 * its evidence frames (sl-explanation-evidence.c) and its smallest
 * changes with their search (sl-explanation-changes.c).
 */
#pragma once

#include "draw/sl-overlay.h"
#include "library/sl-evidence.h"
#include "sl-explanation-view.h"

G_BEGIN_DECLS

#define MAX_EVIDENCE 3

struct _SlExplanationView
{
  GtkWidget parent_instance;

  SlReview *review;
  GHashTable *series;  /* signal → GArray of SlSample */
  GHashTable *spreads; /* signal → double * */

  /* What is shown. */
  SlExplanation *x; /* NULL: nothing, or damaged (error) */
  char *error;
  gboolean is_event;
  double start_s, end_s;
  gint64 frames[MAX_EVIDENCE];
  const char *roles[MAX_EVIDENCE];
  guint n_frames;
  const SlOverlayLayer *layers[4];
  guint n_layers;
  char *text;

  /* The trace: which input, its limits and the baseline. */
  const char *trace_signal;
  const char *trace_unit;
  double limits[2];
  const char *baseline_signal;
  double baseline_value;

  /* The evidence frames, read in the background. */
  GCancellable *loading;
  SlEvidence *evidence;
  double focal_scale;
  char *distrust;

  GtkLabel *sentence;
  GtkBox *trust_box;
  GtkLabel *trust;
  GtkDrawingArea *trace;
  GtkBox *evidence_box;
  GtkLabel *quality;
  GtkLabel *details;
  GtkBox *changes_box;       /* per smallest change: a button that tries it, a search's finding */
  GPtrArray *change_buttons; /* GtkButton, one per change of the explanation */
  GPtrArray *change_labels;  /* GtkLabel, what the search found */
  GCancellable *searching;
  guint searched; /* the changes searched so far */
  gint64 event_id;
  GtkDrawingArea *waterfall;
  GtkExpander *provenance;
  GtkLabel *provenance_label;
};

double sl_explanation_view_fps_of (SlExplanationView *self);
/* The text tests and copying read, from what every part shows. */
void sl_explanation_view_update_text (SlExplanationView *self);
/* A wrapping, selectable label, put in @parent when it is not NULL. */
GtkLabel *sl_explanation_view_add_label (GtkWidget *parent, const char *css);
void sl_explanation_view_emit_try (SlExplanationView *self, const char *param, double value);

/* sl-explanation-evidence.c: the layers for @kind, and the evidence
 * frames of what is shown, read in the background. */
void sl_explanation_view_layers_for (SlExplanationView *self, const char *kind);
void sl_explanation_view_show_evidence (SlExplanationView *self);

/* sl-explanation-changes.c: the smallest changes, each a Try button, and
 * for a composite their search. */
void sl_explanation_view_show_changes (SlExplanationView *self);

G_END_DECLS
