/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The processors Sightline knows, and the plan of one run: which of them
 * run, in which order (each after what it needs), with which parameter
 * values, and where each signal sits in a frame's row of values.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-processor.h"

G_BEGIN_DECLS

/* Every processor, NULL-terminated. */
const SlProcessorInfo *const *sl_processors_all (void);
const SlProcessorInfo *sl_processors_find (const char *id);

/* A plan of every known processor with its defaults. */
SlPlan *sl_plan_new (GError **error);
void sl_plan_free (SlPlan *plan);

/* Sets "<id>.<param>=<value>"; refuses unknown names and values out of
 * range, naming the range. */
gboolean sl_plan_set (SlPlan *plan, const char *assignment, GError **error);

guint sl_plan_n_processors (const SlPlan *plan);
const SlProcessorInfo *sl_plan_processor (const SlPlan *plan, guint i);
const double *sl_plan_params (const SlPlan *plan, guint i);
/* The slot of each of processor i's needs (-1 for the face stage's). */
const int *sl_plan_need_slots (const SlPlan *plan, guint i);
/* Index of processor i's first signal in a frame's values. */
guint sl_plan_first_slot (const SlPlan *plan, guint i);

guint sl_plan_n_signals (const SlPlan *plan);
/* The slot of a signal by full name, or -1. */
int sl_plan_slot (const SlPlan *plan, const char *signal);
/* Full name ("head_pose.yaw") of slot @slot. */
const char *sl_plan_signal_name (const SlPlan *plan, guint slot);

/* The slots of every signal the frame stage provides, in plan order: what
 * the temporal stage reads back from the library when it runs again over
 * stored results (a resumed run, a what-if).  An array of guint. */
GArray *sl_plan_frame_stage_slots (const SlPlan *plan);

/* One processor's id, version and parameter values as a JSON object, added
 * where @builder stands: for provenance and for explanations. */
void sl_processor_describe (const SlProcessorInfo *info, const double *params,
                            JsonBuilder *builder);

/* Provenance: each processor's id, version and parameter values, appended
 * to @builder's open array. */
void sl_plan_describe (const SlPlan *plan, JsonBuilder *builder);

/* Orders @infos (NULL-terminated) so that each comes after what it needs;
 * fails naming a need nobody provides.  Exposed for tests. */
GPtrArray *sl_processors_order (const SlProcessorInfo *const *infos, GError **error);

/* The eye aspect ratio of the eye whose six iBUG points start at @first
 * (36: the eye on the image's left, the person's right; 42: the other), or
 * NaN. */
double sl_eye_aspect_ratio (const float *points, int first);
/* The gaze processor's features of one eye (0: the eye on the image's
 * left, corners 36 and 39; 1: corners 42 and 45) for a pupil at @px, @py:
 * the pupil's offset from the corners' middle along and across the corner
 * line, in corner-to-corner widths.  FALSE when there is none. */
gboolean sl_gaze_eye_features (const float *points, int eye, double px, double py, double *h,
                               double *v);
/* The inner-mouth aspect ratio (points 60–67), or NaN. */
double sl_mouth_aspect_ratio (const float *points);
/* Projects @n points given in the face's own frame (millimetres, x to the
 * image right, y down, z away from the camera, origin at the nose tip) into
 * a @width × @height image for the head pose processor's six signals
 * (yaw, pitch, roll in degrees; tx, ty, tz in millimetres): for drawing
 * the head's axes.  FALSE for a pose that does not project. */
gboolean sl_head_pose_project (const double pose[6], int width, int height, double focal_px,
                               const float *model_xyz, int n, float *image_xy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPlan, sl_plan_free)

G_END_DECLS
