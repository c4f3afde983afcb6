/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The explanation's evidence: its frames decoded in the background and
 * drawn as thumbnails with the overlay that matters for the kind, and
 * what was measured on each with the low-trust badge.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "draw/sl-thumbnail.h"
#include "processors/sl-explain-text.h"
#include "sl-explanation-view-private.h"
#include "sl-style.h"

#define THUMB_W 104
#define THUMB_H 84

/* What is read on every evidence frame besides the overlays' signals. */
static const char *const trust_signals[] = { "quality.reason", "quality.blur", "head_pose.yaw" };

/* ---- The evidence --------------------------------------------------------------- */

void
sl_explanation_view_layers_for (SlExplanationView *self, const char *kind)
{
  const char *ids[3] = { "face-box", NULL, NULL };
  if (g_strv_contains ((const char *const[]){ "blink", "microsleep", NULL }, kind))
    ids[0] = "eyes";
  else if (g_strv_contains ((const char *const[]){ "fixation", "saccade", NULL }, kind))
    ids[0] = "pupils";
  else if (g_strcmp0 (kind, "distracted") == 0)
    ids[0] = "head-pose";
  else if (g_strv_contains ((const char *const[]){ "drowsy", "yawn", "state", "alert", NULL },
                            kind))
    {
      ids[0] = "eyes";
      ids[1] = "state";
    }
  self->n_layers = 0;
  for (guint i = 0; i < G_N_ELEMENTS (ids) && ids[i] != NULL; i++)
    {
      const SlOverlayLayer *l = sl_overlays_find (ids[i]);
      if (l != NULL)
        self->layers[self->n_layers++] = l;
    }
}

static void
draw_thumbnail (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  SlExplanationView *self = data;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "index"));
  SlEvidence *e = self->evidence;
  if (e == NULL || i >= e->frames->len)
    {
      /* Still reading, or the recording cannot be read: a plain frame. */
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.2);
      cairo_paint (cr);
      return;
    }
  const SlEvidenceFrame *f = &g_array_index (e->frames, SlEvidenceFrame, i);
  if (f->image.pixels == NULL)
    {
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.2);
      cairo_paint (cr);
      return;
    }
  SlDrawStyle style = *sl_draw_style_default ();
  sl_app_draw_style (GTK_WIDGET (area), &style);
  const char **names = sl_overlays_signals (self->layers, self->n_layers);
  guint n = names != NULL ? g_strv_length ((char **)names) : 0;
  g_autoptr (SlOverlayValues) values = sl_overlay_values_new (names, n);
  for (guint k = 0; k < n; k++)
    sl_overlay_values_data (values)[k] = sl_evidence_value (e, i, names[k]);
  g_free (names);
  const SlFaceResult *result = f->has_face ? &f->face : NULL;
  SlOverlayContext ctx = {
    .style = &style,
    .result = result,
    .face = result != NULL && result->success ? result : NULL,
    .exact = result != NULL,
    .analysed = TRUE,
    .focal_scale = self->focal_scale,
    .frame = f->frame,
    .time_s = f->image.time_s,
    .values = values,
  };
  gsize size;
  const guint8 *px = g_bytes_get_data (f->image.pixels, &size);
  sl_thumbnail_draw (cr, 0, 0, width, height, px, f->image.width, f->image.height, f->image.stride,
                     &ctx, self->layers, self->n_layers);
}

static SlFrameTrust
trust_of (SlExplanationView *self, guint i)
{
  const SlEvidenceFrame *f = &g_array_index (self->evidence->frames, SlEvidenceFrame, i);
  return (SlFrameTrust){
    .has_face = f->has_face && f->face.success,
    .confidence = f->face.confidence,
    .yaw_deg = sl_evidence_value (self->evidence, i, "head_pose.yaw"),
    .blur = sl_evidence_value (self->evidence, i, "quality.blur"),
    .reason = sl_evidence_value (self->evidence, i, "quality.reason"),
  };
}

