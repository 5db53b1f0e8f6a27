#pragma once
// Writes a file whole under another name, then renames it over the old one:
// a player or browser reading it never sees half a playlist or picture.

#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

namespace hallcast {

// False (with `ec` set when the rename failed) when the file could not be written.
inline bool replaceFile(const std::filesystem::path& file, std::string_view bytes, std::error_code& ec) {
  auto tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return false;
  }
  std::filesystem::rename(tmp, file, ec);
  return !ec;
}

}  // namespace hallcast
