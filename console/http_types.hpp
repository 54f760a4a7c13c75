// The HTTP message types the listener, the console and the JSON API share, and the one place
// every response gets its security headers (DESIGN.md §8).
//
// Error policy: pure construction; nothing here fails.
#pragma once

#include <boost/beast/http.hpp>

#include <functional>
#include <string>
#include <variant>

namespace hm::console {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// A response with the given status, content type and body, with the headers every response
// carries: no caching, no sniffing, no framing, and a Content-Security-Policy that allows only
// this origin's own files (so no inline script can run even if some text slipped into HTML).
HttpResponse make_response(const HttpRequest& request, http::status status,
                           std::string content_type, std::string body);

// Work a handler must not do on the daemon's io thread, which also polls and hides: an Argon2
// hash, a walk of the audit chain. `work` runs on a worker thread and touches nothing but what
// it captured (never the store's connection); `finish` then runs back on the io thread, may use
// the store, and makes the answer. Run inline (work, then finish) where there is no worker
// pool: tests, benches, hallmonitorctl.
struct SlowWork {
  std::function<void()> work;
  std::function<HttpResponse()> finish;
};

// What a handler gives back: an answer now, or slow work that makes one later.
using Reply = std::variant<HttpResponse, SlowWork>;

// Runs slow work inline on this thread: the answer, however it comes.
HttpResponse run_inline(Reply reply);

}  // namespace hm::console
