/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The eye centre by means of gradients (Timm & Barth, "Accurate Eye
 * Centre Localisation by Means of Gradients", VISAPP 2011).  The centre c
 * of a circular dark iris is the point whose displacement vectors d_i to
 * the image gradients g_i are most often aligned with them:
 *
 *   c* = argmax_c  w(c) · mean_i (max(0, d_iᵀ g_i))²
 *
 * with d_i and g_i unit vectors, gradients below mean + 0.3 σ of the
 * magnitudes left out, and w(c) the darkness of the smoothed image at c
 * (the pupil is dark).  As in the paper the eye region is rescaled to a
 * fixed width (here 32 px) first; unlike it, candidate centres are
 * restricted to the eye's outline from the six landmarks, so that eyebrows
 * and eye corners, which also gather gradients, cannot win.  The
 * confidence is 1 − (mean score / best score) over the candidates: near 0
 * for a flat score (no iris found), towards 1 for a sharp peak.
 */
#include "vision-private.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#define EYE_WIDTH 32

extern "C" int
slv_eye_centre (const SlvImage *image, const float eye[12], float centre[2], float *confidence,
                char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    float x0 = eye[0], x1 = eye[0], y0 = eye[1], y1 = eye[1];
    for (int k = 0; k < 6; k++)
      {
        if (!std::isfinite (eye[2 * k]) || !std::isfinite (eye[2 * k + 1]))
          {
            slv::set_error (error, "the eye's landmarks are not finite");
            return -1;
          }
        x0 = std::min (x0, eye[2 * k]);
        x1 = std::max (x1, eye[2 * k]);
        y0 = std::min (y0, eye[2 * k + 1]);
        y1 = std::max (y1, eye[2 * k + 1]);
      }
    float w = x1 - x0, h = y1 - y0;
    if (w < 4)
      {
        slv::set_error (error, "the eye is too small");
        return -1;
      }
    /* The region: the outline's box, grown so that the iris fits. */
    cv::Rect2f box (x0 - 0.15f * w, y0 - std::max (0.4f * h, 0.15f * w), 1.3f * w,
                    h + 2 * std::max (0.4f * h, 0.15f * w));
    cv::Rect r = cv::Rect ((int)std::floor (box.x), (int)std::floor (box.y),
                           (int)std::ceil (box.width), (int)std::ceil (box.height))
                 & cv::Rect (0, 0, image->width, image->height);
    if (r.width < 4 || r.height < 3)
      {
        slv::set_error (error, "the eye lies outside the image");
        return -1;
      }
    cv::Mat grey;
    cv::cvtColor (slv::wrap (image) (r), grey, cv::COLOR_BGR2GRAY);
    double scale = (double)EYE_WIDTH / r.width;
    int sh = std::max (3, (int)std::lround (r.height * scale));
    cv::Mat small;
    cv::resize (grey, small, cv::Size (EYE_WIDTH, sh), 0, 0, cv::INTER_AREA);
    small.convertTo (small, CV_32F);

    cv::Mat gx, gy;
    cv::Sobel (small, gx, CV_32F, 1, 0, 3);
    cv::Sobel (small, gy, CV_32F, 0, 1, 3);
    cv::Mat mag;
    cv::magnitude (gx, gy, mag);
    cv::Scalar mmean, mstd;
    cv::meanStdDev (mag, mmean, mstd);
    double thr = mmean[0] + 0.3 * mstd[0];

    struct Grad
    {
      float x, y, gx, gy;
    };
    std::vector<Grad> grads;
    for (int y = 0; y < sh; y++)
      for (int x = 0; x < EYE_WIDTH; x++)
        {
          float m = mag.at<float> (y, x);
          if (m > thr && m > 0)
            grads.push_back (
                { (float)x, (float)y, gx.at<float> (y, x) / m, gy.at<float> (y, x) / m });
        }
    if (grads.size () < 8)
      {
        slv::set_error (error, "the eye region has no edges");
        return -1;
      }

    /* Darkness prior. */
    cv::Mat blurred;
    cv::GaussianBlur (small, blurred, cv::Size (5, 5), 0);

    /* Candidates: inside the eye outline, in the rescaled region. */
    std::vector<cv::Point2f> outline (6);
    for (int k = 0; k < 6; k++)
      outline[k] = cv::Point2f ((float)((eye[2 * k] - r.x) * scale),
                                (float)((eye[2 * k + 1] - r.y) * scale));
    double best = -1, sum = 0;
    int n = 0;
    cv::Point2f at;
    for (int y = 0; y < sh; y++)
      for (int x = 0; x < EYE_WIDTH; x++)
        {
          if (cv::pointPolygonTest (outline, cv::Point2f ((float)x, (float)y), false) < 0)
            continue;
          double s = 0;
          for (const Grad &g : grads)
            {
              float dx = g.x - x, dy = g.y - y;
              float d = std::sqrt (dx * dx + dy * dy);
              if (d == 0)
                continue;
              float dot = (dx * g.gx + dy * g.gy) / d;
              if (dot > 0)
                s += dot * dot;
            }
          s = s / grads.size () * (255.0 - blurred.at<float> (y, x));
          sum += s;
          n++;
          if (s > best)
            {
              best = s;
              at = cv::Point2f ((float)x, (float)y);
            }
        }
    if (n == 0 || best <= 0)
      {
        slv::set_error (error, "the eye is shut: no room inside its outline");
        return -1;
      }
    centre[0] = (float)(r.x + (at.x + 0.5) / scale);
    centre[1] = (float)(r.y + (at.y + 0.5) / scale);
    *confidence = (float)(1.0 - (sum / n) / best);
    return 0;
  });
}
