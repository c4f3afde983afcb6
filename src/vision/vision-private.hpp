/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the C++ files of src/vision: turning exceptions into the
 * status-and-message convention of vision.h.
 */
#pragma once

#include "vision.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

namespace slv
{

inline void
set_error (char **error, const std::string &message)
{
  if (error == nullptr || *error != nullptr)
    return;
  *error = strdup (message.c_str ());
}

/* Runs @body; any exception becomes @failed and a message in @error. */
template <typename T, typename F>
T
guard (char **error, T failed, F &&body) noexcept
{
  try
    {
      return body ();
    }
  catch (const cv::Exception &e)
    {
      set_error (error, std::string ("OpenCV: ") + e.err);
    }
  catch (const std::bad_alloc &)
    {
      set_error (error, "out of memory");
    }
  catch (const std::exception &e)
    {
      set_error (error, e.what ());
    }
  catch (...)
    {
      set_error (error, "unexpected failure in the vision library");
    }
  return failed;
}

inline cv::Mat
wrap (const SlvImage *image)
{
  return cv::Mat (image->height, image->width, CV_8UC3, const_cast<uint8_t *> (image->data),
                  (size_t)image->stride);
}

} // namespace slv
