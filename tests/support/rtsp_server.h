#pragma once
// An RTSP server inside the test (gst-rtsp-server), serving a test stream the
// way an IP camera does: H.264 and AAC over RTP.

#include <glib.h>

#include <string>
#include <thread>

typedef struct _GstRTSPServer GstRTSPServer;

namespace hallcast::test {

class RtspServer {
 public:
  // Serves `launch` (a gst-rtsp-server factory launch line) at `path`.
  RtspServer(const std::string& path, const std::string& launch);
  ~RtspServer();
  RtspServer(const RtspServer&) = delete;
  RtspServer& operator=(const RtspServer&) = delete;

  int port() const { return port_; }
  std::string url() const;

 private:
  std::string path_;
  GMainContext* context_ = nullptr;
  GMainLoop* loop_ = nullptr;
  GstRTSPServer* server_ = nullptr;
  std::thread thread_;
  int port_ = 0;
};

// A camera-like stream: H.264 (pay0) and AAC (pay1) carrying silence.
std::string cameraLaunch();

}  // namespace hallcast::test
