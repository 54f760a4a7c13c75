#include "daemon/poll_schedule.hpp"

#include <algorithm>

namespace hm::daemon {

PollPlan plan_next_poll(const connectors::FetchResult& result, std::chrono::seconds interval,
                        connectors::Time now, double jitter01) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto base = duration_cast<milliseconds>(interval);
  const auto jittered = milliseconds(static_cast<long long>(base.count() * (0.9 + 0.2 * jitter01)));
  auto until = [&](milliseconds floor) {
    if (!result.retry_at) return floor;
    return std::max(floor, duration_cast<milliseconds>(*result.retry_at - now));
  };
  switch (result.status) {
    case connectors::FetchStatus::ok:
      return {false, jittered};
    case connectors::FetchStatus::rate_limited:
      return {false, until(base)};
    case connectors::FetchStatus::transient_error:
      return {false, until(milliseconds(1000))};
    case connectors::FetchStatus::token_invalid:
      return {true, milliseconds(0)};
  }
  return {false, jittered};
}

}  // namespace hm::daemon
