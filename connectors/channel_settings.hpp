// What every connector is built from: the channel's identity and endpoint, plus the knobs tests
// and the bench turn (clock, HTTP timeouts and retry policy).
//
// Error policy: plain values; nothing fails.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <boost/url/url.hpp>

#include "connectors/https_client.hpp"
#include "connectors/wire_time.hpp"

namespace hm::connectors {

using WallClock = std::function<Time()>;
WallClock system_wall_clock();

struct ChannelSettings {
  std::string channel_id;
  std::string account_id;     // Page id, IG user id, or X user id
  boost::urls::url api_base;  // e.g. https://graph.facebook.com/v25.0, https://api.x.com/2
  std::filesystem::path ca_file;
  // Facebook: the Page edges whose posts are watched, in order: "feed" (the Page's own, visitor
  // and tagged posts) and/or "published_posts" (its own only). Facebook and Instagram: how many
  // newest posts (media) per edge have their comments read.
  std::vector<std::string> watch{"feed"};
  int watch_posts = 25;
};

struct ConnectorOptions {
  WallClock now;  // empty: the system clock
  std::chrono::milliseconds timeout{15'000};
  BackoffPolicy backoff;
  UnitRandom random;
  std::chrono::seconds transient_retry{60};  // how long to wait after a failed poll or call
  // The wait when a platform refuses or throttles without saying for how long.
  std::chrono::seconds default_rate_limit_wait{std::chrono::minutes{15}};
  int max_pages_per_poll = 1000;                      // bounds every paging loop
  std::size_t response_body_limit = 8 * 1024 * 1024;  // larger answers are refused unread
  std::string x_field_names;  // X: "tweet" | "post"; empty: connectors/x_field_names.hpp's
};

// The client options for a channel's api_base host.
HttpsClientOptions client_options(const ChannelSettings& channel, const ConnectorOptions& options);

}  // namespace hm::connectors
