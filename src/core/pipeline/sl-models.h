/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding and verifying model files.  Search order: $SIGHTLINE_MODEL_DIR,
 * the source tree's models/, the installed data directory, then the Debian
 * package paths.  A file is used only if its SHA-256 matches.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_MODEL_BLAZEFACE_FRONT,
  SL_MODEL_BLAZEFACE_BACK,
  SL_MODEL_DLIB_LANDMARKS_68,
  SL_N_MODELS
} SlModel;

typedef struct
{
  const char *file;
  const char *sha256;
  const char *source; /* where it comes from */
  const char *licence;
  const char *install_hint; /* what to do when it is missing */
} SlModelInfo;

const SlModelInfo *sl_model_info (SlModel model);

/* The verified path of @model. */
char *sl_models_find (SlModel model, GError **error);

G_END_DECLS
