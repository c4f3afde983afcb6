/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_statistics_double.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "sl-explain-text.h"

typedef struct
{
  const char *name;
  const char *label;
} Label;

static const Label kinds[] = {
  { "blink", N_ ("Blink") },
  { "microsleep", N_ ("Microsleep") },
  { "fixation", N_ ("Fixation") },
  { "state", N_ ("State") },
  { "alert", N_ ("Alert") },
  { "drowsy", N_ ("Drowsy") },
  { "yawn", N_ ("Yawn") },
  { "distracted", N_ ("Distracted") },
  { "no_face", N_ ("No face") },
  { "collection_rate", N_ ("Gaze collection rate") },
  { "face_rate", N_ ("Face detection rate") },
  { "jitter", N_ ("Jitter") },
  { "compliance", N_ ("On-screen compliance") },
  { "total", N_ ("Total") },
  { "drift", N_ ("Drift") },
};

static const Label signals[] = {
  { "eyes.ear", N_ ("EAR") },
  { "eyes.baseline", N_ ("open-eye EAR") },
  { "eyes.blink", N_ ("closure") },
  { "eyes.openness", N_ ("openness") },
  { "eyes.closed", N_ ("eyes closed") },
  { "saccades.fixation", N_ ("fixation") },
  { "gaze.yaw", N_ ("gaze yaw") },
  { "gaze.pitch", N_ ("gaze pitch") },
  { "head_pose.yaw", N_ ("head yaw") },
  { "head_pose.pitch", N_ ("head pitch") },
  { "quality.face_size", N_ ("face size (px)") },
  { "quality.brightness", N_ ("brightness") },
  { "gaze.h", N_ ("gaze, horizontal") },
  { "gaze.v", N_ ("gaze, vertical") },
  { "rppg.bpm", N_ ("heart rate (bpm)") },
  { "face.found", N_ ("face found (share of frames)") },
  { "gaze.calibration_error", N_ ("gaze calibration error (°)") },
  { "attention.away", N_ ("looking away") },
  { "attention.no_face", N_ ("without a face") },
  { "face", N_ ("face") },
  { "drowsiness.perclos", N_ ("PERCLOS") },
  { "drowsiness.blink_duration", N_ ("blink duration") },
  { "drowsiness.yawns", N_ ("yawns") },
  { "drowsiness.mar", N_ ("mouth opening (MAR)") },
  { "drowsiness.yawning", N_ ("mouth open") },
  { "drowsiness.drowsy", N_ ("drowsiness") },
  { "no face", N_ ("no face") },
  { "no eyes", N_ ("no eyes") },
  { "none", N_ ("no sign of drowsiness or distraction") },
  { "frames", N_ ("analysed frames") },
  { "on_screen_samples", N_ ("frames with an on-screen gaze sample") },
  { "with_face", N_ ("frames with a face") },
  { "dispersion", N_ ("dispersion in fixations") },
  { "fixations", N_ ("fixations") },
  { "samples", N_ ("gaze samples") },
  { "inside", N_ ("samples inside the region") },
  { "jitter", N_ ("jitter score") },
  { "compliance", N_ ("compliance") },
  { "steady", N_ ("perfectly steady") },
  { "floor", N_ ("no score below 0") },
};

static const Label stats[] = {
  { "min", N_ ("lowest") },
  { "max", N_ ("highest") },
  { "peak", N_ ("peak") },
  { "mean", N_ ("mean") },
  { "rms", N_ ("RMS") },
  { "duration", N_ ("for") },
  { "neutral", N_ ("usual") },
  { "peak_from_neutral", N_ ("peak from usual") },
  { "proposed_for_s", N_ ("held for") },
  { "wasserstein", N_ ("Wasserstein distance") },
  { "mean_shift", N_ ("mean shift") },
  { "kl", N_ ("KL divergence") },
  { "js", N_ ("Jensen–Shannon distance") },
  { "psi", N_ ("PSI") },
  { "effective_samples", N_ ("independent samples") },
};

static const char *
lookup (const Label *table, gsize n, const char *name)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].name, name) == 0)
      return _ (table[i].label);
  return NULL;
}

const char *
sl_explain_kind_label (const char *kind)
{
  const char *l = lookup (kinds, G_N_ELEMENTS (kinds), kind);
  return l != NULL ? l : kind;
}

