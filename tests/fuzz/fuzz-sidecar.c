/* SPDX-License-Identifier: GPL-3.0-or-later
 * The calibration sidecar (NAME.calibration.json), read and checked. */
#include "config.h"

#include "fuzz-common.h"
#include "gaze/sl-cal-setup.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *path = fuzz_file (data, size, "target.calibration.json");
  for (int layout = 0; layout <= 9; layout += 5)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SlCalSchedule) s = sl_cal_schedule_load (path, layout, &error);
      g_assert ((s == NULL) == (error != NULL));
      if (s != NULL)
        sl_cal_schedule_check (s, 60, NULL);
    }
  return 0;
}
