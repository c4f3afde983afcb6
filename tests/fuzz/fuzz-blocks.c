/* SPDX-License-Identifier: GPL-3.0-or-later
 * The decoder of stored frame and signal blocks: a library file is outside
 * input too.  The first byte says which kind of block follows (even:
 * frames, odd: values); whatever decodes is encoded again and must decode
 * to the same. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "library/sl-store-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  gboolean frames = (data[0] & 1) == 0;
  SlBlockReader rd = { data + 1, data + size, FALSE };
  g_autoptr (GByteArray) again = g_byte_array_new ();
  gint64 prev = 0, prev_again = 0;
  while (rd.at < rd.end && !rd.bad)
    {
      if (frames)
        {
          SlFaceResult r, back;
          if (!sl_block_get_frame (&rd, &r, prev))
            break;
          prev = r.frame;
          /* Decoded values are in the stored form; encoding them keeps them. */
          g_byte_array_set_size (again, 0);
          sl_block_put_frame (again, &r, prev_again);
          SlBlockReader rd2 = { again->data, again->data + again->len, FALSE };
          g_assert_true (sl_block_get_frame (&rd2, &back, prev_again));
          g_assert_cmpint (back.frame, ==, r.frame);
          g_assert_cmpint (back.success, ==, r.success);
          prev_again = r.frame;
        }
      else
        {
          gint64 frame;
          double v;
          if (!sl_block_get_value (&rd, &frame, &v, prev))
            break;
          prev = frame;
        }
    }
  return 0;
}
