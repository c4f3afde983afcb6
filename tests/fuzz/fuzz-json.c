/* SPDX-License-Identifier: GPL-3.0-or-later
 * The bounded JSON reader every outside JSON goes through. */
#include "config.h"

#include "base/sl-json.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = sl_json_parse ((const char *)data, (gssize)size, &error);
  g_assert ((root == NULL) == (error != NULL));
  return 0;
}
