/* SPDX-License-Identifier: GPL-3.0-or-later
 * The reader of stored explanations: a library may come from elsewhere. */
#include "config.h"

#include "base/sl-explanation.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (SlExplanation) x = sl_explanation_parse (text, &error);
  g_assert ((x == NULL) == (error != NULL));
  if (x != NULL)
    {
      /* What was read writes out and reads back the same. */
      g_autofree char *again = sl_explanation_to_json (x);
      g_autoptr (SlExplanation) y = sl_explanation_parse (again, &error);
      g_assert_no_error (error);
      g_autofree char *twice = sl_explanation_to_json (y);
      g_assert_cmpstr (again, ==, twice);
    }
  return 0;
}
