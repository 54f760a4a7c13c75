#include "daemon/poll_schedule.hpp"

#include <doctest/doctest.h>

using namespace hm::daemon;
using hm::connectors::FetchResult;
using hm::connectors::FetchStatus;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
const hm::connectors::Time kNow{seconds(1'800'000'000)};
FetchResult result(FetchStatus s, std::optional<seconds> retry_in = {}) {
  FetchResult r;
  r.status = s;
  if (retry_in) r.retry_at = kNow + *retry_in;
  return r;
}
}  // namespace

TEST_CASE("ok polls again after the interval, with ±10 % jitter") {
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), 0, kNow, 0.0).delay ==
        milliseconds(54'000));
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), 0, kNow, 0.5).delay ==
        milliseconds(60'000));
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), 0, kNow, 1.0).delay ==
        milliseconds(66'000));
  CHECK_FALSE(plan_next_poll(result(FetchStatus::ok), seconds(60), 0, kNow, 0.3).stop);
}

TEST_CASE("a rate limit waits until access returns, never less than the interval") {
  CHECK(plan_next_poll(result(FetchStatus::rate_limited, seconds(900)), seconds(60), 0, kNow, 0.5)
            .delay == milliseconds(900'000));
  CHECK(plan_next_poll(result(FetchStatus::rate_limited, seconds(5)), seconds(60), 0, kNow, 0.5)
            .delay == milliseconds(60'000));
  CHECK(plan_next_poll(result(FetchStatus::rate_limited), seconds(60), 0, kNow, 0.5).delay ==
        milliseconds(60'000));
}

TEST_CASE("a transient error backs off from the poll interval, not a fixed minute") {
  // The connector's own retry time (a fixed 60 s) is not what decides.
  const auto failed = result(FetchStatus::transient_error, seconds(60));
  CHECK(plan_next_poll(failed, seconds(10), 1, kNow, 1.0).delay == milliseconds(10'000));
  CHECK(plan_next_poll(failed, seconds(10), 1, kNow, 0.0).delay == milliseconds(5'000));
  CHECK(plan_next_poll(failed, seconds(10), 3, kNow, 1.0).delay == milliseconds(40'000));
  CHECK(plan_next_poll(failed, seconds(300), 2, kNow, 1.0).delay == milliseconds(600'000));
  CHECK_FALSE(plan_next_poll(failed, seconds(10), 1, kNow, 0.5).stop);
}

TEST_CASE("transient backoff doubles per failure in a row, capped, jittered, never a spin") {
  using std::chrono::minutes;
  // Equal jitter: between half and all of interval × 2^(n-1).
  for (int n = 1; n <= 4; ++n) {
    const auto full = milliseconds(60'000) * (1 << (n - 1));
    CHECK(transient_backoff(seconds(60), n, 0.0) == full / 2);
    CHECK(transient_backoff(seconds(60), n, 1.0) == full);
    CHECK(transient_backoff(seconds(60), n, 0.5) > transient_backoff(seconds(60), n, 0.0));
  }
  // Capped at 15 minutes, or the interval when it is longer; huge counts do not overflow.
  CHECK(transient_backoff(seconds(60), 10, 1.0) == milliseconds(minutes(15)));
  CHECK(transient_backoff(seconds(60), 1'000'000, 1.0) == milliseconds(minutes(15)));
  CHECK(transient_backoff(seconds(3600), 5, 1.0) == milliseconds(3'600'000));
  // Never under a second, even for a zero interval or a bad count.
  CHECK(transient_backoff(seconds(0), 1, 0.0) == milliseconds(1'000));
  CHECK(transient_backoff(seconds(1), 0, 0.0) == milliseconds(1'000));
  CHECK(transient_backoff(seconds(10), -5, 1.0) == milliseconds(10'000));
}

TEST_CASE("an invalid token stops the channel") {
  CHECK(plan_next_poll(result(FetchStatus::token_invalid), seconds(60), 0, kNow, 0.5).stop);
}

TEST_CASE("an ok poll paced by the connector waits for the pace, never less than the interval") {
  // X Basic: 10 mentions calls per 15 minutes; the connector paces the next call 100 s on.
  CHECK(plan_next_poll(result(FetchStatus::ok, seconds(100)), seconds(60), 0, kNow, 0.5).delay ==
        milliseconds(100'000));
  // A pace sooner than the interval (Pro, pay-per-use) leaves the interval in charge.
  CHECK(plan_next_poll(result(FetchStatus::ok, seconds(3)), seconds(60), 0, kNow, 0.5).delay ==
        milliseconds(60'000));
}
