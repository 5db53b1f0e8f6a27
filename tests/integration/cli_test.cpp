// The hallcast command line: --version, check-config, and exit codes.

#include <gtest/gtest.h>

#include "support/hub_process.h"
#include "support/temp_dir.h"

namespace hallcast::test {
namespace {

TEST(Cli, PrintsItsVersion) {
  const CommandResult r = runHallcast({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("hallcast 0.", 0), 0u) << r.output;
}

TEST(Cli, CheckConfigAcceptsTheDefaultEvent) {
  const CommandResult r = runHallcast({"check-config", HALLCAST_SOURCE_DIR "/config/event.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok (10 rooms, 3 booths)"), std::string::npos) << r.output;
}

TEST(Cli, CheckConfigNamesFileLineAndKeyAndExits2) {
  TempDir dir;
  std::string yaml = testEventYaml();
  yaml.replace(yaml.find("kind: panel"), 11, "kind: plenary");
  const auto file = dir.write("bad.yaml", yaml);
  const CommandResult r = runHallcast({"check-config", file.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(file.string() + ":11:11: rooms[1].kind: must be one of main, panel"),
            std::string::npos)
      << r.output;
}

TEST(Cli, ServeRefusesABadConfigWithExit2) {
  TempDir dir;
  const auto file = dir.write("bad.yaml", testEventYaml() + "colour: blue\n");
  const CommandResult r =
      runHallcast({"serve", "--config", file.string(), "--listen", "127.0.0.1:0", "--data",
                   (dir.path() / "data").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("colour: unknown key"), std::string::npos) << r.output;
}

TEST(Cli, ServeRefusesABadListenAddress) {
  TempDir dir;
  const auto file = dir.write("event.yaml", testEventYaml());
  const CommandResult r = runHallcast({"serve", "--config", file.string(), "--listen", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--listen: expected HOST:PORT"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hallcast::test
