#include "support/staff.h"

#include <gtest/gtest.h>

#include "support/hub_process.h"

namespace hallcast::test {

std::string mintToken(const std::string& config, const std::string& role, const std::string& name,
                      const std::vector<std::string>& extra_args) {
  std::vector<std::string> args{"token", "--config", config, "--role", role, "--name", name};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const CommandResult r = runHallcast(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::string token = r.output;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

v1::ServerEvent controlFeed(WsClient& client, const std::string& room, v1::FeedAction action) {
  v1::ClientMessage m;
  m.mutable_control_feed()->set_room_id(room);
  m.mutable_control_feed()->set_action(action);
  return client.request(m);
}

std::unique_ptr<WsClient> watchingTechnician(int port, const std::string& config) {
  auto client = std::make_unique<WsClient>(port);
  EXPECT_TRUE(client->connect()) << client->error();
  v1::ClientMessage hello;
  hello.mutable_hello()->set_token(mintToken(config, "technician", "Wang Fang"));
  EXPECT_TRUE(client->request(hello).has_ack());
  v1::ClientMessage watch;
  watch.mutable_watch_health();
  const v1::ServerEvent ack = client->request(watch);
  EXPECT_TRUE(ack.has_ack() && ack.ack().has_health_watched()) << ack.DebugString();
  return client;
}

}  // namespace hallcast::test
