#include "daemon/alerts/smtp_fsm.hpp"

#include "daemon/alerts/mime.hpp"

namespace hm::daemon::alerts {

std::string_view to_string(SmtpStep step) noexcept {
  switch (step) {
    case SmtpStep::greeting:
      return "greeting";
    case SmtpStep::ehlo:
      return "EHLO";
    case SmtpStep::starttls:
      return "STARTTLS";
    case SmtpStep::tls_handshake:
      return "TLS handshake";
    case SmtpStep::ehlo_tls:
      return "EHLO (after STARTTLS)";
    case SmtpStep::auth:
      return "AUTH";
    case SmtpStep::mail_from:
      return "MAIL FROM";
    case SmtpStep::rcpt_to:
      return "RCPT TO";
    case SmtpStep::data:
      return "DATA";
    case SmtpStep::message:
      return "message";
    case SmtpStep::quit:
      return "QUIT";
    case SmtpStep::done:
      return "done";
  }
  return "?";
}

std::string dot_stuffed(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 32 + 8);
  std::size_t i = 0;
  while (i < message.size()) {
    std::size_t end = message.find_first_of("\r\n", i);
    if (end == std::string_view::npos) end = message.size();
    if (message[i] == '.') out += '.';
    out.append(message.substr(i, end - i));
    out += "\r\n";
    if (end < message.size() && message[end] == '\r' && end + 1 < message.size() &&
        message[end + 1] == '\n')
      ++end;
    i = end + 1;
  }
  out += ".\r\n";
  return out;
}

SmtpFsm::SmtpFsm(SmtpJob job) : job_(std::move(job)) {}

SmtpAction SmtpFsm::fail(std::string error, bool retryable) {
  finished_ = true;
  SmtpAction a;
  a.kind = SmtpAction::Kind::fail;
  a.step = step_;
  a.error = "SMTP " + std::string(to_string(step_)) + ": " + std::move(error);
  a.retryable = retryable;
  return a;
}

SmtpAction SmtpFsm::unexpected(const SmtpReply& reply) {
  // 4xx: the server's "try again later". 5xx, and anything else it should not have said: a
  // retry of the same conversation would get the same answer.
  return fail("the server replied " + reply.summary(), reply.code >= 400 && reply.code < 500);
}

SmtpAction SmtpFsm::send(SmtpStep step, std::string line) {
  step_ = step;
  // Addresses come from the config; a line break in one would be a second command.
  if (line.find_first_of("\r\n") != std::string::npos)
    return fail("refusing to send a command holding a line break", false);
  // Defence in depth: nothing after the first EHLO goes out before TLS is up.
  if (!tls_ && step != SmtpStep::ehlo && step != SmtpStep::starttls)
    return fail("refusing to continue without TLS", false);
  SmtpAction a;
  a.kind = SmtpAction::Kind::write;
  a.step = step;
  a.data = std::move(line) + "\r\n";
  return a;
}

SmtpAction SmtpFsm::start() {
  step_ = SmtpStep::greeting;
  if (job_.recipients.empty()) return fail("no recipients", false);
  SmtpAction a;
  a.kind = SmtpAction::Kind::read;
  a.step = step_;
  return a;
}

SmtpAction SmtpFsm::on_written() {
  SmtpAction a;
  a.kind = finished_ ? SmtpAction::Kind::done : SmtpAction::Kind::read;
  a.step = step_;
  return a;
}

SmtpAction SmtpFsm::on_tls_established() {
  if (step_ != SmtpStep::tls_handshake) return fail("TLS established out of turn", false);
  tls_ = true;
  return send(SmtpStep::ehlo_tls, "EHLO " + job_.ehlo_name);
}

SmtpAction SmtpFsm::on_network_error(std::string_view what) {
  if (accepted_) {  // the message is delivered; a failed QUIT changes nothing
    finished_ = true;
    step_ = SmtpStep::done;
    SmtpAction a;
    a.kind = SmtpAction::Kind::done;
    a.step = step_;
    return a;
  }
  return fail(std::string(what), true);
}

