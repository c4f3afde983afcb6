/* SPDX-License-Identifier: GPL-3.0-or-later
 * What the fuzz targets of the label formats share: what reads in
 * @format is written and read again to as many labels; only a format
 * that cannot hold them (BORIS: a state that overlaps itself) refuses to
 * write them. */
#pragma once

#include <string.h>

#include "fuzz-common.h"
#include "labels/sl-label-file.h"
#include "library/sl-labels.h"

static int
fuzz_label_file (SlLabelFormat format, const uint8_t *data, size_t size)
{
  g_autoptr (SlSession) session = sl_session_new ();
  session->name = g_strdup ("clip.mp4");
  session->path = g_strdup ("/recordings/clip.mp4");
  session->fps = 25;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) labels = sl_label_file_read (format, (const char *)data, size, session,
                                                     size % 2 ? "ana" : NULL, &error);
  g_assert ((labels == NULL) == (error != NULL));
  if (labels == NULL)
    return 0;
  g_autofree char *again = sl_label_file_write (format, labels, NULL, session, &error);
  if (again == NULL)
    {
      g_assert (format == SL_LABEL_FORMAT_TSV && strstr (error->message, "overlap") != NULL);
      return 0;
    }
  g_autoptr (GPtrArray) back
      = sl_label_file_read (format, again, strlen (again), session, NULL, &error);
  g_assert_no_error (error);
  g_assert (back->len == labels->len);
  return 0;
}
