// "No call before T": the wait a platform asked for (a 429, a rate-limit reset header, Graph's
// usage headers or throttling error codes), kept per route so a connector refuses a call
// locally, without sending it, until access returns. One type for the three connectors: Graph
// (Facebook, Instagram) mostly throttles a whole Page, account or app, so it blocks every
// route, but an action-only block leaves reading alone; X limits each endpoint (route), and only
// a 24-hour or usage cap, or a 429 its headers do not place, blocks every route of the channel.
//
// Error policy: pure value type; nothing fails. A wait in the past (clock skew) still lasts a
// second, so a caller never spins; a wait more than a day away is cut to a day.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "connectors/wire_time.hpp"

namespace hm::connectors {

class Throttle {
 public:
  static constexpr std::string_view kEveryRoute = "*";

  // No call on `route` (every route by default) before `until`. A block that ends earlier than
  // one already in force for the route is ignored.
  void block(Time until, Time now, std::string_view route = kEveryRoute);
  // Until when a call on `route` must wait (the later of the route's own block and a block on
  // every route); std::nullopt when it may go now.
  std::optional<Time> blocked_until(Time now, std::string_view route = kEveryRoute) const;

 private:
  std::map<std::string, Time, std::less<>> until_;
};

// What a connector returns when its throttle refuses a call locally: nothing was sent to the
// platform, and the caller may try again at `until`. The one place such refusals are made;
// every connector's fetch and apply start with one.
FetchResult refused_fetch(Time until, std::string message);
ActionResult refused_action(Time until, std::string reason);

}  // namespace hm::connectors
