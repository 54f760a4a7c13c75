#include "daemon/http_server.hpp"

#include "daemon/worker_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <iostream>
#include <list>

namespace hm::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

beast::tcp_stream& lowest(beast::tcp_stream& s) {
  return s;
}
beast::tcp_stream& lowest(beast::ssl_stream<beast::tcp_stream>& s) {
  return s.next_layer();
}

// A request whose framing the server will not guess at, answered and then closed: no Host or
// two (HTTP/1.1 requires exactly one; two can route differently behind a proxy), or a
// Transfer-Encoding other than chunked (its body's end is unknown: reading it as "no body" and
// keeping the connection would take the rest as a second request).
struct FramingProblem {
  http::status status;
  const char* text;
};
std::optional<FramingProblem> framing_problem(const HttpRequest& r) {
  const auto hosts = std::distance(r.equal_range(http::field::host).first,
                                   r.equal_range(http::field::host).second);
  if (hosts > 1 || (hosts == 0 && r.version() >= 11))
    return FramingProblem{http::status::bad_request, "exactly one Host header is required\n"};
  if (r.count(http::field::transfer_encoding) &&
      !beast::iequals(r[http::field::transfer_encoding], "chunked"))
    return FramingProblem{http::status::not_implemented,
                          "only chunked transfer coding is accepted\n"};
  return std::nullopt;
}

}  // namespace

struct HttpServer::State : std::enable_shared_from_this<State> {
  State(asio::io_context& io, Handler h, HttpLimits l, std::shared_ptr<ssl::context> t,
        WorkerPool* w)
      : io(io), acceptor(io), handler(std::move(h)), limits(l), tls(std::move(t)), workers(w) {}

