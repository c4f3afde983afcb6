/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame numbering a recording's packets give, read with libavformat
 * without decoding.  Webcam recorders write a packet for every frame slot,
 * including "repeat the previous frame" packets that a decoder turns into
 * no new picture, and leave out the slots they dropped; tools that step
 * through a file packet by packet (annotation tools among them) number
 * frames that way.  This lists, in presentation order, the frame index
 * (round(pts × fps), as slv_video_read() numbers frames) of every video
 * packet.
 */
#include "vision-private.hpp"

extern "C"
{
#include <libavformat/avformat.h>
}

#include <algorithm>
#include <cmath>
#include <vector>

extern "C" int
slv_video_packet_indices (const char *path, int64_t **indices, size_t *n, char **error)
{
  *indices = nullptr;
  *n = 0;
  return slv::guard<int> (error, -1, [&] () -> int {
    AVFormatContext *fmt = nullptr;
    if (avformat_open_input (&fmt, path, nullptr, nullptr) < 0)
      {
        slv::set_error (error, "the file cannot be opened as a media container");
        return -1;
      }
    struct Closer
    {
      AVFormatContext **f;
      ~Closer () { avformat_close_input (f); }
    } closer{ &fmt };
    if (avformat_find_stream_info (fmt, nullptr) < 0)
      {
        slv::set_error (error, "the container's streams cannot be read");
        return -1;
      }
    int stream = av_find_best_stream (fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream < 0)
      {
        slv::set_error (error, "the file has no video stream");
        return -1;
      }
    AVStream *st = fmt->streams[stream];
    AVRational rate = av_guess_frame_rate (fmt, st, nullptr);
    if (rate.num <= 0 || rate.den <= 0)
      {
        slv::set_error (error, "the video stream has no frame rate");
        return -1;
      }
    double fps = av_q2d (rate), tb = av_q2d (st->time_base);
    int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;

    std::vector<int64_t> out;
    AVPacket *pkt = av_packet_alloc ();
    if (pkt == nullptr)
      throw std::bad_alloc ();
    while (av_read_frame (fmt, pkt) >= 0)
      {
        if (pkt->stream_index == stream)
          {
            int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (ts != AV_NOPTS_VALUE)
              out.push_back ((int64_t)std::llround ((double)(ts - start) * tb * fps));
          }
        av_packet_unref (pkt);
      }
    av_packet_free (&pkt);
    std::sort (out.begin (), out.end ());

    *indices = (int64_t *)malloc (std::max<size_t> (out.size (), 1) * sizeof (int64_t));
    if (*indices == nullptr)
      throw std::bad_alloc ();
    std::copy (out.begin (), out.end (), *indices);
    *n = out.size ();
    return 0;
  });
}