/* In the order of their codes (fusion.state). */
static const Label states[] = {
  { "unknown", N_ ("unknown") },
  { "alert", N_ ("alert") },
  { "drowsy", N_ ("drowsy") },
  { "distracted", N_ ("distracted") },
};

static const Label roles[] = {
  { "onset", N_ ("onset") },     { "peak", N_ ("peak") },         { "end", N_ ("end") },
  { "stretch", N_ ("stretch") }, { "fixation", N_ ("fixation") },
};

const char *
sl_explain_role_label (const char *role)
{
  const char *l = lookup (roles, G_N_ELEMENTS (roles), role);
  return l != NULL ? l : role;
}

const char *
sl_explain_state_label (const char *state)
{
  const char *l = lookup (states, G_N_ELEMENTS (states), state);
  return l != NULL ? l : state;
}

const char *
sl_explain_state_label_at (int code)
{
  return code >= 0 && code < (int)G_N_ELEMENTS (states) ? _ (states[code].label) : NULL;
}

const char *
sl_explain_signal_label (const char *signal)
{
  const char *l = lookup (signals, G_N_ELEMENTS (signals), signal);
  return l != NULL ? l : signal;
}

char *
sl_explain_format_value (double v, const char *unit)
{
  if (!isfinite (v))
    return g_strdup (_ ("none"));
  if (unit == NULL || strcmp (unit, "1") == 0)
    return g_strdup_printf ("%.3g", v);
  if (strcmp (unit, "s") == 0)
    return g_strdup_printf (_ ("%.2f s"), v);
  if (strcmp (unit, "deg") == 0)
    return g_strdup_printf (_ ("%.1f°"), v);
  if (strcmp (unit, "deg/s") == 0)
    return g_strdup_printf (_ ("%.0f°/s"), v);
  if (strcmp (unit, "{frame}") == 0)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%.0f frame", "%.0f frames", (gulong)fabs (v)), v);
  if (strcmp (unit, "{sample}") == 0)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%.0f sample", "%.0f samples", (gulong)fabs (v)), v);
  if (strcmp (unit, "{fixation}") == 0)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%.0f fixation", "%.0f fixations", (gulong)fabs (v)), v);
  if (strcmp (unit, "{yawn}") == 0)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%.0f yawn", "%.0f yawns", (gulong)fabs (v)), v);
  if (strcmp (unit, "{window}") == 0)
    return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%.0f window", "%.0f windows", (gulong)fabs (v)), v);
  /* In the σ of a drift's baseline. */
  if (strcmp (unit, "{baseline_sd}") == 0)
    return g_strdup_printf (_ ("%.3gσ"), v);
  if (unit[0] == '{')
    return g_strdup_printf ("%.3g", v);
  return g_strdup_printf ("%.3g %s", v, unit);
}

char *
sl_explain_format_clock (double s)
{
  int m = (int)(s / 60);
  return g_strdup_printf ("%d:%04.1f", m, s - 60.0 * m);
}

const char *
sl_explain_unit_label (const char *unit)
{
  if (unit == NULL || strcmp (unit, "1") == 0 || strcmp (unit, "{state}") == 0
      || strcmp (unit, "{alert}") == 0)
    return "";
  if (strcmp (unit, "s") == 0)
    return _ ("s");
  if (strcmp (unit, "deg") == 0)
    return _ ("°");
  if (strcmp (unit, "deg/s") == 0)
    return _ ("°/s");
  if (strcmp (unit, "{frame}") == 0)
    return _ ("frames");
  if (strcmp (unit, "{sample}") == 0)
    return _ ("samples");
  if (strcmp (unit, "{fixation}") == 0)
    return _ ("fixations");
  if (strcmp (unit, "{yawn}") == 0)
    return _ ("yawns");
  if (strcmp (unit, "{window}") == 0)
    return _ ("windows");
  if (strcmp (unit, "{baseline_sd}") == 0)
    return _ ("baseline σ");
  return unit[0] == '{' ? "" : unit;
}

double
sl_explain_spread (const double *values, gsize n)
{
  g_autofree double *v = g_new (double, MAX (n, 1));
  gsize k = 0;
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      v[k++] = values[i];
  return k >= 2 ? gsl_stats_sd (v, 1, k) : NAN;
}

gboolean
sl_explain_input_has_spread (const SlExplInput *in)
{
  const char *const own[] = { "min", "max", "peak", "mean", "value", "peak_from_neutral", NULL };
  return in->relation != NULL && in->stat != NULL && g_strv_contains (own, in->stat)
         && in->signal != NULL && strchr (in->signal, '.') != NULL;
}

