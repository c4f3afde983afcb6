/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording's packets, read and written with libavformat without
 * decoding.
 *
 * Frame numbering: webcam recorders write a packet for every frame slot,
 * including "repeat the previous frame" packets that a decoder turns into
 * no new picture, and leave out the slots they dropped; tools that step
 * through a file packet by packet (annotation tools among them) number
 * frames that way.  slv_video_packet_indices() lists, in presentation
 * order, the frame index (round(pts × fps), as slv_video_read() numbers
 * frames) of every video packet.
 *
 * Joining: slv_video_concat() copies the video packets of two recordings
 * of one camera into one file, the second's moved to begin where the
 * first's end.
 */
#include "vision-private.hpp"

extern "C"
{
#include <libavformat/avformat.h>
#include <string.h>
}

#include <algorithm>
#include <cmath>
#include <vector>

namespace
{

/* An input file and its video stream. */
struct Input
{
  AVFormatContext *fmt = nullptr;
  int stream = -1;

  ~Input () { avformat_close_input (&fmt); }

  bool
  open (const char *path, char **error)
  {
    if (avformat_open_input (&fmt, path, nullptr, nullptr) < 0)
      {
        slv::set_error (error, std::string (path)
                                   + ": the file cannot be opened as a media "
                                     "container");
        return false;
      }
    if (avformat_find_stream_info (fmt, nullptr) < 0)
      {
        slv::set_error (error, std::string (path) + ": the container's streams cannot be read");
        return false;
      }
    stream = av_find_best_stream (fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream < 0)
      {
        slv::set_error (error, std::string (path) + ": the file has no video stream");
        return false;
      }
    return true;
  }

  AVStream *
  video () const
  {
    return fmt->streams[stream];
  }
};

struct Packet
{
  AVPacket *pkt = av_packet_alloc ();
  Packet ()
  {
    if (pkt == nullptr)
      throw std::bad_alloc ();
  }
  ~Packet () { av_packet_free (&pkt); }
};

int64_t
packet_time (const AVPacket *pkt)
{
  return pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
}

} // namespace

extern "C" int
slv_video_packet_indices (const char *path, int64_t **indices, size_t *n, char **error)
{
  *indices = nullptr;
  *n = 0;
  return slv::guard<int> (error, -1, [&] () -> int {
    Input in;
    if (!in.open (path, error))
      return -1;
    AVStream *st = in.video ();
    AVRational rate = av_guess_frame_rate (in.fmt, st, nullptr);
    if (rate.num <= 0 || rate.den <= 0)
      {
        slv::set_error (error, "the video stream has no frame rate");
        return -1;
      }
    double fps = av_q2d (rate), tb = av_q2d (st->time_base);
    int64_t start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;

    std::vector<int64_t> out;
    Packet p;
    while (av_read_frame (in.fmt, p.pkt) >= 0)
      {
        int64_t ts = packet_time (p.pkt);
        if (p.pkt->stream_index == in.stream && ts != AV_NOPTS_VALUE)
          out.push_back ((int64_t)std::llround ((double)(ts - start) * tb * fps));
        av_packet_unref (p.pkt);
      }
    std::sort (out.begin (), out.end ());

    *indices = (int64_t *)malloc (std::max<size_t> (out.size (), 1) * sizeof (int64_t));
    if (*indices == nullptr)
      throw std::bad_alloc ();
    std::copy (out.begin (), out.end (), *indices);
    *n = out.size ();
    return 0;
  });
}

extern "C" char *
slv_video_creation_time (const char *path)
{
  return slv::guard<char *> (nullptr, nullptr, [&] () -> char * {
    AVFormatContext *fmt = nullptr;
    if (avformat_open_input (&fmt, path, nullptr, nullptr) < 0)
      return nullptr;
    const AVDictionaryEntry *e = av_dict_get (fmt->metadata, "creation_time", nullptr, 0);
    char *out = e != nullptr && e->value != nullptr ? strdup (e->value) : nullptr;
    avformat_close_input (&fmt);
    return out;
  });
}

extern "C" int
slv_video_concat (const char *first, const char *second, const char *output, double *offset_s,
                  char **error)
{
  *offset_s = 0;
  return slv::guard<int> (error, -1, [&] () -> int {
    Input a, b;
    if (!a.open (first, error) || !b.open (second, error))
      return -1;
    const AVCodecParameters *pa = a.video ()->codecpar, *pb = b.video ()->codecpar;
    if (pa->codec_id != pb->codec_id || pa->width != pb->width || pa->height != pb->height
        || av_cmp_q (a.video ()->time_base, b.video ()->time_base) != 0)
      {
        slv::set_error (error, "they differ in picture size, codec or frame timing, so they "
                               "are not from one camera");
        return -1;
      }

    AVFormatContext *out = nullptr;
    if (avformat_alloc_output_context2 (&out, nullptr, nullptr, output) < 0 || out == nullptr)
      {
        slv::set_error (error, std::string (output) + ": no container is known for this name");
        return -1;
      }
    struct Output
    {
      AVFormatContext *f;
      bool header = false;
      ~Output ()
      {
        if (header)
          av_write_trailer (f);
        if (f->pb != nullptr)
          avio_closep (&f->pb);
        avformat_free_context (f);
      }
    } guard_out{ out };
    AVStream *os = avformat_new_stream (out, nullptr);
    if (os == nullptr || avcodec_parameters_copy (os->codecpar, pa) < 0)
      throw std::bad_alloc ();
    os->codecpar->codec_tag = 0;
    os->time_base = a.video ()->time_base;
    if (avio_open (&out->pb, output, AVIO_FLAG_WRITE) < 0)
      {
        slv::set_error (error, std::string (output) + ": the file cannot be written");
        return -1;
      }
    if (avformat_write_header (out, nullptr) < 0)
      {
        slv::set_error (error, std::string (output) + ": the container cannot be started");
        return -1;
      }
    guard_out.header = true;

    /* The second recording begins one frame after the first's last. */
    int64_t offset = 0;
    Packet p;
    for (Input *in : { &a, &b })
      {
        AVRational tb = in->video ()->time_base;
        int64_t start = in->video ()->start_time != AV_NOPTS_VALUE ? in->video ()->start_time : 0;
        int64_t shift = (in == &b ? offset : 0) - start, end = offset;
        while (av_read_frame (in->fmt, p.pkt) >= 0)
          {
            if (p.pkt->stream_index != in->stream || packet_time (p.pkt) == AV_NOPTS_VALUE)
              {
                av_packet_unref (p.pkt);
                continue;
              }
            if (p.pkt->pts != AV_NOPTS_VALUE)
              p.pkt->pts += shift;
            if (p.pkt->dts != AV_NOPTS_VALUE)
              p.pkt->dts += shift;
            end = std::max (end, packet_time (p.pkt) + std::max<int64_t> (p.pkt->duration, 1));
            p.pkt->stream_index = 0;
            av_packet_rescale_ts (p.pkt, tb, os->time_base);
            if (av_interleaved_write_frame (out, p.pkt) < 0)
              {
                slv::set_error (error, std::string (output)
                                           + ": a packet cannot be written "
                                             "(is the disk full?)");
                return -1;
              }
          }
        if (in == &a)
          {
            offset = end;
            *offset_s = (double)offset * av_q2d (tb);
          }
      }
    if (av_write_trailer (out) < 0)
      {
        guard_out.header = false;
        slv::set_error (error, std::string (output) + ": the file cannot be finished");
        return -1;
      }
    guard_out.header = false;
    return 0;
  });
}
