// The HTTPS client against a scripted loopback TLS server: certificate and host-name
// verification, keep-alive reuse, retries with backoff on 5xx, deadlines, size limits.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>

#include "connectors/https_client.hpp"
#include "connectors/tls_context.hpp"
#include "connectors/url_tools.hpp"
#include "support/tls_test_server.hpp"

using namespace hm::connectors;
using hm::test::ScriptedReply;
using hm::test::TempDir;
using hm::test::TlsTestServer;
namespace asio = boost::asio;

namespace {

HttpsClientOptions options_for(unsigned short port, const std::filesystem::path& ca,
                               std::string host = "127.0.0.1") {
  HttpsClientOptions o;
  o.host = std::move(host);
  o.port = std::to_string(port);
  o.ca_file = ca;
  o.timeout = std::chrono::milliseconds{1500};
  o.backoff.base = std::chrono::milliseconds{10};
  o.backoff.cap = std::chrono::milliseconds{40};
  o.backoff.max_attempts = 3;
  o.random = [] { return 0.5; };
  return o;
}

HttpRequest get(const HttpsClientOptions& o, std::string path) {
  HttpRequest r;
  r.url = *parse_https_url("https://" + o.host + ":" + o.port + path);
  return r;
}

// Runs `body` on the io_context to completion (bounded by the context running out of work or
// the deadline), then stops the server side.
template <class F>
void run(asio::io_context& io, F body) {
  bool finished = false;
  std::exception_ptr error;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          co_await body();
        } catch (...) {
          error = std::current_exception();
        }
        finished = true;
        io.stop();
      },
      asio::detached);
  io.run_for(std::chrono::seconds{20});
  REQUIRE(finished);
  if (error) std::rethrow_exception(error);
}

}  // namespace

TEST_CASE("verifies the server against the configured CA; reuses the connection") {
  TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1,DNS:localhost");
  asio::io_context io;
  TlsTestServer server(io, dir.path(), [](const auto& req) {
    return ScriptedReply{200, std::string(R"({"path":")") + std::string(req.target()) + "\"}"};
  });
  HttpsClient client(io.get_executor(), options_for(server.port(), dir.path() / "cert.pem"));
  run(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 3; ++i) {
      auto r = co_await client.request(get(client.options(), "/v25.0/me?x=" + std::to_string(i)));
      CHECK(r.status == 200);
      CHECK(r.body.find("/v25.0/me?x=") != std::string::npos);
      CHECK(r.header("content-type") == "application/json");
    }
    CHECK(server.connections == 1);  // keep-alive
    // A request never to be sent twice (a reply) takes a fresh connection: on a reused one, a
    // server that took it and then closed would look stale, and the request would go again.
    HttpRequest reply = get(client.options(), "/v25.0/1/comments");
    reply.method = "POST";
    reply.idempotent = false;
    CHECK((co_await client.request(reply)).status == 200);
  });
  CHECK(server.requests == 4);
  CHECK(server.connections == 2);
  CHECK(client.requests_sent() == 4);
}

TEST_CASE("refuses a server whose certificate does not verify") {
  TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1,DNS:localhost");
  TempDir other;
  hm::test::make_certificate(other.path(), "IP:127.0.0.1,DNS:localhost");
  asio::io_context io;
  TlsTestServer server(io, dir.path(), [](const auto&) { return ScriptedReply{}; });

  SUBCASE("system trust store does not know the self-signed CA") {
    HttpsClient client(io.get_executor(), options_for(server.port(), {}));
    run(io, [&]() -> asio::awaitable<void> {
      std::string message;
      try {
        co_await client.request(get(client.options(), "/x"));
      } catch (const NetworkError& e) {
        message = e.what();
        CHECK_FALSE(e.retryable());
      }
      CHECK(message.find("certificate verify failed") != std::string::npos);
    });
  }
  SUBCASE("a different CA") {
    HttpsClient client(io.get_executor(), options_for(server.port(), other.path() / "cert.pem"));
    run(io, [&]() -> asio::awaitable<void> {
      {
        bool threw = false;
        try {
          co_await client.request(get(client.options(), "/x"));
        } catch (const NetworkError&) {
          threw = true;
        }
        CHECK(threw);
      }
    });
  }
  SUBCASE("right CA, wrong host name") {
    TempDir named;
    hm::test::make_certificate(named.path(), "DNS:school.example");
    asio::io_context io2;
    TlsTestServer named_server(io2, named.path(), [](const auto&) { return ScriptedReply{}; });
    HttpsClient client(io2.get_executor(),
                       options_for(named_server.port(), named.path() / "cert.pem", "localhost"));
    run(io2, [&]() -> asio::awaitable<void> {
      std::string message;
      try {
        co_await client.request(get(client.options(), "/x"));
      } catch (const NetworkError& e) {
        message = e.what();
      }
      CHECK(message.find("certificate verify failed") != std::string::npos);
    });
    CHECK(named_server.requests == 0);
  }
  CHECK(server.requests == 0);
}

