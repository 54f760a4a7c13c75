// What a safeguarding alert says (DESIGN.md §4, §8): the webhook body and the e-mail, built
// from ids, names from the config, platform, categories and times only. The comment's text
// and its author never reach these functions (store::DueAlert does not hold them), so they
// cannot leak into a chat channel or a mailbox: the safeguarding lead follows the link to the
// console, which checks who they are before showing anything.
//
// Error policy: pure and total. Values from the config are cleaned (one_line) before they go
// into a header or a line, so a school name cannot add an e-mail header or a chat mention.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/types.hpp"
#include "store/alert_outbox.hpp"

namespace hm::daemon::alerts {

struct AlertFacts {
  std::int64_t alert_id = 0;
  std::int64_t comment_id = 0;  // internal id: the console link
  std::string school_id;
  std::string school_name;
  moderation::Platform platform = moderation::Platform::facebook;
  std::string channel_id;
  std::vector<std::string> categories;
  moderation::Time written_at;  // when the platform says the comment was written
  moderation::Time flagged_at;  // when hallmonitor flagged it
  std::string console_url;      // e.g. "https://hallmonitor.school.example", no trailing '/'
  bool urgent = false;          // the verdict's urgency is risk_to_life: said in the subject
};

AlertFacts facts_of(const store::DueAlert& alert, std::string_view school_name,
                    std::string_view console_url);

// "{console_url}/#/comment/{comment_id}"
std::string console_link(std::string_view console_url, std::int64_t comment_id);

// "Safeguarding alert: SCHOOL", or "URGENT (risk to life) safeguarding alert: SCHOOL".
std::string alert_title(const AlertFacts& facts);

// The facts as plain lines (title first), shared by both transports.
std::vector<std::string> summary_lines(const AlertFacts& facts);

// {"text": "..."}: accepted by Slack and Microsoft Teams incoming webhooks alike. '&', '<'
// and '>' are escaped as Slack requires, which also stops "<!channel>"-style mentions.
std::string webhook_body(const AlertFacts& facts);

struct EmailEnvelope {
  std::string from;
  std::vector<std::string> to;
  std::string message_id;  // without angle brackets, e.g. "alert-7.1a2b@school.example"
  moderation::Time date;
};

// An RFC 5322 message with CRLF line endings: From, To, Subject, Date, Message-ID,
// MIME-Version, Content-Type text/plain; charset=utf-8 (quoted-printable), Auto-Submitted.
std::string email_message(const AlertFacts& facts, const EmailEnvelope& envelope);

// A Message-ID for an alert: unique per attempt, the domain taken from the sender address;
// `kind` tells a safeguarding alert ("alert") from other notices ("channel", "digest").
std::string message_id(std::int64_t alert_id, std::string_view from, std::uint64_t random,
                       std::string_view kind = "alert");

// What every hallmonitor message shares, for the other notices (channel_alert_message.hpp,
// digest_message.hpp): {"text": the lines, escaped for chat}, and a plain-text UTF-8 e-mail
// with the headers above and `subject` (cleaned and encoded here).
std::string webhook_body_of(const std::vector<std::string>& lines);
std::string plain_email(std::string_view subject, const std::vector<std::string>& lines,
                        const EmailEnvelope& envelope);

}  // namespace hm::daemon::alerts
