#include "transport/http_exchange.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace hallcast {
namespace {

using State = HttpExchange::State;

HttpRequest post(std::string path) {
  HttpRequest r;
  r.method = "POST";
  r.path = std::move(path);
  return r;
}

TEST(HttpExchange, ABodyIsReadWholeThenDispatched) {
  HttpExchange exchange;
  exchange.start(false);
  exchange.readBody(post("/whep/room"), 5);
  EXPECT_EQ(exchange.state(), State::kReadingBody);
  EXPECT_TRUE(exchange.appendBody("v=0", 3));
  EXPECT_TRUE(exchange.appendBody("\r\n", 2));
  const HttpRequest request = exchange.takeRequest();
  EXPECT_EQ(exchange.state(), State::kDispatched);
  EXPECT_EQ(request.path, "/whep/room");
  EXPECT_EQ(request.body, "v=0\r\n");
}

TEST(HttpExchange, ABodyPastTheLimitIsRefused) {
  HttpExchange exchange;
  exchange.start(false);
  exchange.readBody(post("/whep/room"), 10);
  EXPECT_TRUE(exchange.appendBody(std::string(kMaxRequestBodyBytes, 'x').data(), kMaxRequestBodyBytes));
  EXPECT_FALSE(exchange.appendBody("x", 1));
}

TEST(HttpExchange, AHeldRequestIsReleasedWithItsAnswerThenWritten) {
  HttpExchange exchange;
  exchange.start(true);
  HttpRequest get;
  get.method = "HEAD";
  get.path = "/hls/room/index.m3u8";
  HttpResponse timeout;
  timeout.status = 503;
  timeout.wait_for = "room/index.m3u8";
  exchange.hold(get, timeout);
  EXPECT_EQ(exchange.state(), State::kHeld);
  EXPECT_EQ(exchange.heldRequest().path, "/hls/room/index.m3u8");
  EXPECT_EQ(exchange.timeoutAnswer().wait_for, "room/index.m3u8");

  HttpResponse playlist;
  playlist.body = "#EXTM3U\n";
  exchange.release(playlist);
  EXPECT_EQ(exchange.state(), State::kReady);
  EXPECT_TRUE(exchange.head());
  EXPECT_EQ(exchange.takeReady().body, "#EXTM3U\n");
  EXPECT_EQ(exchange.state(), State::kDispatched);
}

TEST(HttpExchange, AtTimeoutTheHeldRequestGetsItsTimeoutAnswer) {
  HttpExchange exchange;
  exchange.start(false);
  HttpResponse timeout;
  timeout.status = 503;
  exchange.hold(HttpRequest{}, timeout);
  exchange.release(exchange.takeTimeoutAnswer());
  EXPECT_EQ(exchange.takeReady().status, 503);
}

TEST(HttpExchange, APendingBodyIsTakenOnce) {
  HttpExchange exchange;
  exchange.start(false);
  exchange.writeBody("hello");
  EXPECT_EQ(exchange.state(), State::kWritingBody);
  EXPECT_EQ(exchange.takeBody(), "hello");
  EXPECT_EQ(exchange.state(), State::kDispatched);
  EXPECT_EQ(exchange.takeBody(), "");
}

TEST(HttpExchange, TheNextRequestOnTheConnectionStartsAfresh) {
  HttpExchange exchange;
  exchange.start(true);
  exchange.closeAfterAnswer();
  exchange.writeBody("left over");
  exchange.start(false);
  EXPECT_EQ(exchange.state(), State::kDispatched);
  EXPECT_FALSE(exchange.head());
  EXPECT_FALSE(exchange.closesAfterAnswer());
  EXPECT_EQ(exchange.takeBody(), "");
}

}  // namespace
}  // namespace hallcast
