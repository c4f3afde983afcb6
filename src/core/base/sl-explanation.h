/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a result happened: one explanation model for events (what a
 * processor found over a stretch of frames) and scores (a figure of a
 * whole session), written by one writer and read by one reader that checks
 * what it reads (docs/explanations.md, schema version 2).
 *
 * An explanation is data, not prose: the inputs the result was computed
 * from, each with its unit and the level it was held against; the
 * parameters (thresholds) and the values they were compared with; the
 * parts of a composite result's value, which sum to it; the evidence
 * (frames and stretches of the recording); the parameter values at which
 * the outcome would change; and the processor with its version and every
 * parameter.  What only one kind of result has (a blink's phases, a
 * state's previous state) is in `details`.  The window and the CLI turn it
 * into sentences (processors/sl-explain-text.h).
 *
 * Units are UCUM codes: "1" (a ratio or share, no unit), "s", "deg", "mm",
 * "px", "/min", "dB", "Hz", and counts "{frame}", "{sample}", "{blink}",
 * "{yawn}", "{fixation}".
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_EXPLANATION_VERSION 2

typedef struct
{
  char *signal;   /* "eyes.ear", or a count's name ("frames_without_face") */
  char *stat;     /* what of it: "min", "max", "peak", "mean", "value", "count", … */
  double value;   /* NaN: none */
  char *unit;     /* UCUM */
  double limit;   /* the level it was held against, same unit; NaN: none */
  char *relation; /* how @value must stand to @limit for the result: "below", "above"; NULL */
} SlExplInput;

typedef struct
{
  char *param;     /* the processor's (or the score's) parameter */
  double value;    /* its value in this run */
  double observed; /* what was compared with it */
  char *unit;      /* of both */
  char *relation;  /* the result needs observed "above" (≥) or "below" (≤) the value */
  char *signal;    /* the signal @observed was taken from, when it is one; NULL */
} SlExplThreshold;

/* One input's part of a composite result: the parts sum to the
 * explanation's parts_total. */
typedef struct
{
  char *name;
  double part;
} SlExplPart;

typedef struct
{
  char *role;            /* "onset", "peak", "end", "stretch", "fixation" */
  gint64 first, last;    /* frames, both included; -1: not known */
  double start_s, end_s; /* NaN: not known */
  char *reason;          /* why, for a stretch ("no face"); NULL */
  double value;          /* a figure of it (a fixation's dispersion); NaN */
} SlExplEvidence;

typedef struct
{
  char *param;
  char *relation; /* "above", "below", "at_least", "at_most" */
  double value;
} SlExplChange;

typedef struct
{
  char *name;
  double value;
} SlExplParam;

typedef struct
{
  int version;        /* SL_EXPLANATION_VERSION when written */
  char *subject;      /* "event" or "score" */
  char *kind;         /* "blink", "collection_rate", … */
  double value;       /* the event's score, or the score's value */
  char *value_unit;   /* UCUM */
  gint64 frames;      /* analysed frames it covers; -1 */
  GArray *inputs;     /* SlExplInput */
  GArray *thresholds; /* SlExplThreshold */
  GArray *parts;      /* SlExplPart */
  double parts_total; /* what the parts sum to; NaN without parts */
  GArray *evidence;   /* SlExplEvidence */
  GArray *changes;    /* SlExplChange */
  char *processor;    /* id; NULL for a score */
  char *processor_version;
  GArray *params;      /* SlExplParam */
  JsonObject *details; /* never NULL */
} SlExplanation;

SlExplanation *sl_explanation_new (const char *subject, const char *kind);
void sl_explanation_free (SlExplanation *x);

/* Writing.  Strings are copied. */
void sl_explanation_add_input (SlExplanation *x, const char *signal, const char *stat, double value,
                               const char *unit);
/* The level the last input was held against. */
void sl_explanation_set_limit (SlExplanation *x, double limit, const char *relation);
void sl_explanation_add_threshold (SlExplanation *x, const char *param, double value,
                                   double observed, const char *unit, const char *relation,
                                   const char *signal);
void sl_explanation_add_part (SlExplanation *x, const char *name, double part);
void sl_explanation_add_evidence (SlExplanation *x, const char *role, gint64 first, gint64 last,
                                  double start_s, double end_s);
/* Of the last evidence added. */
void sl_explanation_set_evidence_reason (SlExplanation *x, const char *reason, double value);
void sl_explanation_add_change (SlExplanation *x, const char *param, const char *relation,
                                double value);
void sl_explanation_set_processor (SlExplanation *x, const char *id, const char *version);
void sl_explanation_add_param (SlExplanation *x, const char *name, double value);

/* The JSON object (docs/explanations.md); numbers that are not finite are
 * null. */
JsonNode *sl_explanation_to_node (const SlExplanation *x);
char *sl_explanation_to_json (const SlExplanation *x);

/* Reading: the explanation in @node, checked member by member; NULL with
 * SL_ERROR_CORRUPT naming the first member that is wrong.  Version 1
 * (libraries before schema 9) is read too and comes back as version 2. */
SlExplanation *sl_explanation_from_node (JsonNode *node, GError **error);
SlExplanation *sl_explanation_parse (const char *json, GError **error);

/* Derived figures. */
double sl_expl_threshold_margin (const SlExplThreshold *t); /* observed − value */
gboolean sl_expl_threshold_met (const SlExplThreshold *t);
const SlExplInput *sl_explanation_find_input (const SlExplanation *x, const char *signal);
double sl_explanation_param (const SlExplanation *x, const char *name); /* NaN: none */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExplanation, sl_explanation_free)

G_END_DECLS
