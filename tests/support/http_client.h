#pragma once
// HTTP requests to the hub with libcurl, a client the team did not write.

#include <string>

namespace hallcast::test {

struct HttpResult {
  long status = 0;
  std::string content_type;
  std::string body;
  std::string headers;  // raw header block, lower-cased names as sent
};

// `bearer`: a token sent as `Authorization: Bearer <bearer>` (empty: none).
HttpResult httpRequest(const std::string& url, const std::string& method = "GET", const std::string& bearer = "");

}  // namespace hallcast::test
