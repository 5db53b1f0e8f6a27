#pragma once
// A WHIP publisher made of GStreamer's webrtcbin (a WebRTC stack the team
// did not write): a test pattern at 320×180 in H.264 and a tone in Opus,
// offered send-only, POSTed to the hub with a staff token, the answer
// applied — as a remote speaker's browser or OBS would.

#include <gst/gst.h>

#include <string>

#include "support/http_client.h"

namespace hallcast::test {

class WhipSender {
 public:
  WhipSender();
  ~WhipSender();
  WhipSender(const WhipSender&) = delete;
  WhipSender& operator=(const WhipSender&) = delete;

  // The offer, once ICE gathering is complete.
  std::string offer();
  // POSTs the offer to `endpoint_url` with `token` (Bearer); on 201
  // applies the answer. The hub's response as it came.
  HttpResult publish(const std::string& endpoint_url, const std::string& token);
  std::string connectionState() const;

 private:
  GstElement* pipeline_ = nullptr;
  GstElement* webrtc_ = nullptr;
  std::string offer_;
};

}  // namespace hallcast::test
