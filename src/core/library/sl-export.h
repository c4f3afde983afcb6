/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting a run's per-frame results.  CSV uses OpenFace's column names
 * for what Sightline measures: frame (1-based, as OpenFace counts), face_id,
 * timestamp (seconds), confidence, success, x_0…x_67, y_0…y_67.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SlStore SlStore;

gboolean sl_export_csv (SlStore *store, gint64 run_id, GOutputStream *out,
                        GCancellable *cancellable, GError **error);

G_END_DECLS
