// The daemon's HTTP listener on 127.0.0.1: routing through the handler, limits, deadlines,
// a throwing handler, stop().
#include "daemon/http_server.hpp"

#include <doctest/doctest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>

#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace hm::daemon;
using tcp = asio::ip::tcp;

namespace {

struct Running {
  asio::io_context io;
  HttpServer server;
  std::thread thread;
  explicit Running(HttpServer::Handler h, HttpLimits limits = {})
      : server(io, std::move(h), limits) {
    REQUIRE_FALSE(server.listen("127.0.0.1:0"));
    server.start();
    thread = std::thread([this] { io.run_for(std::chrono::seconds(20)); });
  }
  ~Running() {
    asio::post(io, [this] { server.stop(); });
    io.stop();
    thread.join();
  }
  unsigned short port() const { return server.local_endpoint().port(); }
};

// Sends raw bytes and returns everything the server writes back until it closes (bounded).
std::string raw_exchange(unsigned short port, const std::string& bytes) {
  asio::io_context io;
  tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(s, asio::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (int i = 0; i < 100 && !ec; ++i) {
    std::size_t n = s.read_some(asio::buffer(buf), ec);
    out.append(buf, n);
  }
  return out;
}

HttpResponse handler(const HttpRequest& r, const Peer&) {
  if (r.target() == "/healthz") return make_response(r, http::status::ok, "text/plain", "ok\n");
  if (r.target() == "/boom") throw std::runtime_error("handler bug");
  return make_response(r, http::status::not_found, "text/plain", "not found\n");
}

}  // namespace

TEST_CASE("requests reach the handler; keep-alive serves several on one connection") {
  Running r(handler);
  auto out = raw_exchange(r.port(),
                          "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(out.find("HTTP/1.1 200 OK") == 0);
  CHECK(out.find("ok\n") != std::string::npos);
  CHECK(out.find("HTTP/1.1 404 Not Found") != std::string::npos);
  CHECK(out.find("X-Content-Type-Options: nosniff") != std::string::npos);
}

TEST_CASE("a throwing handler answers 500 and the server keeps serving") {
  Running r(handler);
  auto boom = raw_exchange(r.port(), "GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(boom.find("HTTP/1.1 500") == 0);
  auto ok = raw_exchange(r.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(ok.find("HTTP/1.1 200") == 0);
}

TEST_CASE("oversized bodies get 413, garbage gets 400, slow clients are cut off") {
  HttpLimits limits;
  limits.body_limit = 100;
  limits.read_timeout = std::chrono::seconds(1);
  Running r(handler, limits);
  auto big = raw_exchange(r.port(), "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" +
                                        std::string(1000, 'a'));
  CHECK(big.find("HTTP/1.1 413") == 0);
  auto garbage = raw_exchange(r.port(), "\x16\x03\x01 not http at all\r\n\r\n");
  CHECK(garbage.find("HTTP/1.1 400") == 0);
  // Half a request, then silence: the deadline closes the connection (read returns EOF).
  auto slow = raw_exchange(r.port(), "GET /healthz HTTP/1.1\r\nHo");
  CHECK(slow.empty());
}

TEST_CASE("over the connection limit a client gets 503 and the ones already open are served") {
  HttpLimits limits;
  limits.max_connections = 2;
  Running r(handler, limits);
  asio::io_context io;
  tcp::socket idle1(io), idle2(io);
  idle1.connect({asio::ip::make_address("127.0.0.1"), r.port()});
  idle2.connect({asio::ip::make_address("127.0.0.1"), r.port()});
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  // The two idle connections are counted once accepted: a third is refused, politely.
  std::string third;
  for (int i = 0; i < 50; ++i) {
    third = raw_exchange(r.port(), get);
    if (third.find("HTTP/1.1 503") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(third.find("HTTP/1.1 503") == 0);
  CHECK(third.find("Retry-After: 5") != std::string::npos);
  // An open connection is still served.
  asio::write(idle1, asio::buffer(get));
  std::string answer;
  boost::system::error_code ec;
  char buf[4096];
  for (int i = 0; i < 100 && !ec; ++i) answer.append(buf, idle1.read_some(asio::buffer(buf), ec));
  CHECK(answer.find("HTTP/1.1 200") == 0);
  // Once it has closed, a new client gets in again.
  idle1.close();
  std::string later;
  for (int i = 0; i < 100; ++i) {
    later = raw_exchange(r.port(), get);
    if (later.find("HTTP/1.1 200") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(later.find("HTTP/1.1 200") == 0);
}

TEST_CASE("requests framed ambiguously are refused and the connection closed; HEAD has no body") {
  Running r(handler);
  CHECK(raw_exchange(r.port(), "GET /healthz HTTP/1.1\r\n\r\n").find("HTTP/1.1 400") == 0);
  CHECK(raw_exchange(r.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
            .find("HTTP/1.1 400") == 0);
  // An unknown transfer coding: 501, and what follows is never read as a second request.
  auto te = raw_exchange(r.port(),
                         "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
                         "GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(te.find("HTTP/1.1 501") == 0);
  CHECK(te.find("HTTP/1.1 500") == std::string::npos);
  auto head =
      raw_exchange(r.port(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(head.find("HTTP/1.1 200") == 0);
  CHECK(head.find("Content-Length: 3") != std::string::npos);
  CHECK(head.substr(head.find("\r\n\r\n") + 4).empty());
  // HTTP/1.0 may omit Host.
  CHECK(raw_exchange(r.port(), "GET /healthz HTTP/1.0\r\n\r\n").find("HTTP/1.0 200") == 0);
}

TEST_CASE("listen() explains bad addresses") {
  asio::io_context io;
  HttpServer s(io, handler);
  CHECK(s.listen("localhost").value().find("HOST:PORT") != std::string::npos);
  CHECK(s.listen("127.0.0.1:99999").value().find("port") != std::string::npos);
  CHECK(s.listen("example.org:80").value().find("IP address") != std::string::npos);
  HttpServer first(io, handler);
  REQUIRE_FALSE(first.listen("127.0.0.1:0"));
  auto port = first.local_endpoint().port();
  HttpServer second(io, handler);
  auto busy = second.listen("127.0.0.1:" + std::to_string(port));
  REQUIRE(busy);
  CHECK(busy->find("cannot listen") != std::string::npos);
}
