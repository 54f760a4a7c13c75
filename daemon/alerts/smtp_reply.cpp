#include "daemon/alerts/smtp_reply.hpp"

#include <cctype>

namespace hm::daemon::alerts {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower((unsigned char)a[i]) != std::tolower((unsigned char)b[i])) return false;
  return true;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t end = line.find(' ', i);
    if (end == std::string_view::npos) end = line.size();
    if (end > i) out.push_back(line.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

bool SmtpReply::has_extension(std::string_view keyword) const {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto w = words(lines[i]);
    if (!w.empty() && iequals(w[0], keyword)) return true;
  }
  return false;
}

bool SmtpReply::has_auth_mechanism(std::string_view mechanism) const {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto w = words(lines[i]);
    if (w.empty() || !iequals(w[0], "AUTH")) continue;
    for (std::size_t j = 1; j < w.size(); ++j)
      if (iequals(w[j], mechanism)) return true;
  }
  return false;
}

std::string SmtpReply::summary() const {
  std::string out = std::to_string(code);
  if (!lines.empty() && !lines[0].empty()) {
    out += ' ';
    for (char c : lines[0])
      if ((unsigned char)c >= 0x20 && c != 0x7f) out += c;
  }
  if (out.size() > 160) out.resize(160);
  return out;
}

void SmtpReplyParser::feed(std::string_view bytes) {
  // Drop what was already handed out, so the buffer holds one reply at most.
  if (consumed_ > 0) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

SmtpReplyParser::Status SmtpReplyParser::next(SmtpReply& out, std::string& error) {
  if (failed_) {
    error = failure_;
    return Status::error;
  }
  auto fail = [&](std::string why) {
    failed_ = true;
    failure_ = "malformed reply from the server: " + why;
    error = failure_;
    return Status::error;
  };
  SmtpReply reply;
  std::size_t pos = consumed_;
  for (;;) {
    const std::size_t eol = buffer_.find('\n', pos);
    if (eol == std::string::npos) {
      if (buffer_.size() - pos > kMaxLine) return fail("line too long");
      return Status::need_more;
    }
    std::string_view line(buffer_.data() + pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLine) return fail("line too long");
    if (line.size() < 3 || !std::isdigit((unsigned char)line[0]) ||
        !std::isdigit((unsigned char)line[1]) || !std::isdigit((unsigned char)line[2]))
      return fail("no reply code");
    if (line.size() > 3 && line[3] != ' ' && line[3] != '-')
      return fail("no separator after the reply code");
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (code < 200 || code > 599) return fail("reply code out of range");
    if (!reply.lines.empty() && code != reply.code)
      return fail("reply codes differ within a reply");
    reply.code = code;
    reply.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view{});
    if (reply.lines.size() > kMaxLines) return fail("too many lines");
    pos = eol + 1;
    if (line.size() == 3 || line[3] == ' ') break;  // the last line of the reply
  }
  consumed_ = pos;
  out = std::move(reply);
  return Status::reply;
}

}  // namespace hm::daemon::alerts
