#include "transport/http_exchange.h"

#include <utility>

namespace hallcast {

void HttpExchange::start(bool head) {
  *this = HttpExchange();
  head_ = head;
}

void HttpExchange::readBody(HttpRequest request, std::size_t length) {
  state_ = State::kReadingBody;
  request_ = std::move(request);
  request_.body.reserve(length);
}

bool HttpExchange::appendBody(const char* data, std::size_t len) {
  if (request_.body.size() + len > kMaxRequestBodyBytes) return false;
  request_.body.append(data, len);
  return true;
}

HttpRequest HttpExchange::takeRequest() {
  state_ = State::kDispatched;
  return std::exchange(request_, {});
}

void HttpExchange::hold(HttpRequest request, HttpResponse timeout) {
  state_ = State::kHeld;
  request_ = std::move(request);
  timeout_ = std::move(timeout);
}

HttpResponse HttpExchange::takeTimeoutAnswer() { return std::exchange(timeout_, {}); }

void HttpExchange::release(HttpResponse response) {
  state_ = State::kReady;
  request_ = {};
  timeout_ = {};
  ready_ = std::move(response);
}

HttpResponse HttpExchange::takeReady() {
  state_ = State::kDispatched;
  return std::exchange(ready_, {});
}

void HttpExchange::writeBody(std::string body) {
  state_ = State::kWritingBody;
  body_ = std::move(body);
}

std::string HttpExchange::takeBody() {
  state_ = State::kDispatched;
  return std::exchange(body_, {});
}

}  // namespace hallcast
