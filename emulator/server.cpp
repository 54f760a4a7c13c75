#include "emulator/server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <set>

namespace hm::emulator {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;
using namespace std::chrono_literals;

constexpr auto kHandshakeTimeout = 10s;
constexpr auto kIdleTimeout = 120s;  // keep-alive: wait this long for the next request
constexpr auto kWriteTimeout = 30s;
constexpr auto kHangLimit = 300s;  // "hang" fault: give up on the client after this
constexpr auto kShutdownTimeout = 2s;
constexpr std::size_t kBodyLimit = 1 << 20;
constexpr std::uint32_t kHeaderLimit = 64 * 1024;

class Server {
 public:
  // `live` must outlive the io_context: session frames still suspended when the io_context is
  // destroyed unregister themselves from it as they are destroyed.
  Server(asio::io_context& ioc, ssl::context& tls, Emulator& emu, std::set<Stream*>& live)
      : ioc_(ioc), tls_(tls), emu_(emu), acceptor_(ioc), live_(live) {}

  std::uint16_t listen(const std::string& address, std::uint16_t port) {
    tcp::endpoint ep(asio::ip::make_address(address), port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (stopping_) co_return;
      if (ec) {
        std::cerr << "emulator: accept: " << ec.message() << "\n";
        asio::steady_timer t(ioc_, 100ms);  // e.g. EMFILE: do not spin
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      asio::co_spawn(ioc_, session(std::move(socket)), asio::detached);
    }
  }

  void stop() {
    if (stopping_) return;
    stopping_ = true;
    std::cerr << "emulator: shutting down\n";
    beast::error_code ec;
    acceptor_.close(ec);
    for (Stream* s : live_) beast::get_lowest_layer(*s).socket().close(ec);
    asio::co_spawn(ioc_, drain(), asio::detached);
  }

 private:
  asio::awaitable<void> drain() {
    asio::steady_timer t(ioc_);
    auto until = std::chrono::steady_clock::now() + kShutdownTimeout;
    while (!live_.empty() && std::chrono::steady_clock::now() < until) {
      t.expires_after(20ms);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    ioc_.stop();
  }

  static Request to_request(const http::request<http::string_body>& msg) {
    std::map<std::string, std::string> headers;
    for (const auto& f : msg) headers[std::string(f.name_string())] = std::string(f.value());
    return make_request(std::string(msg.method_string()), std::string(msg.target()), msg.body(),
                        std::move(headers));
  }

  static http::response<http::string_body> to_message(const Response& r, unsigned version,
                                                      bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "hallmonitor-emulator");
    for (const auto& [k, v] : r.headers) res.set(k, v);
    res.body() = r.body;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
  }

  asio::awaitable<void> session(tcp::socket socket) {
    Stream stream(beast::tcp_stream(std::move(socket)), tls_);
    live_.insert(&stream);
    struct Leave {
      std::set<Stream*>& live;
      Stream* s;
      ~Leave() { live.erase(s); }
    } leave{live_, &stream};
    try {  // the one catch-all of this session: nothing escapes to the io_context
      auto& tcp_layer = beast::get_lowest_layer(stream);
      tcp_layer.expires_after(kHandshakeTimeout);
      auto [hs_ec] = co_await stream.async_handshake(ssl::stream_base::server,
                                                     asio::as_tuple(asio::use_awaitable));
      if (hs_ec) co_return;
      beast::flat_buffer buffer;
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        parser.header_limit(kHeaderLimit);
        tcp_layer.expires_after(kIdleTimeout);
        auto [rd_ec, n] =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (rd_ec == http::error::body_limit || rd_ec == http::error::header_limit) {
          Response too_big;
          too_big.status = 413;
          too_big.body = "{\"error\":\"request too large\"}";
          too_big.set_header("Content-Type", "application/json");
          auto res = to_message(too_big, 11, false);
          tcp_layer.expires_after(kWriteTimeout);
          co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
          break;
        }
        if (rd_ec) break;  // end of stream, timeout, reset, bad request bytes
        const auto& msg = parser.get();
        Response r = emu_.handle(to_request(msg));
        std::cerr << "emulator: " << msg.method_string() << " " << msg.target() << " -> "
                  << (r.hang ? std::string("hang") : std::to_string(r.status)) << "\n";
        if (r.hang) {
          // Never answer: wait for the client to give up (or the hang limit).
          tcp_layer.expires_after(kHangLimit);
          char byte;
          co_await stream.async_read_some(asio::buffer(&byte, 1),
                                          asio::as_tuple(asio::use_awaitable));
          break;
        }
        if (r.delay_ms > 0) {  // "slow" fault: wait in slices so a shutdown is not held up
          asio::steady_timer t(ioc_);
          auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(r.delay_ms);
          while (!stopping_ && std::chrono::steady_clock::now() < until) {
            t.expires_at(std::min(until, std::chrono::steady_clock::now() + 20ms));
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
          }
          if (stopping_) break;
        }
        bool keep_alive = msg.keep_alive() && !stopping_;
        auto res = to_message(r, msg.version(), keep_alive);
        tcp_layer.expires_after(kWriteTimeout);
        auto [wr_ec, w] =
            co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        (void)w;
        if (wr_ec || !keep_alive) break;
      }
      if (!stopping_) {
        tcp_layer.expires_after(kShutdownTimeout);
        co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
      }
    } catch (const std::exception& e) {
      std::cerr << "emulator: session error: " << e.what() << "\n";
    }
  }

  asio::io_context& ioc_;
  ssl::context& tls_;
  Emulator& emu_;
  tcp::acceptor acceptor_;
  std::set<Stream*>& live_;
  bool stopping_ = false;
};

}  // namespace

void run_server(Emulator& emulator, const ServerConfig& config) {
  // Declaration order is destruction order in reverse: the TLS context and the session registry
  // outlive the io_context (whose destruction destroys still-suspended session frames), and the
  // server's acceptor is destroyed before the io_context.
  ssl::context tls(ssl::context::tls_server);
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::single_dh_use);
  tls.use_certificate_chain(asio::buffer(config.identity.server_cert_pem));
  tls.use_private_key(asio::buffer(config.identity.server_key_pem), ssl::context::pem);
  std::set<Stream*> live;
  asio::io_context ioc(1);

  Server server(ioc, tls, emulator, live);
  std::uint16_t port = server.listen(config.address, config.port);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& ec, int) {
    if (!ec) server.stop();
  });
  asio::co_spawn(ioc, server.accept_loop(), asio::detached);
  if (config.on_ready) config.on_ready(port);
  ioc.run();
}

}  // namespace hm::emulator
