/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gst/gst.h>
#include <math.h>

#include "sl-audio-player.h"

struct _SlAudioPlayer
{
  GObject parent_instance;
  SlVideoView *video; /* weak */
  GstElement *playbin;
  gboolean has_sound, prerolled;
  double volume;
  gboolean muted;
  gboolean muted_for_speed; /* muted because the speed is not 1× */
  double worst_lag;
  guint frames, frames_within, resyncs;
  gboolean strayed; /* more than a frame off at the frame before */
};

G_DEFINE_FINAL_TYPE (SlAudioPlayer, sl_audio_player, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

/* playbin's flags: sound only (GstPlayFlags is in plugins-base's
 * private headers). */
#define PLAY_FLAG_AUDIO (1 << 1)

static void
close_pipeline (SlAudioPlayer *self)
{
  if (self->playbin == NULL)
    return;
  g_autoptr (GstBus) bus = gst_element_get_bus (self->playbin);
  gst_bus_remove_watch (bus);
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_pointer (&self->playbin, gst_object_unref);
  self->has_sound = self->prerolled = FALSE;
}

static double
video_time (SlAudioPlayer *self)
{
  return sl_video_view_get_time (self->video);
}

static gboolean
audible (SlAudioPlayer *self)
{
  return self->has_sound && !self->muted && sl_video_view_get_playing (self->video);
}

/* Puts the sound at the frame shown, at the video's speed. */
static void
seek_to_video (SlAudioPlayer *self)
{
  if (self->playbin == NULL || !self->prerolled)
    return;
  double speed = sl_video_view_get_speed (self->video);
  gint64 at = (gint64)(MAX (video_time (self), 0) * GST_SECOND);
  gst_element_seek (self->playbin, speed > 0 ? speed : 1, GST_FORMAT_TIME,
                    GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, at,
                    GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  self->resyncs++;
}

static void
follow (SlAudioPlayer *self)
{
  if (self->playbin == NULL || !self->prerolled)
    return;
  if (!audible (self))
    {
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      return;
    }
  seek_to_video (self);
  gst_element_set_state (self->playbin, GST_STATE_PLAYING);
}

double
sl_audio_player_get_position (SlAudioPlayer *self)
{
  gint64 pos;
  if (self->playbin == NULL || !audible (self)
      || !gst_element_query_position (self->playbin, GST_FORMAT_TIME, &pos))
    return NAN;
  return (double)pos / GST_SECOND;
}

/* Each frame shown while playing: the sound stays within a frame of it. */
static void
on_frame (SlAudioPlayer *self)
{
  if (!audible (self))
    return;
  double at = sl_audio_player_get_position (self);
  if (isnan (at))
    return;
  double fps = sl_video_view_get_fps (self->video);
  double frame = 1 / (fps > 0 ? fps : 25);
  double lag = fabs (at - video_time (self));
  /* A seek by the person is not a lag of the sound. */
  if (lag < 2)
    {
      self->worst_lag = MAX (self->worst_lag, lag);
      self->frames++;
      self->frames_within += lag <= frame;
    }
  /* Put back when it strays by more than a frame twice running, or by
   * three at once: a recording's dropped frame makes the video itself
   * jump a frame, which is no reason to break the sound. */
  gboolean strayed = lag > frame;
  if ((strayed && self->strayed) || lag > 3 * frame)
    {
      seek_to_video (self);
      strayed = FALSE;
    }
  self->strayed = strayed;
}

static void
on_playing (SlAudioPlayer *self)
{
  if (sl_video_view_get_playing (self->video))
    {
      self->worst_lag = 0;
      self->frames = self->frames_within = self->resyncs = 0;
      self->strayed = FALSE;
    }
  follow (self);
}

/* Muted by default at speeds other than 1×; unmuted again at 1× if it was
 * muted for that. */
static void
on_speed (SlAudioPlayer *self)
{
  gboolean normal = fabs (sl_video_view_get_speed (self->video) - 1) < 1e-9;
  if (!normal && !self->muted)
    {
      self->muted_for_speed = TRUE;
      sl_audio_player_set_muted (self, TRUE);
    }
  else if (normal && self->muted_for_speed)
    {
      self->muted_for_speed = FALSE;
      sl_audio_player_set_muted (self, FALSE);
    }
  else
    follow (self);
}

static gboolean
close_later (gpointer data)
{
  close_pipeline (data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_bus (GstBus *bus, GstMessage *message, gpointer data)
{
  SlAudioPlayer *self = data;
  GstMessageType type = GST_MESSAGE_TYPE (message);
  if (type == GST_MESSAGE_ASYNC_DONE && !self->prerolled)
    {
      self->prerolled = TRUE;
      follow (self);
    }
  else if (type == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) error = NULL;
      gst_message_parse_error (message, &error, NULL);
      g_message ("The recording's sound cannot be played: %s", error->message);
      /* From the main loop: the watch is being run. */
      g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (self), g_object_unref);
      return G_SOURCE_CONTINUE;
    }
  return G_SOURCE_CONTINUE;
}

/* Whether the file has a sound stream, from playbin once it has read it. */
static gboolean
count_audio (SlAudioPlayer *self)
{
  int n = 0;
  g_object_get (self->playbin, "n-audio", &n, NULL);
  return n > 0;
}

gboolean
sl_audio_player_open (SlAudioPlayer *self, const char *path)
{
  g_return_val_if_fail (SL_IS_AUDIO_PLAYER (self), FALSE);
  close_pipeline (self);
  if (path == NULL || !gst_is_initialized ())
    return FALSE;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL || uri == NULL)
    {
      g_clear_pointer (&self->playbin, gst_object_unref);
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  g_object_set (self->playbin, "uri", uri, "flags", PLAY_FLAG_AUDIO, "volume", self->volume, "mute",
                self->muted, NULL);
  const char *sink_name = g_getenv ("SIGHTLINE_AUDIO_SINK");
  if (sink_name != NULL && *sink_name != '\0')
    {
      GstElement *sink = gst_element_factory_make (sink_name, NULL);
      if (sink != NULL)
        {
          if (g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "sync") != NULL)
            g_object_set (sink, "sync", TRUE, NULL);
          g_object_set (self->playbin, "audio-sink", sink, NULL);
        }
    }
  /* Pitch kept at other speeds, when the filter is there. */
  GstElement *tempo = gst_element_factory_make ("scaletempo", NULL);
  if (tempo != NULL)
    g_object_set (self->playbin, "audio-filter", tempo, NULL);
  g_autoptr (GstBus) bus = gst_element_get_bus (self->playbin);
  gst_bus_add_watch (bus, on_bus, self);
  /* Read the file's header now: whether it has sound at all. */
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  GstState state;
  if (gst_element_get_state (self->playbin, &state, NULL, 5 * GST_SECOND)
          == GST_STATE_CHANGE_FAILURE
      || !count_audio (self))
    {
      close_pipeline (self);
      return FALSE;
    }
  self->has_sound = TRUE;
  return TRUE;
}

gboolean
sl_audio_player_has_sound (SlAudioPlayer *self)
{
  return self->has_sound;
}

void
sl_audio_player_set_volume (SlAudioPlayer *self, double volume)
{
  volume = CLAMP (volume, 0, 1);
  if (self->volume == volume)
    return;
  self->volume = volume;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_VOLUME]);
}

