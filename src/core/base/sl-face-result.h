/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the face stage found on one analysed frame.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_LANDMARK_POINTS 68

typedef struct
{
  gint64 frame;
  double time_s;
  gboolean success;  /* a face with landmarks */
  gboolean detected; /* the detector ran on this frame (not tracked) */
  int face_id;       /* track id, -1 when no face */
  float confidence;  /* detector score of the face (of the track's last detection when tracked) */
  float box[4];      /* x, y, w, h in pixels */
  float points[SL_LANDMARK_POINTS * 2];
} SlFaceResult;

G_END_DECLS
