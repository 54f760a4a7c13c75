// When a channel polls next, from what the last poll said (pure).
//   ok               → the channel's interval, with ±10 % jitter so channels spread out
//   rate_limited     → until the platform says access returns (never sooner than the interval)
//   transient_error  → when the connector says, at least 1 s: a failing platform is never spun on
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

PollPlan plan_next_poll(const connectors::FetchResult& result, std::chrono::seconds interval,
                        connectors::Time now, double jitter01);

}  // namespace hm::daemon
