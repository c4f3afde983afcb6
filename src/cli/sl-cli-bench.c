/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sightline bench FILE`: decode-only against the full pipeline, speed and memory.
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "base/sl-scratch.h"
#include "media/sl-video-source.h"
#include "sl-cli-private.h"

static int opt_threads = 2;
static char *opt_preset;

/* Peak resident memory since the last reset, in bytes. */
static gint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  const char *p = strstr (status, "VmHWM:");
  return p ? g_ascii_strtoll (p + 6, NULL, 10) * 1024 : -1;
}

static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

typedef struct
{
  double bytes_per_frame;
  double read_us[2]; /* median, 95th percentile */
} Storage;

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* What the run takes in the library (its file and WAL, checkpointed), and
 * how long reading one frame's face and the video view's signals takes,
 * over 500 frames chosen at random. */
static gboolean
measure_storage (const char *lib, gint64 run_id, Storage *out, GError **error)
{
  static const char *const names[] = {
    "head_pose.yaw", "head_pose.pitch", "head_pose.roll", "head_pose.tx",       "head_pose.ty",
    "head_pose.tz",  "eyes.openness",   "eyes.closed",    "drowsiness.yawning", "pupils.left_x",
    "pupils.left_y", "pupils.right_x",  "pupils.right_y", "fusion.state",
  };
  g_autoptr (SlStore) store = sl_store_open (lib, error);
  if (store == NULL)
    return FALSE;
  g_autoptr (SlRun) run = sl_store_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  for (int i = 0; i < 500 && run->last_frame >= 0; i++)
    {
      gint64 frame = g_rand_int_range (rand, 0, (gint32)MIN (run->last_frame + 1, G_MAXINT32));
      double values[G_N_ELEMENTS (names)];
      SlFaceResult face;
      gint64 t0 = g_get_monotonic_time ();
      if (sl_store_get_face_near (store, run_id, frame, run->step - 1, &face, error))
        sl_store_get_signals (store, run_id, face.frame, names, G_N_ELEMENTS (names), values,
                              error);
      if (error != NULL && *error != NULL)
        return FALSE;
      double us = (double)(g_get_monotonic_time () - t0);
      g_array_append_val (times, us);
    }
  g_array_sort (times, compare_doubles);
  if (times->len > 0)
    {
      out->read_us[0] = g_array_index (times, double, times->len / 2);
      out->read_us[1] = g_array_index (times, double, (times->len * 95) / 100);
    }
  gint64 frames = run->frames_done;
  g_clear_pointer (&store, sl_store_free);
  gint64 bytes = 0;
  const char *suffixes[] = { "", "-wal" };
  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *path = g_strconcat (lib, suffixes[k], NULL);
      GStatBuf st;
      if (g_stat (path, &st) == 0)
        bytes += st.st_size;
    }
  out->bytes_per_frame = frames > 0 ? (double)bytes / frames : 0;
  return TRUE;
}

int
sl_cli_bench (int argc, char **argv)
{
  const GOptionEntry entries[]
      = { { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, N_ ("Worker threads (default 2)"),
            N_ ("N") },
          { "preset", 'p', 0, G_OPTION_ARG_STRING, &opt_preset,
            N_ ("Frame-skip preset of the pipeline pass (default every-frame)"), N_ ("PRESET") },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) ctx
      = sl_cli_verb_context ("bench", _ ("FILE"),
                             _ ("Decodes a recording once with no processing and once through the "
                                "full pipeline (into a temporary library), and prints frames per "
                                "second, per-stage milliseconds per frame, their ratio and peak "
                                "memory."),
                             entries);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return sl_cli_usage_error (ctx, error->message);
  if (argc != 2)
    return sl_cli_usage_error (ctx, _ ("Name one recording."));
  if (opt_threads < 1 || opt_threads > 64)
    return sl_cli_usage_error (ctx, _ ("--threads must be between 1 and 64"));
  SlPreset preset = SL_PRESET_EVERY_FRAME;
  if (opt_preset != NULL && !sl_preset_from_string (opt_preset, &preset))
    return sl_cli_usage_error (ctx, _ ("Unknown preset"));

  /* Decode only. */
  reset_peak_rss ();
  g_autoptr (SlVideoSource) video = sl_video_source_open (argv[1], &error);
  if (video == NULL)
    return sl_cli_fail_with (error);
  SlVideoInfo info = *sl_video_source_get_info (video);
  gint64 t0 = g_get_monotonic_time (), decoded = 0;
  SlVideoFrame frame = { 0 };
  while (sl_video_source_read (video, &frame, NULL))
    {
      decoded++;
      sl_video_frame_clear (&frame);
    }
  double decode_s = (g_get_monotonic_time () - t0) / 1e6;
  g_clear_object (&video);
  gint64 decode_rss = peak_rss ();
  double decode_fps = decoded / decode_s;

  /* Full pipeline, into a throw-away library. */
  g_autoptr (SlScratch) scratch = sl_scratch_new ("sightline-bench", &error);
  if (scratch == NULL)
    return sl_cli_fail_with (error);
  const char *lib = scratch->library;
  reset_peak_rss ();
  gint64 session_id;
  {
    g_autoptr (SlStore) store = sl_store_open (lib, &error);
    g_autoptr (SlSession) s = store ? sl_cli_import_one (store, argv[1], TRUE, &error) : NULL;
    if (s == NULL)
      return sl_cli_fail_with (error);
    session_id = s->id;
  }
  g_autoptr (SlAnalysis) analysis = sl_analysis_new (lib, session_id, preset, opt_threads, TRUE);
  gboolean ok = sl_cli_run_analysis (analysis, FALSE, &error);
  gint64 pipe_rss = peak_rss ();
  Storage storage = { 0 };
  if (ok)
    ok = measure_storage (lib, sl_analysis_get_run_id (analysis), &storage, &error);
  g_clear_pointer (&scratch, sl_scratch_free);
  if (!ok)
    return sl_cli_fail_with (error);

  SlAnalysisStats st;
  sl_analysis_get_stats (analysis, &st);
  double pipe_s = st.wall_ns / 1e9;
  double pipe_fps = st.frames / pipe_s;
  double f = st.frames > 0 ? (double)st.frames : 1.0;

  g_autofree char *base = g_path_get_basename (argv[1]);
  g_print (_ ("%s: %d×%d, %.2f fps, %" PRId64 " frames decoded; "
              "%d worker thread(s), preset %s\n"),
           base, info.width, info.height, info.fps, decoded, opt_threads,
           sl_preset_to_string (preset));
  g_print (_ ("  decode only:  %8.1f frames/s  (%6.1f× real time)  peak RSS %6.1f MB\n"),
           decode_fps, decode_fps / info.fps, decode_rss / 1048576.0);
  g_print (_ ("  pipeline:     %8.1f frames/s  (%6.1f× real time)  peak RSS %6.1f MB\n"), pipe_fps,
           pipe_fps * sl_preset_step (preset) / info.fps, pipe_rss / 1048576.0);
  g_print (_ ("  pipeline/decode throughput: %.3f\n"), pipe_fps / decode_fps);
  g_print (_ ("  per-stage ms per analysed frame (summed over threads): decode %.2f, "
              "detect %.2f (%.0f%% of frames ran the detector), landmarks %.2f, "
              "write %.3f\n"),
           st.decode_ns / 1e6 / MAX (st.decoded, 1), st.detect_ns / 1e6 / f,
           100.0 * st.detections / f, st.landmarks_ns / 1e6 / f, st.write_ns / 1e6 / f);
  g_print ("%s", _ ("  per-processor ms per analysed frame:"));
  for (guint i = 0; i < sl_analysis_get_n_processors (analysis); i++)
    g_print (" %s %.3f", sl_analysis_get_processor_id (analysis, i),
             sl_analysis_get_processor_ns (analysis, i) / 1e6 / f);
  g_print ("\n");
  g_print (
      _ ("  library: %.0f bytes per analysed frame (%.1f MB per hour at 30 analysed frames/s); "
         "one frame's results read back in %.0f µs (median), %.0f µs (95th percentile)\n"),
      storage.bytes_per_frame, storage.bytes_per_frame * 30 * 3600 / 1e6, storage.read_us[0],
      storage.read_us[1]);
  return 0;
}
