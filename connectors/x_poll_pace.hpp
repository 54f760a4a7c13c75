// Pacing an X channel's mentions polls to its plan's window (issue 13 item 11), pure. X limits
// each endpoint per user in a 15-minute window and says, on every answer, how much of it is
// left (x-rate-limit-limit / -remaining / -reset). The legacy Basic plan allows 10 mentions
// calls per 15 minutes, so a 60-second poll (15 calls) would spend the window in 10 minutes and
// then live on 429s. Instead the next poll goes no sooner than the time left in the window
// divided by the calls left in it: the calls spread evenly and the window is never overrun.
// With room to spare (Pro, pay-per-use: 300 per 15 minutes) the pace is seconds and the
// channel's own interval decides.
//
// Error policy: pure; headers that are missing or make no sense give no pace (std::nullopt).
#pragma once

#include <optional>

#include "connectors/wire_time.hpp"
#include "connectors/x_parse.hpp"

namespace hm::connectors::x {

// When the next mentions call should go at the earliest, from the last answer's rate-limit
// headers (with the reset already on the local clock, as rate_limit_wait places it); nullopt
// when they do not say. A spent window (remaining 0) paces to its reset.
std::optional<Time> paced_next_call(const RateLimit& limit, Time now);
// The same from an answer: its headers, its reset placed on the local clock (clock_skew).
std::optional<Time> paced_next_call(const HttpResponse& response, Time now);

}  // namespace hm::connectors::x
