#include "auth/data_secret.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/event_config.h"

namespace hallcast {
namespace {

constexpr const char* kFileName = "secret";
constexpr const char* kOldFileName = "guest-secret";  // before staff tokens used it too

std::runtime_error failure(const std::filesystem::path& file, const std::string& what) {
  return std::runtime_error(file.string() + ": " + what + ": " + std::strerror(errno));
}

// The secret as hex text, so that the file is readable and copyable as is.
std::string randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  std::size_t filled = 0;
  while (filled < raw.size()) {
    const ssize_t n = getrandom(raw.data() + filled, raw.size() - filled, 0);  // the kernel's CSPRNG
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
    filled += static_cast<std::size_t>(n);
  }
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : raw) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

std::string readSecret(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (!in || secret.size() < kMinSecretBytes) {
    throw std::runtime_error(file.string() + ": unreadable or shorter than " + std::to_string(kMinSecretBytes) +
                             " bytes; delete it to make a new one (the staff and guest tokens it signed stop working)");
  }
  return secret;
}

}  // namespace

std::filesystem::path dataSecretPath(const std::filesystem::path& data_dir) {
  return data_dir / kFileName;
}

std::optional<std::string> loadDataSecret(const std::filesystem::path& data_dir) {
  const std::filesystem::path file = dataSecretPath(data_dir);
  if (!std::filesystem::exists(file)) return std::nullopt;
  return readSecret(file);
}

std::string loadOrCreateDataSecret(const std::filesystem::path& data_dir) {
  std::filesystem::create_directories(data_dir);
  const std::filesystem::path file = dataSecretPath(data_dir);
  if (std::filesystem::exists(file)) return readSecret(file);
  const std::filesystem::path old_file = data_dir / kOldFileName;
  if (std::filesystem::exists(old_file)) {
    readSecret(old_file);  // refuse a damaged one before taking it over
    std::filesystem::rename(old_file, file);
    return readSecret(file);
  }
  // Written whole to a temporary file, then linked into place: a reader
  // never sees half a secret, and of two hubs racing, both use the winner's.
  const std::filesystem::path temp = data_dir / (std::string(kFileName) + ".new-" + std::to_string(getpid()));
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw failure(temp, "cannot create");
  const std::string secret = randomHex(32) + "\n";
  const bool written = write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && fsync(fd) == 0;
  close(fd);
  if (!written) {
    unlink(temp.c_str());
    throw failure(temp, "cannot write");
  }
  const int linked = link(temp.c_str(), file.c_str());
  const int link_errno = errno;
  unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    errno = link_errno;
    throw failure(file, "cannot create");
  }
  return readSecret(file);
}

}  // namespace hallcast
