/* SPDX-License-Identifier: GPL-3.0-or-later
 * Eyeblink8 .tag blink annotations. */
#include "config.h"

#include "fuzz-annotations.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = sl_eval_read_tag (fuzz_file (data, size, "clip.tag"), &error);
  g_assert ((rows == NULL) == (error != NULL));
  return 0;
}
