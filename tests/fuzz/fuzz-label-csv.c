/* SPDX-License-Identifier: GPL-3.0-or-later
 * Labels from CSV: Sightline's own export and other tools' files.  What
 * reads is written and read again to the same labels. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "labels/sl-label-csv.h"
#include "library/sl-labels.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) labels
      = sl_label_csv_read ((const char *)data, size, 25, size % 2 ? "ana" : NULL, &error);
  g_assert ((labels == NULL) == (error != NULL));
  if (labels == NULL)
    return 0;
  g_autofree char *again = sl_label_csv_write (labels, "clip.mp4");
  g_autoptr (GPtrArray) back = sl_label_csv_read (again, strlen (again), 25, NULL, &error);
  g_assert_no_error (error);
  g_assert (back->len == labels->len);
  for (guint i = 0; i < labels->len; i++)
    {
      const SlLabel *a = labels->pdata[i], *b = back->pdata[i];
      g_assert (g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->annotator, b->annotator) == 0);
      g_assert (a->start_frame == b->start_frame && a->end_frame == b->end_frame);
    }
  return 0;
}
