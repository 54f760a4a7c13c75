// The safeguarding alert outbox (DESIGN.md §4, §8): Store::record writes one
// `safeguarding_alerts` row per comment in the same transaction as the safeguarding verdict,
// so a crash can delay an alert but never lose it. The notifier reads due rows, delivers them
// by each configured transport and records the outcome here. Rows name the comment by its
// internal id only: nothing in an alert needs, or may carry, the comment's text or author.
//
// Error policy: SQLite failures throw StoreError (from the Store methods that use these
// types). The retry schedule is pure arithmetic and never fails.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/types.hpp"

namespace hm::store {

enum class AlertState { pending, sent, failed };
std::string_view to_string(AlertState s) noexcept;

enum class AlertTransport { webhook, email };
std::string_view to_string(AlertTransport t) noexcept;

// What the notifier needs to tell the safeguarding lead where to look: ids, platform,
// categories and times. Deliberately no text, author or permalink.
struct DueAlert {
  std::int64_t id = 0;
  std::int64_t comment_id = 0;  // the console's id for the comment (the link)
  std::string school_id;
  std::string channel_id;
  moderation::Platform platform = moderation::Platform::facebook;
  std::vector<std::string> categories;  // of the newest verdict on the comment, sorted
  moderation::Time created_at;          // when the alert was queued (the verdict's time)
  moderation::Time comment_created_at;  // when the platform says the comment was written
  int attempts = 0;                     // delivery rounds that failed so far
  bool webhook_sent = false;            // already delivered by that transport: skip it
  bool email_sent = false;
  bool urgent = false;  // a verdict on the comment has urgency risk_to_life
};

// An alert row as the console (and tests) see it.
struct AlertRow {
  std::int64_t id = 0;
  std::int64_t comment_id = 0;
  std::string school_id;
  AlertState state = AlertState::pending;
  int attempts = 0;
  moderation::Time next_attempt_at;
  std::optional<moderation::Time> webhook_sent_at;
  std::optional<moderation::Time> email_sent_at;
  std::optional<moderation::Time> sent_at;
  std::string last_error;  // empty when none; never comment text or secrets
};

// Retries: 10 delivery rounds over roughly 13 to 17 hours. The first retry comes after about
// 10 s (a webhook's brief 500 should not delay a safeguarding alert by minutes), then each
// wait triples up to 8 h: 10 s, 30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h, 6 h, 8 h.
struct AlertRetryPolicy {
  int max_attempts = 10;
  std::chrono::seconds base_delay{10};
  std::chrono::seconds max_delay{8 * 3600};
};

// The wait after `attempts` failed rounds (attempts >= 1): min(max, base * 3^(attempts-1)),
// scaled into [75 %, 100 %] by `jitter` in [0, 1) so many alerts failing together spread out.
std::chrono::seconds alert_retry_delay(const AlertRetryPolicy& policy, int attempts,
                                       double jitter) noexcept;

// The outcome of one failed delivery round, for Store::record_alert_failure.
struct AlertFailure {
  std::string error;       // for the console and the audit log; no text, URL or password
  bool permanent = false;  // retrying cannot help (a 5xx from SMTP, a 404 webhook, no transport)
  double jitter = 0.0;     // in [0, 1), drawn by the caller so tests are deterministic
};

}  // namespace hm::store
