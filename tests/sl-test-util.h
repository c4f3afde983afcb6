/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "library/sl-store.h"
#include "pipeline/sl-analysis.h"

G_BEGIN_DECLS

/* A file of ../shared/testdata (or $SIGHTLINE_TESTDATA).  Fails the test
 * when the data is missing: the real recordings are part of the suite. */
char *sl_test_data (const char *relative);

/* A fresh directory removed at exit, and a library path inside it. */
char *sl_test_tmpdir (void);
char *sl_test_library (void);

/* Imports @relative from the test data into @library; returns the session id. */
gint64 sl_test_import (const char *library, const char *path);

/* Runs an analysis to its end in a private main loop. */
gboolean sl_test_analyze (SlAnalysis *analysis, GCancellable *cancellable, GError **error);

/* Runs @program (found on PATH) with the NULL-terminated arguments that
 * follow, and fails the test unless it exits with 0. */
void sl_test_run (const char *program, ...) G_GNUC_NULL_TERMINATED;

/* The sightline program of this build, for tests that run it. */
const char *sl_test_program (void);

/* Runs `sightline VERB --library LIBRARY ARGS…` (NULL-terminated, VERB the
 * first) and returns its exit status; @out and @err (may be NULL) get what
 * it printed. */
int sl_test_cli (const char *library, char **out, char **err, const char *verb,
                 ...) G_GNUC_NULL_TERMINATED;

/* A probe of a recording that is not there (/nowhere/clip.mp4, 320×240,
 * 25 fps, 100 frames, 4 s) with @sha as its hash, for store tests. */
SlProbe *sl_test_fake_probe (const char *sha);

G_END_DECLS
