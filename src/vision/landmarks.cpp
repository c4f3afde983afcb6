/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 68-point facial landmarks with dlib's shape predictor, an ensemble of
 * regression trees (Kazemi & Sullivan, "One Millisecond Face Alignment with
 * an Ensemble of Regression Trees", CVPR 2014), using the iBUG 300-W model
 * that Debian ships in libdlib-data.
 */
#include "vision-private.hpp"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <cmath>

struct SlvLandmarker
{
  dlib::shape_predictor predictor;
};

extern "C" SlvLandmarker *
slv_landmarker_new (const char *dat_path, char **error)
{
  return slv::guard<SlvLandmarker *> (error, nullptr, [&] () -> SlvLandmarker * {
    auto *l = new SlvLandmarker ();
    try
      {
        dlib::deserialize (dat_path) >> l->predictor;
      }
    catch (const std::exception &e)
      {
        delete l;
        slv::set_error (error, std::string ("the landmark model cannot be read: ") + e.what ());
        return nullptr;
      }
    if (l->predictor.num_parts () != SLV_LANDMARKS)
      {
        delete l;
        slv::set_error (error, "the landmark model does not have 68 points");
        return nullptr;
      }
    return l;
  });
}

extern "C" void
slv_landmarker_free (SlvLandmarker *landmarker)
{
  delete landmarker;
}

extern "C" int
slv_landmarker_fit (const SlvLandmarker *l, const SlvImage *image, const float box[4],
                    float points[SLV_LANDMARKS * 2], char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    for (int i = 0; i < 4; i++)
      if (!std::isfinite (box[i]))
        {
          slv::set_error (error, "the face box is not finite");
          return -1;
        }
    if (box[2] < 4 || box[3] < 4)
      {
        slv::set_error (error, "the face box is too small for landmarks");
        return -1;
      }
    cv::Mat m = slv::wrap (image);
    dlib::cv_image<dlib::bgr_pixel> img (m);
    dlib::rectangle rect ((long)std::lround (box[0]), (long)std::lround (box[1]),
                          (long)std::lround (box[0] + box[2] - 1),
                          (long)std::lround (box[1] + box[3] - 1));
    dlib::full_object_detection shape = l->predictor (img, rect);
    for (unsigned i = 0; i < SLV_LANDMARKS; i++)
      {
        points[2 * i] = (float)shape.part (i).x ();
        points[2 * i + 1] = (float)shape.part (i).y ();
      }
    return 0;
  });
}
