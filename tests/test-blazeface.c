/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BlazeFace: anchor decoding and weighted non-maximum suppression on
 * constructed network outputs, and detection on real frames.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "pipeline/sl-models.h"
#include "sl-test-util.h"
#include "vision.h"

typedef struct
{
  float s16[SLV_BLAZEFACE_ANCHORS_16];
  float b16[SLV_BLAZEFACE_ANCHORS_16 * 16];
  float s8[SLV_BLAZEFACE_ANCHORS_8];
  float b8[SLV_BLAZEFACE_ANCHORS_8 * 16];
} Raw;

static Raw *
raw_new (void)
{
  Raw *r = g_new0 (Raw, 1);
  for (int i = 0; i < SLV_BLAZEFACE_ANCHORS_16; i++)
    r->s16[i] = -20;
  for (int i = 0; i < SLV_BLAZEFACE_ANCHORS_8; i++)
    r->s8[i] = -20;
  return r;
}

static void
set_anchor (float *scores, float *boxes, int index, float logit, float dx, float dy, float w,
            float h)
{
  scores[index] = logit;
  float *b = boxes + index * 16;
  b[0] = dx;
  b[1] = dy;
  b[2] = w;
  b[3] = h;
  for (int k = 0; k < 6; k++)
    {
      b[4 + 2 * k] = dx + k;
      b[5 + 2 * k] = dy - k;
    }
}

static void
test_decode_anchors (void)
{
  g_autofree Raw *r = raw_new ();
  /* 16×16 layer, cell (x 5, y 7), first anchor: centre (5.5/16, 7.5/16). */
  int i16 = (7 * 16 + 5) * 2;
  set_anchor (r->s16, r->b16, i16, 4.0f, 2, -3, 32, 40);
  /* 8×8 layer, cell (x 1, y 6), fourth anchor. */
  int i8 = (6 * 8 + 1) * 6 + 3;
  set_anchor (r->s8, r->b8, i8, 1.0f, 0, 0, 16, 16);

  SlvFace faces[4];
  int n = slv_blazeface_decode (r->s16, r->b16, r->s8, r->b8, 128, 0.5f, faces, 4);
  g_assert_cmpint (n, ==, 2);
  /* Best first. */
  g_assert_cmpfloat_with_epsilon (faces[0].score, 1 / (1 + expf (-4.0f)), 1e-6);
  float cx = 5.5f / 16 + 2.0f / 128, cy = 7.5f / 16 - 3.0f / 128;
  g_assert_cmpfloat_with_epsilon (faces[0].x + faces[0].w / 2, cx, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[0].y + faces[0].h / 2, cy, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[0].w, 32.0f / 128, 1e-6);
  g_assert_cmpfloat_with_epsilon (faces[0].h, 40.0f / 128, 1e-6);
  g_assert_cmpfloat_with_epsilon (faces[0].keypoints[2][0], 5.5f / 16 + 4.0f / 128, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[0].keypoints[2][1], 7.5f / 16 - 5.0f / 128, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[1].x + faces[1].w / 2, 1.5f / 8, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[1].y + faces[1].h / 2, 6.5f / 8, 1e-5);

  /* Below the threshold: nothing. */
  n = slv_blazeface_decode (r->s16, r->b16, r->s8, r->b8, 128, 0.99f, faces, 4);
  g_assert_cmpint (n, ==, 0);
}

static void
test_decode_nms (void)
{
  g_autofree Raw *r = raw_new ();
  int a = (7 * 16 + 5) * 2;
  /* Two anchors of one cell that see the same face: merged, weighted by score. */
  set_anchor (r->s16, r->b16, a, 2.0f, 0, 0, 30, 30);
  set_anchor (r->s16, r->b16, a + 1, 0.0f, 4, 0, 30, 30);
  /* NaN and infinite outputs are ignored, not propagated. */
  r->s16[10] = NAN;
  r->s8[5] = INFINITY;
  r->b8[5 * 16 + 2] = NAN;

  SlvFace faces[4];
  int n = slv_blazeface_decode (r->s16, r->b16, r->s8, r->b8, 128, 0.4f, faces, 4);
  g_assert_cmpint (n, ==, 1);
  float s1 = 1 / (1 + expf (-2.0f)), s2 = 0.5f;
  float want = 5.5f / 16 + (s2 * 4.0f / 128) / (s1 + s2);
  g_assert_cmpfloat_with_epsilon (faces[0].x + faces[0].w / 2, want, 1e-5);
  g_assert_cmpfloat_with_epsilon (faces[0].score, s1, 1e-6);

  /* The output never exceeds the room given. */
  g_autofree Raw *many = raw_new ();
  for (int c = 0; c < 8; c++)
    set_anchor (many->s8, many->b8, (c * 8 + c) * 6, 3.0f, 0, 0, 4, 4);
  n = slv_blazeface_decode (many->s16, many->b16, many->s8, many->b8, 128, 0.5f, faces, 4);
  g_assert_cmpint (n, ==, 4);
}

