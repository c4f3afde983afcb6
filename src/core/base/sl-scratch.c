/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-scratch.h"

SlScratch *
sl_scratch_new (const char *prefix, GError **error)
{
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autofree char *dir = g_dir_make_tmp (tmpl, error);
  if (dir == NULL)
    return NULL;
  SlScratch *s = g_new0 (SlScratch, 1);
  s->library = g_build_filename (dir, "library.db", NULL);
  s->dir = g_steal_pointer (&dir);
  return s;
}

/* Only what is directly inside: nothing here makes subfolders. */
void
sl_scratch_free (SlScratch *s)
{
  if (s == NULL)
    return;
  g_autoptr (GDir) d = g_dir_open (s->dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *f = g_build_filename (s->dir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (s->dir);
  g_free (s->library);
  g_free (s->dir);
  g_free (s);
}
