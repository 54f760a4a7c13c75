// A tiny scripted HTTPS server for the HTTPS client tests: a self-signed certificate made with
// the openssl command line in a temporary directory, a keep-alive request loop, and a handler
// that decides each response (or to hang, or to send an oversized body).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "support/temp_dir.hpp"

namespace hm::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Makes key.pem and cert.pem (self-signed, usable as its own CA) with the given SAN.
inline void make_certificate(const std::filesystem::path& dir, const std::string& san) {
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
      "-nodes -days 1 -subj /CN=hallmonitor-test -addext 'subjectAltName=" +
      san + "' -keyout '" + (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() +
      "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl req failed");
}

// Loads `dir`'s cert.pem and key.pem into `ctx` and binds `acceptor` to 127.0.0.1 on a free port:
// how both test servers (HTTPS here, SMTP in smtp_test_server.hpp) start.
inline void listen_tls_on_loopback(asio::ssl::context& ctx, asio::ip::tcp::acceptor& acceptor,
                                   const std::filesystem::path& dir) {
  ctx.use_certificate_chain_file((dir / "cert.pem").string());
  ctx.use_private_key_file((dir / "key.pem").string(), asio::ssl::context::pem);
  asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen();
}

struct ScriptedReply {
  unsigned status = 200;
  std::string body = "{}";
  bool hang = false;   // never answer
  bool close = false;  // Connection: close
};

class TlsTestServer {
 public:
  using Handler = std::function<ScriptedReply(const http::request<http::string_body>&)>;

  TlsTestServer(asio::io_context& io, const std::filesystem::path& dir, Handler handler)
      : io_(io), ctx_(asio::ssl::context::tls_server), acceptor_(io), handler_(std::move(handler)) {
    listen_tls_on_loopback(ctx_, acceptor_, dir);
    asio::co_spawn(io_, accept_loop(), asio::detached);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int connections = 0;
  int requests = 0;
  int handshakes_failed = 0;

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      ++connections;
      asio::co_spawn(io_, session(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> session(asio::ip::tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ctx_);
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                 asio::as_tuple(asio::use_awaitable));
    if (hec) {
      ++handshakes_failed;
      co_return;
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [rec, n] =
          co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
      if (rec) co_return;
      ++requests;
      ScriptedReply reply = handler_(req);
      if (reply.hang) {
        asio::steady_timer t(io_, std::chrono::seconds{30});
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return;
      }
      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      res.set(http::field::content_type, "application/json");
      res.body() = reply.body;
      res.keep_alive(!reply.close);
      res.prepare_payload();
      auto [wec, w] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      if (wec || reply.close) co_return;
    }
  }

  asio::io_context& io_;
  asio::ssl::context ctx_;
  asio::ip::tcp::acceptor acceptor_;
  Handler handler_;
};

}  // namespace hm::test
