// Pacing mentions polls to X's window (issue 13 item 11), pure.
#include <doctest/doctest.h>

#include "connectors/x_poll_pace.hpp"

using namespace hm::connectors;
using namespace hm::connectors::x;
using std::chrono::seconds;

namespace {
const Time kNow{seconds(1'800'000'000)};
RateLimit window(long long limit, long long remaining, seconds reset_in) {
  return RateLimit{limit, remaining, kNow + reset_in, std::nullopt};
}
}  // namespace

TEST_CASE("legacy Basic: 10 calls per 15 minutes are spread over the window") {
  // After the first call of a fresh window: 9 left for 900 s → one every 100 s.
  CHECK(paced_next_call(window(10, 9, seconds(900)), kNow) == kNow + seconds(100));
  // Later in the window the spacing stays even: 3 left for 270 s.
  CHECK(paced_next_call(window(10, 3, seconds(270)), kNow) == kNow + seconds(90));
  // A spent window: wait for its reset.
  CHECK(paced_next_call(window(10, 0, seconds(400)), kNow) == kNow + seconds(400));
}

TEST_CASE("a 60 s poll on Basic never makes more than 10 calls in a window") {
  // Simulate: poll at max(interval, pace) for one window.
  Time t = kNow;
  const Time reset = kNow + seconds(900);
  long long remaining = 10;
  int calls = 0;
  while (t < reset) {
    --remaining;
    ++calls;
    REQUIRE(remaining >= 0);
    const auto pace = paced_next_call(RateLimit{10, remaining, reset, std::nullopt}, t);
    const Time next = t + seconds(60);
    t = pace && *pace > next ? *pace : next;
  }
  CHECK(calls <= 10);
  CHECK(calls >= 9);  // and the window is used, not wasted
}

TEST_CASE("with room to spare the pace is sooner than any poll interval") {
  const auto pace = paced_next_call(window(300, 299, seconds(900)), kNow);
  REQUIRE(pace);
  CHECK(*pace - kNow < seconds(5));
}

TEST_CASE("headers that do not say, or make no sense, give no pace") {
  CHECK_FALSE(paced_next_call(RateLimit{}, kNow));
  CHECK_FALSE(paced_next_call(window(10, 5, seconds(-1)), kNow));  // the window has reset
  CHECK_FALSE(paced_next_call(window(10, 50, seconds(900)), kNow));
  CHECK_FALSE(paced_next_call(window(10, -1, seconds(900)), kNow));
}

TEST_CASE("from an answer: X's reset placed on the local clock by its Date header") {
  HttpResponse r;
  r.status = 200;
  // X's clock is 30 s behind ours: its reset 900 s after its Date is 900 s after our now.
  const auto date = parse_http_date("Fri, 15 Jan 2027 08:00:00 GMT");
  REQUIRE(date);
  const Time now = *date + seconds(30);
  r.headers = {
      {"x-rate-limit-limit", "10"},
      {"x-rate-limit-remaining", "9"},
      {"x-rate-limit-reset", std::to_string((*date + seconds(900)).time_since_epoch().count())},
      {"date", "Fri, 15 Jan 2027 08:00:00 GMT"}};
  CHECK(paced_next_call(r, now) == now + seconds(100));
}
