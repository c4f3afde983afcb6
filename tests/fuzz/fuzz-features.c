/* SPDX-License-Identifier: GPL-3.0-or-later
 * A gaze features CSV, read and (when small) fitted target by target. */
#include "config.h"

#include "fuzz-common.h"
#include "gaze/sl-calibration.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *path = fuzz_file (data, size, "features.csv");
  int n = 0;
  g_auto (GStrv) names = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) s = sl_cal_read_features (path, &n, &names, &error);
  g_assert ((s == NULL) == (error != NULL));
  if (s != NULL && s->len <= 2000)
    for (int order = 1; order <= 2; order++)
      {
        g_autoptr (GArray) e
            = sl_cal_leave_one_target_out ((const SlCalSample *)s->data, s->len, n, order, NULL);
        g_assert (e == NULL || e->len <= s->len);
      }
  return 0;
}