static const char *
relation_sign (const char *relation)
{
  if (g_strcmp0 (relation, "below") == 0)
    return "<";
  if (g_strcmp0 (relation, "at_least") == 0)
    return "≥";
  if (g_strcmp0 (relation, "at_most") == 0)
    return "≤";
  return ">";
}

/* The opposite relation: the one that would flip a result. */
static const char *
relation_against (const char *relation)
{
  if (g_strcmp0 (relation, "below") == 0)
    return "≥";
  if (g_strcmp0 (relation, "at_least") == 0)
    return "<";
  if (g_strcmp0 (relation, "at_most") == 0)
    return ">";
  return "≤";
}

/* A signed margin in the unit: "+0.311", "−0.10 s". */
static char *
signed_value (double v, const char *unit)
{
  g_autofree char *abs_text = sl_explain_format_value (fabs (v), unit);
  return g_strdup_printf ("%s%s", v < 0 ? "−" : "+", abs_text);
}

static char *
input_head (const SlExplInput *in)
{
  const char *stat = lookup (stats, G_N_ELEMENTS (stats), in->stat);
  g_autofree char *value = sl_explain_format_value (in->value, in->unit);
  if (stat == NULL)
    return g_strdup_printf ("%s %s", sl_explain_signal_label (in->signal), value);
  /* TRANSLATORS: a signal, what of it (lowest, peak…) and its value: "EAR lowest 0.161". */
  return g_strdup_printf (_ ("%s %s %s"), sl_explain_signal_label (in->signal), stat, value);
}

char *
sl_explain_input_text (const SlExplInput *in, double sigma)
{
  g_autofree char *head = input_head (in);
  if (in->relation == NULL || !isfinite (in->limit))
    return g_steal_pointer (&head);
  double margin = in->value - in->limit;
  g_autofree char *limit = sl_explain_format_value (in->limit, in->unit);
  g_autofree char *m = signed_value (margin, in->unit);
  gboolean met
      = g_strcmp0 (in->relation, "below") == 0 ? in->value <= in->limit : in->value >= in->limit;
  const char *sign = met ? relation_sign (in->relation) : relation_against (in->relation);
  if (isfinite (sigma) && sigma > 0)
    return g_strdup_printf ("%s %s %s (%s, %s%.1fσ)", head, sign, limit, m, margin < 0 ? "−" : "+",
                            fabs (margin) / sigma);
  return g_strdup_printf ("%s %s %s (%s)", head, sign, limit, m);
}

char *
sl_explain_threshold_text (const SlExplThreshold *t)
{
  g_autofree char *observed = sl_explain_format_value (t->observed, t->unit);
  g_autofree char *value = sl_explain_format_value (t->value, t->unit);
  g_autofree char *m = signed_value (sl_expl_threshold_margin (t), t->unit);
  gboolean met = sl_expl_threshold_met (t);
  return g_strdup_printf ("%s %s %s %s (%s)%s", t->param, observed,
                          met ? relation_sign (t->relation) : relation_against (t->relation), value,
                          m, met ? "" : " ✗");
}

char *
sl_explain_change_param (const SlExplanation *x, const SlExplChange *c)
{
  return x->processor != NULL && strchr (c->param, '.') == NULL
             ? g_strdup_printf ("%s.%s", x->processor, c->param)
             : g_strdup (c->param);
}

/* @v to three significant digits, rounded towards the side where the
 * result flips (@up: above it), so that "would not be found with p > v"
 * stays true of the value shown: 19.25 shows as 19.3, never 19.2. */
static double
round_outward (double v, gboolean up)
{
  if (v == 0 || !isfinite (v))
    return v;
  double scale = pow (10, floor (log10 (fabs (v))) - 2);
  double q = v / scale;
  /* A value that is already three digits (0.511) is kept as it is. */
  double r = fabs (q - round (q)) < 1e-9 * fabs (q) ? round (q) : up ? ceil (q) : floor (q);
  return r * scale;
}

