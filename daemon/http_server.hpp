// The daemon's HTTP listener (DESIGN.md §7/§8): /healthz, /metrics and, later, the console and
// JSON API, all through one Handler. Plain HTTP/1.1 on a loopback address by default.
//
// Error policy: listen() reports a bad or busy address as an error message (the daemon refuses
// to start). Per-connection failures (timeouts, malformed requests, oversized bodies, a handler
// that throws) end that connection or answer 4xx/5xx; nothing a client sends can stop the server
// or the process. Every read and write has a deadline; every request has a size limit.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace hm::daemon {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct HttpLimits {
  std::chrono::seconds read_timeout{30};  // a whole request, headers and body
  std::chrono::seconds write_timeout{30};
  std::uint64_t body_limit = 64 * 1024;  // the console's JSON requests are small
  std::uint32_t header_limit = 16 * 1024;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpServer(boost::asio::io_context& io, Handler handler, HttpLimits limits = {});
  ~HttpServer();

  // "127.0.0.1:8088", "[::1]:8088"; port 0 picks a free port. Returns an error message or
  // nullopt when bound.
  std::optional<std::string> listen(const std::string& address);
  boost::asio::ip::tcp::endpoint local_endpoint() const;

  void start();  // accepts until stop()
  void stop();   // closes the listener and every open connection

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// A response with the given status, content type and body, ready to send.
HttpResponse make_response(const HttpRequest& request, http::status status,
                           std::string content_type, std::string body);

}  // namespace hm::daemon
