/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strips as data: their grammar (sl-strip.h), the default ones, and
 * what they need of a run.  Drawing them is sl-strip-draw.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "base/sl-error.h"
#include "sl-strip.h"

/* The default strips, as data; their labels are translated when drawn.
 * Each curve's threshold is the rule its processor applies: the eye
 * closes below closed_drop under the person's open-eye EAR, the head and
 * the gaze are away beyond their limits either side of the person's usual
 * direction, drowsiness is PERCLOS above perclos_max. */
static const char *const default_strips[] = {
  " | State | | state alert",
  /* Kept after the run by a drift against a baseline (docs/drift.md);
   * shown, like every default strip, only when the run has some. */
  " | Drift | | drift",
  "eyes.ear | EAR | 0 0.5 | blink microsleep"
  " | baseline eyes.baseline; below eyes.baseline eyes.closed_drop",
  "drowsiness.perclos | PERCLOS | 0 0.5 | drowsy yawn | level drowsiness.perclos_max",
  "head_pose.yaw,head_pose.pitch | Head (°); yaw; pitch | -60 60 | distracted"
  " | around attention.neutral_yaw attention.max_yaw;"
  " 2: around attention.neutral_pitch attention.max_pitch",
  "gaze.yaw,gaze.pitch | Gaze (°); yaw; pitch | -60 60 | fixation"
  " | around attention.neutral_gaze_yaw attention.max_gaze_yaw;"
  " 2: around attention.neutral_gaze_pitch attention.max_gaze_pitch",
  "rppg.bpm | Heart rate (bpm) | 40 160 |",
};
/* Their labels, for the translations. */
static const char *const default_labels[] G_GNUC_UNUSED = {
  N_ ("State"), N_ ("EAR"),   N_ ("PERCLOS"),          N_ ("Head (°)"), N_ ("Gaze (°)"),
  N_ ("yaw"),   N_ ("pitch"), N_ ("Heart rate (bpm)"), N_ ("Drift"),
};

static void
guide_clear (gpointer data)
{
  SlStripGuide *g = data;
  g_free (g->signal);
  g_free (g->param);
}

void
sl_strip_free (SlStrip *strip)
{
  if (strip == NULL)
    return;
  for (int k = 0; k < 2; k++)
    {
      g_free (strip->signals[k]);
      g_free (strip->curve_labels[k]);
    }
  g_free (strip->label);
  g_strfreev (strip->events);
  g_clear_pointer (&strip->guides, g_array_unref);
  g_free (strip);
}

static SlStrip *
strip_new (void)
{
  SlStrip *s = g_new0 (SlStrip, 1);
  s->lo = s->hi = NAN;
  s->guides = g_array_new (FALSE, TRUE, sizeof (SlStripGuide));
  g_array_set_clear_func (s->guides, guide_clear);
  return s;
}

/* PROCESSOR.PARAM: a dot with something either side. */
static gboolean
is_param (const char *s)
{
  const char *dot = strchr (s, '.');
  return dot != NULL && dot != s && dot[1] != '\0';
}

/* One GUIDE of the grammar into @strip; FALSE when it is not one. */
static gboolean
parse_guide (SlStrip *strip, char *text)
{
  SlStripGuide g = { 0 };
  g_strstrip (text);
  if (g_str_has_prefix (text, "2:"))
    {
      if (strip->signals[1] == NULL)
        return FALSE;
      g.curve = 1;
      text = g_strstrip (text + 2);
    }
  g_auto (GStrv) words = g_strsplit_set (text, " \t", -1);
  g_autoptr (GPtrArray) w = g_ptr_array_new ();
  for (guint k = 0; words[k] != NULL; k++)
    if (*words[k] != '\0')
      g_ptr_array_add (w, words[k]);
  if (w->len < 2)
    return FALSE;
  const char *kind = w->pdata[0];
  if (g_str_equal (kind, "level") && w->len == 2 && is_param (w->pdata[1]))
    g.kind = SL_GUIDE_LEVEL, g.param = g_strdup (w->pdata[1]);
  else if (g_str_equal (kind, "baseline") && w->len == 2)
    g.kind = SL_GUIDE_BASELINE, g.signal = g_strdup (w->pdata[1]);
  else if ((g_str_equal (kind, "below") || g_str_equal (kind, "around")) && w->len == 3
           && is_param (w->pdata[2]))
    {
      g.kind = g_str_equal (kind, "below") ? SL_GUIDE_BELOW : SL_GUIDE_AROUND;
      g.signal = g_strdup (w->pdata[1]);
      g.param = g_strdup (w->pdata[2]);
    }
  else
    return FALSE;
  g_array_append_val (strip->guides, g);
  return TRUE;
}

