/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a fuzz target over files and folders of inputs, once each: the seed
 * corpus and the crashes found before, in every build of the suite.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static guint runs;

static void
run_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      for (guint i = 0; i < names->len; i++)
        if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
          run_path (names->pdata[i]);
      return;
    }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *)data, len);
  runs++;
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  printf ("%u inputs ran without a fault\n", runs);
  return runs > 0 ? 0 : 1;
}
