/* SPDX-License-Identifier: GPL-3.0-or-later
 * A stored calibration profile (JSON in the library): read, and what reads
 * back writes the same again. */
#include "config.h"

#include "fuzz-common.h"
#include "gaze/sl-cal-profile.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *json = fuzz_string (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCalProfile) p = sl_cal_profile_from_json (json, &error);
  g_assert ((p == NULL) == (error != NULL));
  if (p != NULL)
    {
      g_autofree char *again = sl_cal_profile_to_json (p);
      g_autoptr (SlCalProfile) q = sl_cal_profile_from_json (again, NULL);
      g_assert (q != NULL);
      g_autofree char *third = sl_cal_profile_to_json (q);
      g_assert (g_str_equal (again, third));
    }
  return 0;
}
