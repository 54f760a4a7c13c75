#include "connectors/x_poll_pace.hpp"

namespace hm::connectors::x {

std::optional<Time> paced_next_call(const RateLimit& limit, Time now) {
  if (!limit.remaining || !limit.reset || *limit.remaining < 0) return std::nullopt;
  if (limit.limit && *limit.limit > 0 && *limit.remaining > *limit.limit) return std::nullopt;
  if (*limit.reset <= now) return std::nullopt;  // a new window has begun: no pace
  if (*limit.remaining == 0) return *limit.reset;
  return now + (*limit.reset - now) / *limit.remaining;
}

std::optional<Time> paced_next_call(const HttpResponse& response, Time now) {
  RateLimit limit = parse_rate_limit(response);
  if (limit.reset) *limit.reset += clock_skew(response, now);
  return paced_next_call(limit, now);
}

}  // namespace hm::connectors::x
