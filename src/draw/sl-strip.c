/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "base/sl-error.h"
#include "sl-strip.h"

/* The default strips, as data; their labels are translated when drawn. */
static const char *const default_strips[] = {
  "eyes.ear | EAR | 0 0.5 | blink microsleep",
  "drowsiness.perclos | PERCLOS | 0 0.5 | drowsy yawn",
  "head_pose.yaw,head_pose.pitch | Yaw / pitch (°) | -60 60 | distracted",
  "rppg.bpm | Heart rate (bpm) | 40 160 |",
};
/* Their labels, for the translations. */
static const char *const default_labels[] G_GNUC_UNUSED = {
  N_ ("EAR"),
  N_ ("PERCLOS"),
  N_ ("Yaw / pitch (°)"),
  N_ ("Heart rate (bpm)"),
};

void
sl_strip_free (SlStrip *strip)
{
  if (strip == NULL)
    return;
  g_free (strip->signals[0]);
  g_free (strip->signals[1]);
  g_free (strip->label);
  g_strfreev (strip->events);
  g_free (strip);
}

SlStrip *
sl_strip_parse (const char *spec, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, "|", -1);
  if (g_strv_length (parts) != 4)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a strip: write SIGNAL[,SIGNAL] | LABEL | LO HI | EVENT …"),
                   spec);
      return NULL;
    }
  for (int k = 0; k < 4; k++)
    g_strstrip (parts[k]);
  g_auto (GStrv) names = g_strsplit (parts[0], ",", -1);
  g_auto (GStrv) range = g_strsplit_set (parts[2], " \t", -1);
  guint n_names = g_strv_length (names);
  gboolean ok = n_names >= 1 && n_names <= 2 && *names[0] != '\0' && *parts[1] != '\0';
  double lohi[2] = { NAN, NAN };
  if (ok && *parts[2] != '\0')
    {
      guint got = 0;
      for (guint k = 0; range[k] != NULL && ok; k++)
        {
          if (*range[k] == '\0')
            continue;
          char *end;
          double v = g_ascii_strtod (range[k], &end);
          ok = got < 2 && end != range[k] && *end == '\0' && isfinite (v);
          if (ok)
            lohi[got++] = v;
        }
      ok = ok && got == 2 && lohi[1] > lohi[0];
    }
  if (!ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a strip: one or two signals, a label, and a range LO HI "
                      "with LO below HI (or none)"),
                   spec);
      return NULL;
    }
  SlStrip *s = g_new0 (SlStrip, 1);
  for (guint k = 0; k < n_names; k++)
    s->signals[k] = g_strstrip (g_strdup (names[k]));
  s->label = g_strdup (parts[1]);
  s->lo = lohi[0];
  s->hi = lohi[1];
  g_autoptr (GStrvBuilder) kinds = g_strv_builder_new ();
  g_auto (GStrv) ev = g_strsplit_set (parts[3], " \t", -1);
  for (guint k = 0; ev[k] != NULL; k++)
    if (*ev[k] != '\0')
      g_strv_builder_add (kinds, ev[k]);
  s->events = g_strv_builder_end (kinds);
  return s;
}

SlStrip *
sl_strip_new_for_signal (const char *signal)
{
  SlStrip *s = g_new0 (SlStrip, 1);
  s->signals[0] = g_strdup (signal);
  s->label = g_strdup (signal);
  s->lo = s->hi = NAN;
  s->events = g_new0 (char *, 1);
  return s;
}

GPtrArray *
sl_strips_default (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_strip_free);
  for (guint i = 0; i < G_N_ELEMENTS (default_strips); i++)
    {
      g_autoptr (GError) error = NULL;
      SlStrip *s = sl_strip_parse (default_strips[i], &error);
      g_assert_no_error (error);
      g_ptr_array_add (out, s);
    }
  return out;
}

static gboolean
shows_event (const SlStrip *strip, const SlEvent *e)
{
  for (guint k = 0; strip->events[k] != NULL; k++)
    if (g_str_equal (e->kind, strip->events[k]))
      return TRUE;
  return FALSE;
}

/* The range drawn: the strip's, or the data's own (a little padded). */
void
sl_strip_range (const SlStrip *strip, const SlStripData *data, double *lo, double *hi)
{
  *lo = strip->lo;
  *hi = strip->hi;
  if (isfinite (*lo) && isfinite (*hi))
    return;
  *lo = INFINITY;
  *hi = -INFINITY;
  for (int c = 0; c < 2; c++)
    for (guint i = 0; data->series[c] != NULL && i < data->series[c]->len; i++)
      {
        double v = g_array_index (data->series[c], SlSample, i).value;
        if (isfinite (v))
          *lo = MIN (*lo, v), *hi = MAX (*hi, v);
      }
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  else if (*hi - *lo < 1e-9)
    *lo -= 0.5, *hi += 0.5;
}

