/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readers of the annotation files the evaluations compare against (their
 * formats: sl-evaluate.h and docs/formats.md).  Apart so that they can be
 * tested and fuzzed on their own.
 */
#pragma once

#include <glib.h>

#include "base/sl-face-result.h"

G_BEGIN_DECLS

#define SL_EVAL_MAX_FILE_BYTES (64 * 1024 * 1024)

/* dlib imglab XML: the images' plain file names and, per image, its face
 * boxes (a GArray of float[4]: x, y, w, h; "ignore" boxes left out).
 * Appends to @lab. */
typedef struct
{
  GPtrArray *images; /* char * */
  GPtrArray *boxes;  /* GArray of float[4] per image */
} SlImglab;
gboolean sl_eval_read_imglab (const char *path, SlImglab *lab, GError **error);

/* 68 points as x, y pairs, 0-based: iBUG .pts (1-based in the file) or
 * menpo .ljson ([row, column]). */
gboolean sl_eval_read_pts (const char *path, float *pts, GError **error);
gboolean sl_eval_read_ljson (const char *path, float *pts, GError **error);

/* Eyeblink8 .tag: one row per annotated frame. */
typedef struct
{
  gint64 id;       /* annotation frame id */
  gint64 blink;    /* -1 outside a blink */
  gboolean closed; /* both eyes annotated fully closed */
} SlTagRow;
GArray *sl_eval_read_tag (const char *path, GError **error);

/* "subject,bpm" rows into @table (subject → double *). */
gboolean sl_eval_read_reference (const char *path, GHashTable *table, GError **error);

G_END_DECLS