char *
sl_explain_change_text (const SlExplanation *x, const SlExplChange *c)
{
  gboolean up = g_strcmp0 (c->relation, "above") == 0 || g_strcmp0 (c->relation, "at_least") == 0;
  g_autofree char *value = sl_explain_format_value (round_outward (c->value, up), NULL);
  const char *sign = relation_sign (c->relation);
  g_autofree char *param = sl_explain_change_param (x, c);
  if (g_strcmp0 (x->subject, "score") == 0)
    {
      gboolean passed = FALSE;
      if (json_object_has_member (x->details, "passed"))
        passed = json_object_get_boolean_member (x->details, "passed");
      /* TRANSLATORS: a parameter, a relation sign and a value: "It would fail with
       * min_collection > 0.83." */
      return g_strdup_printf (passed ? _ ("It would fail with %s %s %s.")
                                     : _ ("It would pass with %s %s %s."),
                              param, sign, value);
    }
  /* TRANSLATORS: a parameter, a relation sign and a value: "It would not have been found with
   * eyes.closed_drop > 0.511." */
  return g_strdup_printf (_ ("It would not have been found with %s %s %s."), param, sign, value);
}

char *
sl_explain_reason (const SlExplanation *x)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint k = 0; k < x->inputs->len; k++)
    {
      const SlExplInput *in = &g_array_index (x->inputs, SlExplInput, k);
      if (in->relation == NULL)
        continue;
      gboolean met = g_strcmp0 (in->relation, "below") == 0 ? in->value <= in->limit
                                                            : in->value >= in->limit;
      /* A composite names the inputs that were past their limits. */
      if (!met)
        continue;
      g_autofree char *t = sl_explain_input_text (in, NAN);
      g_string_append_printf (s, "%s%s", s->len > 0 ? "; " : "", t);
    }
  if (s->len == 0 && x->parts->len > 0)
    {
      /* A stretch made of parts: the largest. */
      const SlExplPart *top = &g_array_index (x->parts, SlExplPart, 0);
      for (guint k = 1; k < x->parts->len; k++)
        if (g_array_index (x->parts, SlExplPart, k).part > top->part)
          top = &g_array_index (x->parts, SlExplPart, k);
      double share = x->parts_total != 0 ? top->part / x->parts_total : NAN;
      /* TRANSLATORS: the largest part of a result and its share: "mostly head yaw (72 % of
       * the frames)". */
      g_string_append_printf (s, _ ("mostly %s (%.0f %% of the frames)"),
                              sl_explain_signal_label (top->name), 100 * share);
    }
  if (s->len == 0)
    /* Without limits on inputs: the thresholds that were met. */
    for (guint k = 0; k < x->thresholds->len; k++)
      {
        const SlExplThreshold *t = &g_array_index (x->thresholds, SlExplThreshold, k);
        if (!sl_expl_threshold_met (t))
          continue;
        g_autofree char *text = sl_explain_threshold_text (t);
        g_string_append_printf (s, "%s%s", s->len > 0 ? "; " : "", text);
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
sl_explain_sentence (const SlExplanation *x, double start_s, double duration_s)
{
  g_autofree char *reason = sl_explain_reason (x);
  const char *kind = sl_explain_kind_label (x->kind);
  g_autofree char *state_kind = NULL;
  const char *state = json_object_get_string_member_with_default (x->details, "state", NULL);
  if (state != NULL)
    /* TRANSLATORS: an event's kind and the state it is about: "Alert (drowsy)". */
    kind = state_kind = g_strdup_printf (_ ("%s (%s)"), kind, sl_explain_state_label (state));
  if (g_strcmp0 (x->subject, "score") == 0)
    {
      g_autofree char *value = sl_explain_format_value (x->value, x->value_unit);
      if (reason[0] == '\0')
        /* TRANSLATORS: a score and its value: "Total: 0.71." */
        return g_strdup_printf (_ ("%s: %s."), kind, value);
      /* TRANSLATORS: a score, its value and why: "Jitter: 0.62, from dispersion 1.1°…" */
      return g_strdup_printf (_ ("%s: %s, from %s."), kind, value, reason);
    }
  g_autofree char *at = sl_explain_format_clock (start_s);
  g_autofree char *for_s = sl_explain_format_value (duration_s, "s");
  if (reason[0] == '\0')
    /* TRANSLATORS: a kind of event, when and how long: "Blink at 0:01.8 for 1.62 s." */
    return g_strdup_printf (_ ("%s at %s for %s."), kind, at, for_s);
  /* TRANSLATORS: a kind of event, when, how long and why: "Blink at 0:01.8 for 1.62 s, because
   * EAR lowest 0.161 < 0.263." */
  return g_strdup_printf (_ ("%s at %s for %s, because %s."), kind, at, for_s, reason);
}

/* The quality processor's reason codes (sl-proc-quality.c), in words. */
static const char *const quality_reasons[] = {
  NULL,
  N_ ("no face found"),
  N_ ("too dark"),
  N_ ("too bright"),
  N_ ("blurred"),
  N_ ("face too small"),
  N_ ("face tilted too far"),
};

char *
sl_explain_distrust (const SlFrameTrust *t)
{
  if (!t->has_face)
    return g_strdup (_ (quality_reasons[1]));
  if (isfinite (t->reason) && t->reason >= 2 && t->reason < G_N_ELEMENTS (quality_reasons))
    return g_strdup (_ (quality_reasons[(int)t->reason]));
  if (isfinite (t->yaw_deg) && fabs (t->yaw_deg) > SL_TRUST_MAX_YAW_DEG)
    /* TRANSLATORS: the head's yaw, beyond which the landmarks are unreliable */
    return g_strdup_printf (_ ("head turned %.0f° from the camera"), fabs (t->yaw_deg));
  return NULL;
}

char *
sl_explain_trust_text (const SlFrameTrust *t)
{
  if (!t->has_face)
    return g_strdup (_ (quality_reasons[1]));
  g_autoptr (GString) s = g_string_new (NULL);
  /* TRANSLATORS: the face detector's score on a frame */
  g_string_append_printf (s, _ ("face %.2f"), t->confidence);
  if (isfinite (t->yaw_deg))
    /* TRANSLATORS: the head's yaw on a frame */
    g_string_append_printf (s, _ (" · yaw %s%.0f°"), t->yaw_deg < 0 ? "−" : "+", fabs (t->yaw_deg));
  if (isfinite (t->blur))
    /* TRANSLATORS: the variance of the Laplacian: how sharp a frame is */
    g_string_append_printf (s, _ (" · sharpness %.0f"), t->blur);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
sl_explain_details (const SlExplanation *x, SlSpreadFunc spread, gpointer data)
{
  g_autoptr (GString) s = g_string_new (NULL);
  if (x->inputs->len > 0)
    g_string_append_printf (s, "%s\n", _ ("Inputs"));
  for (guint i = 0; i < x->inputs->len; i++)
    {
      const SlExplInput *in = &g_array_index (x->inputs, SlExplInput, i);
      g_autofree char *t = sl_explain_input_text (
          in, spread != NULL && sl_explain_input_has_spread (in) ? spread (in->signal, data) : NAN);
      g_string_append_printf (s, "  %s\n", t);
    }
  if (x->thresholds->len > 0)
    g_string_append_printf (s, "\n%s\n", _ ("Thresholds"));
  for (guint i = 0; i < x->thresholds->len; i++)
    {
      g_autofree char *t
          = sl_explain_threshold_text (&g_array_index (x->thresholds, SlExplThreshold, i));
      g_string_append_printf (s, "  %s\n", t);
    }
  if (x->parts->len > 0)
    g_string_append_printf (s, "\n%s\n", _ ("Made of"));
  for (guint i = 0; i < x->parts->len; i++)
    {
      const SlExplPart *p = &g_array_index (x->parts, SlExplPart, i);
      double share = x->parts_total != 0 ? p->part / x->parts_total : NAN;
      g_string_append_printf (s, "  %s  %g (%.0f %%)\n", sl_explain_signal_label (p->name), p->part,
                              100 * share);
    }
  if (x->evidence->len > 0)
    g_string_append_printf (s, "\n%s\n", _ ("Evidence"));
  for (guint i = 0; i < x->evidence->len; i++)
    {
      const SlExplEvidence *e = &g_array_index (x->evidence, SlExplEvidence, i);
      g_autofree char *at
          = isfinite (e->start_s) ? sl_explain_format_clock (e->start_s) : g_strdup ("—");
      if (e->first >= 0)
        g_string_append_printf (s, _ ("  %s: frame %" PRId64 " at %s\n"),
                                sl_explain_role_label (e->role), e->first, at);
      else
        g_string_append_printf (s, _ ("  %s at %s\n"), sl_explain_role_label (e->role), at);
    }
  if (x->changes->len > 0)
    g_string_append_c (s, '\n');
  for (guint i = 0; i < x->changes->len; i++)
    {
      g_autofree char *t = sl_explain_change_text (x, &g_array_index (x->changes, SlExplChange, i));
      g_string_append_printf (s, "%s\n", t);
    }
  if (x->processor != NULL)
    g_string_append_printf (s, _ ("\nFound by %s %s\n"), x->processor, x->processor_version);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
