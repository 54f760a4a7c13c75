// When a channel polls next, from what the last poll said (pure).
//   ok               → the channel's interval, with ±10 % jitter so channels spread out, or
//                      later when the connector paces its calls to the platform's window
//                      (retry_at: X's plans, connectors/x_poll_pace.hpp)
//   rate_limited     → until the platform says access returns (never sooner than the interval)
//   transient_error  → back off from the channel's interval: interval × 2^(n-1) for the n-th
//                      failure in a row, capped, with equal jitter (transient_backoff); the
//                      connector's fixed retry time is not used, so a 10 s channel retries in
//                      seconds and a 5-minute one does not hammer a failing platform
//   token_invalid    → stop this channel until the config is reloaded; the others go on
#pragma once

#include <chrono>
#include <string>

#include "connectors/connector.hpp"

namespace hm::daemon {

struct PollPlan {
  bool stop = false;                   // token_invalid: wait for a reload
  std::chrono::milliseconds delay{0};  // until the next poll
};

// `failures_in_a_row` counts this result when it is a transient error (1 for the first).
PollPlan plan_next_poll(const connectors::FetchResult& result, std::chrono::seconds interval,
                        int failures_in_a_row, connectors::Time now, double jitter01);

// The wait after the n-th failure in a row (n ≥ 1): half fixed, half random ("equal jitter") of
// min(interval × 2^(n-1), max(interval, 15 min)), and never under 1 s.
std::chrono::milliseconds transient_backoff(std::chrono::seconds interval, int failures_in_a_row,
                                            double jitter01);

}  // namespace hm::daemon
