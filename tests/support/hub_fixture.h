#pragma once
// Base of the integration tests: a real hub in a temporary directory, and
// connected, greeted WebSocket clients.

#include <gtest/gtest.h>

#include <memory>

#include "support/hub_process.h"
#include "support/temp_dir.h"
#include "support/ws_client.h"

namespace hallcast::test {

class HubTest : public ::testing::Test {
 protected:
  // Writes the test event (with `limits_yaml`) and starts the hub on it.
  void startHub(const std::string& limits_yaml = "") {
    config_ = dir_.write("event.yaml", testEventYaml(limits_yaml));
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
    hub_->start();
  }

  // A client that has connected and said Hello as `name`.
  std::unique_ptr<WsClient> greeted(const std::string& name) {
    auto client = std::make_unique<WsClient>(hub_->port());
    EXPECT_TRUE(client->connect()) << client->error();
    const v1::ServerEvent welcome = client->hello(name);
    EXPECT_TRUE(welcome.has_ack() && welcome.ack().has_welcome()) << welcome.DebugString();
    return client;
  }

  HubProcess& hub() { return *hub_; }

  // A failing test shows the end of the hub's log: what CI prints is all
  // there is to go on.
  void TearDown() override {
    if (!HasFailure() || !hub_) return;
    const std::string log = hub_->log();
    const std::size_t keep = 12000;
    std::cerr << "---- hub log (last " << keep << " bytes) ----\n"
              << (log.size() > keep ? log.substr(log.size() - keep) : log) << "\n---- end of hub log ----\n";
  }

  TempDir dir_;
  std::filesystem::path config_;
  std::unique_ptr<HubProcess> hub_;
};

}  // namespace hallcast::test
