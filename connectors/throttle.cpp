#include "connectors/throttle.hpp"

#include <chrono>

namespace hm::connectors {

void Throttle::block(Time until, Time now, std::string_view route) {
  if (until <= now) until = now + std::chrono::seconds{1};
  if (until > now + std::chrono::hours{24}) until = now + std::chrono::hours{24};
  auto it = until_.find(route);
  if (it == until_.end())
    until_.emplace(std::string(route), until);
  else if (until > it->second || it->second <= now)
    it->second = until;
}

std::optional<Time> Throttle::blocked_until(Time now, std::string_view route) const {
  std::optional<Time> out;
  for (std::string_view key : {route, kEveryRoute}) {
    auto it = until_.find(key);
    if (it != until_.end() && it->second > now && (!out || it->second > *out)) out = it->second;
  }
  return out;
}

FetchResult refused_fetch(Time until, std::string message) {
  FetchResult r;
  r.status = FetchStatus::rate_limited;
  r.retry_at = until;
  r.message = std::move(message);
  return r;
}

ActionResult refused_action(Time until, std::string reason) {
  ActionResult r;
  r.outcome = ActionOutcome::retryable_failure;
  r.reason = std::move(reason);
  r.retry_at = until;
  r.held_back = true;  // the platform was not called: no attempt is used
  return r;
}

}  // namespace hm::connectors