  asio::io_context& io;
  tcp::acceptor acceptor;
  Handler handler;
  HttpLimits limits;
  std::shared_ptr<ssl::context> tls;
  WorkerPool* workers;  // null: slow work runs inline
  bool stopping = false;
  std::list<std::weak_ptr<beast::tcp_stream>> streams;  // open connections, for stop()

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        // e.g. too many open files: keep serving those already connected, and wait a little
        // rather than spin on an accept that fails at once.
        asio::steady_timer pause(io, std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      std::erase_if(streams, [](const auto& w) { return w.expired(); });
      if (streams.size() >= limits.max_connections) {
        refuse_busy(socket);
        continue;
      }
      boost::system::error_code ignored;
      Peer peer{socket.remote_endpoint(ignored).address(), tls != nullptr};
      if (tls) {
        auto stream =
            std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(socket), *tls);
        streams.push_back(std::shared_ptr<beast::tcp_stream>(stream, &stream->next_layer()));
        asio::co_spawn(io, tls_session(stream, peer), asio::detached);
      } else {
        auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
        streams.push_back(stream);
        asio::co_spawn(io, session(stream, peer), asio::detached);
      }
    }
  }

  // Over the connection limit: one short plain answer if the socket takes it at once (never a
  // wait on the io thread), then closed. Over TLS the client sees a closed connection.
  void refuse_busy(tcp::socket& socket) {
    boost::system::error_code ignored;
    if (!tls) {
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\n"
          "Connection: close\r\n\r\n";
      socket.non_blocking(true, ignored);
      socket.write_some(asio::buffer(kBusy), ignored);
    }
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  asio::awaitable<void> tls_session(std::shared_ptr<beast::ssl_stream<beast::tcp_stream>> stream,
                                    Peer peer) {
    auto self = shared_from_this();
    stream->next_layer().expires_after(limits.read_timeout);
    auto [ec] = co_await stream->async_handshake(ssl::stream_base::server,
                                                 asio::as_tuple(asio::use_awaitable));
    if (ec) {
      // A plain-HTTP client or a scanner: nothing to say to it.
      stream->next_layer().close();
      co_return;
    }
    co_await session(stream, peer);
  }

  static HttpResponse internal_error(const HttpRequest& request, std::string_view what) {
    std::cerr << "<3>http: handler failed: " << what << "\n";
    return make_response(request, http::status::internal_server_error, "text/plain",
                         "internal error\n");
  }

  // The handler's answer; its slow work, if any, on the worker pool while this connection waits
  // (the io thread serves the others meanwhile).
  asio::awaitable<HttpResponse> answer(const HttpRequest& request, const Peer& peer) {
    console::Reply reply;
    try {
      reply = handler(request, peer);
    } catch (const std::exception& e) {
      co_return internal_error(request, e.what());
    }
    if (auto* now = std::get_if<HttpResponse>(&reply)) co_return std::move(*now);
    auto& slow = std::get<console::SlowWork>(reply);
    if (!workers) co_return console::run_inline(std::move(reply));
    std::function<void()> work = std::move(slow.work);  // named: see WorkerPool::run
    const WorkerPool::Outcome outcome = co_await workers->run(std::move(work));
    if (outcome.kind == WorkerPool::Outcome::Kind::full) {
      auto busy = make_response(request, http::status::service_unavailable, "application/json",
                                R"({"error":"the server is busy; try again in a moment"})");
      busy.set(http::field::retry_after, "1");
      co_return busy;
    }
    if (outcome.kind == WorkerPool::Outcome::Kind::failed)
      co_return internal_error(request, outcome.error);
    try {
      co_return slow.finish();
    } catch (const std::exception& e) {
      co_return internal_error(request, e.what());
    }
  }

  template <class Stream>
  asio::awaitable<void> session(std::shared_ptr<Stream> stream, Peer peer) {
    auto self = shared_from_this();
    beast::flat_buffer buffer;
    // One catch-all per connection: whatever goes wrong here ends this connection only.
    try {
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(limits.body_limit);
        parser.header_limit(limits.header_limit);
        lowest(*stream).expires_after(limits.read_timeout);
        auto [ec, n] =
            co_await http::async_read(*stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
            ec == beast::error::timeout || ec == asio::ssl::error::stream_truncated || stopping)
          break;
        HttpResponse response;
        bool keep_alive = false;
        if (ec == http::error::body_limit) {
          response = make_response(parser.get(), http::status::payload_too_large, "text/plain",
                                   "request body too large\n");
        } else if (ec) {
          HttpRequest empty;
          response = make_response(empty, http::status::bad_request, "text/plain", "bad request\n");
        } else if (auto problem = framing_problem(parser.get())) {
          response = make_response(parser.get(), problem->status, "text/plain", problem->text);
        } else {
          const HttpRequest& request = parser.get();
          keep_alive = request.keep_alive();
          response = co_await answer(request, peer);
        }
        response.keep_alive(keep_alive);
        response.prepare_payload();
        // HEAD: the headers a GET would have (Content-Length included), never the body.
        if (!ec && parser.get().method() == http::verb::head) response.body().clear();
        lowest(*stream).expires_after(limits.write_timeout);
        auto [wec, wn] =
            co_await http::async_write(*stream, response, asio::as_tuple(asio::use_awaitable));
        (void)wn;
        if (wec || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      std::cerr << "<4>http: connection ended: " << e.what() << "\n";
    }
    beast::error_code ignored;
    lowest(*stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest(*stream).close();
  }
};

HttpServer::HttpServer(asio::io_context& io, Handler handler, HttpLimits limits,
                       std::shared_ptr<ssl::context> tls, WorkerPool* workers)
    : state_(std::make_shared<State>(io, std::move(handler), limits, std::move(tls), workers)) {}

HttpServer::~HttpServer() {
  stop();
}

std::optional<std::string> HttpServer::listen(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos) return "listen address must be HOST:PORT, got '" + address + "'";
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string port_text = address.substr(colon + 1);
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(port_text, &used);
    if (used != port_text.size() || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return "listen port must be a number from 0 to 65535, got '" + port_text + "'";
  }
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (ec) return "listen host must be an IP address, got '" + host + "'";
  tcp::endpoint endpoint(ip, static_cast<unsigned short>(port));
  auto& a = state_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    a.close();
    return "cannot listen on " + address + ": " + ec.message();
  }
  return std::nullopt;
}

tcp::endpoint HttpServer::local_endpoint() const {
  return state_->acceptor.local_endpoint();
}

void HttpServer::start() {
  asio::co_spawn(state_->io, state_->accept_loop(), asio::detached);
}

void HttpServer::stop() {
  if (!state_ || state_->stopping) return;
  state_->stopping = true;
  boost::system::error_code ec;
  state_->acceptor.close(ec);
  for (auto& w : state_->streams)
    if (auto s = w.lock()) s->socket().close(ec);
  state_->streams.clear();
}

TlsContextResult make_server_tls_context(const std::string& cert_file,
                                         const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  // TLS 1.2: forward-secret key exchange and an AEAD cipher only (Mozilla's "intermediate"
  // list): no CBC suites (Lucky13-style padding oracles), no SHA-1 MAC, no static RSA. TLS 1.3's
  // suites are all AEAD and stay as OpenSSL offers them.
  if (SSL_CTX_set_cipher_list(ctx->native_handle(),
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1)
    return {nullptr, "OpenSSL offers none of the TLS 1.2 AEAD cipher suites"};
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) return {nullptr, "cannot use TLS certificate " + cert_file + ": " + ec.message()};
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return {nullptr, "cannot use TLS key " + key_file + ": " + ec.message()};
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    return {nullptr, "TLS key " + key_file + " does not match certificate " + cert_file};
  return {ctx, ""};
}

}  // namespace hm::daemon
