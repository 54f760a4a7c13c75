// The listener's TLS offer (daemon/http_server.cpp make_server_tls_context): in TLS 1.2 only
// ECDHE key exchange with an AEAD cipher (no CBC, no SHA-1 MAC, no static RSA), TLS 1.3 as
// OpenSSL offers it. Real handshakes from a client that offers only the suites named.
#include <doctest/doctest.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>

#include <thread>

#include "daemon/http_server.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_test_server.hpp"

using namespace hm::daemon;
using tcp = boost::asio::ip::tcp;

namespace {

// Whether a client offering only `tls12_ciphers` (TLS 1.2 at most), or TLS 1.3 when empty,
// completes a handshake with the listener on `port`.
bool handshakes(unsigned short port, const char* tls12_ciphers) {
  boost::asio::io_context io;
  boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
  ctx.set_verify_mode(boost::asio::ssl::verify_none);
  if (*tls12_ciphers) {
    SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    REQUIRE(SSL_CTX_set_cipher_list(ctx.native_handle(), tls12_ciphers) == 1);
  } else {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_3_VERSION);
  }
  boost::asio::ssl::stream<tcp::socket> stream(io, ctx);
  stream.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  stream.handshake(boost::asio::ssl::stream_base::client, ec);
  return !ec;
}

}  // namespace

TEST_CASE("TLS 1.2 offers only ECDHE with AEAD; CBC-SHA1 clients are refused; TLS 1.3 works") {
  hm::test::TempDir dir;
  hm::test::make_certificate(dir.path(), "IP:127.0.0.1");  // an ECDSA key
  auto tls = make_server_tls_context((dir.path() / "cert.pem").string(),
                                     (dir.path() / "key.pem").string());
  REQUIRE(tls.context);
  boost::asio::io_context io;
  HttpServer server(
      io,
      [](const HttpRequest& r, const Peer&) {
        return make_response(r, http::status::ok, "text/plain", "ok\n");
      },
      HttpLimits{}, tls.context);
  REQUIRE_FALSE(server.listen("127.0.0.1:0"));
  server.start();
  std::thread thread([&io] { io.run_for(std::chrono::seconds(20)); });
  const auto port = server.local_endpoint().port();

  CHECK_FALSE(handshakes(port, "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA"));
  CHECK_FALSE(handshakes(port, "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384"));
  CHECK(handshakes(port, "ECDHE-ECDSA-AES128-GCM-SHA256"));
  CHECK(handshakes(port, "ECDHE-ECDSA-CHACHA20-POLY1305"));
  CHECK(handshakes(port, ""));

  boost::asio::post(io, [&server] { server.stop(); });
  io.stop();
  thread.join();
}
