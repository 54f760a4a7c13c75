// Slow work through the real listener on 127.0.0.1: while a handler's slow work (a sign-in's
// hash) holds a worker, other requests are answered; with the pool full a further slow request
// is refused 503 at once; slow work that throws is a 500 and the server carries on.
#include <doctest/doctest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <future>
#include <memory>
#include <thread>

#include "daemon/http_server.hpp"
#include "daemon/worker_pool.hpp"

namespace asio = boost::asio;
using namespace hm::daemon;
namespace console = hm::console;
using tcp = asio::ip::tcp;

namespace {

// The slow endpoint's work waits for `release`, so the test controls when it ends (no timing).
struct Gate {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started{0};
};

console::Reply handler(const HttpRequest& r, const Peer&, Gate& gate) {
  if (r.target() == "/slow") {
    auto released = gate.released;
    return console::SlowWork{
        [&gate, released] {
          ++gate.started;
          released.wait();
        },
        [&r] { return make_response(r, http::status::ok, "text/plain", "slow done\n"); }};
  }
  if (r.target() == "/slow-boom")
    return console::SlowWork{[] { throw std::runtime_error("hash failed"); },
                             [&r] { return make_response(r, http::status::ok, "", ""); }};
  return make_response(r, http::status::ok, "text/plain", "ok\n");
}

struct Running {
  Gate gate;
  asio::io_context io;
  WorkerPool pool{1, 1};
  HttpServer server{io, [this](const HttpRequest& r, const Peer& p) { return handler(r, p, gate); },
                    HttpLimits{}, nullptr, &pool};
  std::thread thread;
  Running() {
    REQUIRE_FALSE(server.listen("127.0.0.1:0"));
    server.start();
    thread = std::thread([this] { io.run_for(std::chrono::seconds(20)); });
  }
  ~Running() {
    try {
      gate.release.set_value();
    } catch (const std::future_error&) {
    }
    asio::post(io, [this] { server.stop(); });
    io.stop();
    thread.join();
  }
  unsigned short port() const { return server.local_endpoint().port(); }
};

// One request on its own connection; the whole answer (the server closes after it).
std::string fetch(unsigned short port, const std::string& target) {
  asio::io_context io;
  tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(s,
              asio::buffer("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (int i = 0; i < 100 && !ec; ++i) out.append(buf, s.read_some(asio::buffer(buf), ec));
  return out;
}

}  // namespace

TEST_CASE(
    "while slow work holds the only worker, other requests are answered and more slow "
    "work is refused 503") {
  Running r;
  auto held = std::async(std::launch::async, [&] { return fetch(r.port(), "/slow"); });
  for (int i = 0; i < 500 && r.gate.started == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(r.gate.started == 1);

  auto quick = fetch(r.port(), "/healthz");
  CHECK(quick.find("HTTP/1.1 200") == 0);
  auto refused = fetch(r.port(), "/slow");
  CHECK(refused.find("HTTP/1.1 503") == 0);
  CHECK(refused.find("Retry-After: 1") != std::string::npos);
  CHECK(r.gate.started == 1);  // refused before any work ran

  r.gate.release.set_value();
  auto done = held.get();
  CHECK(done.find("HTTP/1.1 200") == 0);
  CHECK(done.find("slow done") != std::string::npos);
}

TEST_CASE("slow work that throws is answered 500 and the server carries on") {
  Running r;
  CHECK(fetch(r.port(), "/slow-boom").find("HTTP/1.1 500") == 0);
  CHECK(fetch(r.port(), "/healthz").find("HTTP/1.1 200") == 0);
}
