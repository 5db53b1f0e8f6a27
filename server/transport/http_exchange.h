#pragma once
// One HTTP request and its answer on a connection, from its headers to the
// last byte of the response: what the lws callbacks would otherwise keep
// as loose pointers in lws's per-connection data (which lws allocates as
// zeroed memory, so it holds a pointer to this instead).

#include <cstddef>
#include <string>

#include "http/routes.h"

namespace hallcast {

class HttpExchange {
 public:
  enum class State {
    kReadingBody,  // the request's body is arriving
    kDispatched,   // with the routes, or answered: nothing of it waits here
    kHeld,         // waiting for what its answer waits for (HttpResponse::wait_for)
    kReady,        // its answer is ready, sent when the connection is writable
    kWritingBody,  // the headers are out, the body goes when writable
  };

  // A new request (keep-alive: the one before it is done).
  void start(bool head);
  State state() const { return state_; }
  // The request was a HEAD: its answer goes without a body.
  bool head() const { return head_; }
  // The connection closes once the answer is out (a refused body is still
  // arriving, and cannot start the next request).
  void closeAfterAnswer() { close_ = true; }
  bool closesAfterAnswer() const { return close_; }

  // kReadingBody until takeRequest(): the body, announced with
  // `length` bytes, comes in appendBody() calls.
  void readBody(HttpRequest request, std::size_t length);
  // False when the body is more than kMaxRequestBodyBytes (more than it
  // announced).
  bool appendBody(const char* data, std::size_t len);
  // The whole request, to dispatch (kDispatched).
  HttpRequest takeRequest();

  // kHeld: the request, and the answer sent as it is at timeout.wait_until.
  void hold(HttpRequest request, HttpResponse timeout);
  const HttpRequest& heldRequest() const { return request_; }
  const HttpResponse& timeoutAnswer() const { return timeout_; }
  HttpResponse takeTimeoutAnswer();
  // kReady: the held request is answered with `response`.
  void release(HttpResponse response);
  // The answer to send (kDispatched).
  HttpResponse takeReady();

  // kWritingBody: `body` follows the headers when writable.
  void writeBody(std::string body);
  // The body to write now (kDispatched).
  std::string takeBody();

 private:
  State state_ = State::kDispatched;
  HttpRequest request_;   // reading its body, or held
  HttpResponse timeout_;  // held
  HttpResponse ready_;    // ready
  std::string body_;      // writing body
  bool head_ = false;
  bool close_ = false;
};

}  // namespace hallcast
