#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace hallcast::test {
namespace {

// scripts/test --sanitize names a file (HALLCAST_PROCESS_INDEX) where each
// process a test starts is listed with the test: a sanitizer report is
// named after its process id only ("ubsan.12345"), and may come from a hub
// that outlived its test.
void listProcess(pid_t pid, const std::string& program) {
  const char* index = std::getenv("HALLCAST_PROCESS_INDEX");
  if (!index || !*index) return;
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "(no test)";
  std::ofstream out(index, std::ios::app);
  out << pid << " " << name << " " << program << "\n" << getpid() << " " << name << " (the test's own process)\n";
}

}  // namespace

pid_t spawnProcess(const std::vector<std::string>& args, int* stdout_fd, const std::string& log_file) {
  int fds[2] = {-1, -1};
  if (stdout_fd && pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdout_fd) {
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    if (log_file.empty()) {
      posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                       0644);
    }
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (stdout_fd) close(fds[1]);
  if (rc != 0) {
    if (stdout_fd) close(fds[0]);
    throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
  }
  if (stdout_fd) *stdout_fd = fds[0];
  listProcess(pid, args[0]);
  return pid;
}

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string commandOutput(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  if (pipe) pclose(pipe);
  return out;
}

ChildProcess::ChildProcess(std::vector<std::string> args, std::filesystem::path log_file)
    : args_(std::move(args)), log_file_(std::move(log_file)) {}

ChildProcess::~ChildProcess() { stop(std::chrono::milliseconds(0)); }

void ChildProcess::start() {
  if (pid_ > 0) throw std::logic_error(args_[0] + " already running");
  pid_ = spawnProcess(args_, nullptr, log_file_.string());
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  ::kill(pid_, grace.count() > 0 ? SIGTERM : SIGKILL);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return false;
}

std::optional<int> ChildProcess::waitExit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (running()) return std::nullopt;
  return exit_code_;
}

std::string ChildProcess::log() const { return readFile(log_file_); }

}  // namespace hallcast::test
