/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stored form of a run's frames and signals (docs/data-model.md,
 * "Blocks"): each batch the writer commits is one block of frames and, per
 * signal, one block of values, so that an hour of video takes tens of
 * megabytes and one frame is read back by decoding one block.
 *
 * Numbers are little-endian; a varint is LEB128; a zigzag varint maps
 * 0, −1, 1, −2 … to 0, 1, 2, 3 ….  A frame block holds, per frame in frame
 * order: the frame's distance from the previous one (varint; the first
 * from the block's first frame), its time (float64), flags (bit 0 a face,
 * bit 1 detected, bit 2 points as float32) and, with a face: the track id
 * (zigzag), the score and the box (float32), and the 68 points — as
 * sixteenths of a pixel, each coordinate a zigzag varint from the
 * previous point's (the first from the box's corner), or as float32 where
 * a point is not finite or beyond ±2^19 pixels.  A signal block holds, per
 * value, its frame's distance from the previous value's (varint) and the
 * value (float32).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sl-store-private.h"

/* Beyond this a sixteenth of a pixel is no longer exact in a float. */
#define MAX_QUANTISED_PX (1 << 19)

enum
{
  FLAG_SUCCESS = 1 << 0,
  FLAG_DETECTED = 1 << 1,
  FLAG_RAW_POINTS = 1 << 2,
};

static void
put_varint (GByteArray *b, guint64 v)
{
  guint8 buf[10];
  guint n = 0;
  do
    {
      guint8 byte = v & 0x7f;
      v >>= 7;
      buf[n++] = byte | (v ? 0x80 : 0);
    }
  while (v);
  g_byte_array_append (b, buf, n);
}

static void
put_zigzag (GByteArray *b, gint64 v)
{
  put_varint (b, ((guint64)v << 1) ^ (guint64)(v >> 63));
}

static void
put_le (GByteArray *b, guint64 u, guint n)
{
  guint8 buf[8];
  for (guint k = 0; k < n; k++)
    buf[k] = (guint8)(u >> (8 * k));
  g_byte_array_append (b, buf, n);
}

static void
put_f32 (GByteArray *b, float v)
{
  guint32 u;
  memcpy (&u, &v, 4);
  put_le (b, u, 4);
}

static void
put_f64 (GByteArray *b, double v)
{
  guint64 u;
  memcpy (&u, &v, 8);
  put_le (b, u, 8);
}

