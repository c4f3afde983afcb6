/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decoding for display, through libavcodec directly: what OpenCV's
 * capture cannot do is seek by the container's keyframe index and skip,
 * on the way to the target, the pictures no other picture refers to.
 *
 * Numbering is slv_video_read()'s (video.cpp): a picture's time is its
 * presentation timestamp from the stream's start (the decode timestamp
 * when the presentation timestamp is missing or 0, as OpenCV's capture
 * takes it), its index round(time × fps), and indices only increase.
 * The suite checks the two agree frame by frame and pixel by pixel.
 */
#include "vision-private.hpp"

extern "C"
{
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>

struct SlvPlayer
{
  AVFormatContext *fmt = nullptr;
  int stream = -1;
  AVCodecContext *dec = nullptr;
  AVPacket *pkt = nullptr;
  AVFrame *frame = nullptr;
  SwsContext *sws = nullptr;
  double fps = 0;
  bool can_skip = false; /* the codec decodes on when a non-reference picture is skipped */
  AVRational tb = { 0, 1 };
  int64_t start = 0;
  int64_t last_index = -1;
  bool flushed = false; /* the decoder was sent the end of the stream */
  /* While seeking: packets of frames before this index may be skipped
   * when nothing refers to them. */
  int64_t skip_before = INT64_MIN;
  /* The picture a seek landed on, handed out by the next read. */
  bool has_pending = false;
  int64_t pending_index = 0;
  double pending_time = 0;
  int seek_decoded = 0, seek_packets = 0;

  ~SlvPlayer ()
  {
    sws_freeContext (sws);
    av_frame_free (&frame);
    av_packet_free (&pkt);
    avcodec_free_context (&dec);
    avformat_close_input (&fmt);
  }
};

static double
time_of (const SlvPlayer *p, int64_t ts)
{
  /* As the capture gives it: milliseconds, then seconds. */
  double t = (double)(ts - p->start) * av_q2d (p->tb) * 1000.0 / 1000.0;
  return std::isfinite (t) && t >= 0 ? t : 0;
}

static int64_t
index_of (const SlvPlayer *p, double t)
{
  return (int64_t)std::llround (t * p->fps);
}

extern "C" SlvPlayer *
slv_player_open (const char *path, double fps, char **error)
{
  return slv::guard<SlvPlayer *> (error, nullptr, [&] () -> SlvPlayer * {
    auto *p = new SlvPlayer ();
    p->fps = fps;
    const char *problem = nullptr;
    const AVCodec *codec = nullptr;
    if (!(fps > 0) || avformat_open_input (&p->fmt, path, nullptr, nullptr) < 0)
      problem = "the file cannot be opened as a media container";
    else if (avformat_find_stream_info (p->fmt, nullptr) < 0)
      problem = "the container's streams cannot be read";
    else if ((p->stream = av_find_best_stream (p->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0)) < 0
             || codec == nullptr)
      problem = "the file has no video stream a decoder here can read";
    else
      {
        AVStream *st = p->fmt->streams[p->stream];
        p->tb = st->time_base;
        /* Skipping is left to the codecs where a picture is one packet:
         * MPEG-4 part 2 packs a B-frame with the next picture, and
         * skipping that packet would shift what comes out after it. */
        p->can_skip = codec->id == AV_CODEC_ID_H264 || codec->id == AV_CODEC_ID_HEVC;
        p->start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
        p->dec = avcodec_alloc_context3 (codec);
        p->pkt = av_packet_alloc ();
        p->frame = av_frame_alloc ();
        if (p->dec == nullptr || p->pkt == nullptr || p->frame == nullptr)
          throw std::bad_alloc ();
        /* One thread: a picture out as soon as its packet is in. */
        p->dec->thread_count = 1;
        if (avcodec_parameters_to_context (p->dec, st->codecpar) < 0
            || avcodec_open2 (p->dec, codec, nullptr) < 0)
          problem = "the video decoder cannot be opened";
        /* Only the video stream's packets are wanted. */
        for (unsigned i = 0; i < p->fmt->nb_streams; i++)
          if ((int)i != p->stream)
            p->fmt->streams[i]->discard = AVDISCARD_ALL;
      }
    if (problem != nullptr)
      {
        delete p;
        slv::set_error (error, problem);
        return nullptr;
      }
    return p;
  });
}

extern "C" void
slv_player_close (SlvPlayer *player)
{
  delete player;
}

/* Decodes on to the next picture with a new index, into p->frame.
 * 1: a picture; 0: the end; -1: an error. */
static int
decode_next (SlvPlayer *p, int64_t *index, double *time_s, char **error)
{
  for (;;)
    {
      int r = avcodec_receive_frame (p->dec, p->frame);
      if (r == 0)
        {
          int64_t ts = p->frame->pts != AV_NOPTS_VALUE && p->frame->pts != 0 ? p->frame->pts
                                                                             : p->frame->pkt_dts;
          double t = ts != AV_NOPTS_VALUE ? time_of (p, ts) : 0;
          int64_t i = index_of (p, t);
          if (p->skip_before != INT64_MIN)
            p->seek_decoded++;
          if (i <= p->last_index)
            {
              av_frame_unref (p->frame);
              continue;
            }
          *index = i;
          *time_s = t;
          return 1;
        }
      if (r == AVERROR_EOF)
        return 0;
      if (r != AVERROR (EAGAIN))
        {
          slv::set_error (error, "a frame could not be decoded");
          return -1;
        }
      if (p->flushed)
        return 0;
      r = av_read_frame (p->fmt, p->pkt);
      if (r < 0)
        {
          /* The end (or a cut-off file): what the decoder holds comes out. */
          p->flushed = true;
          avcodec_send_packet (p->dec, nullptr);
          continue;
        }
      if (p->pkt->stream_index != p->stream)
        {
          av_packet_unref (p->pkt);
          continue;
        }
      /* A picture before the seek's target is never shown: when nothing
       * refers to it, it need not be decoded at all.  (A presentation
       * timestamp of 0 is numbered by the decode timestamp: kept.) */
      bool skip = p->can_skip && p->skip_before != INT64_MIN && p->pkt->pts != AV_NOPTS_VALUE
                  && p->pkt->pts != 0 && index_of (p, time_of (p, p->pkt->pts)) < p->skip_before;
      p->dec->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
      if (p->skip_before != INT64_MIN)
        p->seek_packets++;
      r = avcodec_send_packet (p->dec, p->pkt);
      av_packet_unref (p->pkt);
      if (r < 0 && r != AVERROR_INVALIDDATA)
        {
          slv::set_error (error, "a packet could not be decoded");
          return -1;
        }
    }
}

static void
fill (SlvPlayer *p, SlvFrame *out, int64_t index, double time_s)
{
  AVFrame *f = p->frame;
  /* BGR as OpenCV's capture converts it: bicubic, no scaling. */
  p->sws
      = sws_getCachedContext (p->sws, f->width, f->height, (AVPixelFormat)f->format, f->width,
                              f->height, AV_PIX_FMT_BGR24, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (p->sws == nullptr)
    throw std::runtime_error ("unsupported pixel format");
  size_t stride = (size_t)f->width * 3;
  /* swscale's vector code may write a little past the last row. */
  out->pixels = (uint8_t *)malloc (stride * f->height + 64);
  if (out->pixels == nullptr)
    throw std::bad_alloc ();
  uint8_t *dst[4] = { out->pixels, nullptr, nullptr, nullptr };
  int dst_stride[4] = { (int)stride, 0, 0, 0 };
  sws_scale (p->sws, f->data, f->linesize, 0, f->height, dst, dst_stride);
  out->image.width = f->width;
  out->image.height = f->height;
  out->image.stride = (int)stride;
  out->image.data = out->pixels;
  out->index = index;
  out->time_s = time_s;
  av_frame_unref (f);
}

extern "C" int
slv_player_read (SlvPlayer *p, SlvFrame *frame, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    *frame = SlvFrame ();
    if (p->has_pending)
      {
        p->has_pending = false;
        fill (p, frame, p->pending_index, p->pending_time);
        p->last_index = frame->index;
        return 1;
      }
    int64_t index;
    double t;
    int r = decode_next (p, &index, &t, error);
    if (r <= 0)
      return r;
    fill (p, frame, index, t);
    p->last_index = index;
    return 1;
  });
}

