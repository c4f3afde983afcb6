/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vision.h: the plain C boundary in front of OpenCV and dlib.
 *
 * Nothing here uses GLib; no C++ exception crosses this header.  Every call
 * that can fail returns a status and, through @error, a message allocated
 * with malloc() that the caller releases with free().
 *
 * Images are 8-bit BGR, rows @stride bytes apart.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

  /* Call once before any other function; @threads is the number of threads
   * OpenCV may use inside one call (1 keeps a pipeline's thread count exact). */
  void slv_init (int threads);

  typedef struct
  {
    int width;
    int height;
    int stride;
    const uint8_t *data;
  } SlvImage;

  /* ---- Video ------------------------------------------------------------- */

  typedef struct SlvVideo SlvVideo;

  typedef struct
  {
    int width;
    int height;
    double fps;          /* nominal frame rate of the stream */
    int64_t frame_count; /* nominal frames: duration × fps */
    double duration_s;
    char codec[8]; /* FOURCC, NUL-terminated */
  } SlvVideoInfo;

  typedef struct
  {
    SlvImage image;
    uint8_t *pixels; /* owned; image.data points here */
    int64_t index;   /* round(time_s × fps): follows timestamps, not decode order */
    double time_s;   /* presentation time */
  } SlvFrame;

  SlvVideo *slv_video_open (const char *path, char **error);
  void slv_video_close (SlvVideo *video);
  const SlvVideoInfo *slv_video_info (const SlvVideo *video);

  /* Decodes the next frame into @frame (which must be cleared or fresh).
   * Returns 1 for a frame, 0 at the end of the stream, -1 on error. */
  int slv_video_read (SlvVideo *video, SlvFrame *frame, char **error);

  /* Positions the stream so that the next read returns the first frame whose
   * index is at least @index.  Returns 0 on success, -1 on error. */
  int slv_video_seek (SlvVideo *video, int64_t index, char **error);

  void slv_frame_clear (SlvFrame *frame);

  /* The frame index (as slv_video_read() numbers frames) of every video
   * packet of the file at @path, in presentation order, without decoding:
   * the numbering of tools that count packets, repeat-previous-frame
   * packets included.  @indices is malloc()ed.  Returns 0 or -1. */
  int slv_video_packet_indices (const char *path, int64_t **indices, size_t *n, char **error);

  /* The recording's creation time as its container states it (the
   * "creation_time" tag, ISO 8601), malloc()ed; NULL when it has none or
   * the file cannot be opened. */
  char *slv_video_creation_time (const char *path);

  /* Writes @output (its container from its name) holding the video of
   * @first and then of @second, copied without decoding; the second's
   * times move to begin where the first's end, which @offset_s gives.
   * The two must share codec, picture size and time base (one camera).
   * Returns 0, or -1 and may leave a partial @output to delete. */
  int slv_video_concat (const char *first, const char *second, const char *output, double *offset_s,
                        char **error);

  /* ---- Player: decode for display ---------------------------------------- */

  /* A recording read straight through libavcodec, numbered exactly as
   * slv_video_read() numbers frames (@fps from slv_video_info()), with a
   * seek built for display: to the keyframe at or before the target from
   * the container's index, then forward, skipping the frames nothing
   * refers to on the way (they cannot be the target). */
  typedef struct SlvPlayer SlvPlayer;

  SlvPlayer *slv_player_open (const char *path, double fps, char **error);
  void slv_player_close (SlvPlayer *player);
  /* As slv_video_read() and slv_video_seek(). */
  int slv_player_read (SlvPlayer *player, SlvFrame *frame, char **error);
  int slv_player_seek (SlvPlayer *player, int64_t index, char **error);
  /* Of the last seek: the pictures decoded and the ones skipped. */
  void slv_player_seek_stats (const SlvPlayer *player, int *decoded, int *skipped);

  /* ---- Camera ------------------------------------------------------------ */

  typedef struct SlvCamera SlvCamera;

  /* Opens @device (/dev/videoN; any other path replays a recorded camera
   * stream at its own rate) and, when @record_path is not NULL, records
   * every frame read into it (Motion JPEG AVI).  Fails when the camera
   * does not open or sends no picture. */
  SlvCamera *slv_camera_open (const char *device, const char *record_path, char **error);
  /* width, height, fps (30 when the camera does not say) */
  const SlvVideoInfo *slv_camera_info (const SlvCamera *camera);
  /* Whether it replays a recorded stream rather than reading a camera. */
  int slv_camera_is_replay (const SlvCamera *camera);
  /* The next frame, numbered from 0 at fps: 1, or -1 when the camera
   * stopped (unplugged, or the replay ended). */
  int slv_camera_read (SlvCamera *camera, SlvFrame *frame, char **error);
  /* Closes the camera and finishes the recording. */
  void slv_camera_close (SlvCamera *camera);

  /* ---- Images ------------------------------------------------------------ */

  /* Loads a still image (any format OpenCV reads) as BGR into @frame. */
  int slv_image_load (const char *path, SlvFrame *frame, char **error);

  /* ---- Face detection: BlazeFace (ONNX through OpenCV DNN) --------------- */

