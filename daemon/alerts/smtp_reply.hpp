// SMTP server replies (RFC 5321 §4.2): "250-first\r\n250-second\r\n250 last\r\n" is one reply
// with code 250 and three lines. A sans-io parser: feed it the bytes as they arrive and take
// complete replies out.
//
// Error policy: a malformed reply (no three-digit code, codes that differ within one reply,
// an over-long line or reply) is an expected protocol failure: next() returns Status::error with
// a message, and the parser stays failed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hm::daemon::alerts {

struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;  // the text after "250-" / "250 ", one entry per line

  // An EHLO reply's extension keywords are the first word of each line after the first; the
  // comparison ignores case ("STARTTLS", "AUTH PLAIN LOGIN").
  bool has_extension(std::string_view keyword) const;
  // Whether the AUTH extension lists `mechanism`.
  bool has_auth_mechanism(std::string_view mechanism) const;
  // "550 5.1.1 no such user" cut to a readable length, control characters removed.
  std::string summary() const;
};

class SmtpReplyParser {
 public:
  static constexpr std::size_t kMaxLine = 2048;  // RFC 5321 allows 512; servers exceed it
  static constexpr std::size_t kMaxLines = 128;

  enum class Status { need_more, reply, error };

  void feed(std::string_view bytes);
  // A complete reply in `out`, or need_more, or error (with `error` set).
  Status next(SmtpReply& out, std::string& error);
  // Bytes received after the last complete reply.
  std::size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  std::string buffer_;
  std::size_t consumed_ = 0;  // bytes of buffer_ already returned as replies
  bool failed_ = false;
  std::string failure_;
};

}  // namespace hm::daemon::alerts
