/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fuzz target shares.  A target defines LLVMFuzzerTestOneInput;
 * with clang's libFuzzer it is fuzzed (tests/fuzz/run-fuzzer.sh), and in
 * every other build replay.c runs it over the corpus and the crashes kept
 * in crashers/, so each crash found stays a regression test.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Readers that take a path get the input as a file: one private folder per
 * process, the same file name each time. */
static inline const char *
fuzz_file (const uint8_t *data, size_t size, const char *name)
{
  static char *dir;
  static char *path;
  if (dir == NULL)
    dir = g_dir_make_tmp ("sightline-fuzz-XXXXXX", NULL);
  g_free (path);
  path = g_build_filename (dir, name, NULL);
  /* A plain write: g_file_set_contents would sync the disk each time. */
  FILE *f = fopen (path, "wb");
  if (f == NULL || fwrite (data, 1, size, f) != size || fclose (f) != 0)
    g_error ("cannot write %s", path);
  return path;
}

/* The input as a NUL-terminated string (up to its first NUL). */
static inline char *
fuzz_string (const uint8_t *data, size_t size)
{
  return g_strndup ((const char *)data, size);
}