/* What was measured on each evidence frame, and the badge when it was poor. */
static void
show_quality (SlExplanationView *self)
{
  g_clear_pointer (&self->distrust, g_free);
  g_autoptr (GString) q = g_string_new (NULL), bad = g_string_new (NULL);
  SlEvidence *e = self->evidence;
  for (guint i = 0; e != NULL && i < e->frames->len; i++)
    {
      SlFrameTrust t = trust_of (self, i);
      g_autofree char *text = sl_explain_trust_text (&t);
      g_autofree char *why = sl_explain_distrust (&t);
      /* TRANSLATORS: an evidence frame's role and what was measured on it */
      g_string_append_printf (q, _ ("%s: %s\n"), sl_explain_role_label (self->roles[i]), text);
      if (why != NULL)
        g_string_append_printf (bad, "%s%s: %s", bad->len > 0 ? "; " : "",
                                sl_explain_role_label (self->roles[i]), why);
      GtkWidget *b = sl_explanation_view_get_evidence_button (self, i);
      if (b != NULL)
        {
          g_autofree char *tip = g_strdup_printf (_ ("Show frame %" PRId64 " (%s)"),
                                                  e->frames->len > i ? self->frames[i] : 0, text);
          gtk_widget_set_tooltip_text (b, tip);
        }
    }
  if (e != NULL && e->video_error != NULL)
    g_string_append_printf (q, "%s\n", e->video_error);
  if (q->len > 0 && q->str[q->len - 1] == '\n')
    g_string_truncate (q, q->len - 1);
  gtk_label_set_text (self->quality, q->str);
  if (bad->len > 0)
    {
      /* TRANSLATORS: the badge over an explanation whose frames were poor */
      self->distrust = g_strdup_printf (_ ("Low trust — %s"), bad->str);
      gtk_label_set_text (self->trust, self->distrust);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), self->distrust != NULL);
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_box)); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    gtk_widget_queue_draw (g_object_get_data (G_OBJECT (b), "thumbnail"));
  sl_explanation_view_update_text (self);
}

static void
on_evidence (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlEvidence) e = sl_evidence_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  SlExplanationView *self = data;
  g_clear_object (&self->loading);
  g_clear_pointer (&self->evidence, sl_evidence_free);
  if (e == NULL)
    {
      gtk_label_set_text (self->quality, error->message);
      return;
    }
  self->evidence = g_steal_pointer (&e);
  show_quality (self);
}

static void
on_evidence_clicked (GtkButton *button, SlExplanationView *self)
{
  if (self->review != NULL)
    sl_review_set_frame (self->review,
                         (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "frame")));
}

/* A button per evidence frame (its thumbnail and role), and the frames read. */
void
sl_explanation_view_show_evidence (SlExplanationView *self)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_pointer (&self->evidence, sl_evidence_free);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_box))) != NULL)
    gtk_box_remove (self->evidence_box, child);
  self->n_frames = 0;
  const SlExplanation *x = self->x;
  double fps = sl_explanation_view_fps_of (self);
  for (guint i = 0; x != NULL && i < x->evidence->len && self->n_frames < MAX_EVIDENCE; i++)
    {
      const SlExplEvidence *e = &g_array_index (x->evidence, SlExplEvidence, i);
      gint64 frame = e->first >= 0           ? e->first
                     : isfinite (e->start_s) ? (gint64)llround (e->start_s * fps)
                                             : -1;
      if (frame < 0)
        continue;
      self->frames[self->n_frames] = frame;
      self->roles[self->n_frames] = e->role;
      GtkWidget *b = gtk_button_new ();
      gtk_widget_add_css_class (b, "flat");
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *area = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), THUMB_W);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), THUMB_H);
      g_object_set_data (G_OBJECT (area), "index", GUINT_TO_POINTER (self->n_frames));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_thumbnail, self, NULL);
      gtk_box_append (GTK_BOX (box), area);
      g_autofree char *at = sl_explain_format_clock (frame / fps);
      /* TRANSLATORS: an evidence frame's role and time: "onset 0:01.8" */
      g_autofree char *label = g_strdup_printf (_ ("%s %s"), sl_explain_role_label (e->role), at);
      GtkWidget *l = gtk_label_new (label);
      gtk_widget_add_css_class (l, "caption");
      gtk_box_append (GTK_BOX (box), l);
      gtk_button_set_child (GTK_BUTTON (b), box);
      g_autofree char *tip = g_strdup_printf (_ ("Show frame %" PRId64), frame);
      gtk_widget_set_tooltip_text (b, tip);
      g_object_set_data (G_OBJECT (b), "frame", GSIZE_TO_POINTER ((gsize)frame));
      g_object_set_data (G_OBJECT (b), "thumbnail", area);
      g_signal_connect (b, "clicked", G_CALLBACK (on_evidence_clicked), self);
      gtk_box_append (self->evidence_box, b);
      self->n_frames++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_box), self->n_frames > 0);
  gtk_label_set_text (self->quality, "");
  SlStore *store = self->review != NULL ? sl_review_get_store (self->review) : NULL;
  gint64 run = self->review != NULL ? sl_review_get_run (self->review) : 0;
  if (self->n_frames == 0 || store == NULL || run == 0)
    return;
  const char **overlay = sl_overlays_signals (self->layers, self->n_layers);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint i = 0; overlay != NULL && overlay[i] != NULL; i++)
    g_ptr_array_add (names, (gpointer)overlay[i]);
  for (guint i = 0; i < G_N_ELEMENTS (trust_signals); i++)
    g_ptr_array_add (names, (gpointer)trust_signals[i]);
  g_ptr_array_add (names, NULL);
  self->loading = g_cancellable_new ();
  sl_evidence_load_async (sl_store_get_path (store), run, self->frames, self->n_frames,
                          (const char *const *)names->pdata, self->loading, on_evidence, self);
  g_free (overlay);
}