SmtpAction SmtpFsm::on_read(std::string_view bytes) {
  parser_.feed(bytes);
  SmtpReply reply;
  std::string error;
  switch (parser_.next(reply, error)) {
    case SmtpReplyParser::Status::need_more: {
      SmtpAction a;
      a.kind = SmtpAction::Kind::read;
      a.step = step_;
      return a;
    }
    case SmtpReplyParser::Status::error:
      return fail(error, true);
    case SmtpReplyParser::Status::reply:
      break;
  }
  return handle(reply);
}

SmtpAction SmtpFsm::after_ehlo_tls() {
  if (job_.username.empty()) return send(SmtpStep::mail_from, "MAIL FROM:<" + job_.from + ">");
  std::string auth;
  auth += '\0';
  auth += job_.username;
  auth += '\0';
  auth += job_.password;
  if (!last_ehlo_offers_plain_) return fail("the server does not offer AUTH PLAIN", false);
  return send(SmtpStep::auth, "AUTH PLAIN " + base64(auth));
}

SmtpAction SmtpFsm::next_recipient_or_data() {
  if (next_recipient_ < job_.recipients.size())
    return send(SmtpStep::rcpt_to, "RCPT TO:<" + job_.recipients[next_recipient_++] + ">");
  return send(SmtpStep::data, "DATA");
}

SmtpAction SmtpFsm::handle(const SmtpReply& reply) {
  switch (step_) {
    case SmtpStep::greeting:
      if (reply.code != 220) return unexpected(reply);
      return send(SmtpStep::ehlo, "EHLO " + job_.ehlo_name);
    case SmtpStep::ehlo:
      if (reply.code != 250) return unexpected(reply);
      // Retryable: a network that strips STARTTLS today may not tomorrow, and the alert must
      // not be lost; it fails for good after the outbox's last attempt.
      if (!reply.has_extension("STARTTLS"))
        return fail("the server does not offer STARTTLS; refusing to send mail in clear", true);
      return send(SmtpStep::starttls, "STARTTLS");
    case SmtpStep::starttls:
      if (reply.code != 220) return unexpected(reply);
      // Anything the server sent after its 220 would be read as if it came over TLS
      // (CVE-2011-0411, STARTTLS command injection): refuse.
      if (parser_.buffered() > 0)
        return fail("the server sent data after its STARTTLS reply; refusing", true);
      step_ = SmtpStep::tls_handshake;
      {
        SmtpAction a;
        a.kind = SmtpAction::Kind::start_tls;
        a.step = step_;
        return a;
      }
    case SmtpStep::ehlo_tls:
      if (reply.code != 250) return unexpected(reply);
      // Only the post-TLS list counts: the cleartext one may have been tampered with.
      last_ehlo_offers_plain_ = reply.has_auth_mechanism("PLAIN");
      return after_ehlo_tls();
    case SmtpStep::auth:
      if (reply.code != 235) return unexpected(reply);
      return send(SmtpStep::mail_from, "MAIL FROM:<" + job_.from + ">");
    case SmtpStep::mail_from:
      if (reply.code != 250) return unexpected(reply);
      return next_recipient_or_data();
    case SmtpStep::rcpt_to:
      if (reply.code != 250 && reply.code != 251) return unexpected(reply);
      return next_recipient_or_data();
    case SmtpStep::data: {
      if (reply.code != 354) return unexpected(reply);
      step_ = SmtpStep::message;
      SmtpAction a;
      a.kind = SmtpAction::Kind::write;
      a.step = step_;
      a.data = dot_stuffed(job_.message);
      return a;
    }
    case SmtpStep::message:
      if (reply.code != 250) return unexpected(reply);
      accepted_ = true;
      return send(SmtpStep::quit, "QUIT");
    case SmtpStep::quit: {
      // Whatever the server says to QUIT, the message was accepted.
      finished_ = true;
      step_ = SmtpStep::done;
      SmtpAction a;
      a.kind = SmtpAction::Kind::done;
      a.step = step_;
      return a;
    }
    case SmtpStep::tls_handshake:
    case SmtpStep::done:
      break;
  }
  return fail("reply out of turn: " + reply.summary(), false);
}

}  // namespace hm::daemon::alerts
