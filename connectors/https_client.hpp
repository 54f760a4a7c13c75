// The HTTPS client every connector uses: Beast + OpenSSL, C++20 coroutines, one client per host.
//   - TLS: SNI, ssl::verify_peer with host-name verification, CA from a configured file or the
//     system trust store;
//   - a deadline on every operation (resolve, connect, handshake, write, read);
//   - response header and body size limits;
//   - keep-alive: idle connections are reused; a stale reused connection is replaced at once;
//   - retries with jittered exponential backoff on network errors and 5xx, for requests marked
//     idempotent (a request that may have reached the server is never repeated otherwise).
//
// Error policy: an HTTP response of any status is a result (after retries, a 5xx is returned).
// A network or TLS failure that survives the retries throws NetworkError, whose message names
// the host and the operation but never a secret (URLs are redacted). A bad CA file given to the
// constructor throws std::runtime_error (configuration).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "connectors/backoff.hpp"
#include "connectors/http_message.hpp"

namespace hm::connectors {

struct HttpsClientOptions {
  std::string host;
  std::string port = "443";
  std::filesystem::path ca_file;              // empty: the system's default verify paths
  std::chrono::milliseconds timeout{15'000};  // each of resolve+connect, handshake, write, read
  std::size_t body_limit = 8 * 1024 * 1024;
  std::uint32_t header_limit = 32 * 1024;
  std::size_t max_idle_connections = 4;
  BackoffPolicy backoff;
  UnitRandom random;  // empty: a seeded std::mt19937_64
  std::string user_agent = "hallmonitor/0.1";
};

class NetworkError : public std::runtime_error {
 public:
  NetworkError(const std::string& what, bool retryable, bool maybe_sent, bool closed = false,
               bool too_large = false)
      : std::runtime_error(what),
        retryable_(retryable),
        maybe_sent_(maybe_sent),
        closed_(closed),
        too_large_(too_large) {}
  bool retryable() const noexcept { return retryable_; }
  bool maybe_sent() const noexcept { return maybe_sent_; }
  // The peer had closed the connection (EOF, reset): on a reused keep-alive connection this
  // means it went stale, not that the server failed.
  bool connection_closed() const noexcept { return closed_; }
  // The answer's body was over body_limit: asking for less (a smaller page) may succeed.
  bool response_too_large() const noexcept { return too_large_; }

 private:
  bool retryable_;
  bool maybe_sent_;
  bool closed_;
  bool too_large_;
};

class HttpsClient {
 public:
  HttpsClient(boost::asio::any_io_executor executor, HttpsClientOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends `request` (its URL must name this client's host and port), retrying per policy.
  boost::asio::awaitable<HttpResponse> request(HttpRequest request);

  // HTTP requests written to the wire so far, retries included.
  long long requests_sent() const noexcept { return requests_sent_; }
  const HttpsClientOptions& options() const noexcept { return options_; }

 private:
  struct Connection;
  boost::asio::awaitable<std::unique_ptr<Connection>> connect();
  boost::asio::awaitable<HttpResponse> exchange(Connection& c, const HttpRequest& request,
                                                bool& sent);
  boost::asio::awaitable<HttpResponse> attempt(const HttpRequest& request);

  boost::asio::any_io_executor executor_;
  HttpsClientOptions options_;
  struct Tls;
  std::unique_ptr<Tls> tls_;
  std::vector<std::unique_ptr<Connection>> idle_;
  long long requests_sent_ = 0;
};

}  // namespace hm::connectors
