/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a gaze calibration needs to know besides the eyes: the screen and
 * where the person sat (to turn pixels into degrees of visual angle), and
 * which target was shown when.  The schedule comes from a JSON sidecar
 * beside a recorded calibration (docs/formats.md) or from a layout.
 *
 * Degrees assume the eyes straight in front of the screen's centre at the
 * viewing distance given: they are only as good as that distance.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  int width_px, height_px;
  double width_mm, height_mm;
  double distance_mm; /* from the eyes to the screen */
  /* The camera's centre relative to the middle of the screen's top edge,
   * in mm, x to the right and y down (a webcam on the bezel: y < 0).
   * Part of the setup a profile was made in, compared when the profile is
   * applied to another session. */
  double camera_x_mm, camera_y_mm;
} SlScreenGeometry;

/* Whether @g describes a screen someone can sit in front of; the error
 * names the value that is not. */
gboolean sl_screen_geometry_check (const SlScreenGeometry *g, GError **error);

/* The visual angle, in degrees, between two points on the screen (pixels)
 * seen from the eyes. */
double sl_screen_angle (const SlScreenGeometry *g, double x1, double y1, double x2, double y2);

/* The geometry as members of a JSON object ("screen", "distance_mm",
 * "camera"), as sidecars and profiles hold it, and back.  Reading finds
 * nothing (@present FALSE) when there is no "screen"; it fails on members
 * that are there but not numbers. */
void sl_screen_geometry_to_json (const SlScreenGeometry *g, JsonBuilder *builder);
gboolean sl_screen_geometry_from_json (JsonObject *object, SlScreenGeometry *g, gboolean *present,
                                       GError **error);

/* Whether two geometries are the same setup (sizes within 1 %, distance and
 * camera within 50 mm). */
gboolean sl_screen_geometry_same_setup (const SlScreenGeometry *a, const SlScreenGeometry *b);

typedef struct
{
  char *id;
  double x, y;             /* on the screen, pixels */
  double start_ms, end_ms; /* when it was shown, from the recording's start */
  gboolean validation;     /* a validation point: measured, not fitted */
  /* Live runs only: when the target appeared (its eyes settled from then
   * to start_ms), and whether they settled before the longest settle time
   * ran out. */
  gboolean live;
  double shown_ms;
  gboolean settled;
} SlCalTarget;

typedef struct
{
  SlScreenGeometry geometry;
  gboolean has_geometry;
  int layout;      /* 5 or 9 when the targets follow a layout; 0 custom */
  GArray *targets; /* SlCalTarget, in time order */
} SlCalSchedule;

SlCalSchedule *sl_cal_schedule_new (void);
void sl_cal_schedule_free (SlCalSchedule *schedule);
/* A copy of @schedule with the targets @keep returns TRUE for (all when
 * @keep is NULL), in order. */
SlCalSchedule *sl_cal_schedule_copy (const SlCalSchedule *schedule,
                                     gboolean (*keep) (const SlCalTarget *target, gpointer data),
                                     gpointer data);

/* Reads a sidecar.  Targets without x and y take the positions of the
 * sidecar's "layout" (or @layout when not 0), in order; the geometry may be
 * absent (has_geometry FALSE) when it is given elsewhere. */
SlCalSchedule *sl_cal_schedule_load (const char *path, int layout, GError **error);

/* Writes @schedule as a sidecar that sl_cal_schedule_load reads back. */
gboolean sl_cal_schedule_save (const SlCalSchedule *schedule, const char *path, GError **error);

/* Checks the schedule against its geometry and a recording of
 * @duration_s seconds (0: unknown): targets on the screen, time ranges
 * positive, inside the recording and not overlapping, ids unique, at
 * least 4 calibration targets. */
gboolean sl_cal_schedule_check (const SlCalSchedule *schedule, double duration_s, GError **error);

/* Proposes each target's stable stretch from @events' fixations (the
 * saccades processor's "fixation" events; SlEvent): a target with a time
 * range takes the longest fixation that overlaps it (widened by 0.5 s),
 * kept clear of the targets before it; when no target has a range yet,
 * the calibration targets take, in time order, as many of the longest
 * fixations as there are targets.  Returns how many targets moved. */
int sl_cal_schedule_propose (SlCalSchedule *schedule, const GPtrArray *events);

/* The positions of a 5-point layout (top-left, top-right, bottom-left,
 * bottom-right, centre), a 9-point one (rows from the top, left to right)
 * or the 4 validation points, on a screen of @width × @height pixels, 10 %
 * in from the edges.  Returns the number of points written to @xy (pairs). */
int sl_cal_layout_points (int layout, int width, int height, double *xy);
#define SL_CAL_LAYOUT_VALIDATION 4

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCalSchedule, sl_cal_schedule_free)

G_END_DECLS
