#include "support/rtsp_server.h"

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

#include <stdexcept>

namespace hallcast::test {

RtspServer::RtspServer(const std::string& path, const std::string& launch) : path_(path) {
  gst_init(nullptr, nullptr);
  context_ = g_main_context_new();
  loop_ = g_main_loop_new(context_, FALSE);
  server_ = gst_rtsp_server_new();
  gst_rtsp_server_set_address(server_, "127.0.0.1");
  gst_rtsp_server_set_service(server_, "0");  // any free port
  GstRTSPMountPoints* mounts = gst_rtsp_server_get_mount_points(server_);
  GstRTSPMediaFactory* factory = gst_rtsp_media_factory_new();
  gst_rtsp_media_factory_set_launch(factory, launch.c_str());
  gst_rtsp_media_factory_set_shared(factory, TRUE);
  gst_rtsp_mount_points_add_factory(mounts, path.c_str(), factory);
  g_object_unref(mounts);
  if (gst_rtsp_server_attach(server_, context_) == 0) throw std::runtime_error("RTSP server cannot listen");
  port_ = gst_rtsp_server_get_bound_port(server_);
  thread_ = std::thread([this] {
    g_main_context_push_thread_default(context_);
    g_main_loop_run(loop_);
    g_main_context_pop_thread_default(context_);
  });
}

RtspServer::~RtspServer() {
  g_main_loop_quit(loop_);
  g_main_context_wakeup(context_);
  thread_.join();
  g_object_unref(server_);
  g_main_loop_unref(loop_);
  g_main_context_unref(context_);
}

std::string RtspServer::url() const { return "rtsp://127.0.0.1:" + std::to_string(port_) + path_; }

std::string cameraLaunch() {
  return "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=320,height=180,framerate=25/1 ! "
         "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=400 ! rtph264pay name=pay0 pt=96 "
         "audiotestsrc is-live=true wave=silence ! audio/x-raw,rate=48000,channels=1 ! voaacenc ! "
         "rtpmp4apay name=pay1 pt=97 )";
}

}  // namespace hallcast::test