static void
draw_curve (cairo_t *cr, GArray *series, const SlStripPlace *p, double lo, double hi)
{
  if (series == NULL || series->len == 0)
    return;
  int columns = MAX (1, (int)p->width);
  double range = hi - lo;
  if (p->frame_count < columns / 2)
    {
      /* Zoomed in: each sample a point, joined to the next frame's. */
      gint64 step = G_MAXINT64;
      for (guint i = 1; i < series->len; i++)
        step = MIN (step, g_array_index (series, SlSample, i).frame
                              - g_array_index (series, SlSample, i - 1).frame);
      step = step == G_MAXINT64 ? 1 : MAX (step, 1);
      gboolean drawing = FALSE;
      gint64 prev = G_MININT64;
      for (guint i = 0; i < series->len; i++)
        {
          SlSample smp = g_array_index (series, SlSample, i);
          if (smp.frame < p->first_frame - step
              || smp.frame > p->first_frame + p->frame_count + step)
            continue;
          if (!isfinite (smp.value))
            {
              drawing = FALSE;
              continue;
            }
          double x = p->x + p->width * ((smp.frame - p->first_frame) + 0.5) / p->frame_count;
          double y = p->top + p->height * (1 - (CLAMP (smp.value, lo, hi) - lo) / range);
          if (drawing && smp.frame - prev <= step * 3 / 2)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          cairo_rectangle (cr, x - 1.5, y - 1.5, 3, 3);
          cairo_move_to (cr, x, y);
          drawing = TRUE;
          prev = smp.frame;
        }
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      return;
    }
  g_autofree double *cmin = g_new (double, columns);
  g_autofree double *cmax = g_new (double, columns);
  for (int c = 0; c < columns; c++)
    cmin[c] = INFINITY, cmax[c] = -INFINITY;
  for (guint i = 0; i < series->len; i++)
    {
      SlSample smp = g_array_index (series, SlSample, i);
      if (!isfinite (smp.value))
        continue;
      int c = (int)((double)(smp.frame - p->first_frame) / p->frame_count * columns);
      if (c < 0 || c >= columns)
        continue;
      cmin[c] = MIN (cmin[c], smp.value);
      cmax[c] = MAX (cmax[c], smp.value);
    }
  for (int c = 0; c < columns; c++)
    {
      if (!isfinite (cmin[c]))
        continue;
      double y0 = p->top + p->height * (1 - (CLAMP (cmax[c], lo, hi) - lo) / range);
      double y1 = p->top + p->height * (1 - (CLAMP (cmin[c], lo, hi) - lo) / range);
      cairo_rectangle (cr, p->x + c, y0, 1, MAX (1, y1 - y0));
    }
  cairo_fill (cr);
}

static double
frame_x (const SlStripPlace *p, gint64 frame)
{
  return p->x + p->width * (double)(frame - p->first_frame) / p->frame_count;
}

void
sl_strip_draw (cairo_t *cr, const SlStrip *strip, const SlStripData *data, const SlStripPlace *p,
               const SlDrawStyle *style)
{
  cairo_save (cr);
  SlRgba dim = p->fg;
  dim.alpha = 0.08;
  sl_draw_set_color (cr, &dim);
  cairo_rectangle (cr, p->x, p->top, p->width, p->height);
  cairo_fill (cr);

  /* Nothing spills over the label when zoomed in. */
  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->top, p->width, p->height);
  cairo_clip (cr);
  /* The strip's events behind its curve; stretches without a face on
   * every strip. */
  for (guint i = 0; data->events != NULL && i < data->events->len; i++)
    {
      const SlEvent *e = data->events->pdata[i];
      gboolean none = g_str_equal (e->kind, "no_face");
      if (!none && !shows_event (strip, e))
        continue;
      SlRgba c = none                                  ? p->fg
                 : g_str_equal (e->kind, "microsleep") ? style->error
                 : g_str_equal (e->kind, "drowsy")     ? style->error
                 : g_str_equal (e->kind, "distracted") ? style->warning
                                                       : p->accent;
      c.alpha = none ? 0.15 : 0.35;
      sl_draw_set_color (cr, &c);
      double x0 = frame_x (p, e->start_frame), x1 = frame_x (p, e->end_frame + 1);
      cairo_rectangle (cr, x0, p->top, MAX (1, x1 - x0), p->height);
      cairo_fill (cr);
    }

  double lo, hi;
  sl_strip_range (strip, data, &lo, &hi);
  for (int c = 0; c < 2 && strip->signals[c] != NULL; c++)
    {
      SlRgba col = c == 0 ? p->fg : p->accent;
      col.alpha = 0.8;
      sl_draw_set_color (cr, &col);
      draw_curve (cr, data->series[c], p, lo, hi);
    }
  cairo_restore (cr);

  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  if (style->font != NULL)
    pango_layout_set_font_description (layout, style->font);
  pango_layout_set_text (layout, _ (strip->label), -1);
  /* Room on the right for the values at the top and the bottom. */
  pango_layout_set_width (layout, (int)(MAX (p->x - 34, 16) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  int lw, lh;
  pango_layout_get_pixel_size (layout, &lw, &lh);
  SlRgba label = p->fg;
  label.alpha = p->label_alpha;
  sl_draw_set_color (cr, &label);
  cairo_move_to (cr, 4, p->top + (p->height - lh) / 2.0);
  pango_cairo_show_layout (cr, layout);

  /* The values at the top and the bottom of the plot: its y axis. */
  g_autoptr (PangoLayout) ticks = pango_cairo_create_layout (cr);
  PangoFontDescription *small = pango_font_description_copy (
      style->font != NULL ? style->font
                          : pango_context_get_font_description (pango_layout_get_context (ticks)));
  pango_font_description_set_size (
      small, MAX (pango_font_description_get_size (small) * 7 / 10, 6 * PANGO_SCALE));
  pango_layout_set_font_description (ticks, small);
  pango_font_description_free (small);
  const double at[2] = { hi, lo };
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *t = g_strdup_printf ("%.3g", at[k]);
      pango_layout_set_text (ticks, t, -1);
      int tw, th;
      pango_layout_get_pixel_size (ticks, &tw, &th);
      cairo_move_to (cr, p->x - 3 - tw, k == 0 ? p->top - 1 : p->top + p->height - th + 1);
      pango_cairo_show_layout (cr, ticks);
    }
  cairo_restore (cr);
}
