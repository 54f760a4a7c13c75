#include "connectors/https_client.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "connectors/tls_context.hpp"
#include "connectors/url_tools.hpp"

namespace hm::connectors {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

struct HttpsClient::Tls {
  std::shared_ptr<ssl::context> context;  // shared by every client of one trust store
};

struct HttpsClient::Connection {
  explicit Connection(asio::any_io_executor ex, ssl::context& ctx) : stream(ex, ctx) {}
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

namespace {

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string describe(const std::string& host, std::string_view operation,
                     const boost::system::error_code& ec) {
  std::string msg = "https://" + host + ": " + std::string(operation) + " failed: " + ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    char buf[256];
    ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf, sizeof buf);
    msg += " (" + std::string(buf) + ")";
  }
  return msg;
}

bool closed(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace

HttpsClient::HttpsClient(asio::any_io_executor executor, HttpsClientOptions options)
    : executor_(std::move(executor)), options_(std::move(options)), tls_(std::make_unique<Tls>()) {
  if (!options_.random) options_.random = default_unit_random();
  tls_->context = shared_tls_context(options_.ca_file);
}

HttpsClient::~HttpsClient() = default;

asio::awaitable<std::unique_ptr<HttpsClient::Connection>> HttpsClient::connect() {
  auto conn = std::make_unique<Connection>(executor_, *tls_->context);
  const std::string& host = options_.host;
  if (!is_ip_literal(host) && !SSL_set_tlsext_host_name(conn->stream.native_handle(), host.c_str()))
    throw NetworkError("https://" + host + ": cannot set SNI host name", false, false);
  conn->stream.set_verify_mode(ssl::verify_peer);
  conn->stream.set_verify_callback(ssl::host_name_verification(host));

  tcp::resolver resolver(executor_);
  asio::steady_timer timer(executor_);
  timer.expires_after(options_.timeout);
  auto resolved =
      co_await (resolver.async_resolve(host, options_.port, asio::as_tuple(asio::use_awaitable)) ||
                timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (resolved.index() == 1)
    throw NetworkError("https://" + host + ": resolve timed out", true, false);
  auto [rec, endpoints] = std::get<0>(resolved);
  if (rec) throw NetworkError(describe(host, "resolve", rec), true, false);

  auto& tcp_layer = beast::get_lowest_layer(conn->stream);
  tcp_layer.expires_after(options_.timeout);
  auto [cec, ep] = co_await tcp_layer.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (cec) throw NetworkError(describe(host, "connect", cec), true, false);

  tcp_layer.expires_after(options_.timeout);
  auto [hec] = co_await conn->stream.async_handshake(ssl::stream_base::client,
                                                     asio::as_tuple(asio::use_awaitable));
  if (hec) {
    // A certificate that does not verify will not verify on a retry either.
    const bool tls_failure = hec.category() == asio::error::get_ssl_category();
    throw NetworkError(describe(host, "TLS handshake", hec), !tls_failure, false);
  }
  co_return conn;
}

asio::awaitable<HttpResponse> HttpsClient::exchange(Connection& c, const HttpRequest& request,
                                                    bool& sent) {
  http::request<http::string_body> req;
  req.version(11);
  req.method_string(request.method);
  req.target(std::string(request.url.encoded_target()));
  req.set(http::field::host,
          options_.port == "443" ? options_.host : options_.host + ":" + options_.port);
  req.set(http::field::user_agent, options_.user_agent);
  req.set(http::field::accept, "application/json");
  for (const auto& h : request.headers) req.set(h.name, h.value);
  if (!request.content_type.empty()) req.set(http::field::content_type, request.content_type);
  req.body() = request.body;
  req.keep_alive(true);
  req.prepare_payload();

  auto& tcp_layer = beast::get_lowest_layer(c.stream);
  tcp_layer.expires_after(options_.timeout);
  sent = true;
  ++requests_sent_;
  auto [wec, written] =
      co_await http::async_write(c.stream, req, asio::as_tuple(asio::use_awaitable));
  if (wec) throw NetworkError(describe(options_.host, "write", wec), true, true, closed(wec));

  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.body_limit);
  parser.header_limit(options_.header_limit);
  tcp_layer.expires_after(options_.timeout);
  auto [rec, read] =
      co_await http::async_read(c.stream, c.buffer, parser, asio::as_tuple(asio::use_awaitable));
  if (rec) {
    const bool too_big = rec == http::error::body_limit || rec == http::error::header_limit;
    throw NetworkError(describe(options_.host, too_big ? "read (size limit)" : "read", rec),
                       !too_big, true, closed(rec), rec == http::error::body_limit);
  }
  auto& res = parser.get();
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& field : res)
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  out.body = std::move(res.body());
  if (!res.keep_alive()) c.buffer.clear();
  // A channel's connection idles for a poll interval between requests: keep no read buffer
  // through it (one per channel adds up in a trust of hundreds).
  if (c.buffer.size() == 0) c.buffer.shrink_to_fit();
  co_return out;
}

asio::awaitable<HttpResponse> HttpsClient::attempt(const HttpRequest& request) {
  auto keep_if_alive = [this](std::unique_ptr<Connection> conn, const HttpResponse& response) {
    const auto connection = response.header("connection");
    if ((!connection || !iequals(*connection, "close")) &&
        idle_.size() < options_.max_idle_connections)
      idle_.push_back(std::move(conn));
  };
  // A reused keep-alive connection the server has closed fails at once: drop it and go on with
  // the next idle one or a fresh connection, without waiting (the server did not fail). A
  // request that must never be sent twice (a reply) takes a fresh connection: on a reused one,
  // a server that took the request and then closed looks the same as a stale connection.
  while (request.idempotent && !idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    bool sent = false;
    std::optional<HttpResponse> response;
    try {
      response = co_await exchange(*conn, request, sent);
    } catch (const NetworkError& e) {
      if (!e.connection_closed()) throw;  // a timeout or TLS error is the server's answer
    }
    if (response) {
      keep_if_alive(std::move(conn), *response);
      co_return std::move(*response);
    }
  }
  auto conn = co_await connect();
  bool sent = false;
  HttpResponse response = co_await exchange(*conn, request, sent);
  keep_if_alive(std::move(conn), response);
  co_return response;
}

asio::awaitable<HttpResponse> HttpsClient::request(HttpRequest request) {
  if (!iequals(request.url.host(), options_.host) ||
      (request.url.has_port() ? std::string(request.url.port()) : std::string("443")) !=
          options_.port)
    throw std::invalid_argument("HttpsClient for " + options_.host + " asked to fetch " +
                                redact_url(request.url));
  const int max_attempts = std::max(1, options_.backoff.max_attempts);
  for (int attempt_number = 1;; ++attempt_number) {
    std::optional<NetworkError> failure;
    HttpResponse response;
    try {
      response = co_await attempt(request);
    } catch (const NetworkError& e) {
      failure = e;
    }
    bool retry = false;
    if (failure) {
      retry = failure->retryable() && (request.idempotent || !failure->maybe_sent());
      if (!retry || attempt_number >= max_attempts) throw *failure;
    } else {
      retry = response.status >= 500 && request.idempotent;
      if (!retry || attempt_number >= max_attempts) co_return response;
    }
    asio::steady_timer timer(executor_);
    timer.expires_after(backoff_delay(options_.backoff, attempt_number, options_.random));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace hm::connectors
