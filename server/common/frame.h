#pragma once
#include <memory>
#include <string>

namespace hallcast {

// One encoded hallcast.v1.ServerMessage, encoded once and shared by every
// connection it is sent to.
using Frame = std::shared_ptr<const std::string>;

}  // namespace hallcast
