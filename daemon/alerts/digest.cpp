// AlertNotifier's third duty: the daily digest e-mail (DESIGN.md §8). At [alerts] digest_time,
// local time, each school's digest goes to every user who asked for it (Users page) and has a
// role there; one per user, school and local day, recorded in the store once the mail server
// took it, so a restart after the digest time sends only what has not gone yet. The injected
// clock decides when; the message (digest_message.hpp) is pure and holds only counts, names and
// channel words, never comment text.
#include <ctime>

#include "console/channel_words.hpp"
#include "console/item_view.hpp"
#include "daemon/alerts/alert_notifier.hpp"
#include "daemon/alerts/digest_message.hpp"
#include "store/activity.hpp"
#include "store/digest_log.hpp"

namespace hm::daemon::alerts {
namespace {

// How far the server's local time is ahead of UTC at `t` (summer time included).
std::chrono::seconds local_offset(moderation::Time t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&tt, &local);
  return std::chrono::seconds(local.tm_gmtoff);
}

constexpr std::chrono::minutes kRetry{5};

}  // namespace

boost::asio::awaitable<void> AlertNotifier::digest_turn() {
  if (!smtp_) co_return;
  const auto now = clock_.now();
  if (now < next_digest_check_) co_return;
  const auto offset = local_offset(now);
  if (!digest_time_passed(now, smtp_->digest_minute, offset)) {
    next_digest_check_ = next_digest_time(now, smtp_->digest_minute, offset);
    co_return;
  }
  auto& db = store_.connection();
  const std::string day = local_day(now, offset);
  const auto hidden = store::hidden_since(db, now - std::chrono::hours(24));
  std::map<std::string, std::pair<bool, std::string>> channel_states;  // id → stopped, reason
  if (channel_source_)
    for (const auto& c : channel_source_()) channel_states[c.id] = {c.stopped, c.reason};
  bool all_sent = true;
  for (const auto& [school_id, route] : routes_) {
    std::vector<store::DigestRecipient> waiting;
    for (auto& r : store::digest_recipients(db, school_id))
      if (!store::digest_sent(db, r.user_id, school_id, day)) waiting.push_back(std::move(r));
    if (waiting.empty()) continue;
    DigestFacts facts;
    facts.school_id = school_id;
    facts.school_name = route.school_name;
    facts.day = day;
    if (auto it = hidden.find(school_id); it != hidden.end()) facts.hidden = it->second;
    const auto summary = console::item_summary(store_, std::set<std::string>{school_id});
    facts.needs = summary.value("needs", 0);
    facts.urgent = summary.value("urgent", 0);
    facts.safeguarding = summary.value("safeguarding", 0);
    facts.failed = summary.value("failed", 0);
    facts.handled = summary.value("handled", 0);
    for (const auto& [id, platform] : route.channels) {
      auto state = channel_states.find(id);
      const bool polled = !channel_source_ || state != channel_states.end();
      if (polled && (state == channel_states.end() || !state->second.first)) continue;
      auto p = moderation::parse_platform(platform);
      facts.channel_problems.push_back((p ? std::string(moderation::display_name(*p)) : platform) +
                                       " (" + id +
                                       "): " + console::channel_words("stopped", polled));
    }
    facts.console_url = console_url_;
    while (!facts.console_url.empty() && facts.console_url.back() == '/')
      facts.console_url.pop_back();
    for (const auto& r : waiting) {
      if (stopping_) co_return;
      std::vector<std::string> to{r.email};  // (a braced list in co_await trips GCC 12)
      Attempt a = co_await by_email(std::move(to), r.user_id, "digest",
                                    [&](const EmailEnvelope& e) { return digest_email(facts, e); });
      if (a.ok) {
        store::record_digest_sent(db, r.user_id, school_id, day, clock_.now());
        LogLine(log_, LogPriority::info)
            << "digest: school " << school_id << " " << day << " sent to user " << r.name;
      } else {
        all_sent = false;
        LogLine(log_, LogPriority::warning)
            << "digest: school " << school_id << " " << day << " to user " << r.name << ": "
            << a.error << "; will retry";
      }
    }
  }
  next_digest_check_ =
      all_sent ? next_digest_time(now + std::chrono::seconds(1), smtp_->digest_minute, offset)
               : now + kRetry;
}

}  // namespace hm::daemon::alerts
