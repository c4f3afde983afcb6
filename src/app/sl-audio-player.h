/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SlAudioPlayer: the recording's sound, played in step with the video
 * view (GStreamer's playbin, its video left out).  The video view's clock
 * leads: the sound plays and pauses with it, goes where it seeks, and is
 * put back in place whenever it strays more than a frame from the frame
 * shown.  At speeds other than 1× it is muted until unmuted, and then
 * plays at that speed, its pitch kept.  $SIGHTLINE_AUDIO_SINK names
 * another sink (the tests use "fakesink").
 */
#pragma once

#include <glib-object.h>

#include "sl-video-view.h"

G_BEGIN_DECLS

#define SL_TYPE_AUDIO_PLAYER (sl_audio_player_get_type ())
G_DECLARE_FINAL_TYPE (SlAudioPlayer, sl_audio_player, SL, AUDIO_PLAYER, GObject)

/* Follows @video; the recording it opens is played from its path. */
SlAudioPlayer *sl_audio_player_new (SlVideoView *video);
/* The recording's file (NULL: none).  FALSE when it has no sound. */
gboolean sl_audio_player_open (SlAudioPlayer *self, const char *path);
gboolean sl_audio_player_has_sound (SlAudioPlayer *self);

/* "volume" (0 … 1) and "muted" are properties, for a volume button. */
void sl_audio_player_set_volume (SlAudioPlayer *self, double volume);
double sl_audio_player_get_volume (SlAudioPlayer *self);
void sl_audio_player_set_muted (SlAudioPlayer *self, gboolean muted);
gboolean sl_audio_player_get_muted (SlAudioPlayer *self);

/* Where the sound is, in seconds of the recording (NaN: not playing), and
 * the largest distance from the frame shown seen since playing began,
 * in seconds: for tests. */
double sl_audio_player_get_position (SlAudioPlayer *self);
double sl_audio_player_get_worst_lag (SlAudioPlayer *self);
/* Since playing began: the frames shown, those the sound was within a
 * frame of, and how often it was put back. */
void sl_audio_player_get_sync (SlAudioPlayer *self, guint *frames, guint *within, guint *resyncs);

G_END_DECLS
