/* SPDX-License-Identifier: GPL-3.0-or-later
 * Labels from ELAN's EAF (fuzz-label-file.h). */
#include "config.h"

#include "fuzz-label-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return fuzz_label_file (SL_LABEL_FORMAT_EAF, data, size);
}
