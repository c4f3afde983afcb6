/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text from outside (file names, target ids, sidecar strings) shown on a
 * terminal: control characters and bytes that are not UTF-8 are written as
 * escapes, so a name cannot move the cursor, clear the screen or hide what
 * follows it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @s with every control character except newline, tab and carriage return
 * as \xNN (or \u{NNNN}), and every byte that is not UTF-8 as \xNN. */
char *sl_text_printable (const char *s);

/* The whole of a text file from outside, refused (SL_ERROR_INVALID_INPUT)
 * when larger than @max_bytes or when it holds a NUL byte; @len may be NULL. */
char *sl_text_read_file (const char *path, gsize max_bytes, gsize *len, GError **error);

/* A recording date as people write it: "2026-11-30" (local midnight) or
 * an ISO 8601 time, as µs since the epoch; 0 when it is neither. */
gint64 sl_text_parse_date (const char *s);
/* µs since the epoch as the local date, "2026-11-30"; "–" for 0. */
char *sl_text_format_date (gint64 us);
/* An ISO 8601 time (a run's start, say) as the local date and time to the
 * second, "2026-11-30 14:05:09"; @iso itself when it is not one, "–" for
 * NULL. */
char *sl_text_format_time (const char *iso);

G_END_DECLS
