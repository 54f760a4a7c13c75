#include "daemon/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <iostream>
#include <list>

namespace hm::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct HttpServer::State : std::enable_shared_from_this<State> {
  State(asio::io_context& io, Handler h, HttpLimits l)
      : io(io), acceptor(io), handler(std::move(h)), limits(l) {}

  asio::io_context& io;
  tcp::acceptor acceptor;
  Handler handler;
  HttpLimits limits;
  bool stopping = false;
  std::list<std::weak_ptr<beast::tcp_stream>> streams;  // open connections, for stop()

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. too many open files: keep serving those already connected
      }
      auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
      std::erase_if(streams, [](const auto& w) { return w.expired(); });
      streams.push_back(stream);
      asio::co_spawn(io, session(stream), asio::detached);
    }
  }

  asio::awaitable<void> session(std::shared_ptr<beast::tcp_stream> stream) {
    auto self = shared_from_this();
    beast::flat_buffer buffer;
    // One catch-all per connection: whatever goes wrong here ends this connection only.
    try {
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(limits.body_limit);
        parser.header_limit(limits.header_limit);
        stream->expires_after(limits.read_timeout);
        auto [ec, n] =
            co_await http::async_read(*stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
            ec == beast::error::timeout || stopping)
          break;
        HttpResponse response;
        bool keep_alive = false;
        if (ec == http::error::body_limit) {
          response = make_response(parser.get(), http::status::payload_too_large, "text/plain",
                                   "request body too large\n");
        } else if (ec) {
          HttpRequest empty;
          response = make_response(empty, http::status::bad_request, "text/plain", "bad request\n");
        } else {
          const HttpRequest& request = parser.get();
          keep_alive = request.keep_alive();
          try {
            response = handler(request);
          } catch (const std::exception& e) {
            std::cerr << "<3>http: handler failed: " << e.what() << "\n";
            response = make_response(request, http::status::internal_server_error, "text/plain",
                                     "internal error\n");
          }
        }
        response.keep_alive(keep_alive);
        response.prepare_payload();
        stream->expires_after(limits.write_timeout);
        auto [wec, wn] =
            co_await http::async_write(*stream, response, asio::as_tuple(asio::use_awaitable));
        (void)wn;
        if (wec || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      std::cerr << "<4>http: connection ended: " << e.what() << "\n";
    }
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream->close();
  }
};

HttpServer::HttpServer(asio::io_context& io, Handler handler, HttpLimits limits)
    : state_(std::make_shared<State>(io, std::move(handler), limits)) {}

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

HttpResponse make_response(const HttpRequest& request, http::status status,
                           std::string content_type, std::string body) {
  HttpResponse r{status, request.version() ? request.version() : 11};
  r.set(http::field::server, "hallmonitord");
  r.set(http::field::content_type, content_type);
  r.set(http::field::cache_control, "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  r.body() = std::move(body);
  return r;
}

}  // namespace hm::daemon
