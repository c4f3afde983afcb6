/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frames that prove a result: each evidence frame of an event decoded
 * from the recording, with the face and the signals the run stored for it,
 * so that a panel can show the picture with its overlay and the quality
 * of what was measured there.  A job like the library's others: a plain
 * function and an _async/_finish pair on a worker thread with a read-only
 * connection of its own.
 */
#pragma once

#include <gio/gio.h>

#include "media/sl-video-source.h"
#include "sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 frame;       /* the frame asked for */
  SlVideoFrame image; /* its picture; pixels NULL when it could not be decoded */
  gboolean has_face;  /* the run stored a face result for it */
  SlFaceResult face;
  double *values; /* one per name asked for, NaN where none is stored */
} SlEvidenceFrame;

typedef struct
{
  GArray *frames;    /* SlEvidenceFrame, in the order asked */
  char **names;      /* the signals asked for */
  char *video_error; /* why there are no pictures (the recording is missing…), or NULL */
} SlEvidence;

void sl_evidence_free (SlEvidence *evidence);
/* Signal @name's value on frame @i, NaN when none. */
double sl_evidence_value (const SlEvidence *evidence, guint i, const char *name);

/* Frames @frames of run @run_id: the pictures from the session's
 * recording (a recording that cannot be read leaves them empty and says
 * why in video_error; the stored values are still given) and the values
 * of @names.  NULL only when the library cannot be read. */
SlEvidence *sl_evidence_load (SlStore *store, gint64 run_id, const gint64 *frames, guint n,
                              const char *const *names, GCancellable *cancellable, GError **error);
void sl_evidence_load_async (const char *library, gint64 run_id, const gint64 *frames, guint n,
                             const char *const *names, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
SlEvidence *sl_evidence_load_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvidence, sl_evidence_free)

G_END_DECLS
