#include "daemon/alerts/digest_message.hpp"

#include <cstdio>

#include "daemon/alerts/mime.hpp"

namespace hm::daemon::alerts {
namespace {

std::string category_words(const std::string& c) {
  static const std::map<std::string, std::string> words = {{"abuse", "Abuse"},
                                                           {"spam", "Spam"},
                                                           {"commercial", "Selling or advertising"},
                                                           {"personal_data", "Personal details"},
                                                           {"safeguarding", "Safeguarding"},
                                                           {"complaint", "Complaints"}};
  auto it = words.find(c);
  return it == words.end() ? one_line(c, 40) : it->second;
}

std::string count(std::int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

constexpr std::int64_t kDay = 24 * 3600;

std::int64_t local_seconds(moderation::Time t, std::chrono::seconds offset) {
  return t.time_since_epoch().count() + offset.count();
}

}  // namespace

std::string digest_subject(const DigestFacts& f) {
  return "hallmonitor daily digest: " + one_line(f.school_name) + ", " + one_line(f.day, 10);
}

std::vector<std::string> digest_lines(const DigestFacts& f) {
  const std::string url = one_line(f.console_url, 400);
  std::vector<std::string> lines = {digest_subject(f), ""};
  std::int64_t total = 0;
  for (const auto& [c, n] : f.hidden) total += n;
  lines.push_back("Hidden in the last 24 hours: " + count(total, "comment", "comments"));
  for (const auto& [c, n] : f.hidden)
    lines.push_back("  " + category_words(c) + ": " + std::to_string(n));
  lines.push_back("");
  if (f.needs == 0) {
    lines.push_back("Nothing waits for a decision.");
  } else {
    lines.push_back("Waiting for a decision: " + count(f.needs, "comment", "comments"));
    if (f.urgent)
      lines.push_back("  URGENT (risk to life): " + std::to_string(f.urgent) + ": " + url +
                      "/#/safeguarding");
    if (f.safeguarding)
      lines.push_back("  Safeguarding concerns: " + std::to_string(f.safeguarding));
    if (f.failed) lines.push_back("  Could not be carried out: " + std::to_string(f.failed));
  }
  if (f.handled)
    lines.push_back(count(f.handled, "hidden comment is", "hidden comments are") +
                    " handled and safe.");
  lines.push_back("");
  if (f.channel_problems.empty()) {
    lines.push_back("Every channel is running.");
  } else {
    lines.push_back("Channels that need someone:");
    for (const auto& p : f.channel_problems) lines.push_back("  " + one_line(p, 300));
  }
  lines.push_back("");
  lines.push_back("Today at a glance: " + url + "/#/today");
  lines.push_back("The queue: " + url + "/#/queue");
  lines.push_back("");
  lines.push_back(
      "You get this because you asked for the daily digest; an admin can turn it off "
      "on the Users page. It never includes what was written: sign in to read it.");
  return lines;
}

std::string digest_email(const DigestFacts& facts, const EmailEnvelope& envelope) {
  return plain_email(digest_subject(facts), digest_lines(facts), envelope);
}

std::string local_day(moderation::Time t, std::chrono::seconds utc_offset) {
  // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
  const std::int64_t s = local_seconds(t, utc_offset);
  std::int64_t z = (s >= 0 ? s : s - (kDay - 1)) / kDay + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
  return out;
}

bool digest_time_passed(moderation::Time now, int minute_of_day, std::chrono::seconds utc_offset) {
  const std::int64_t s = local_seconds(now, utc_offset);
  const std::int64_t into_day = ((s % kDay) + kDay) % kDay;
  return into_day >= std::int64_t(minute_of_day) * 60;
}

moderation::Time next_digest_time(moderation::Time now, int minute_of_day,
                                  std::chrono::seconds utc_offset) {
  const std::int64_t s = local_seconds(now, utc_offset);
  const std::int64_t into_day = ((s % kDay) + kDay) % kDay;
  std::int64_t wait = std::int64_t(minute_of_day) * 60 - into_day;
  if (wait < 0) wait += kDay;
  return now + std::chrono::seconds(wait);
}

}  // namespace hm::daemon::alerts
