// The daemon's HTTP front in process: which path goes where, /healthz before and after start-up,
// /metrics' gauges, the console's files with ETag revalidation, HSTS on every answer over TLS,
// the Host allow-list (DNS rebinding) and what /healthz and /metrics show without the token.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "console/web_assets.hpp"
#include "daemon/http_front.hpp"

using namespace hm::daemon;

namespace {

constexpr std::string_view kMetricsToken = "metrics-token-0123456789abcdef";

HttpRequest get(const std::string& target, http::verb verb = http::verb::get) {
  HttpRequest r{verb, target, 11};
  r.set(http::field::host, "127.0.0.1:8088");
  r.prepare_payload();
  return r;
}

// As Prometheus or the admin's monitor sends it, with the metrics bearer token.
HttpRequest scrape(const std::string& target) {
  HttpRequest r = get(target);
  r.set(http::field::authorization, "Bearer " + std::string(kMetricsToken));
  return r;
}

struct Front {
  bool ready = false;
  int api_calls = 0;
  std::int64_t failed = 0;
  std::string disk;
  hm::console::ConsoleApi::SignInCounts sign_ins;
  std::vector<hm::store::RuleStat> rules;
  std::vector<ChannelStatus> channels{{"jh-facebook", ChannelState::polling, "", 3, true},
                                      {"jh-x", ChannelState::rate_limited, "waiting", 1, true}};
  Metrics metrics;
  HttpFront front{
      FrontSources{[this](const HttpRequest& r, const Peer&) {
                     ++api_calls;
                     return make_response(r, http::status::ok, "application/json", "{}");
                   },
                   [this] { return ready; }, [this] { return channels; },
                   [this] {
                     return std::vector<std::pair<hm::moderation::ActionState, std::int64_t>>{
                         {hm::moderation::ActionState::proposed, 4},
                         {hm::moderation::ActionState::failed, failed}};
                   },
                   [this] { return disk; },
                   HostAllowList("https://console.school.example:8443/x", {"hm.internal"}),
                   std::string(kMetricsToken), [this] { return sign_ins; },
                   [this] { return rules; }},
      metrics};
};

}  // namespace

TEST_CASE("/healthz is 503 until ready, then 200, and lists each channel's state") {
  Front f;
  auto starting = f.front.handle(get("/healthz"), {});
  CHECK(starting.result() == http::status::service_unavailable);
  CHECK(nlohmann::json::parse(starting.body())["state"] == "starting");
  f.ready = true;
  auto ok = f.front.handle(scrape("/healthz"), {});
  CHECK(ok.result() == http::status::ok);
  CHECK(ok[http::field::content_type] == "application/json");
  const auto body = nlohmann::json::parse(ok.body());
  CHECK(body["state"] == "ok");
  CHECK(body["reasons"].empty());
  CHECK(body["failed_actions"] == 0);
  CHECK(body["disk_full"] == false);
  CHECK(body["channels"] ==
        nlohmann::json::parse(R"([{"id":"jh-facebook","state":"polling","message":""},
                                  {"id":"jh-x","state":"rate_limited","message":"waiting"}])"));
}

TEST_CASE("/healthz is 503 degraded, with reasons, for a stopped channel, failures, a full disk") {
  Front f;
  f.ready = true;
  f.channels[1] = {"jh-x", ChannelState::stopped, "the refresh token was refused", 1, true};
  f.failed = 2;
  f.disk = "no space to write hallmonitor.db (database or disk is full)";
  auto r = f.front.handle(scrape("/healthz"), {});
  CHECK(r.result() == http::status::service_unavailable);
  const auto body = nlohmann::json::parse(r.body());
  CHECK(body["state"] == "degraded");
  CHECK(body["failed_actions"] == 2);
  CHECK(body["disk_full"] == true);
  REQUIRE(body["reasons"].size() == 3);
  CHECK(body["reasons"][0].get<std::string>().starts_with("the disk is full"));
  CHECK(body["reasons"][1] == "channel jh-x is stopped: the refresh token was refused");
  CHECK(body["reasons"][2].get<std::string>().starts_with("2 actions have failed"));
}

