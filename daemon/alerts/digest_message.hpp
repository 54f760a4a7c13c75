// The daily digest e-mail for one school and one person: counts hidden in the last day by
// category, what waits for a decision, channels that need someone, and links to the console.
// Never comment text: the facts hold only counts, names from the config and channel words.
// Also when it is due: the local day a time falls in and the next digest time (pure, given the
// local offset, so tests need no time zone).
//
// Error policy: pure and total; every value is cleaned (one_line) before it goes into a line or
// a header.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "daemon/alerts/alert_message.hpp"

namespace hm::daemon::alerts {

struct DigestFacts {
  std::string school_id;
  std::string school_name;
  std::string day;                             // the local date, "2026-12-04"
  std::map<std::string, std::int64_t> hidden;  // category → comments hidden in the last day
  std::int64_t needs = 0, urgent = 0, safeguarding = 0, failed = 0, handled = 0;  // items
  std::vector<std::string> channel_problems;  // "Facebook (jh-facebook): stopped: ..."
  std::string console_url;                    // no trailing '/'
};

// "hallmonitor daily digest: Joseph Hood Primary School, 2026-12-04"
std::string digest_subject(const DigestFacts& facts);
std::vector<std::string> digest_lines(const DigestFacts& facts);
std::string digest_email(const DigestFacts& facts, const EmailEnvelope& envelope);

// The local calendar date of `t`, as "YYYY-MM-DD", with the zone `utc_offset` ahead of UTC.
std::string local_day(moderation::Time t, std::chrono::seconds utc_offset);
// The first time at or after `now` that is `minute_of_day` minutes after a local midnight.
moderation::Time next_digest_time(moderation::Time now, int minute_of_day,
                                  std::chrono::seconds utc_offset);
// Whether today's digest time has passed at `now` (then today's digest is due).
bool digest_time_passed(moderation::Time now, int minute_of_day, std::chrono::seconds utc_offset);

}  // namespace hm::daemon::alerts
