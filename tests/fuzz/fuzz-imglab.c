/* SPDX-License-Identifier: GPL-3.0-or-later
 * dlib imglab XML face annotations. */
#include "config.h"

#include "fuzz-annotations.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *path = fuzz_file (data, size, "training.xml");
  SlImglab lab = { g_ptr_array_new_with_free_func (g_free),
                   g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref) };
  g_autoptr (GError) error = NULL;
  sl_eval_read_imglab (path, &lab, &error);
  g_assert (lab.images->len == lab.boxes->len);
  g_ptr_array_unref (lab.images);
  g_ptr_array_unref (lab.boxes);
  return 0;
}