TEST_CASE("/metrics refreshes the action and channel gauges") {
  Front f;
  auto m = f.front.handle(scrape("/metrics"), {});
  CHECK(m.result() == http::status::ok);
  CHECK(m.body().find("hallmonitor_actions{state=\"proposed\"} 4") != std::string::npos);
  CHECK(m.body().find("hallmonitor_channel_up{channel=\"jh-facebook\"} 1") != std::string::npos);
  CHECK(m.body().find("hallmonitor_channel_up{channel=\"jh-x\"} 0") != std::string::npos);
}

TEST_CASE("/metrics counts console sign-ins by outcome, so a guessing attack shows") {
  Front f;
  f.sign_ins.signed_in = 3;
  f.sign_ins.wrong_password = 40;
  f.sign_ins.throttled = 7;
  auto m = f.front.handle(scrape("/metrics"), {});
  CHECK(m.body().find("# TYPE hallmonitor_console_sign_ins_total counter") != std::string::npos);
  CHECK(m.body().find("hallmonitor_console_sign_ins_total{outcome=\"signed_in\"} 3") !=
        std::string::npos);
  CHECK(m.body().find("hallmonitor_console_sign_ins_total{outcome=\"wrong_password\"} 40") !=
        std::string::npos);
  CHECK(m.body().find("hallmonitor_console_sign_ins_total{outcome=\"throttled\"} 7") !=
        std::string::npos);
  CHECK(m.body().find("hallmonitor_console_sign_ins_total{outcome=\"wrong_code\"} 0") !=
        std::string::npos);
}

TEST_CASE("/metrics shows each rule's hits and reversals, so a rule hiding fine comments shows") {
  Front f;
  f.rules = {{"abuse.insults", 40, 12, 9}, {"spam.links", 5, 5, 0}};
  auto m = f.front.handle(scrape("/metrics"), {});
  CHECK(m.body().find("hallmonitor_rule_hits_30d{rule=\"abuse.insults\"} 40") != std::string::npos);
  CHECK(m.body().find("hallmonitor_rule_shown_again_30d{rule=\"abuse.insults\"} 9") !=
        std::string::npos);
  CHECK(m.body().find("hallmonitor_rule_shown_again_30d{rule=\"spam.links\"} 0") !=
        std::string::npos);
}

TEST_CASE("/api/ goes to the console (HSTS over TLS only); other paths are GET-only files") {
  Front f;
  auto plain = f.front.handle(get("/api/v1/session", http::verb::post), {});
  CHECK(f.api_calls == 1);
  CHECK(plain[http::field::strict_transport_security].empty());
  Peer tls;
  tls.tls = true;
  auto secure = f.front.handle(get("/api/v1/session"), tls);
  CHECK(secure[http::field::strict_transport_security] == "max-age=31536000");
  // Every answer over TLS, not only the API's: the console's page, /healthz, a 404, a 421.
  for (const char* target : {"/", "/healthz", "/metrics", "/nope"})
    CHECK(f.front.handle(get(target), tls)[http::field::strict_transport_security] ==
          "max-age=31536000");
  CHECK(f.front.handle(get("/healthz", http::verb::post), {}).result() ==
        http::status::method_not_allowed);
  CHECK(f.front.handle(get("/nope"), {}).result() == http::status::not_found);
  CHECK(f.api_calls == 2);
}

TEST_CASE("the console's files: served with an ETag, 304 when it matches, query ignored") {
  Front f;
  const auto* index = hm::console::find_web_asset("/");
  REQUIRE(index != nullptr);
  auto first = f.front.handle(get("/?x=1"), {});
  CHECK(first.result() == http::status::ok);
  CHECK(first.body() == index->body);
  CHECK(first[http::field::etag] == index->etag);
  CHECK(first[http::field::cache_control] == "no-cache");
  auto again = get("/");
  again.set(http::field::if_none_match, index->etag);
  auto revalidated = f.front.handle(again, {});
  CHECK(revalidated.result() == http::status::not_modified);
  CHECK(revalidated.body().empty());
}