/* LO HI into @lohi (left NaN when empty); FALSE when it is not that. */
static gboolean
parse_range (const char *text, double *lohi)
{
  if (*text == '\0')
    return TRUE;
  g_auto (GStrv) range = g_strsplit_set (text, " \t", -1);
  guint got = 0;
  for (guint k = 0; range[k] != NULL; k++)
    {
      if (*range[k] == '\0')
        continue;
      char *end;
      double v = g_ascii_strtod (range[k], &end);
      if (got == 2 || end == range[k] || *end != '\0' || !isfinite (v))
        return FALSE;
      lohi[got++] = v;
    }
  return got == 2 && lohi[1] > lohi[0];
}

static gboolean
parse_into (SlStrip *s, char **parts, guint n_parts)
{
  g_auto (GStrv) names = g_strsplit (parts[0], ",", -1);
  guint n_names = *parts[0] == '\0' ? 0 : g_strv_length (names);
  if (n_names > 2)
    return FALSE;
  for (guint k = 0; k < n_names; k++)
    {
      s->signals[k] = g_strstrip (g_strdup (names[k]));
      if (*s->signals[k] == '\0')
        return FALSE;
    }
  g_auto (GStrv) labels = g_strsplit (parts[1], ";", -1);
  guint n_labels = g_strv_length (labels);
  for (guint k = 0; k < n_labels; k++)
    if (*g_strstrip (labels[k]) == '\0')
      return FALSE;
  if (n_labels != 1 && !(n_labels == 3 && n_names == 2))
    return FALSE;
  s->label = g_strdup (labels[0]);
  if (n_labels == 3)
    for (int k = 0; k < 2; k++)
      s->curve_labels[k] = g_strdup (labels[1 + k]);
  double lohi[2] = { NAN, NAN };
  if (!parse_range (parts[2], lohi))
    return FALSE;
  s->lo = lohi[0];
  s->hi = lohi[1];
  g_autoptr (GStrvBuilder) kinds = g_strv_builder_new ();
  g_auto (GStrv) ev = g_strsplit_set (parts[3], " \t", -1);
  guint n_kinds = 0;
  for (guint k = 0; ev[k] != NULL; k++)
    if (*ev[k] != '\0')
      g_strv_builder_add (kinds, ev[k]), n_kinds++;
  s->events = g_strv_builder_end (kinds);
  if (n_parts == 5)
    {
      g_auto (GStrv) guides = g_strsplit (parts[4], ";", -1);
      for (guint k = 0; guides[k] != NULL; k++)
        if (*g_strstrip (guides[k]) != '\0' && !parse_guide (s, guides[k]))
          return FALSE;
    }
  /* A lane: events, and nothing measured. */
  if (n_names == 0)
    return n_kinds > 0 && isnan (s->lo) && s->guides->len == 0;
  return TRUE;
}

