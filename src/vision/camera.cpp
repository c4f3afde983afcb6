/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A camera read frame by frame, every frame also written to a recording.
 *
 * A V4L2 device (/dev/videoN) is opened through OpenCV's V4L2 backend;
 * any other path is taken as a recorded camera stream and replayed at its
 * own frame rate, so that a calibration can be run again on what a camera
 * once sent.  The recording is Motion JPEG in AVI at the camera's nominal
 * rate: frame n of the recording is the n-th frame read, at n / fps
 * seconds, which is the timeline the target schedule is written in.
 */
#include "vision-private.hpp"

#include <opencv2/videoio.hpp>

#include <chrono>
#include <cmath>
#include <thread>

struct SlvCamera
{
  cv::VideoCapture cap;
  cv::VideoWriter writer;
  SlvVideoInfo info;
  bool replay = false;
  int64_t frames = 0;
  cv::Mat first; /* read at open to prove the camera delivers */
  std::chrono::steady_clock::time_point started;
};

extern "C" SlvCamera *
slv_camera_open (const char *device, const char *record_path, char **error)
{
  return slv::guard<SlvCamera *> (error, nullptr, [&] () -> SlvCamera * {
    auto *cam = new SlvCamera ();
    cam->replay = strncmp (device, "/dev/video", 10) != 0;
    bool ok = cam->replay ? cam->cap.open (device, cv::CAP_FFMPEG)
                          : cam->cap.open (device, cv::CAP_V4L2);
    if (!ok || !cam->cap.isOpened () || !cam->cap.read (cam->first) || cam->first.empty ())
      {
        delete cam;
        slv::set_error (error, "the camera could not be opened or sends no picture (in use by "
                               "another program, unplugged, or not a camera)");
        return nullptr;
      }
    if (cam->first.type () != CV_8UC3)
      {
        delete cam;
        slv::set_error (error, "the camera sends a picture format other than colour");
        return nullptr;
      }
    SlvVideoInfo &info = cam->info;
    info.width = cam->first.cols;
    info.height = cam->first.rows;
    info.fps = cam->cap.get (cv::CAP_PROP_FPS);
    if (!(info.fps >= 1 && info.fps <= 240))
      info.fps = 30;
    strcpy (info.codec, "MJPG");
    if (record_path != nullptr
        && !cam->writer.open (record_path, cv::CAP_FFMPEG,
                              cv::VideoWriter::fourcc ('M', 'J', 'P', 'G'), info.fps,
                              cv::Size (info.width, info.height)))
      {
        delete cam;
        slv::set_error (error, std::string ("the recording cannot be written to ") + record_path);
        return nullptr;
      }
    cam->started = std::chrono::steady_clock::now ();
    return cam;
  });
}

extern "C" const SlvVideoInfo *
slv_camera_info (const SlvCamera *cam)
{
  return &cam->info;
}

extern "C" int
slv_camera_is_replay (const SlvCamera *cam)
{
  return cam->replay;
}

extern "C" int
slv_camera_read (SlvCamera *cam, SlvFrame *frame, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    *frame = SlvFrame ();
    cv::Mat m;
    if (!cam->first.empty ())
      {
        m = cam->first;
        cam->first.release ();
      }
    else
      {
        if (cam->replay)
          {
            /* A replay keeps the camera's pace. */
            auto due = cam->started + std::chrono::duration<double> (cam->frames / cam->info.fps);
            std::this_thread::sleep_until (due);
          }
        if (!cam->cap.read (m) || m.empty ())
          {
            slv::set_error (error, "the camera stopped sending pictures after "
                                       + std::to_string (cam->frames) + " frames");
            return -1;
          }
        if (m.cols != cam->info.width || m.rows != cam->info.height || m.type () != CV_8UC3)
          {
            slv::set_error (error, "the camera changed its picture size during the recording");
            return -1;
          }
      }
    if (cam->writer.isOpened ())
      cam->writer.write (m);
    int64_t index = cam->frames++;
    size_t bytes = m.total () * m.elemSize ();
    frame->pixels = (uint8_t *)malloc (bytes);
    if (frame->pixels == nullptr)
      throw std::bad_alloc ();
    cv::Mat dst (m.rows, m.cols, CV_8UC3, frame->pixels, (size_t)m.cols * 3);
    m.copyTo (dst);
    frame->image = { m.cols, m.rows, m.cols * 3, frame->pixels };
    frame->index = index;
    frame->time_s = index / cam->info.fps;
    return 1;
  });
}

extern "C" void
slv_camera_close (SlvCamera *cam)
{
  if (cam == nullptr)
    return;
  try
    {
      cam->writer.release ();
      cam->cap.release ();
    }
  catch (...)
    {
    }
  delete cam;
}
