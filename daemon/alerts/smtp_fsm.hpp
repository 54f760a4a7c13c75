// One SMTP submission as a sans-io state machine (in the manner of Boost.Redis' detail/*_fsm):
// the caller does the I/O the machine asks for and reports back; the machine decides what to
// send next. No sockets here, so every path is unit-tested with scripted server replies.
//
//   greeting 220 → EHLO 250 (must offer STARTTLS: mail is never sent in clear) → STARTTLS 220
//   → TLS handshake → EHLO 250 → AUTH PLAIN 235 (when a username is set; only over TLS)
//   → MAIL FROM 250 → RCPT TO 250/251 (each) → DATA 354 → dot-stuffed message 250 → QUIT.
//
// Error policy: every failure is an Action of kind `fail`, naming the step, with `retryable`
// set for 4xx replies and network trouble and clear for 5xx and other unexpected replies (a
// retry will not help). Messages never contain the password: the AUTH command is only ever in
// a `write` action's data, which callers must not log.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/alerts/smtp_reply.hpp"

namespace hm::daemon::alerts {

struct SmtpJob {
  std::string ehlo_name = "localhost";  // our host name for EHLO
  std::string username;                 // empty: no AUTH
  std::string password;
  std::string from;
  std::vector<std::string> recipients;
  std::string message;  // RFC 5322, headers and body
};

enum class SmtpStep {
  greeting,
  ehlo,
  starttls,
  tls_handshake,
  ehlo_tls,
  auth,
  mail_from,
  rcpt_to,
  data,
  message,
  quit,
  done
};
std::string_view to_string(SmtpStep step) noexcept;  // "EHLO", "RCPT TO", ...

struct SmtpAction {
  enum class Kind {
    read,       // read more bytes, then call on_read
    write,      // write `data` (may hold credentials: never log it), then call on_written
    start_tls,  // run the TLS client handshake on the connection, then on_tls_established
    done,       // the message was accepted; close the connection
    fail        // give up: `error`, `retryable`
  };
  Kind kind = Kind::read;
  std::string data;
  SmtpStep step = SmtpStep::greeting;
  std::string error;
  bool retryable = false;
};

class SmtpFsm {
 public:
  explicit SmtpFsm(SmtpJob job);

  SmtpAction start();  // the TCP connection is up: wait for the greeting
  SmtpAction on_read(std::string_view bytes);
  SmtpAction on_written();
  SmtpAction on_tls_established();
  // A network error, timeout or TLS failure during the current step.
  SmtpAction on_network_error(std::string_view what);

  SmtpStep step() const noexcept { return step_; }
  bool tls_active() const noexcept { return tls_; }
  // The server accepted the message (its reply to the final "."), even if QUIT then failed.
  bool accepted() const noexcept { return accepted_; }

 private:
  SmtpAction handle(const SmtpReply& reply);
  SmtpAction send(SmtpStep step, std::string line);
  SmtpAction fail(std::string error, bool retryable);
  SmtpAction unexpected(const SmtpReply& reply);
  SmtpAction after_ehlo_tls();
  SmtpAction next_recipient_or_data();

  SmtpJob job_;
  SmtpReplyParser parser_;
  SmtpStep step_ = SmtpStep::greeting;
  std::size_t next_recipient_ = 0;
  bool tls_ = false;
  bool last_ehlo_offers_plain_ = false;
  bool accepted_ = false;
  bool finished_ = false;
};

// The message ready for the DATA phase: every line ending made CRLF (a bare CR or LF could
// otherwise smuggle a second message past some servers), lines starting with '.' doubled
// (RFC 5321 §4.5.2), and the terminating "\r\n.\r\n".
std::string dot_stuffed(std::string_view message);

}  // namespace hm::daemon::alerts
