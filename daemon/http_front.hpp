// The daemon's HTTP front: what each path of the listener serves. /api/... goes to the console's
// JSON API (with HSTS over TLS), the web console's embedded files are served with an ETag and
// revalidated on every load, /healthz answers JSON: 200 `ok`, or 503 `starting` / `degraded`
// with the reasons (daemon/health.hpp) and each channel's state, and /metrics renders the
// Prometheus metrics after refreshing the action and channel gauges. Everything else is 404; a
// method other than GET or HEAD outside /api/ is 405. The Service wires it to the listener
// (daemon/http_server.hpp) and gives it what it reports; it keeps no state of its own.
//
// Error policy: handle() answers every request; it throws only what the console API or the
// sources it is given throw (the listener turns that into a 500).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/channel_poller.hpp"
#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "moderation/types.hpp"

namespace hm::daemon {

// What the front reports, read at each request.
struct FrontSources {
  std::function<HttpResponse(const HttpRequest&, const Peer&)> api;  // the console's JSON API
  std::function<bool()> ready;                                       // past start-up
  std::function<std::vector<ChannelStatus>()> channels;
  std::function<std::vector<std::pair<moderation::ActionState, std::int64_t>>()> action_counts;
  std::function<std::string()> storage_full = [] { return std::string(); };  // empty: writes ok
};

class HttpFront {
 public:
  HttpFront(FrontSources sources, Metrics& metrics)
      : sources_(std::move(sources)), metrics_(metrics) {}

  HttpResponse handle(const HttpRequest& request, const Peer& peer);

 private:
  HttpResponse health(const HttpRequest& request);
  HttpResponse metrics(const HttpRequest& request);

  FrontSources sources_;
  Metrics& metrics_;
};

}  // namespace hm::daemon