#define SLV_FACE_KEYPOINTS 6

  typedef struct
  {
    float x, y, w, h; /* box in image pixels */
    float score;      /* 0..1 */
    float keypoints[SLV_FACE_KEYPOINTS][2];
  } SlvFace;

  typedef struct SlvFaceDetector SlvFaceDetector;

  /* @input_size is 128 (front model, near faces) or 256 (back model). */
  SlvFaceDetector *slv_face_detector_new (const char *onnx_path, int input_size, char **error);
  void slv_face_detector_free (SlvFaceDetector *detector);

  /* Detects faces with a score of at least @min_score, best first.
   * Returns the number written to @faces (at most @max_faces) or -1. */
  int slv_face_detector_detect (SlvFaceDetector *detector, const SlvImage *image, float min_score,
                                SlvFace *faces, int max_faces, char **error);

/* The anchor decoding and weighted non-maximum suppression of the network's
 * raw outputs, in the model's unit square ([0,1]²).  Exposed for tests.
 * @scores16 (512) and @boxes16 (512×16) are the 16×16-cell layer,
 * @scores8 (384) and @boxes8 (384×16) the 8×8-cell layer. */
#define SLV_BLAZEFACE_ANCHORS_16 512
#define SLV_BLAZEFACE_ANCHORS_8 384
  int slv_blazeface_decode (const float *scores16, const float *boxes16, const float *scores8,
                            const float *boxes8, int input_size, float min_score, SlvFace *faces,
                            int max_faces);

  /* ---- Landmarks: dlib 68-point shape predictor -------------------------- */

#define SLV_LANDMARKS 68

  typedef struct SlvLandmarker SlvLandmarker;

  SlvLandmarker *slv_landmarker_new (const char *dat_path, char **error);
  void slv_landmarker_free (SlvLandmarker *landmarker);

  /* Fits 68 points (iBUG order, x then y, image pixels) inside @box
   * (x, y, w, h).  Safe to call from several threads on one landmarker. */
  int slv_landmarker_fit (const SlvLandmarker *landmarker, const SlvImage *image,
                          const float box[4], float points[SLV_LANDMARKS * 2], char **error);

  /* ---- Measures on images and landmarks --------------------------------- */

  typedef struct
  {
    double mean;          /* mean grey level, 0..255 */
    double stddev;        /* RMS contrast of grey levels */
    double laplacian_var; /* variance of the Laplacian: low means blurred */
  } SlvImageStats;

  /* Statistics of the grey image inside @roi (x, y, w, h; clipped to the
   * image), or of the whole image when @roi is NULL. */
  int slv_image_stats (const SlvImage *image, const float *roi, SlvImageStats *stats, char **error);

  typedef struct
  {
    double yaw, pitch, roll; /* degrees */
    double tx, ty, tz;       /* millimetres, camera coordinates */
  } SlvHeadPose;

  /* Head pose from 68 landmarks by perspective-n-point against a generic
   * 3D face, with a pinhole camera of focal length @focal_px centred in a
   * @width × @height image. */
  int slv_head_pose (const float points[SLV_LANDMARKS * 2], int width, int height, double focal_px,
                     SlvHeadPose *pose, char **error);

/* The generic face used by slv_head_pose(): 6 points in millimetres
 * (x to the image right, y down, z away from the camera, origin at the nose
 * tip) and the iBUG landmark each corresponds to. */
#define SLV_FACE_MODEL_POINTS 6
  extern const float slv_face_model[SLV_FACE_MODEL_POINTS][3];
  extern const int slv_face_model_landmarks[SLV_FACE_MODEL_POINTS];

  /* The centre of the pupil of one eye by the gradient method of Timm &
   * Barth (2011), searched inside the outline of the eye's six iBUG points
   * (@eye: x, y of points 36–41 or 42–47).  @confidence is 0 (no peak) to
   * 1 (a sharp one).  Returns 0, or -1 when the eye is shut, outside the
   * image or has no edges. */
  int slv_eye_centre (const SlvImage *image, const float eye[12], float centre[2],
                      float *confidence, char **error);

  /* Projects @n points given in the face's own frame (millimetres, as the
   * model) into the image for @pose: for drawing axes and for tests. */
  int slv_head_pose_project (const SlvHeadPose *pose, int width, int height, double focal_px,
                             const float *model_xyz, int n, float *image_xy, char **error);

#ifdef __cplusplus
}
#endif