TEST_CASE("DNS rebinding: a Host the admin did not allow is answered 421, before any path") {
  Front f;
  f.ready = true;
  const auto with_host = [](const std::string& target, std::string_view host) {
    HttpRequest r = scrape(target);
    r.set(http::field::host, host);
    return r;
  };
  for (const char* host :
       {"attacker.example", "attacker.example:8088", "localhost.attacker.example",
        "127.0.0.1.attacker.example", "hm.internal.evil", ""})
    for (const char* target : {"/healthz", "/metrics", "/api/v1/session", "/"}) {
      CAPTURE(host);
      CAPTURE(target);
      CHECK(f.front.handle(with_host(target, host), {}).result() ==
            http::status::misdirected_request);
    }
  CHECK(f.api_calls == 0);
  for (const char* host : {"127.0.0.1:8088", "[::1]:8088", "10.1.2.3", "localhost:8088",
                           "LOCALHOST", "console.school.example", "console.school.example:8443",
                           "hm.internal:9000", "localhost."}) {
    CAPTURE(host);
    CHECK(f.front.handle(with_host("/healthz", host), {}).result() == http::status::ok);
  }
  // HTTP/1.0 without a Host (the listener refuses a 1.1 request without one) is answered.
  HttpRequest old{http::verb::get, "/healthz", 10};
  CHECK(f.front.handle(old, {}).result() == http::status::ok);
}

TEST_CASE("without the metrics token: /healthz says only its state, /metrics nothing") {
  Front f;
  f.ready = true;
  f.channels[1] = {"jh-x", ChannelState::stopped, "the refresh token was refused", 1, true};
  f.failed = 2;
  for (const std::string& header : std::vector<std::string>{
           "", "Bearer wrong-token-0123456789abcdef", "Bearer ",
           "Basic " + std::string(kMetricsToken), std::string(kMetricsToken)}) {
    CAPTURE(header);
    HttpRequest h = get("/healthz");
    HttpRequest m = get("/metrics");
    if (!header.empty()) {
      h.set(http::field::authorization, header);
      m.set(http::field::authorization, header);
    }
    auto health = f.front.handle(h, {});
    // The status still tells a monitor something is wrong; the body names no channel.
    CHECK(health.result() == http::status::service_unavailable);
    CHECK(nlohmann::json::parse(health.body()) == nlohmann::json{{"state", "degraded"}});
    auto metrics = f.front.handle(m, {});
    CHECK(metrics.result() == http::status::unauthorized);
    CHECK(metrics[http::field::www_authenticate].starts_with("Bearer"));
    CHECK(metrics.body().find("jh-") == std::string::npos);
  }
  auto full = nlohmann::json::parse(f.front.handle(scrape("/healthz"), {}).body());
  CHECK(full["channels"].size() == 2);
  CHECK(full["failed_actions"] == 2);
}

TEST_CASE("with no metrics token configured, nothing unlocks the detail") {
  Metrics metrics;
  FrontSources sources;
  sources.ready = [] { return true; };
  sources.channels = [] {
    return std::vector<ChannelStatus>{{"jh-facebook", ChannelState::polling, "", 3, true}};
  };
  sources.action_counts = [] {
    return std::vector<std::pair<hm::moderation::ActionState, std::int64_t>>{};
  };
  HttpFront closed{sources, metrics};
  for (const char* header : {"Bearer ", "Bearer"}) {
    HttpRequest h = get("/healthz");
    h.set(http::field::authorization, header);
    CHECK(nlohmann::json::parse(closed.handle(h, {}).body()) == nlohmann::json{{"state", "ok"}});
    HttpRequest m = get("/metrics");
    m.set(http::field::authorization, header);
    CHECK(closed.handle(m, {}).result() == http::status::unauthorized);
  }
}
