// Sends one e-mail through the configured mail server: drives SmtpFsm (smtp_fsm.hpp) over a TCP
// connection that STARTTLS upgrades to TLS with OpenSSL (TLS >= 1.2, verify_peer with host-name
// verification, SNI, CA from `ca_file` or the system trust store). Every step (resolve, connect,
// each read and write, the handshake) has its own deadline.
//
// Error policy: nothing throws for network, TLS or SMTP failures; they come back as an outcome
// with `retryable` as SmtpFsm classifies it (a bad CA file is permanent). Messages name the
// server and the step, never the password or the message.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "daemon/alerts/smtp_fsm.hpp"

namespace hm::daemon::alerts {

struct SmtpServer {
  std::string host;
  std::string port = "587";
  std::filesystem::path ca_file;  // empty: the system trust store
  std::chrono::milliseconds timeout{30'000};
};

struct SmtpOutcome {
  bool sent = false;
  bool retryable = false;
  std::string error;  // "smtp HOST:PORT: SMTP STEP: ..." when not sent
};

boost::asio::awaitable<SmtpOutcome> send_mail(boost::asio::any_io_executor executor,
                                              SmtpServer server, SmtpJob job);

// This machine's host name for EHLO, or "localhost" when it has none fit to send.
std::string ehlo_name();

}  // namespace hm::daemon::alerts