static guint64
get_varint (SlBlockReader *r)
{
  guint64 v = 0;
  for (guint shift = 0; shift < 64; shift += 7)
    {
      if (r->at >= r->end)
        break;
      guint8 byte = *r->at++;
      v |= (guint64)(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        return v;
    }
  r->bad = TRUE;
  return 0;
}

static gint64
get_zigzag (SlBlockReader *r)
{
  guint64 u = get_varint (r);
  return (gint64)(u >> 1) ^ -(gint64)(u & 1);
}

/* @n bytes, little-endian; 0 and @bad set when fewer are left. */
static guint64
get_le (SlBlockReader *r, guint n)
{
  if (r->end - r->at < (gssize)n)
    {
      r->bad = TRUE;
      r->at = r->end;
      return 0;
    }
  guint64 u = 0;
  for (guint k = 0; k < n; k++)
    u |= (guint64)r->at[k] << (8 * k);
  r->at += n;
  return u;
}

static float
get_f32 (SlBlockReader *r)
{
  guint32 u = (guint32)get_le (r, 4);
  float v;
  memcpy (&v, &u, 4);
  return r->bad ? NAN : v;
}

static double
get_f64 (SlBlockReader *r)
{
  guint64 u = get_le (r, 8);
  double v;
  memcpy (&v, &u, 8);
  return r->bad ? NAN : v;
}

/* @at moved on by @step, FALSE where a crafted block would overflow. */
static gboolean
step_on (SlBlockReader *r, gint64 at, guint64 step, gint64 *out)
{
  if (at < 0 || step > (guint64)(G_MAXINT64 - at))
    {
      r->bad = TRUE;
      return FALSE;
    }
  *out = at + (gint64)step;
  return TRUE;
}

static gboolean
points_quantisable (const float *points)
{
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    if (!isfinite (points[k]) || fabsf (points[k]) >= MAX_QUANTISED_PX)
      return FALSE;
  return TRUE;
}

/* Where the first point's coordinates count from: the box's corner. */
static gint64
anchor (float v)
{
  return isfinite (v) && fabsf (v) < MAX_QUANTISED_PX ? lrintf (v * 16) : 0;
}

void
sl_face_result_as_stored (SlFaceResult *r)
{
  if (!r->success)
    {
      r->face_id = -1;
      r->confidence = 0;
      memset (r->box, 0, sizeof r->box);
      memset (r->points, 0, sizeof r->points);
      return;
    }
  if (points_quantisable (r->points))
    for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
      r->points[k] = (float)(lrintf (r->points[k] * 16) / 16.0);
}

void
sl_block_put_frame (GByteArray *b, const SlFaceResult *stored, gint64 prev_frame)
{
  SlFaceResult r = *stored;
  sl_face_result_as_stored (&r);
  put_varint (b, (guint64)(r.frame - prev_frame));
  put_f64 (b, r.time_s);
  gboolean raw = r.success && !points_quantisable (r.points);
  guint8 flags = (r.success ? FLAG_SUCCESS : 0) | (r.detected ? FLAG_DETECTED : 0)
                 | (raw ? FLAG_RAW_POINTS : 0);
  g_byte_array_append (b, &flags, 1);
  if (!r.success)
    return;
  put_zigzag (b, r.face_id);
  put_f32 (b, r.confidence);
  for (int k = 0; k < 4; k++)
    put_f32 (b, r.box[k]);
  if (raw)
    {
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        put_f32 (b, r.points[k]);
      return;
    }
  gint64 prev[2] = { anchor (r.box[0]), anchor (r.box[1]) };
  for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
    {
      gint64 q = lrintf (r.points[k] * 16);
      put_zigzag (b, q - prev[k % 2]);
      prev[k % 2] = q;
    }
}

gboolean
sl_block_get_frame (SlBlockReader *rd, SlFaceResult *r, gint64 prev_frame)
{
  memset (r, 0, sizeof *r);
  guint64 step = get_varint (rd);
  if (!step_on (rd, prev_frame, step, &r->frame))
    return FALSE;
  r->time_s = get_f64 (rd);
  if (rd->at >= rd->end)
    rd->bad = TRUE;
  if (rd->bad)
    return FALSE;
  guint8 flags = *rd->at++;
  r->success = (flags & FLAG_SUCCESS) != 0;
  r->detected = (flags & FLAG_DETECTED) != 0;
  r->face_id = -1;
  if (!r->success)
    return TRUE;
  gint64 id = get_zigzag (rd);
  if (id < G_MININT || id > G_MAXINT)
    rd->bad = TRUE;
  r->face_id = (int)CLAMP (id, G_MININT, G_MAXINT);
  r->confidence = get_f32 (rd);
  for (int k = 0; k < 4; k++)
    r->box[k] = get_f32 (rd);
  if (flags & FLAG_RAW_POINTS)
    for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
      r->points[k] = get_f32 (rd);
  else
    {
      gint64 prev[2] = { anchor (r->box[0]), anchor (r->box[1]) };
      for (int k = 0; k < SL_LANDMARK_POINTS * 2; k++)
        {
          gint64 delta = get_zigzag (rd);
          if (__builtin_add_overflow (prev[k % 2], delta, &prev[k % 2]))
            rd->bad = TRUE;
          r->points[k] = (float)(prev[k % 2] / 16.0);
        }
    }
  return !rd->bad;
}

void
sl_block_put_value (GByteArray *b, gint64 frame, double value, gint64 prev_frame)
{
  put_varint (b, (guint64)(frame - prev_frame));
  put_f32 (b, (float)sl_value_as_stored (value));
}

gboolean
sl_block_get_value (SlBlockReader *rd, gint64 *frame, double *value, gint64 prev_frame)
{
  if (!step_on (rd, prev_frame, get_varint (rd), frame))
    return FALSE;
  *value = get_f32 (rd);
  return !rd->bad;
}
