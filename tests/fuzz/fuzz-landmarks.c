/* SPDX-License-Identifier: GPL-3.0-or-later
 * 68-point landmark annotations: iBUG .pts and menpo .ljson. */
#include "config.h"

#include "fuzz-annotations.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  float pts[SL_LANDMARK_POINTS * 2];
  sl_eval_read_pts (fuzz_file (data, size, "face.pts"), pts, NULL);
  sl_eval_read_ljson (fuzz_file (data, size, "face.ljson"), pts, NULL);
  return 0;
}
