// The one throttle type of the three connectors: per-route and every-route blocks, the clamps,
// and the refusals built from it.
#include <doctest/doctest.h>

#include "connectors/throttle.hpp"

using namespace hm::connectors;
using namespace std::chrono_literals;

namespace {
const Time kNow = Time{} + 1'000'000s;
}

TEST_CASE("a route's block holds that route only; an every-route block holds them all") {
  Throttle t;
  CHECK_FALSE(t.blocked_until(kNow));
  t.block(kNow + 60s, kNow, "mentions");
  CHECK(t.blocked_until(kNow, "mentions") == kNow + 60s);
  CHECK_FALSE(t.blocked_until(kNow, "hide"));
  CHECK_FALSE(t.blocked_until(kNow));  // the every-route key is not blocked by one route
  t.block(kNow + 30s, kNow);
  CHECK(t.blocked_until(kNow, "hide") == kNow + 30s);
  CHECK(t.blocked_until(kNow, "mentions") == kNow + 60s);  // the later of the two
  CHECK_FALSE(t.blocked_until(kNow + 60s, "mentions"));    // over once the time comes
}

TEST_CASE("an earlier block does not shorten one in force; a passed one is replaced") {
  Throttle t;
  t.block(kNow + 600s, kNow);
  t.block(kNow + 10s, kNow);
  CHECK(t.blocked_until(kNow) == kNow + 600s);
  t.block(kNow + 700s, kNow + 650s);  // the first has passed by now
  CHECK(t.blocked_until(kNow + 650s) == kNow + 700s);
}

TEST_CASE("a reset in the past waits a second; one more than a day away is cut to a day") {
  Throttle t;
  t.block(kNow - 5s, kNow, "r");
  CHECK(t.blocked_until(kNow, "r") == kNow + 1s);
  Throttle far;
  far.block(kNow + 72h, kNow);
  CHECK(far.blocked_until(kNow) == kNow + 24h);
}

TEST_CASE("refusals say to retry at the block's end and send nothing") {
  const auto fetch = refused_fetch(kNow + 5s, "waiting");
  CHECK(fetch.status == FetchStatus::rate_limited);
  CHECK(fetch.retry_at == kNow + 5s);
  CHECK(fetch.api_calls == 0);
  CHECK(fetch.comments.empty());
  const auto action = refused_action(kNow + 5s, "waiting");
  CHECK(action.outcome == ActionOutcome::retryable_failure);
  CHECK(action.retry_at == kNow + 5s);
  CHECK(action.held_back);
}
