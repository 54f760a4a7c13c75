// Jittered exponential backoff: the delay before retry n (n = 1 after the first failure) is
// uniform in [d/2, d] with d = min(cap, base * 2^(n-1)). The lower bound keeps every delay
// positive, so a retry loop can never spin; the RNG is injectable for tests.
//
// Error policy: pure arithmetic; nothing fails.
#pragma once

#include <chrono>
#include <functional>

namespace hm::connectors {

struct BackoffPolicy {
  std::chrono::milliseconds base{200};
  std::chrono::milliseconds cap{10'000};
  int max_attempts = 4;  // total attempts including the first
};

// Returns a number in [0, 1).
using UnitRandom = std::function<double()>;
UnitRandom default_unit_random();

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int retry_number,
                                        const UnitRandom& random);

}  // namespace hm::connectors
