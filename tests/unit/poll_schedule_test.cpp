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
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), kNow, 0.0).delay ==
        milliseconds(54'000));
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), kNow, 0.5).delay ==
        milliseconds(60'000));
  CHECK(plan_next_poll(result(FetchStatus::ok), seconds(60), kNow, 1.0).delay ==
        milliseconds(66'000));
  CHECK_FALSE(plan_next_poll(result(FetchStatus::ok), seconds(60), kNow, 0.3).stop);
}

TEST_CASE("a rate limit waits until access returns, never less than the interval") {
  CHECK(plan_next_poll(result(FetchStatus::rate_limited, seconds(900)), seconds(60), kNow, 0.5)
            .delay == milliseconds(900'000));
  CHECK(
      plan_next_poll(result(FetchStatus::rate_limited, seconds(5)), seconds(60), kNow, 0.5).delay ==
      milliseconds(60'000));
  CHECK(plan_next_poll(result(FetchStatus::rate_limited), seconds(60), kNow, 0.5).delay ==
        milliseconds(60'000));
}

TEST_CASE("a transient error waits as the connector says, at least a second: never a spin") {
  CHECK(plan_next_poll(result(FetchStatus::transient_error, seconds(120)), seconds(60), kNow, 0.5)
            .delay == milliseconds(120'000));
  CHECK(plan_next_poll(result(FetchStatus::transient_error, seconds(0)), seconds(60), kNow, 0.5)
            .delay == milliseconds(1'000));
  CHECK(plan_next_poll(result(FetchStatus::transient_error, seconds(-30)), seconds(60), kNow, 0.5)
            .delay == milliseconds(1'000));
}

TEST_CASE("an invalid token stops the channel") {
  CHECK(plan_next_poll(result(FetchStatus::token_invalid), seconds(60), kNow, 0.5).stop);
}
