/* SPDX-License-Identifier: GPL-3.0-or-later
 * "subject,bpm" heart-rate references. */
#include "config.h"

#include "fuzz-annotations.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sl_eval_read_reference (fuzz_file (data, size, "GT.csv"), table, NULL);
  return 0;
}
