/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Image statistics for the quality processor, and head pose.
 *
 * Head pose: perspective-n-point (OpenCV solvePnP, Levenberg–Marquardt
 * refinement of the iterative method) between six landmarks — nose tip,
 * chin, outer eye corners, mouth corners — and a generic 3D face, with a
 * pinhole camera whose focal length the caller derives from the frame size
 * when the camera is unknown.  The model is the widely used six-point face
 * of the "head pose estimation" recipe (LearnOpenCV, after the Basel face
 * model), rescaled to millimetres by an outer-eye-corner distance of 90 mm.
 * A fit whose reprojection error exceeds a quarter of the eye-corner
 * distance is refused: such landmarks do not describe a face.
 * Angles are the Tait–Bryan decomposition R = Rz(roll)·Ry(yaw)·Rx(pitch)
 * of the face-to-camera rotation: a face looking straight into the camera
 * is 0, 0, 0; yaw > 0 when the person turns to their own right (the nose
 * moves towards the image left), pitch > 0 when they look down, roll > 0
 * when the head tilts clockwise in the image.
 */
#include "vision-private.hpp"

#include <opencv2/calib3d.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

extern "C" const float slv_face_model[SLV_FACE_MODEL_POINTS][3] = {
  { 0.0f, 0.0f, 0.0f },      /* nose tip (30) */
  { 0.0f, 66.0f, 13.0f },    /* chin (8) */
  { -45.0f, -34.0f, 27.0f }, /* outer corner of the eye on the image left (36) */
  { 45.0f, -34.0f, 27.0f },  /* outer corner of the eye on the image right (45) */
  { -30.0f, 30.0f, 25.0f },  /* mouth corner on the image left (48) */
  { 30.0f, 30.0f, 25.0f },   /* mouth corner on the image right (54) */
};

extern "C" const int slv_face_model_landmarks[SLV_FACE_MODEL_POINTS] = { 30, 8, 36, 45, 48, 54 };

static cv::Mat
camera_matrix (int width, int height, double focal)
{
  return (cv::Mat_<double> (3, 3) << focal, 0, width / 2.0, 0, focal, height / 2.0, 0, 0, 1);
}

extern "C" int
slv_image_stats (const SlvImage *image, const float *roi, SlvImageStats *stats, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    if (image->width <= 0 || image->height <= 0)
      {
        slv::set_error (error, "empty image");
        return -1;
      }
    cv::Rect r (0, 0, image->width, image->height);
    if (roi != nullptr)
      {
        for (int i = 0; i < 4; i++)
          if (!std::isfinite (roi[i]))
            {
              slv::set_error (error, "the region is not finite");
              return -1;
            }
        r &= cv::Rect ((int)std::floor (roi[0]), (int)std::floor (roi[1]), (int)std::ceil (roi[2]),
                       (int)std::ceil (roi[3]));
      }
    if (r.width < 3 || r.height < 3)
      {
        slv::set_error (error, "the region lies outside the image or is too small");
        return -1;
      }
    cv::Mat grey, lap;
    cv::cvtColor (slv::wrap (image) (r), grey, cv::COLOR_BGR2GRAY);
    cv::Scalar mean, stddev;
    cv::meanStdDev (grey, mean, stddev);
    stats->mean = mean[0];
    stats->stddev = stddev[0];
    cv::Laplacian (grey, lap, CV_64F);
    cv::meanStdDev (lap, mean, stddev);
    stats->laplacian_var = stddev[0] * stddev[0];
    return 0;
  });
}