TEST_CASE("retries 5xx with backoff, then returns the last response") {
  TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1");
  asio::io_context io;
  int calls = 0;
  TlsTestServer server(io, dir.path(), [&](const auto&) {
    ++calls;
    return calls < 3 ? ScriptedReply{503, "{}"} : ScriptedReply{200, R"({"ok":true})"};
  });
  HttpsClient client(io.get_executor(), options_for(server.port(), dir.path() / "cert.pem"));
  run(io, [&]() -> asio::awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    auto r = co_await client.request(get(client.options(), "/x"));
    CHECK(r.status == 200);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds{5 + 10});
    calls = -100;  // always 503 from now on
    auto again = co_await client.request(get(client.options(), "/x"));
    CHECK(again.status == 503);
    HttpRequest post = get(client.options(), "/reply");
    post.method = "POST";
    post.idempotent = false;
    auto once = co_await client.request(post);
    CHECK(once.status == 503);
  });
  CHECK(client.requests_sent() == 3 + 3 + 1);
}

TEST_CASE("deadline on a hanging server; body size limit; dead port") {
  TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1");
  asio::io_context io;
  TlsTestServer server(io, dir.path(), [](const auto& req) {
    if (req.target() == "/hang") return ScriptedReply{200, "", true};
    return ScriptedReply{200, std::string(4096, 'x')};
  });
  auto opts = options_for(server.port(), dir.path() / "cert.pem");
  opts.timeout = std::chrono::milliseconds{300};
  opts.body_limit = 1024;
  opts.backoff.max_attempts = 2;
  HttpsClient client(io.get_executor(), opts);
  run(io, [&]() -> asio::awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    {
      bool threw = false;
      try {
        co_await client.request(get(client.options(), "/hang"));
      } catch (const NetworkError&) {
        threw = true;
      }
      CHECK(threw);
    }
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= std::chrono::milliseconds{600});
    CHECK(took < std::chrono::seconds{5});
    std::string message;
    try {
      co_await client.request(get(client.options(), "/big"));
    } catch (const NetworkError& e) {
      message = e.what();
      CHECK_FALSE(e.retryable());
    }
    CHECK(message.find("size limit") != std::string::npos);
  });

  asio::io_context io2;
  asio::ip::tcp::acceptor closed(io2, {asio::ip::make_address("127.0.0.1"), 0});
  const auto dead_port = closed.local_endpoint().port();
  closed.close();
  HttpsClient dead(io2.get_executor(), options_for(dead_port, dir.path() / "cert.pem"));
  run(io2, [&]() -> asio::awaitable<void> {
    {
      bool threw = false;
      try {
        co_await dead.request(get(dead.options(), "/x"));
      } catch (const NetworkError&) {
        threw = true;
      }
      CHECK(threw);
    }
  });
}

TEST_CASE("a URL for another host is refused before any I/O") {
  asio::io_context io;
  HttpsClientOptions o;
  o.host = "127.0.0.1";
  o.port = "1";
  HttpsClient client(io.get_executor(), o);
  run(io, [&]() -> asio::awaitable<void> {
    HttpRequest r;
    r.url = *parse_https_url("https://evil.example/x?access_token=SECRET");
    std::string message;
    try {
      co_await client.request(r);
    } catch (const std::invalid_argument& e) {
      message = e.what();
    }
    CHECK(message.find("evil.example") != std::string::npos);
    CHECK(message.find("SECRET") == std::string::npos);
  });
}

TEST_CASE("clients of one trust store share one TLS context; a changed file gets a new one") {
  TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1,DNS:localhost");
  const auto ca = dir.path() / "cert.pem";
  auto first = shared_tls_context(ca);
  CHECK(shared_tls_context(ca).get() == first.get());
  CHECK(shared_tls_context({}).get() != first.get());  // the system store is another
  // Two channels' clients talk through the one context, each verifying the server.
  asio::io_context io;
  TlsTestServer server(io, dir.path(), [](const auto&) { return ScriptedReply{200, "{}"}; });
  HttpsClient a(io.get_executor(), options_for(server.port(), ca));
  HttpsClient b(io.get_executor(), options_for(server.port(), ca));
  run(io, [&]() -> asio::awaitable<void> {
    CHECK((co_await a.request(get(a.options(), "/a"))).status == 200);
    CHECK((co_await b.request(get(b.options(), "/b"))).status == 200);
  });
  CHECK(first.use_count() == 3);  // this test's and the two clients'
  // An edited CA file is loaded afresh for new clients (the old context lives on in a and b).
  std::filesystem::last_write_time(ca,
                                   std::filesystem::last_write_time(ca) + std::chrono::seconds(5));
  auto edited = shared_tls_context(ca);
  CHECK(edited.get() != first.get());
  CHECK(shared_tls_context(ca).get() == edited.get());
  CHECK_THROWS_WITH_AS(shared_tls_context(dir.path() / "missing.pem"),
                       doctest::Contains("cannot load CA certificates from"), std::runtime_error);
}
