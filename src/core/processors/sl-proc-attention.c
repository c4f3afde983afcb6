/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attention: distraction as the head held beyond yaw or pitch limits for
 * longer than a set time, the usual driver-monitoring rule (as in Euro
 * NCAP's driver-state assessment: a glance away held ≥ 3 s, or repeated
 * shorter ones; here the time is a parameter, 2 s by default as the
 * interview product used), and stretches without a face, each with the
 * cause the quality processor gave for most of its frames.
 *
 * A temporal processor: it sees analysed frames in order.  Durations run
 * from the first to the last frame of a stretch.  Gaze direction joins the
 * distraction rule once the gaze processor exists.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sl-error.h"
#include "sl-explain.h"
#include "sl-processors.h"

#define VERSION "1.0"

enum
{
  P_MAX_YAW,
  P_MAX_PITCH,
  P_MIN_DURATION,
  P_NO_FACE_MIN,
};

static const SlParamSpec params[] = {
  [P_MAX_YAW] = { "max_yaw", 30, 0, 90, FALSE,
                  N_ ("head yaw, in degrees either way, beyond which the head is turned away") },
  [P_MAX_PITCH]
  = { "max_pitch", 20, 0, 90, FALSE,
      N_ ("head pitch, in degrees either way, beyond which the head is turned away") },
  [P_MIN_DURATION] = { "min_duration_s", 2.0, 0, 60, FALSE,
                       N_ ("seconds the head must stay turned away to count as distracted") },
  [P_NO_FACE_MIN]
  = { "no_face_min_s", 1.0, 0, 60, FALSE, N_ ("seconds without a face before a no-face event") },
};

static const char *const needs[] = { "head_pose.yaw", "head_pose.pitch", "quality.reason", NULL };
static const char *const provides[] = { "away", NULL };

/* The quality processor's reason codes. */
static const char *const reason_names[] = {
  "usable",         "no face found",       "too dark", "too bright", "blurred",
  "face too small", "face tilted too far",
};

typedef struct
{
  gboolean active;
  gint64 first, last, peak_frame;
  double first_s, last_s;
  int frames;
  /* distraction */
  double peak_yaw, peak_pitch, peak_ratio;
  int yaw_frames, pitch_frames;
  /* no face */
  int reasons[G_N_ELEMENTS (reason_names)];
} Stretch;

typedef struct
{
  int yaw, pitch, reason; /* slots, resolved on the first frame */
  gboolean resolved;
  Stretch away;
  Stretch none;
} Attention;

static gpointer
attention_create (const double *p, GError **error)
{
  return g_new0 (Attention, 1);
}

static void
attention_destroy (gpointer state)
{
  g_free (state);
}

extern const SlProcessorInfo sl_attention_processor;

static SlEvent *
new_event (const char *kind, const Stretch *s, double score)
{
  return sl_explain_event (&sl_attention_processor, kind, s->first, s->first_s, s->last, s->last_s,
                           score);
}

static void
close_away (Attention *a, const double *p, GPtrArray *events)
{
  Stretch *s = &a->away;
  if (!s->active)
    return;
  s->active = FALSE;
  double duration = s->last_s - s->first_s;
  if (duration < p[P_MIN_DURATION])
    return;

  JsonBuilder *b = sl_explain_begin ();
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  const char *names[] = { "head_pose.yaw", "head_pose.pitch" };
  const double peaks[] = { s->peak_yaw, s->peak_pitch };
  const int beyond[] = { s->yaw_frames, s->pitch_frames };
  for (int k = 0; k < 2; k++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "signal");
      json_builder_add_string_value (b, names[k]);
      json_builder_set_member_name (b, "peak");
      json_builder_add_double_value (b, peaks[k]);
      json_builder_set_member_name (b, "frames_beyond");
      json_builder_add_int_value (b, beyond[k]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "thresholds");
  json_builder_begin_array (b);
  sl_explain_threshold (b, "max_yaw", p[P_MAX_YAW], fabs (s->peak_yaw));
  sl_explain_threshold (b, "max_pitch", p[P_MAX_PITCH], fabs (s->peak_pitch));
  sl_explain_threshold (b, "min_duration_s", p[P_MIN_DURATION], duration);
  json_builder_end_array (b);

  /* Each input's share: of the frames beyond a limit, how many it put there. */
  json_builder_set_member_name (b, "shares");
  json_builder_begin_object (b);
  double total = MAX (1, s->yaw_frames + s->pitch_frames);
  for (int k = 0; k < 2; k++)
    {
      json_builder_set_member_name (b, names[k]);
      json_builder_add_double_value (b, beyond[k] / total);
    }
  json_builder_end_object (b);

  sl_explain_evidence (b, s->first, s->peak_frame, s->last, s->frames);
  sl_explain_processor (b, &sl_attention_processor, p);

  gboolean by_yaw = s->yaw_frames >= s->pitch_frames;
  json_builder_set_member_name (b, "would_change");
  json_builder_begin_array (b);
  sl_explain_change (b, by_yaw ? "max_yaw" : "max_pitch", "at_least",
                     by_yaw ? fabs (s->peak_yaw) : fabs (s->peak_pitch));
  sl_explain_change (b, "min_duration_s", "above", duration);
  json_builder_end_array (b);

  SlEvent *e = new_event ("distracted", s, s->peak_ratio);
  sl_explain_end (b, e);
  g_ptr_array_add (events, e);
}

