#include "daemon/alerts/smtp_client.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>

namespace hm::daemon::alerts {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string describe(std::string_view operation, const boost::system::error_code& ec) {
  std::string msg = std::string(operation) + " failed: " + ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    char buf[256];
    ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf, sizeof buf);
    msg += " (" + std::string(buf) + ")";
  }
  return msg;
}

}  // namespace

std::string ehlo_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == 0) return "localhost";
  for (const char* p = buf; *p; ++p) {
    const char c = *p;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return "localhost";
  }
  return buf;
}

asio::awaitable<SmtpOutcome> send_mail(asio::any_io_executor executor, SmtpServer server,
                                       SmtpJob job) {
  SmtpOutcome out;
  const std::string where = "smtp " + server.host + ":" + server.port + ": ";
  auto failed = [&](std::string error, bool retryable) {
    out.sent = false;
    out.error = where + std::move(error);
    out.retryable = retryable;
    return out;
  };

  ssl::context ctx{ssl::context::tls_client};
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (!server.ca_file.empty())
    ctx.load_verify_file(server.ca_file.string(), ec);
  else
    ctx.set_default_verify_paths(ec);
  if (ec)
    co_return failed("cannot load CA certificates from " +
                         (server.ca_file.empty() ? std::string("the system trust store")
                                                 : server.ca_file.string()) +
                         ": " + ec.message(),
                     false);
  ctx.set_verify_mode(ssl::verify_peer);

  beast::ssl_stream<beast::tcp_stream> stream(executor, ctx);
  if (!is_ip_literal(server.host) &&
      !SSL_set_tlsext_host_name(stream.native_handle(), server.host.c_str()))
    co_return failed("cannot set the TLS server name", false);
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(ssl::host_name_verification(server.host));
  auto& tcp_layer = beast::get_lowest_layer(stream);

  {
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor);
    timer.expires_after(server.timeout);
    auto resolved = co_await (
        resolver.async_resolve(server.host, server.port, asio::as_tuple(asio::use_awaitable)) ||
        timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (resolved.index() == 1) co_return failed("resolve timed out", true);
    auto [rec, endpoints] = std::get<0>(resolved);
    if (rec) co_return failed(describe("resolve", rec), true);
    tcp_layer.expires_after(server.timeout);
    auto [cec, ep] =
        co_await tcp_layer.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (cec) co_return failed(describe("connect", cec), true);
  }

  SmtpFsm fsm(std::move(job));
  SmtpAction action = fsm.start();
  std::array<char, 4096> buffer{};
  // Bounded: a conversation is a dozen replies; a server feeding a byte at a time is cut off.
  for (int turn = 0; turn < 4096; ++turn) {
    switch (action.kind) {
      case SmtpAction::Kind::read: {
        tcp_layer.expires_after(server.timeout);
        boost::system::error_code rec;
        std::size_t n = 0;
        if (fsm.tls_active())
          std::tie(rec, n) = co_await stream.async_read_some(asio::buffer(buffer),
                                                             asio::as_tuple(asio::use_awaitable));
        else
          std::tie(rec, n) = co_await tcp_layer.async_read_some(
              asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
        action = rec ? fsm.on_network_error(describe("read", rec))
                     : fsm.on_read(std::string_view(buffer.data(), n));
        break;
      }
      case SmtpAction::Kind::write: {
        tcp_layer.expires_after(server.timeout);
        boost::system::error_code wec;
        std::size_t n = 0;
        if (fsm.tls_active())
          std::tie(wec, n) = co_await asio::async_write(stream, asio::buffer(action.data),
                                                        asio::as_tuple(asio::use_awaitable));
        else
          std::tie(wec, n) = co_await asio::async_write(tcp_layer, asio::buffer(action.data),
                                                        asio::as_tuple(asio::use_awaitable));
        // The AUTH line holds the password: do not keep it around.
        std::fill(action.data.begin(), action.data.end(), '\0');
        action = wec ? fsm.on_network_error(describe("write", wec)) : fsm.on_written();
        break;
      }
      case SmtpAction::Kind::start_tls: {
        tcp_layer.expires_after(server.timeout);
        auto [hec] = co_await stream.async_handshake(ssl::stream_base::client,
                                                     asio::as_tuple(asio::use_awaitable));
        action =
            hec ? fsm.on_network_error(describe("TLS handshake", hec)) : fsm.on_tls_established();
        break;
      }
      case SmtpAction::Kind::done: {
        out.sent = true;
        boost::system::error_code ignored;
        tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcp_layer.close();
        co_return out;
      }
      case SmtpAction::Kind::fail:
        tcp_layer.close();
        co_return failed(action.error, action.retryable);
    }
  }
  tcp_layer.close();
  co_return failed("the server's replies never ended", true);
}

}  // namespace hm::daemon::alerts
