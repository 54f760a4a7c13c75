// The daemon's HTTP listener (DESIGN.md §7/§8): /healthz, /metrics, the web console and the JSON
// API, all through one Handler. HTTP/1.1, over TLS when given a TLS context (the console's
// certificate and key); plain on a loopback address by default.
//
// Error policy: listen() reports a bad or busy address as an error message (the daemon refuses
// to start). Per-connection failures (timeouts, malformed requests, oversized bodies, a handler
// that throws) end that connection or answer 4xx/5xx; nothing a client sends can stop the server
// or the process. Every read and write has a deadline; every request has a size limit.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http.hpp>

#include "console/http_types.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace hm::daemon {

namespace http = boost::beast::http;
using console::HttpRequest;
using console::HttpResponse;
using console::make_response;

struct HttpLimits {
  std::chrono::seconds read_timeout{30};  // a whole request, headers and body
  std::chrono::seconds write_timeout{30};
  std::uint64_t body_limit = 64 * 1024;  // the console's JSON requests are small
  std::uint32_t header_limit = 16 * 1024;
  // Open connections at most. The unit allows 1,024 file descriptors and the daemon needs some
  // for its platform calls and the database: one more connection is answered 503 and closed,
  // so idle connections cannot stop the console or the polls.
  std::size_t max_connections = 256;
};

// Who sent a request: the console throttles logins per address and sets Secure cookies on TLS.
struct Peer {
  boost::asio::ip::address address;
  bool tls = false;
};

class WorkerPool;

class HttpServer {
 public:
  // An answer, or SlowWork: its work runs on the worker pool and its finish back on the io
  // thread before the answer is written (console/http_types.hpp).
  using Handler = std::function<console::Reply(const HttpRequest&, const Peer&)>;

  // With `tls`, every connection must complete a TLS handshake (within read_timeout) first.
  // Slow work runs on `workers`; when it has no room the request is answered 503 with
  // Retry-After; without a pool (tests) slow work runs inline.
  HttpServer(boost::asio::io_context& io, Handler handler, HttpLimits limits = {},
             std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
             WorkerPool* workers = nullptr);
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

// A server-side TLS context from PEM files; an error message when they cannot be used.
struct TlsContextResult {
  std::shared_ptr<boost::asio::ssl::context> context;
  std::string error;
};
TlsContextResult make_server_tls_context(const std::string& cert_file, const std::string& key_file);

}  // namespace hm::daemon