double
sl_audio_player_get_volume (SlAudioPlayer *self)
{
  return self->volume;
}

void
sl_audio_player_set_muted (SlAudioPlayer *self, gboolean muted)
{
  if (self->muted == !!muted)
    return;
  self->muted = !!muted;
  if (!muted)
    self->muted_for_speed = FALSE;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "mute", self->muted, NULL);
  follow (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MUTED]);
}

gboolean
sl_audio_player_get_muted (SlAudioPlayer *self)
{
  return self->muted;
}

double
sl_audio_player_get_worst_lag (SlAudioPlayer *self)
{
  return self->worst_lag;
}

void
sl_audio_player_get_sync (SlAudioPlayer *self, guint *frames, guint *within, guint *resyncs)
{
  *frames = self->frames;
  *within = self->frames_within;
  *resyncs = self->resyncs;
}

SlAudioPlayer *
sl_audio_player_new (SlVideoView *video)
{
  SlAudioPlayer *self = g_object_new (SL_TYPE_AUDIO_PLAYER, NULL);
  if (!gst_is_initialized ())
    gst_init_check (NULL, NULL, NULL);
  self->video = video;
  g_object_add_weak_pointer (G_OBJECT (video), (gpointer *)&self->video);
  g_signal_connect_object (video, "notify::playing", G_CALLBACK (on_playing), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (video, "notify::speed", G_CALLBACK (on_speed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (video, "notify::frame", G_CALLBACK (on_frame), self, G_CONNECT_SWAPPED);
  return self;
}

static void
sl_audio_player_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SlAudioPlayer *self = SL_AUDIO_PLAYER (object);
  switch (id)
    {
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_audio_player_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  SlAudioPlayer *self = SL_AUDIO_PLAYER (object);
  switch (id)
    {
    case PROP_VOLUME:
      sl_audio_player_set_volume (self, g_value_get_double (value));
      break;
    case PROP_MUTED:
      sl_audio_player_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
sl_audio_player_dispose (GObject *object)
{
  SlAudioPlayer *self = SL_AUDIO_PLAYER (object);
  close_pipeline (self);
  if (self->video != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->video), (gpointer *)&self->video);
  self->video = NULL;
  G_OBJECT_CLASS (sl_audio_player_parent_class)->dispose (object);
}

static void
sl_audio_player_class_init (SlAudioPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = sl_audio_player_get_property;
  object_class->set_property = sl_audio_player_set_property;
  object_class->dispose = sl_audio_player_dispose;
  props[PROP_VOLUME]
      = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_MUTED]
      = g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sl_audio_player_init (SlAudioPlayer *self)
{
  self->volume = 1;
}
