/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fusion: one state per moment — alert, drowsy, distracted or unknown —
 * from the other processors, and alerts that do not nag.
 *
 * Each frame proposes a state: unknown without a face or without eyes;
 * drowsy when the drowsiness processor says so or the eyes have been
 * closed for microsleep_s (eyes.closed_for, which spans the eyes
 * processor's merge gaps); distracted when the head has been turned away
 * (attention.away) for distracted_s; alert otherwise.  Drowsy outranks
 * distracted: closed eyes make where the head points moot.
 *
 * The state follows the proposals with hysteresis, as alarm logic in
 * driver monitoring does (Euro NCAP's DSM protocol asks for warnings that
 * persist and do not flicker): a new state is taken only after it has
 * been proposed without a break for enter_s (closed eyes and a turned head
 * counted from when they began), and a drowsy or distracted
 * state is left for alert only after release_s of alert proposals.
 * Entering drowsy or distracted raises an alert, unless an alert of the
 * same kind was raised less than cooldown_s before; the suppressed ones
 * are counted in the next alert's explanation.  When a run completes,
 * alerts per minute of analysed time is stored as the run's metric
 * "fusion.alerts_per_minute".
 *
 * Each state stretch is an event ("state") with the state before it and
 * what caused it.  No recording here has states annotated: the times are
 * design choices, stated in the parameters.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sl-explain.h"
#include "sl-processors.h"

enum
{
  P_ENTER,
  P_RELEASE,
  P_COOLDOWN,
  P_MICROSLEEP,
  P_DISTRACTED,
};

static const SlParamSpec params[] = {
  [P_ENTER] = { "enter_s", 1.0, 0, 30, FALSE,
                N_ ("seconds a new state must be proposed without a break before it is taken") },
  [P_RELEASE] = { "release_s", 2.0, 0, 60, FALSE,
                  N_ ("seconds of alert proposals before a drowsy or distracted state ends") },
  [P_COOLDOWN]
  = { "cooldown_s", 30, 0, 3600, FALSE,
      N_ ("seconds after an alert during which another of the same kind is held back") },
  [P_MICROSLEEP] = { "microsleep_s", 1.5, 0.3, 10, FALSE,
                     N_ ("seconds of closed eyes that make the state drowsy at once") },
  [P_DISTRACTED] = { "distracted_s", 2.0, 0, 60, FALSE,
                     N_ ("seconds of the head turned away that make the state distracted") },
};

static const char *const needs[]
    = { "eyes.closed_for", "drowsiness.drowsy", "attention.away", "quality.reason", NULL };
enum
{
  NEED_CLOSED_FOR,
  NEED_DROWSY,
  NEED_AWAY,
};
static const char *const provides[] = { "state", "alert", NULL };

typedef enum
{
  STATE_UNKNOWN,
  STATE_ALERT,
  STATE_DROWSY,
  STATE_DISTRACTED,
  N_STATES
} State;

static const char *const state_names[] = { "unknown", "alert", "drowsy", "distracted" };

/* Why a frame proposed its state. */
typedef enum
{
  CAUSE_NO_FACE,
  CAUSE_NO_EYES,
  CAUSE_DROWSINESS,
  CAUSE_EYES_CLOSED,
  CAUSE_HEAD_AWAY,
  CAUSE_NOTHING,
  N_CAUSES
} Cause;

static const char *const cause_names[] = {
  "no face", "no eyes", "drowsiness.drowsy", "eyes.closed", "attention.away", "none",
};

typedef struct
{

  /* How long the head has been away. */
  gboolean away_on;
  double away_since;

  State state;
  gint64 state_first, state_last;
  double state_first_s, state_last_s;
  State previous;
  int causes[N_CAUSES]; /* over the current state's frames */

  State proposed; /* the proposal under way and since when */
  double proposed_since;

  double last_alert_s[N_STATES];
  gboolean alerted[N_STATES];
  int suppressed[N_STATES];
  int alerts;
  gboolean have_first;
  double first_s, last_s;
} Fusion;

extern const SlProcessorInfo sl_fusion_processor;

static gpointer
fusion_create (const double *p, GError **error)
{
  Fusion *f = g_new0 (Fusion, 1);
  f->state = f->proposed = f->previous = STATE_UNKNOWN;
  f->state_first = -1;
  return f;
}

static void
fusion_destroy (gpointer state)
{
  g_free (state);
}

static void
close_state (Fusion *f, const double *p, GPtrArray *events)
{
  if (f->state_first < 0)
    return;
  Cause main = CAUSE_NOTHING;
  for (int c = 0; c < N_CAUSES; c++)
    if (f->causes[c] > f->causes[main])
      main = c;
  int frames = 0;
  for (int c = 0; c < N_CAUSES; c++)
    frames += f->causes[c];

  SlEvent *ev = sl_explain_event (&sl_fusion_processor, "state", f->state_first, f->state_first_s,
                                  f->state_last, f->state_last_s, f->state);
  SlExplanation *x = sl_explain_begin (&sl_fusion_processor, p, "state");
  x->value_unit = (g_free (x->value_unit), g_strdup ("{state}"));
  json_object_set_string_member (x->details, "state", state_names[f->state]);
  json_object_set_string_member (x->details, "previous", state_names[f->previous]);
  json_object_set_string_member (x->details, "cause", cause_names[main]);
  /* Each cause's frames: the parts of the stretch. */
  for (int c = 0; c < N_CAUSES; c++)
    if (f->causes[c] > 0)
      {
        sl_explanation_add_input (x, cause_names[c], "frames", f->causes[c], "{frame}");
        sl_explanation_add_part (x, cause_names[c], f->causes[c]);
      }
  sl_explanation_add_threshold (x, "enter_s", p[P_ENTER], f->state_last_s - f->state_first_s, "s",
                                "above", NULL);
  sl_explain_evidence (x, f->state_first, f->state_first_s, -1, NAN, f->state_last, f->state_last_s,
                       frames);
  sl_explanation_add_change (x, "enter_s", "above", f->state_last_s - f->state_first_s);
  sl_explain_end (x, ev);
  g_ptr_array_add (events, ev);
}

static void
raise_alert (Fusion *f, const double *p, const SlFaceResult *face, Cause cause, GPtrArray *events,
             double *out)
{
  State s = f->state;
  double since = face->time_s - f->last_alert_s[s];
  if (f->alerted[s] && since < p[P_COOLDOWN])
    {
      f->suppressed[s]++;
      return;
    }
  out[1] = 1;
  f->alerts++;
  SlEvent *ev = sl_explain_event (&sl_fusion_processor, "alert", face->frame, face->time_s,
                                  face->frame, face->time_s, 1);
  SlExplanation *x = sl_explain_begin (&sl_fusion_processor, p, "alert");
  x->value_unit = (g_free (x->value_unit), g_strdup ("{alert}"));
  json_object_set_string_member (x->details, "state", state_names[s]);
  json_object_set_string_member (x->details, "cause", cause_names[cause]);
  json_object_set_int_member (x->details, "held_back_since_last", f->suppressed[s]);
  sl_explanation_add_input (x, cause_names[cause], "proposed_for_s",
                            face->time_s - f->proposed_since, "s");
  sl_explanation_set_limit (x, p[P_ENTER], "above");
  sl_explanation_add_threshold (x, "enter_s", p[P_ENTER], face->time_s - f->proposed_since, "s",
                                "above", NULL);
  if (f->alerted[s])
    sl_explanation_add_threshold (x, "cooldown_s", p[P_COOLDOWN], since, "s", "above", NULL);
  sl_explain_evidence (x, f->state_first, f->state_first_s, -1, NAN, face->frame, face->time_s, 1);
  sl_explanation_add_change (x, "enter_s", "above", face->time_s - f->proposed_since);
  sl_explain_end (x, ev);
  g_ptr_array_add (events, ev);
  f->alerted[s] = TRUE;
  f->last_alert_s[s] = face->time_s;
  f->suppressed[s] = 0;
}

static gboolean
fusion_process (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Fusion *f = state;
  const double *p = ctx->params;
  const SlFaceResult *face = ctx->face;
  double t = face->time_s;
  if (!f->have_first)
    {
      f->have_first = TRUE;
      f->first_s = t;
    }
  f->last_s = t;

  double closed_for = sl_need (ctx, NEED_CLOSED_FOR), drowsy = sl_need (ctx, NEED_DROWSY);
  gboolean is_away = sl_need (ctx, NEED_AWAY) > 0.5;
  if (is_away && !f->away_on)
    f->away_since = t;
  f->away_on = is_away;

  /* The proposal, and since when its evidence holds: closed eyes and a
   * turned head count from when they began, so that enter_s does not add
   * to microsleep_s or distracted_s. */
  State proposal;
  Cause cause;
  double since = t;
  if (!face->success)
    proposal = STATE_UNKNOWN, cause = CAUSE_NO_FACE;
  else if (!isfinite (closed_for))
    proposal = STATE_UNKNOWN, cause = CAUSE_NO_EYES;
  else if (drowsy > 0.5)
    proposal = STATE_DROWSY, cause = CAUSE_DROWSINESS;
  else if (closed_for >= p[P_MICROSLEEP])
    proposal = STATE_DROWSY, cause = CAUSE_EYES_CLOSED, since = t - closed_for;
  else if (is_away && t - f->away_since >= p[P_DISTRACTED])
    proposal = STATE_DISTRACTED, cause = CAUSE_HEAD_AWAY, since = f->away_since;
  else
    proposal = STATE_ALERT, cause = CAUSE_NOTHING;

  if (proposal != f->proposed)
    {
      f->proposed = proposal;
      f->proposed_since = since;
    }
  ctx->out[1] = 0;
  double hold
      = (f->state == STATE_DROWSY || f->state == STATE_DISTRACTED) && proposal == STATE_ALERT
            ? p[P_RELEASE]
            : p[P_ENTER];
  gboolean first = f->state_first < 0;
  if (proposal != f->state && (first || t - f->proposed_since >= hold))
    {
      close_state (f, p, ctx->events);
      f->previous = f->state;
      f->state = proposal;
      f->state_first = face->frame;
      f->state_first_s = t;
      memset (f->causes, 0, sizeof f->causes);
      if (proposal == STATE_DROWSY || proposal == STATE_DISTRACTED)
        raise_alert (f, p, face, cause, ctx->events, ctx->out);
    }
  f->state_last = face->frame;
  f->state_last_s = t;
  f->causes[cause]++;
  ctx->out[0] = f->state;
  return TRUE;
}

static gboolean
fusion_finish (gpointer state, const SlFrameContext *ctx, GError **error)
{
  Fusion *f = state;
  close_state (f, ctx->params, ctx->events);
  f->state_first = -1;
  double minutes = (f->last_s - f->first_s) / 60;
  if (ctx->metrics != NULL && f->have_first && minutes > 0)
    {
      SlMetric m = { "fusion.alerts_per_minute", f->alerts / minutes };
      g_array_append_val (ctx->metrics, m);
    }
  return TRUE;
}

const SlProcessorInfo sl_fusion_processor = {
  .id = "fusion",
  .version = "1.0",
  .stage = SL_STAGE_TEMPORAL,
  .method = "one state per moment from drowsiness, closed eyes and head attention, with "
            "hysteresis, a minimum time and a cooldown between alerts of a kind",
  .needs = needs,
  .provides = provides,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .create = fusion_create,
  .process = fusion_process,
  .finish = fusion_finish,
  .destroy = fusion_destroy,
};
