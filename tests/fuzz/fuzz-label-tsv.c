/* SPDX-License-Identifier: GPL-3.0-or-later
 * Labels from BORIS's TSV events (fuzz-label-file.h). */
#include "config.h"

#include "fuzz-label-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return fuzz_label_file (SL_LABEL_FORMAT_TSV, data, size);
}
