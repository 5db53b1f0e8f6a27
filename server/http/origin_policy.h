#pragma once
// Which web origins may open the hub's WebSocket and call its API from a
// browser: a page elsewhere must not act with a visitor's credentials
// (cross-site WebSocket hijacking). Browsers name the page's origin in the
// Origin header (RFC 6454, RFC 6455 §10.2); clients that are not browsers
// send none and are not concerned. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallcast {

// Nullopt when a request with `origin` (the Origin header, empty when
// absent) to the hub reached as `host` (the Host header) is allowed: no
// Origin, the hub's own origin (the same host and port), or one of
// `allowed` ("*" allows every origin). Otherwise the reason, for the 403.
std::optional<std::string> refuseOrigin(std::string_view origin, std::string_view host,
                                        const std::vector<std::string>& allowed);

}  // namespace hallcast
