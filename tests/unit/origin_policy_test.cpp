#include "http/origin_policy.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

TEST(OriginPolicy, ClientsThatAreNotBrowsersAndTheHubsOwnPagesAreAllowed) {
  EXPECT_FALSE(refuseOrigin("", "hub.example.org", {}));
  EXPECT_FALSE(refuseOrigin("https://hub.example.org", "hub.example.org", {}));
  EXPECT_FALSE(refuseOrigin("https://hub.example.org", "hub.example.org:443", {})) << "the default port";
  EXPECT_FALSE(refuseOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
  EXPECT_FALSE(refuseOrigin("HTTP://Hub.Example.org", "hub.example.org", {})) << "case-insensitive";
  EXPECT_FALSE(refuseOrigin("http://[::1]:8080", "[::1]:8080", {}));
}

TEST(OriginPolicy, OtherSitesAreRefusedUnlessListed) {
  const auto refused = refuseOrigin("https://evil.example", "hub.example.org", {});
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("origin https://evil.example may not use this hub (access.allowed_origins)"),
            std::string::npos)
      << *refused;
  EXPECT_TRUE(refuseOrigin("http://127.0.0.1:9999", "127.0.0.1:8080", {})) << "another port is another origin";
  EXPECT_TRUE(refuseOrigin("https://hub.example.org", "hub.example.org:8443", {}));
  EXPECT_TRUE(refuseOrigin("http://hub.example.org.evil.example", "hub.example.org", {}));
  EXPECT_TRUE(refuseOrigin("null", "hub.example.org", {})) << "sandboxed frames and files";
  EXPECT_TRUE(refuseOrigin("https://hub.example.org", "", {})) << "no Host to compare";

  const std::vector<std::string> listed{"https://forum.example.org"};
  EXPECT_FALSE(refuseOrigin("https://forum.example.org", "hub.example.org", listed));
  EXPECT_FALSE(refuseOrigin("https://FORUM.example.org", "hub.example.org", listed));
  EXPECT_TRUE(refuseOrigin("http://forum.example.org", "hub.example.org", listed)) << "the scheme counts";
  EXPECT_FALSE(refuseOrigin("https://anything.example", "hub.example.org", {"*"}));
  EXPECT_FALSE(refuseOrigin("null", "hub.example.org", {"*"}));
}

}  // namespace
}  // namespace hallcast
