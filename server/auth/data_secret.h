#pragma once
// The secret that signs guest resume tokens when the event configures none
// (access.secret / HALLCAST_SECRET): 32 random bytes made once and kept in
// the data directory, so that resume tokens survive a restart of the hub.

#include <filesystem>
#include <string>

namespace hallcast {

// DATA/guest-secret, created (mode 0600) when missing. Throws
// std::runtime_error when it cannot be read or made. Never log the result.
std::string loadOrCreateGuestSecret(const std::filesystem::path& data_dir);

}  // namespace hallcast
