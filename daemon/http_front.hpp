// The daemon's HTTP front: what each path of the listener serves. A request whose Host is not
// allowed (daemon/host_allow_list.hpp: DNS rebinding) is answered 421 before anything else.
// /api/... goes to the console's JSON API, the web console's embedded files are served with an
// ETag and revalidated on every load, /healthz answers 200 `ok`, or 503 `starting` /
// `degraded`, and /metrics renders the Prometheus metrics after refreshing the action and
// channel gauges. Everything else is 404; a method other than GET or HEAD outside /api/ is 405.
// Every answer over TLS carries HSTS.
//
// /healthz and /metrics need no sign-in (monitors and Prometheus scrape them), so without the
// metrics bearer token ([console] metrics_credential) they say nothing about schools: /healthz
// gives only {"state"} (with the same status code) and /metrics answers 401. With the token,
// /healthz adds the reasons (daemon/health.hpp), failed actions, the disk and each channel's
// state, and /metrics renders everything. The Service wires it to the listener
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

#include "console/console_api.hpp"
#include "daemon/channel_poller.hpp"
#include "daemon/host_allow_list.hpp"
#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "moderation/types.hpp"
#include "store/rule_stats.hpp"

namespace hm::daemon {

// What the front reports, read at each request.
struct FrontSources {
  std::function<console::Reply(const HttpRequest&, const Peer&)> api;  // the console's JSON API
  std::function<bool()> ready;                                         // past start-up
  std::function<std::vector<ChannelStatus>()> channels;
  std::function<std::vector<std::pair<moderation::ActionState, std::int64_t>>()> action_counts;
  std::function<std::string()> storage_full = [] { return std::string(); };  // empty: writes ok
  HostAllowList hosts{"", {}};  // the Host headers answered
  // The bearer token that unlocks /healthz's detail and /metrics; empty: nothing unlocks them.
  std::string metrics_token{};
  // Sign-in outcomes for /metrics; none by default.
  std::function<console::ConsoleApi::SignInCounts()> sign_ins = [] {
    return console::ConsoleApi::SignInCounts{};
  };
  // Each rule's hits and reversals over the last 30 days, for /metrics; none by default.
  std::function<std::vector<store::RuleStat>()> rule_stats = [] {
    return std::vector<store::RuleStat>{};
  };
};

class HttpFront {
 public:
  HttpFront(FrontSources sources, Metrics& metrics)
      : sources_(std::move(sources)), metrics_(metrics) {}

  // The listener's handler: an answer, or the console's slow work (sign-ins, the audit chain).
  console::Reply start(const HttpRequest& request, const Peer& peer);
  // start() with any slow work run inline (tests).
  HttpResponse handle(const HttpRequest& request, const Peer& peer) {
    return console::run_inline(start(request, peer));
  }

 private:
  console::Reply route(const HttpRequest& request, const Peer& peer);
  HttpResponse health(const HttpRequest& request);
  HttpResponse metrics(const HttpRequest& request);
  bool has_metrics_token(const HttpRequest& request) const;

  FrontSources sources_;
  Metrics& metrics_;
};

}  // namespace hm::daemon