SlStrip *
sl_strip_parse (const char *spec, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, "|", -1);
  guint n = g_strv_length (parts);
  if (n != 4 && n != 5)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_INPUT,
                   _ ("“%s” is not a strip: write SIGNAL[,SIGNAL] | LABEL | LO HI | EVENT … "
                      "[| GUIDE; …]"),
                   spec);
      return NULL;
    }
  for (guint k = 0; k < n; k++)
    g_strstrip (parts[k]);
  g_autoptr (SlStrip) s = strip_new ();
  if (!parse_into (s, parts, n))
    {
      g_set_error (
          error, SL_ERROR, SL_ERROR_INVALID_INPUT,
          _ ("“%s” is not a strip: one or two signals (or none, for a lane of events), "
             "a label (then a name for each of two signals), a range LO HI with LO below HI "
             "(or none), "
             "and guides such as “level eyes.closed_drop”, “baseline eyes.baseline”, "
             "“below SIGNAL PROCESSOR.PARAM” or “around SIGNAL PROCESSOR.PARAM”"),
          spec);
      return NULL;
    }
  return g_steal_pointer (&s);
}

SlStrip *
sl_strip_new_for_signal (const char *signal)
{
  SlStrip *s = strip_new ();
  s->signals[0] = g_strdup (signal);
  s->label = g_strdup (signal);
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

gboolean
sl_strip_is_lane (const SlStrip *strip)
{
  return strip->signals[0] == NULL;
}

gboolean
sl_strip_shows_kind (const SlStrip *strip, const char *kind)
{
  if (g_str_equal (kind, "no_face"))
    return !sl_strip_is_lane (strip);
  return g_strv_contains ((const char *const *)strip->events, kind);
}

static void
add_name (GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return;
  g_ptr_array_add (names, (gpointer)name);
}

void
sl_strip_add_signals (const SlStrip *strip, GPtrArray *names)
{
  for (int c = 0; c < 2; c++)
    if (strip->signals[c] != NULL)
      add_name (names, strip->signals[c]);
  for (guint k = 0; k < strip->guides->len; k++)
    {
      const SlStripGuide *g = &g_array_index (strip->guides, SlStripGuide, k);
      if (g->signal != NULL)
        add_name (names, g->signal);
    }
}

GHashTable *
sl_strips_params (GPtrArray *strips, const SlRun *run)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; run != NULL && i < strips->len; i++)
    {
      const SlStrip *s = strips->pdata[i];
      for (guint k = 0; k < s->guides->len; k++)
        {
          const char *param = g_array_index (s->guides, SlStripGuide, k).param;
          if (param == NULL || g_hash_table_contains (out, param))
            continue;
          g_autofree char *processor = g_strndup (param, strchr (param, '.') - param);
          double v = sl_run_get_param (run, processor, strchr (param, '.') + 1, NAN);
          if (isfinite (v))
            g_hash_table_insert (out, g_strdup (param), g_memdup2 (&v, sizeof v));
        }
    }
  return out;
}

gboolean
sl_strip_has_data (const SlStrip *strip, const SlStripData *data)
{
  for (int c = 0; c < 2 && data->series != NULL; c++)
    {
      GArray *s = strip->signals[c] != NULL ? g_hash_table_lookup (data->series, strip->signals[c])
                                            : NULL;
      if (s != NULL && s->len > 0)
        return TRUE;
    }
  for (guint i = 0; data->events != NULL && i < data->events->len; i++)
    {
      const SlEvent *e = data->events->pdata[i];
      if (!g_str_equal (e->kind, "no_face") && sl_strip_shows_kind (strip, e->kind))
        return TRUE;
    }
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
  for (int c = 0; c < 2 && data->series != NULL; c++)
    {
      GArray *s = strip->signals[c] != NULL ? g_hash_table_lookup (data->series, strip->signals[c])
                                            : NULL;
      for (guint i = 0; s != NULL && i < s->len; i++)
        {
          double v = g_array_index (s, SlSample, i).value;
          if (isfinite (v))
            *lo = MIN (*lo, v), *hi = MAX (*hi, v);
        }
    }
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  else if (*hi - *lo < 1e-9)
    *lo -= 0.5, *hi += 0.5;
}
