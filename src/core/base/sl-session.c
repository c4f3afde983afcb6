/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-session.h"

G_DEFINE_FINAL_TYPE (SlSession, sl_session, G_TYPE_OBJECT)

static void
sl_session_finalize (GObject *object)
{
  SlSession *self = SL_SESSION (object);

  g_free (self->name);
  g_free (self->created_at);
  g_free (self->path);
  g_free (self->sha256);
  g_free (self->container);
  g_free (self->codec);
  g_free (self->imported_at);
  g_free (self->last_run_state);
  g_free (self->settings);
  g_free (self->person);

  G_OBJECT_CLASS (sl_session_parent_class)->finalize (object);
}

static void
sl_session_class_init (SlSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_session_finalize;
}

static void
sl_session_init (SlSession *self)
{
}

SlSession *
sl_session_new (void)
{
  return g_object_new (SL_TYPE_SESSION, NULL);
}

gboolean
sl_session_recording_exists (SlSession *self)
{
  g_return_val_if_fail (SL_IS_SESSION (self), FALSE);
  return self->path != NULL && g_file_test (self->path, G_FILE_TEST_IS_REGULAR);
}