static void
close_none (Attention *a, const double *p, GPtrArray *events)
{
  Stretch *s = &a->none;
  if (!s->active)
    return;
  s->active = FALSE;
  double duration = s->last_s - s->first_s;
  if (duration < p[P_NO_FACE_MIN])
    return;

  /* The cause: the reason quality gave most often in the stretch. */
  guint cause = 1;
  for (guint k = 1; k < G_N_ELEMENTS (reason_names); k++)
    if (s->reasons[k] > s->reasons[cause])
      cause = k;

  JsonBuilder *b = sl_explain_begin ();
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "signal");
  json_builder_add_string_value (b, "face");
  json_builder_set_member_name (b, "frames_without");
  json_builder_add_int_value (b, s->frames);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "cause");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "signal");
  json_builder_add_string_value (b, "quality.reason");
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, cause);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, reason_names[cause]);
  json_builder_set_member_name (b, "share");
  json_builder_add_double_value (b, (double)s->reasons[cause] / MAX (1, s->frames));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "thresholds");
  json_builder_begin_array (b);
  sl_explain_threshold (b, "no_face_min_s", p[P_NO_FACE_MIN], duration);
  json_builder_end_array (b);
  sl_explain_evidence (b, s->first, -1, s->last, s->frames);
  sl_explain_processor (b, &sl_attention_processor, p);
  json_builder_set_member_name (b, "would_change");
  json_builder_begin_array (b);
  sl_explain_change (b, "no_face_min_s", "above", duration);
  json_builder_end_array (b);

  SlEvent *e = new_event ("no_face", s, p[P_NO_FACE_MIN] > 0 ? duration / p[P_NO_FACE_MIN] : 1);
  sl_explain_end (b, e);
  g_ptr_array_add (events, e);
}

static void
extend (Stretch *s, const SlFaceResult *face)
{
  if (!s->active)
    {
      memset (s, 0, sizeof *s);
      s->active = TRUE;
      s->first = face->frame;
      s->first_s = face->time_s;
    }
  s->last = face->frame;
  s->last_s = face->time_s;
  s->frames++;
}

static gboolean
attention_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Attention *a = state;
  const double *p = ctx->params;
  if (!a->resolved)
    {
      a->yaw = sl_plan_slot (ctx->plan, "head_pose.yaw");
      a->pitch = sl_plan_slot (ctx->plan, "head_pose.pitch");
      a->reason = sl_plan_slot (ctx->plan, "quality.reason");
      a->resolved = TRUE;
      g_assert (a->yaw >= 0 && a->pitch >= 0 && a->reason >= 0);
    }
  double yaw = ctx->row[a->yaw], pitch = ctx->row[a->pitch], reason = ctx->row[a->reason];

  if (!ctx->face->success)
    {
      close_away (a, p, ctx->events);
      extend (&a->none, ctx->face);
      if (isfinite (reason) && reason >= 0 && reason < G_N_ELEMENTS (reason_names))
        a->none.reasons[(int)reason]++;
      return TRUE;
    }
  close_none (a, p, ctx->events);

  if (!isfinite (yaw) || !isfinite (pitch))
    return TRUE; /* a face without a pose says nothing either way */
  gboolean yaw_out = fabs (yaw) > p[P_MAX_YAW];
  gboolean pitch_out = fabs (pitch) > p[P_MAX_PITCH];
  ctx->out[0] = yaw_out || pitch_out;
  if (!yaw_out && !pitch_out)
    {
      close_away (a, p, ctx->events);
      return TRUE;
    }
  Stretch *s = &a->away;
  extend (s, ctx->face);
  s->yaw_frames += yaw_out;
  s->pitch_frames += pitch_out;
  double ratio = MAX (p[P_MAX_YAW] > 0 ? fabs (yaw) / p[P_MAX_YAW] : 1,
                      p[P_MAX_PITCH] > 0 ? fabs (pitch) / p[P_MAX_PITCH] : 1);
  if (ratio > s->peak_ratio)
    {
      s->peak_ratio = ratio;
      s->peak_frame = ctx->face->frame;
    }
  if (fabs (yaw) > fabs (s->peak_yaw))
    s->peak_yaw = yaw;
  if (fabs (pitch) > fabs (s->peak_pitch))
    s->peak_pitch = pitch;
  return TRUE;
}

static gboolean
attention_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Attention *a = state;
  close_away (a, ctx->params, ctx->events);
  close_none (a, ctx->params, ctx->events);
  return TRUE;
}

const SlProcessorInfo sl_attention_processor = {
  .id = "attention",
  .version = VERSION,
  .stage = SL_STAGE_TEMPORAL,
  .method = "head yaw/pitch beyond limits held past a minimum time; no-face stretches with their "
            "quality cause",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = attention_create,
  .process = attention_process,
  .finish = attention_finish,
  .destroy = attention_destroy,
};