static void
test_detect_real_frames (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *model = sl_models_find (SL_MODEL_BLAZEFACE_FRONT, &error);
  g_assert_no_error (error);
  char *err = NULL;
  SlvFaceDetector *d = slv_face_detector_new (model, 128, &err);
  g_assert_nonnull (d);

  g_autofree char *path = sl_test_data ("video/franck.mp4");
  SlvVideo *v = slv_video_open (path, &err);
  g_assert_nonnull (v);
  int checked = 0;
  for (gint64 index = 0; index < 4800; index += 600)
    {
      SlvFrame f = { 0 };
      g_assert_cmpint (slv_video_seek (v, index, &err), ==, 0);
      g_assert_cmpint (slv_video_read (v, &f, &err), ==, 1);
      /* Seeking is frame-accurate. */
      g_assert_cmpint (f.index, ==, index);
      SlvFace faces[4];
      int n = slv_face_detector_detect (d, &f.image, 0.5f, faces, 4, &err);
      g_assert_cmpint (n, ==, 1);
      SlvFace *face = &faces[0];
      g_test_message ("frame %" G_GINT64_FORMAT ": box %.0f,%.0f %.0f×%.0f score %.2f", index,
                      face->x, face->y, face->w, face->h, face->score);
      g_assert_cmpfloat (face->score, >, 0.8);
      /* One person, face-on, filling a good part of a 360×288 frame. */
      g_assert_cmpfloat (face->w, >, 80);
      g_assert_cmpfloat (face->w, <, 250);
      g_assert_cmpfloat (face->x, >=, 0);
      g_assert_cmpfloat (face->y + face->h, <=, 288 + 10);
      /* Eyes: inside the box, in its upper half, right eye on the image left. */
      for (int k = 0; k < 2; k++)
        {
          g_assert_cmpfloat (face->keypoints[k][0], >, face->x);
          g_assert_cmpfloat (face->keypoints[k][0], <, face->x + face->w);
          g_assert_cmpfloat (face->keypoints[k][1], <, face->y + face->h / 2 + 5);
        }
      g_assert_cmpfloat (face->keypoints[0][0], <, face->keypoints[1][0]);
      /* Mouth below the nose below the eyes. */
      g_assert_cmpfloat (face->keypoints[3][1], >, face->keypoints[2][1]);
      g_assert_cmpfloat (face->keypoints[2][1], >, face->keypoints[0][1]);
      slv_frame_clear (&f);
      checked++;
    }
  g_assert_cmpint (checked, ==, 8);

  /* An image with no face finds none; a 1×1 image is no crash. */
  SlvFrame blank = { 0 };
  guint8 px[3 * 64 * 64] = { 0 };
  SlvImage img = { 64, 64, 64 * 3, px };
  SlvFace faces[4];
  g_assert_cmpint (slv_face_detector_detect (d, &img, 0.5f, faces, 4, &err), ==, 0);
  SlvImage tiny = { 1, 1, 3, px };
  g_assert_cmpint (slv_face_detector_detect (d, &tiny, 0.5f, faces, 4, &err), >=, 0);
  slv_frame_clear (&blank);
  slv_video_close (v);
  slv_face_detector_free (d);
}

static void
test_bad_model (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *fake
      = g_build_filename (dir, "face_detection_front_128x128_barracuda.onnx", NULL);
  g_file_set_contents (fake, "not a network", -1, NULL);
  g_setenv ("SIGHTLINE_MODEL_DIR", dir, TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = sl_models_find (SL_MODEL_BLAZEFACE_FRONT, &error);
  g_unsetenv ("SIGHTLINE_MODEL_DIR");
  g_assert_null (path);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "damaged"));

  /* And the vision layer itself refuses a broken file with a message. */
  char *err = NULL;
  g_assert_null (slv_face_detector_new (fake, 128, &err));
  g_assert_nonnull (err);
  free (err);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  slv_init (1);
  g_test_add_func ("/vision/blazeface/decode-anchors", test_decode_anchors);
  g_test_add_func ("/vision/blazeface/decode-nms", test_decode_nms);
  g_test_add_func ("/vision/blazeface/real-frames", test_detect_real_frames);
  g_test_add_func ("/vision/blazeface/bad-model", test_bad_model);
  return g_test_run ();
}
