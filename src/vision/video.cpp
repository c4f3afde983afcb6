/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Video decode and frame-accurate seek through OpenCV's FFmpeg backend.
 *
 * Frame numbering follows presentation timestamps, not decode order: webcam
 * recordings carry "repeat previous frame" packets that FFmpeg drops, so the
 * n-th decoded frame is not frame n.  A frame's index is round(pts × fps),
 * and indices only ever increase.
 */
#include "vision-private.hpp"

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/videoio.hpp>

extern "C"
{
#include <libavutil/log.h>
}

#include <cmath>
#include <cstring>
#include <sys/stat.h>

struct SlvVideo
{
  cv::VideoCapture cap;
  SlvVideoInfo info;
  int64_t last_index = -1;
  /* A frame already decoded by a seek, handed out by the next read. */
  bool has_pending = false;
  cv::Mat pending;
  int64_t pending_index = 0;
  double pending_time = 0.0;
};

extern "C" void
slv_init (int threads)
{
  /* FFmpeg's own log goes to stderr; errors reach the caller as messages. */
  setenv ("OPENCV_FFMPEG_LOGLEVEL", "-8", 0);
  cv::utils::logging::setLogLevel (cv::utils::logging::LOG_LEVEL_SILENT);
  cv::setNumThreads (threads);
  av_log_set_level (AV_LOG_QUIET);
}

extern "C" SlvVideo *
slv_video_open (const char *path, char **error)
{
  return slv::guard<SlvVideo *> (error, nullptr, [&] () -> SlvVideo * {
    struct stat st;
    if (stat (path, &st) != 0)
      {
        slv::set_error (error, "the file does not exist or cannot be read");
        return nullptr;
      }
    if (st.st_size == 0)
      {
        slv::set_error (error, "the file is empty (0 bytes)");
        return nullptr;
      }

    auto *video = new SlvVideo ();
    if (!video->cap.open (path, cv::CAP_FFMPEG) || !video->cap.isOpened ())
      {
        delete video;
        slv::set_error (error, "this file is not a video that OpenCV's FFmpeg "
                               "backend can decode (unknown format, or the "
                               "file is damaged or cut short)");
        return nullptr;
      }

    SlvVideoInfo &info = video->info;
    info.width = (int)video->cap.get (cv::CAP_PROP_FRAME_WIDTH);
    info.height = (int)video->cap.get (cv::CAP_PROP_FRAME_HEIGHT);
    info.fps = video->cap.get (cv::CAP_PROP_FPS);
    double count = video->cap.get (cv::CAP_PROP_FRAME_COUNT);
    int fourcc = (int)video->cap.get (cv::CAP_PROP_FOURCC);
    for (int i = 0; i < 4; i++)
      {
        char c = (char)((fourcc >> (8 * i)) & 0xff);
        info.codec[i] = (c >= 32 && c < 127) ? c : '?';
      }
    info.codec[4] = '\0';

    if (info.width <= 0 || info.height <= 0 || !(info.fps > 0.0) || !std::isfinite (info.fps)
        || info.fps > 1000.0)
      {
        delete video;
        slv::set_error (error, "the file opens but has no usable video "
                               "stream (no frame size or frame rate)");
        return nullptr;
      }
    info.frame_count = (std::isfinite (count) && count > 0) ? (int64_t)count : 0;
    info.duration_s = info.frame_count / info.fps;
    return video;
  });
}

extern "C" void
slv_video_close (SlvVideo *video)
{
  delete video;
}

extern "C" const SlvVideoInfo *
slv_video_info (const SlvVideo *video)
{
  return &video->info;
}

static int64_t
index_for_time (const SlvVideo *video, double time_s)
{
  return (int64_t)std::llround (time_s * video->info.fps);
}

/* Grabs the next packet that decodes to a frame with a new index.
 * Returns false at the end of the stream. */
static bool
grab_next (SlvVideo *video, int64_t *index, double *time_s)
{
  while (video->cap.grab ())
    {
      double t = video->cap.get (cv::CAP_PROP_POS_MSEC) / 1000.0;
      if (!std::isfinite (t) || t < 0)
        t = 0;
      int64_t i = index_for_time (video, t);
      if (i <= video->last_index)
        continue;
      *index = i;
      *time_s = t;
      return true;
    }
  return false;
}