/* From the keyframe at or before @ts (the container's index), or from the
 * start. */
static void
restart_at (SlvPlayer *p, int64_t ts)
{
  if (ts <= p->start || av_seek_frame (p->fmt, p->stream, ts, AVSEEK_FLAG_BACKWARD) < 0)
    av_seek_frame (p->fmt, p->stream, p->start, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
  avcodec_flush_buffers (p->dec);
  p->flushed = false;
  p->last_index = -1;
}

extern "C" int
slv_player_seek (SlvPlayer *p, int64_t index, char **error)
{
  return slv::guard<int> (error, -1, [&] () -> int {
    if (index < 0)
      index = 0;
    av_frame_unref (p->frame);
    p->has_pending = false;
    p->seek_decoded = p->seek_packets = 0;
    /* The earliest timestamp numbered @index, and a second before it
     * each time the keyframe found lands past the target. */
    double slot_s = (index - 0.5) / p->fps;
    int64_t ts = p->start + (int64_t)std::floor (slot_s / av_q2d (p->tb));
    int64_t step = (int64_t)std::ceil (1.0 / av_q2d (p->tb));
    for (int attempt = 0;; attempt++)
      {
        restart_at (p, ts);
        p->skip_before = index;
        int64_t i;
        double t;
        int r = decode_next (p, &i, &t, error);
        int64_t first = r == 1 ? i : INT64_MIN;
        while (r == 1 && i < index)
          {
            av_frame_unref (p->frame);
            r = decode_next (p, &i, &t, error);
          }
        p->skip_before = INT64_MIN;
        p->dec->skip_frame = AVDISCARD_DEFAULT;
        if (r < 0)
          return -1;
        if (r == 0)
          return 0; /* past the end: the next read reports the end */
        if (first > index && ts > p->start && attempt < 8)
          {
            /* The first picture was already past the target: the
             * keyframe found was too late. */
            av_frame_unref (p->frame);
            ts -= step << attempt;
            continue;
          }
        p->pending_index = i;
        p->pending_time = t;
        p->has_pending = true;
        p->last_index = i - 1;
        return 0;
      }
  });
}

extern "C" void
slv_player_seek_stats (const SlvPlayer *p, int *decoded, int *skipped)
{
  *decoded = p->seek_decoded;
  *skipped = std::max (p->seek_packets - p->seek_decoded, 0);
}
