/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the library's own files share and nothing else may use.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sl_store_locks_init (void);

G_END_DECLS
