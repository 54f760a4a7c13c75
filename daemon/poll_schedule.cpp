#include "daemon/poll_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace hm::daemon {

std::chrono::milliseconds transient_backoff(std::chrono::seconds interval, int failures_in_a_row,
                                            double jitter01) {
  using std::chrono::milliseconds;
  const double base = double(std::chrono::duration_cast<milliseconds>(interval).count());
  const double cap = std::max(base, double(milliseconds(std::chrono::minutes(15)).count()));
  const int doublings = std::clamp(failures_in_a_row - 1, 0, 30);
  const double full = std::min(cap, base * std::ldexp(1.0, doublings));
  const double j = std::clamp(jitter01, 0.0, 1.0);
  return std::max(milliseconds(1000),
                  milliseconds(static_cast<long long>(full / 2 + j * full / 2)));
}

PollPlan plan_next_poll(const connectors::FetchResult& result, std::chrono::seconds interval,
                        int failures_in_a_row, connectors::Time now, double jitter01) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto base = duration_cast<milliseconds>(interval);
  const auto jittered = milliseconds(static_cast<long long>(base.count() * (0.9 + 0.2 * jitter01)));
  auto until = [&](milliseconds floor) {
    if (!result.retry_at) return floor;
    return std::max(floor, duration_cast<milliseconds>(*result.retry_at - now));
  };
  switch (result.status) {
    case connectors::FetchStatus::ok:  // retry_at: the connector paces to the platform's window
      return {false, until(jittered)};
    case connectors::FetchStatus::rate_limited:
      return {false, until(base)};
    case connectors::FetchStatus::transient_error:
      return {false, transient_backoff(interval, failures_in_a_row, jitter01)};
    case connectors::FetchStatus::token_invalid:
      return {true, milliseconds(0)};
  }
  return {false, jittered};
}

}  // namespace hm::daemon
