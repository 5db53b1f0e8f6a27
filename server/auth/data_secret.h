#pragma once
// The secret that signs staff tokens and guests' resume tokens when the
// event configures none (access.secret / HALLCAST_SECRET): 32 random bytes
// made once and kept in the data directory (DATA/secret, mode 0600), so
// tokens survive a restart of the hub and `hallcast token --data DATA` can
// mint staff tokens for a hub started with no configuration of its own.

#include <filesystem>
#include <optional>
#include <string>

namespace hallcast {

// DATA/secret, created when missing (a DATA/guest-secret of an older hub is
// taken over, so its guests keep their resume tokens). Throws
// std::runtime_error when it cannot be read or made. Never log the result.
std::string loadOrCreateDataSecret(const std::filesystem::path& data_dir);

// DATA/secret when it exists (nullopt otherwise). Throws like the above when
// it is unreadable or too short.
std::optional<std::string> loadDataSecret(const std::filesystem::path& data_dir);

// The file's path, for messages.
std::filesystem::path dataSecretPath(const std::filesystem::path& data_dir);

}  // namespace hallcast