static void
fill_frame (SlvFrame *frame, const cv::Mat &bgr, int64_t index, double time_s)
{
  size_t bytes = bgr.total () * bgr.elemSize ();
  frame->pixels = (uint8_t *)malloc (bytes);
  if (frame->pixels == nullptr)
    throw std::bad_alloc ();
  if (bgr.isContinuous ())
    memcpy (frame->pixels, bgr.data, bytes);
  else
    for (int y = 0; y < bgr.rows; y++)
      memcpy (frame->pixels + (size_t)y * bgr.cols * 3, bgr.ptr (y), (size_t)bgr.cols * 3);
  frame->image.width = bgr.cols;
  frame->image.height = bgr.rows;
  frame->image.stride = bgr.cols * 3;
  frame->image.data = frame->pixels;
  frame->index = index;
  frame->time_s = time_s;
}

static cv::Mat
as_bgr (const cv::Mat &m)
{
  if (m.type () == CV_8UC3)
    return m;
  cv::Mat out;
  if (m.channels () == 1)
    cv::cvtColor (m, out, cv::COLOR_GRAY2BGR);
  else if (m.channels () == 4)
    cv::cvtColor (m, out, cv::COLOR_BGRA2BGR);
  else
    throw std::runtime_error ("unsupported pixel format");
  return out;
}

extern "C" int
slv_video_read (SlvVideo *video, SlvFrame *frame, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    *frame = SlvFrame ();
    if (video->has_pending)
      {
        video->has_pending = false;
        fill_frame (frame, as_bgr (video->pending), video->pending_index, video->pending_time);
        video->pending.release ();
        video->last_index = frame->index;
        return 1;
      }

    int64_t index;
    double t;
    if (!grab_next (video, &index, &t))
      return 0;
    cv::Mat m;
    if (!video->cap.retrieve (m) || m.empty ())
      {
        slv::set_error (error, "a frame could not be decoded");
        return -1;
      }
    fill_frame (frame, as_bgr (m), index, t);
    video->last_index = index;
    return 1;
  });
}

extern "C" int
slv_video_seek (SlvVideo *video, int64_t index, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    if (index < 0)
      index = 0;
    video->has_pending = false;
    video->pending.release ();

    /* OpenCV's own seek counts frames in decode order, so it can land late
     * on recordings with dropped frames.  Start a little early, step back
     * further while it still lands past the target, then read forward. */
    int64_t margin = 2;
    for (int attempt = 0;; attempt++)
      {
        int64_t start = index - margin;
        if (start <= 0 || attempt > 8)
          start = 0;
        video->cap.set (cv::CAP_PROP_POS_FRAMES, (double)start);
        video->last_index = -1;

        int64_t i;
        double t;
        if (!grab_next (video, &i, &t))
          {
            if (start == 0)
              {
                video->last_index = INT64_MAX - 1;
                return 0; /* empty stream: reads return the end */
              }
            margin *= 4;
            continue;
          }
        if (i > index && start > 0)
          {
            margin *= 4;
            continue;
          }
        while (i < index)
          {
            if (!grab_next (video, &i, &t))
              {
                /* Past the end: the next read reports the end. */
                return 0;
              }
          }
        if (!video->cap.retrieve (video->pending) || video->pending.empty ())
          {
            slv::set_error (error, "the frame at the seek target could not "
                                   "be decoded");
            return -1;
          }
        video->pending_index = i;
        video->pending_time = t;
        video->has_pending = true;
        video->last_index = i - 1;
        return 0;
      }
  });
}

extern "C" void
slv_frame_clear (SlvFrame *frame)
{
  if (frame == nullptr)
    return;
  free (frame->pixels);
  *frame = SlvFrame ();
}

extern "C" int
slv_image_load (const char *path, SlvFrame *frame, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    *frame = SlvFrame ();
    cv::Mat m = cv::imread (path, cv::IMREAD_COLOR);
    if (m.empty ())
      {
        slv::set_error (error, "this file is not an image OpenCV can read");
        return -1;
      }
    fill_frame (frame, m, 0, 0.0);
    return 0;
  });
}
