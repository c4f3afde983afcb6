/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An explanation (base/sl-explanation.h) in words, in the reader's
 * language: the names of kinds, signals and statistics, values with their
 * units, each input against its limit, each threshold with its margin, and
 * the sentence that says why — built from the structure, never stored.
 * The window's panel and `sightline explain` both say it this way.
 */
#pragma once

#include "base/sl-explanation.h"

G_BEGIN_DECLS

/* "Blink", "Gaze collection rate"; an unknown kind as it is. */
const char *sl_explain_kind_label (const char *kind);
/* An evidence's role: "onset", "peak", "end", "stretch", "fixation", translated. */
const char *sl_explain_role_label (const char *role);
/* The fusion processor's states: "alert", "drowsy"…, translated. */
const char *sl_explain_state_label (const char *state);
/* The fused state of code @code (fusion.state: 0 unknown, 1 alert,
 * 2 drowsy, 3 distracted; a state event's score), translated; NULL for
 * another code. */
const char *sl_explain_state_label_at (int code);
/* "EAR", "head yaw"; an unknown signal as it is. */
const char *sl_explain_signal_label (const char *signal);

/* @value in @unit (UCUM): "0.163", "1.62 s", "45.9°", "26 frames". */
char *sl_explain_format_value (double value, const char *unit);
/* A time in a recording as minutes and seconds to a tenth: "1:02.5". */
char *sl_explain_format_clock (double seconds);
/* @unit (UCUM) on an axis: "s", "°", "frames"; "" for a pure number. */
const char *sl_explain_unit_label (const char *unit);

/* The person's own spread of a signal: the standard deviation of its
 * finite values over the run (NaN with fewer than two), which margins are
 * told in. */
double sl_explain_spread (const double *values, gsize n);
/* Whether @input's margin can be put in its signal's spread: its value is
 * one of the signal's own (lowest, peak, mean…), not a duration or a
 * count of the event, whose units differ from the signal's. */
gboolean sl_explain_input_has_spread (const SlExplInput *input);

/* "EAR lowest 0.161 < 0.263 (−0.102)", with the margin in σ of the signal
 * when @sigma is finite and positive: "(−0.102, −2.3σ)". */
char *sl_explain_input_text (const SlExplInput *input, double sigma);
/* "closed_drop 0.511 > 0.2 (+0.311)"; "✗" when it was not met. */
char *sl_explain_threshold_text (const SlExplThreshold *threshold);
/* "It would not have been raised with closed_drop > 0.511." (an event) or
 * "It would pass with min_collection < 0.75." (a score). */
char *sl_explain_change_text (const SlExplanation *x, const SlExplChange *change);
/* The change's parameter with its processor: "eyes.closed_drop". */
char *sl_explain_change_param (const SlExplanation *x, const SlExplChange *change);

/* The reason in one line: each input held against its limit, joined:
 * "EAR lowest 0.161 < 0.263; duration 1.62 s > 1.5 s". */
char *sl_explain_reason (const SlExplanation *x);
/* The whole sentence: "Blink at 0:01.8 for 1.62 s because EAR lowest
 * 0.161 < 0.263." */
char *sl_explain_sentence (const SlExplanation *x, double start_s, double duration_s);

/* The σ of @signal over the run, NaN when unknown. */
typedef double (*SlSpreadFunc) (const char *signal, gpointer data);
/* Everything but the sentence, in words and in sections: the inputs
 * against their limits (margins in σ from @spread where that means
 * something; NULL: none), the thresholds, a composite's parts with their
 * shares, the evidence frames, the smallest changes and the processor.
 * What the panel and `sightline explain` show. */
char *sl_explain_details (const SlExplanation *x, SlSpreadFunc spread, gpointer data);

/* What was measured on one frame, to judge whether to trust it. */
typedef struct
{
  gboolean has_face; /* a face was found (detected or tracked) */
  double confidence; /* the face detector's score */
  double yaw_deg;    /* head yaw, NaN when unknown */
  double blur;       /* the quality processor's sharpness (variance of the Laplacian) */
  double reason;     /* the quality processor's reason code, NaN when unknown */
} SlFrameTrust;

/* Beyond this head yaw the 68-point landmark model, trained on the
 * near-frontal faces of iBUG 300-W, places the far eye's points poorly. */
#define SL_TRUST_MAX_YAW_DEG 45.0

/* Why what was measured on a frame is not to be trusted ("no face
 * found", "blurred", "head turned 52° from the camera"), translated;
 * NULL when nothing is wrong. */
char *sl_explain_distrust (const SlFrameTrust *trust);
/* The frame's gates in one line: "face 0.93 · yaw −21° · sharpness 85". */
char *sl_explain_trust_text (const SlFrameTrust *trust);

G_END_DECLS
