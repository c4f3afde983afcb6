/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private (0700) folder in the temporary directory for a throw-away
 * library (evaluations, bench), removed with all it holds when freed —
 * on success, on error and on cancel alike.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *library; /* dir/library.db */
} SlScratch;

SlScratch *sl_scratch_new (const char *prefix, GError **error);
void sl_scratch_free (SlScratch *scratch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlScratch, sl_scratch_free)

G_END_DECLS
