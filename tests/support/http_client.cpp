#include "support/http_client.h"

#include <curl/curl.h>

#include <regex>
#include <stdexcept>

namespace hallcast::test {
namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

HttpResult perform(const std::string& url, const std::string& method, const std::string& bearer,
                   const std::vector<std::string>& extra_headers, bool path_as_is, const std::string& ca_file,
                   const std::string* body = nullptr) {
  CURL* curl = curl_easy_init();
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  HttpResult result;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  if (path_as_is) curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  curl_slist* headers = nullptr;
  if (!bearer.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + bearer).c_str());
  for (const std::string& header : extra_headers) headers = curl_slist_append(headers, header.c_str());
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    curl_easy_cleanup(curl);
    throw std::runtime_error(method + " " + url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  if (type) result.content_type = type;
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  std::smatch m;
  const std::regex line("(^|\\n)" + name + ": *([^\\r\\n]*)", std::regex::icase);
  return std::regex_search(headers, m, line) ? std::string(m[2]) : "";
}

HttpResult httpRequest(const std::string& url, const std::string& method, const std::string& bearer,
                       const std::vector<std::string>& extra_headers, bool path_as_is) {
  return perform(url, method, bearer, extra_headers, path_as_is, "");
}

HttpResult httpSend(const std::string& url, const std::string& method, const std::string& body,
                    const std::vector<std::string>& headers) {
  // No "Expect: 100-continue" (curl's default past 1 KiB): the body goes at once.
  std::vector<std::string> all = headers;
  all.emplace_back("Expect:");
  return perform(url, method, "", all, false, "", &body);
}

HttpResult httpsRequest(const std::string& url, const std::string& ca_file) {
  return perform(url, "GET", "", {}, false, ca_file);
}

}  // namespace hallcast::test
