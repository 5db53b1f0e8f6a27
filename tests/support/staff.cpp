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

}  // namespace hallcast::test
