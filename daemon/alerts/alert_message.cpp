#include "daemon/alerts/alert_message.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "daemon/alerts/mime.hpp"

namespace hm::daemon::alerts {
namespace {

std::string platform_name(moderation::Platform p) {
  return std::string(moderation::display_name(p));
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += one_line(i, 40);
  }
  return out;
}

// Slack's three control characters; Teams shows the escaped text the same way.
std::string chat_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string address_list(const std::vector<std::string>& addresses) {
  std::string out;
  for (const auto& a : addresses) {
    if (!out.empty()) out += ",\r\n ";
    out += one_line(a, 254);
  }
  return out;
}

}  // namespace

AlertFacts facts_of(const store::DueAlert& alert, std::string_view school_name,
                    std::string_view console_url) {
  AlertFacts f;
  f.alert_id = alert.id;
  f.comment_id = alert.comment_id;
  f.school_id = alert.school_id;
  f.school_name = school_name.empty() ? alert.school_id : std::string(school_name);
  f.platform = alert.platform;
  f.channel_id = alert.channel_id;
  f.categories = alert.categories;
  f.written_at = alert.comment_created_at;
  f.flagged_at = alert.created_at;
  f.console_url = console_url;
  while (!f.console_url.empty() && f.console_url.back() == '/') f.console_url.pop_back();
  f.urgent = alert.urgent;
  return f;
}

std::string alert_title(const AlertFacts& f) {
  return (f.urgent ? "URGENT (risk to life) safeguarding alert: " : "Safeguarding alert: ") +
         one_line(f.school_name);
}

std::string console_link(std::string_view console_url, std::int64_t comment_id) {
  return one_line(console_url, 400) + "/#/comment/" + std::to_string(comment_id);
}

std::vector<std::string> summary_lines(const AlertFacts& f) {
  const std::string school = one_line(f.school_name);
  std::vector<std::string> lines = {
      alert_title(f),
      "hallmonitor flagged a comment on " + school + "'s " + platform_name(f.platform) +
          " channel that may need the designated safeguarding lead.",
      "",
      "School: " + school + " (" + one_line(f.school_id, 64) + ")",
      "Where: " + platform_name(f.platform) + ", channel " + one_line(f.channel_id, 64),
      "Categories: " + joined(f.categories),
      "Written: " + readable_time(f.written_at),
      "Flagged: " + readable_time(f.flagged_at),
      "Open it in hallmonitor: " + console_link(f.console_url, f.comment_id),
      "",
      "This alert does not include the comment or who wrote it: sign in to the console to read "
      "it, keep the evidence and act on it.",
  };
  if (f.urgent)
    lines.insert(lines.begin() + 2, "It reads as a risk to someone's life: please look now.");
  return lines;
}

std::string webhook_body_of(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    if (!text.empty()) text += "\n";
    text += chat_escape(line);
  }
  return nlohmann::json{{"text", text}}.dump();
}

std::string webhook_body(const AlertFacts& facts) {
  return webhook_body_of(summary_lines(facts));
}

std::string email_message(const AlertFacts& facts, const EmailEnvelope& envelope) {
  return plain_email(alert_title(facts), summary_lines(facts), envelope);
}

std::string plain_email(std::string_view subject, const std::vector<std::string>& lines,
                        const EmailEnvelope& envelope) {
  std::string body;
  for (const auto& line : lines) body += line + "\n";
  std::string m;
  m += "From: hallmonitor <" + one_line(envelope.from, 254) + ">\r\n";
  m += "To: " + address_list(envelope.to) + "\r\n";
  m += "Subject: " + encoded_word(one_line(subject, 200)) + "\r\n";
  m += "Date: " + rfc5322_date(envelope.date) + "\r\n";
  m += "Message-ID: <" + one_line(envelope.message_id, 200) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  // RFC 3834: out-of-office replies and other robots should not answer.
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += quoted_printable(body);
  return m;
}

std::string message_id(std::int64_t alert_id, std::string_view from, std::uint64_t random,
                       std::string_view kind) {
  std::string domain = "hallmonitor.invalid";
  if (auto at = from.rfind('@'); at != std::string_view::npos && at + 1 < from.size())
    domain = one_line(from.substr(at + 1), 200);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random));
  return "hallmonitor." + one_line(kind, 16) + "." + std::to_string(alert_id) + "." + hex + "@" +
         domain;
}

}  // namespace hm::daemon::alerts
