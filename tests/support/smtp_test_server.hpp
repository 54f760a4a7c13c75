// A tiny scripted SMTP server for the alert tests, on 127.0.0.1: greets, answers EHLO (with or
// without STARTTLS), upgrades to TLS with a test certificate, accepts AUTH PLAIN for one user,
// takes MAIL / RCPT / DATA and records each message, and whether it came over TLS. It also
// records every command it received in clear, so a test can prove nothing but EHLO and
// STARTTLS ever was. Thread-safe getters: the server runs on its own io_context thread.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "support/tls_test_server.hpp"

namespace hm::test {

namespace asio = boost::asio;

struct SmtpServerOptions {
  bool offer_starttls = true;
  std::string auth_plain;  // the expected base64 of "\0user\0password"; empty: no AUTH offered
};

struct ReceivedMail {
  std::string from;
  std::vector<std::string> recipients;
  std::string data;  // as received, dot-stuffing removed, without the final "."
  bool tls = false;
  bool authenticated = false;
};

class SmtpTestServer {
 public:
  SmtpTestServer(asio::io_context& io, const std::filesystem::path& cert_dir,
                 SmtpServerOptions options)
      : io_(io), ctx_(asio::ssl::context::tls_server), acceptor_(io), options_(std::move(options)) {
    listen_tls_on_loopback(ctx_, acceptor_, cert_dir);
    asio::co_spawn(io_, accept_loop(), asio::detached);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  std::vector<ReceivedMail> mails() const {
    std::lock_guard lock(mutex_);
    return mails_;
  }
  std::vector<std::string> commands_in_clear() const {
    std::lock_guard lock(mutex_);
    return clear_;
  }
  int connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
  }

 private:
  struct Conn {
    explicit Conn(asio::ip::tcp::socket s) : socket(std::move(s)) {}
    asio::ip::tcp::socket socket;
    std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls;  // after STARTTLS
    std::string buffer;
  };

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      {
        std::lock_guard lock(mutex_);
        ++connections_;
      }
      asio::co_spawn(io_, session(std::make_shared<Conn>(std::move(socket))), asio::detached);
    }
  }

  // One CRLF-terminated line without the CRLF; false at EOF or on an error.
  static asio::awaitable<bool> read_line(Conn& c, std::string& line) {
    boost::system::error_code ec;
    std::size_t n = 0;
    if (c.tls)
      std::tie(ec, n) = co_await asio::async_read_until(
          *c.tls, asio::dynamic_buffer(c.buffer), "\r\n", asio::as_tuple(asio::use_awaitable));
    else
      std::tie(ec, n) = co_await asio::async_read_until(
          c.socket, asio::dynamic_buffer(c.buffer), "\r\n", asio::as_tuple(asio::use_awaitable));
    if (ec) co_return false;
    line = c.buffer.substr(0, n - 2);
    c.buffer.erase(0, n);
    co_return true;
  }

  static asio::awaitable<bool> write(Conn& c, std::string text) {
    boost::system::error_code ec;
    std::size_t n = 0;
    if (c.tls)
      std::tie(ec, n) = co_await asio::async_write(*c.tls, asio::buffer(text),
                                                   asio::as_tuple(asio::use_awaitable));
    else
      std::tie(ec, n) = co_await asio::async_write(c.socket, asio::buffer(text),
                                                   asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  static bool starts_with(const std::string& line, const char* prefix) {
    std::string upper = line.substr(0, std::string(prefix).size());
    for (char& ch : upper) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    return upper == prefix;
  }

  std::string ehlo_reply(bool tls) const {
    std::string r = "250-smtp.test greets you\r\n";
    if (!tls && options_.offer_starttls) r += "250-STARTTLS\r\n";
    if (!options_.auth_plain.empty()) r += "250-AUTH LOGIN PLAIN\r\n";
    return r + "250 8BITMIME\r\n";
  }

  asio::awaitable<void> session(std::shared_ptr<Conn> c) {
    if (!co_await write(*c, "220 smtp.test ESMTP ready\r\n")) co_return;
    ReceivedMail mail;
    std::string line;
    while (co_await read_line(*c, line)) {
      if (!c->tls) {
        std::lock_guard lock(mutex_);
        clear_.push_back(line);
      }
      std::string reply = "500 5.5.1 unknown command\r\n";
      if (starts_with(line, "EHLO")) {
        reply = ehlo_reply(bool(c->tls));
      } else if (starts_with(line, "STARTTLS") && options_.offer_starttls && !c->tls) {
        if (!co_await write(*c, "220 2.0.0 go ahead\r\n")) co_return;
        c->tls =
            std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(c->socket), ctx_);
        auto [ec] = co_await c->tls->async_handshake(asio::ssl::stream_base::server,
                                                     asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        mail = ReceivedMail{};
        continue;
      } else if (starts_with(line, "AUTH PLAIN ")) {
        mail.authenticated = !options_.auth_plain.empty() && line.substr(11) == options_.auth_plain;
        reply = mail.authenticated ? "235 2.7.0 accepted\r\n" : "535 5.7.8 bad credentials\r\n";
      } else if (starts_with(line, "MAIL FROM:")) {
        mail.from = line.substr(10);
        reply = "250 2.1.0 ok\r\n";
      } else if (starts_with(line, "RCPT TO:")) {
        mail.recipients.push_back(line.substr(8));
        reply = "250 2.1.5 ok\r\n";
      } else if (starts_with(line, "DATA")) {
        if (!co_await write(*c, "354 end with <CRLF>.<CRLF>\r\n")) co_return;
        std::string data;
        for (;;) {
          if (!co_await read_line(*c, line)) co_return;
          if (line == ".") break;
          data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
        }
        mail.data = std::move(data);
        mail.tls = bool(c->tls);
        {
          std::lock_guard lock(mutex_);
          mails_.push_back(mail);
        }
        reply = "250 2.0.0 queued\r\n";
      } else if (starts_with(line, "QUIT")) {
        co_await write(*c, "221 2.0.0 bye\r\n");
        co_return;
      }
      if (!co_await write(*c, reply)) co_return;
    }
  }

  asio::io_context& io_;
  asio::ssl::context ctx_;
  asio::ip::tcp::acceptor acceptor_;
  SmtpServerOptions options_;
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> mails_;
  std::vector<std::string> clear_;
  int connections_ = 0;
};

}  // namespace hm::test