extern "C" int
slv_head_pose (const float points[SLV_LANDMARKS * 2], int width, int height, double focal_px,
               SlvHeadPose *pose, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    if (width <= 0 || height <= 0 || !(focal_px > 0) || !std::isfinite (focal_px))
      {
        slv::set_error (error, "the camera model is not valid");
        return -1;
      }
    std::vector<cv::Point3d> model;
    std::vector<cv::Point2d> image;
    for (int i = 0; i < SLV_FACE_MODEL_POINTS; i++)
      {
        int k = slv_face_model_landmarks[i];
        float x = points[2 * k], y = points[2 * k + 1];
        if (!std::isfinite (x) || !std::isfinite (y))
          {
            slv::set_error (error, "a landmark is not finite");
            return -1;
          }
        model.emplace_back (slv_face_model[i][0], slv_face_model[i][1], slv_face_model[i][2]);
        image.emplace_back (x, y);
      }
    /* Degenerate landmarks (collapsed, or eyes on top of each other) have
     * no pose: solvePnP would still return one, far away and meaningless. */
    double eyes = cv::norm (image[3] - image[2]);
    if (!(eyes >= 4.0))
      {
        slv::set_error (error, "the landmarks are too close together to give a pose");
        return -1;
      }
    cv::Mat rvec, tvec;
    /* Start in front of the camera, facing it, so that the iterative
     * solver does not settle on the mirror solution behind it. */
    rvec = cv::Mat::zeros (3, 1, CV_64F);
    tvec = (cv::Mat_<double> (3, 1) << 0, 0, 600);
    if (!cv::solvePnP (model, image, camera_matrix (width, height, focal_px), cv::noArray (), rvec,
                       tvec, true, cv::SOLVEPNP_ITERATIVE))
      {
        slv::set_error (error, "no head pose fits these landmarks");
        return -1;
      }
    /* A pose whose face does not land on the landmarks is no pose. */
    std::vector<cv::Point2d> back;
    cv::projectPoints (model, rvec, tvec, camera_matrix (width, height, focal_px), cv::noArray (),
                       back);
    double err2 = 0;
    for (size_t i = 0; i < back.size (); i++)
      err2 += std::pow (cv::norm (back[i] - image[i]), 2);
    if (!(std::sqrt (err2 / back.size ()) <= 0.25 * eyes))
      {
        slv::set_error (error, "the landmarks do not fit the shape of a face");
        return -1;
      }
    cv::Mat R;
    cv::Rodrigues (rvec, R);
    double r00 = R.at<double> (0, 0), r10 = R.at<double> (1, 0), r20 = R.at<double> (2, 0);
    double r21 = R.at<double> (2, 1), r22 = R.at<double> (2, 2);
    const double deg = 180.0 / CV_PI;
    pose->pitch = std::atan2 (r21, r22) * deg;
    pose->yaw = std::asin (std::clamp (-r20, -1.0, 1.0)) * deg;
    pose->roll = std::atan2 (r10, r00) * deg;
    pose->tx = tvec.at<double> (0);
    pose->ty = tvec.at<double> (1);
    pose->tz = tvec.at<double> (2);
    if (!(pose->tz > 0))
      {
        slv::set_error (error, "the fitted head is behind the camera");
        return -1;
      }
    return 0;
  });
}

extern "C" int
slv_head_pose_project (const SlvHeadPose *pose, int width, int height, double focal_px,
                       const float *model_xyz, int n, float *image_xy, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    const double rad = CV_PI / 180.0;
    double p = pose->pitch * rad, y = pose->yaw * rad, r = pose->roll * rad;
    cv::Mat Rx = (cv::Mat_<double> (3, 3) << 1, 0, 0, 0, std::cos (p), -std::sin (p), 0,
                  std::sin (p), std::cos (p));
    cv::Mat Ry = (cv::Mat_<double> (3, 3) << std::cos (y), 0, std::sin (y), 0, 1, 0, -std::sin (y),
                  0, std::cos (y));
    cv::Mat Rz = (cv::Mat_<double> (3, 3) << std::cos (r), -std::sin (r), 0, std::sin (r),
                  std::cos (r), 0, 0, 0, 1);
    cv::Mat R = Rz * Ry * Rx, rvec;
    cv::Rodrigues (R, rvec);
    cv::Mat tvec = (cv::Mat_<double> (3, 1) << pose->tx, pose->ty, pose->tz);
    std::vector<cv::Point3d> pts;
    for (int i = 0; i < n; i++)
      pts.emplace_back (model_xyz[3 * i], model_xyz[3 * i + 1], model_xyz[3 * i + 2]);
    std::vector<cv::Point2d> out;
    cv::projectPoints (pts, rvec, tvec, camera_matrix (width, height, focal_px), cv::noArray (),
                       out);
    for (int i = 0; i < n; i++)
      {
        image_xy[2 * i] = (float)out[i].x;
        image_xy[2 * i + 1] = (float)out[i].y;
      }
    return 0;
  });
}
