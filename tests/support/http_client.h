#pragma once
// HTTP requests to the hub with libcurl, a client the team did not write.

#include <string>
#include <vector>

namespace hallcast::test {

struct HttpResult {
  long status = 0;
  std::string content_type;
  std::string body;
  std::string headers;  // raw header block, lower-cased names as sent

  // The value of response header `name` (any case); empty when absent.
  std::string header(const std::string& name) const;
};

// `bearer`: a token sent as `Authorization: Bearer <bearer>` (empty: none).
// `headers`: more request headers ("Origin: https://x"). `path_as_is`: the
// URL's path goes out exactly as written ("/../" and all), not normalised.
HttpResult httpRequest(const std::string& url, const std::string& method = "GET", const std::string& bearer = "",
                       const std::vector<std::string>& headers = {}, bool path_as_is = false);

// A request with a body (sent with its Content-Length), e.g. a POST of an
// SDP offer with headers {"Content-Type: application/sdp"}.
HttpResult httpSend(const std::string& url, const std::string& method, const std::string& body,
                    const std::vector<std::string>& headers = {});

// A GET of an https:// URL whose certificate is checked against the PEM CA
// file `ca_file` (a test's own self-signed certificate).
HttpResult httpsRequest(const std::string& url, const std::string& ca_file);

}  // namespace hallcast::test
