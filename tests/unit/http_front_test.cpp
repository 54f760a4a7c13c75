// The daemon's HTTP front in process: which path goes where, /healthz before and after start-up,
// /metrics' gauges, the console's files with ETag revalidation, and HSTS on the API over TLS.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "console/web_assets.hpp"
#include "daemon/http_front.hpp"

using namespace hm::daemon;

namespace {

HttpRequest get(const std::string& target, http::verb verb = http::verb::get) {
  HttpRequest r{verb, target, 11};
  r.prepare_payload();
  return r;
}

struct Front {
  bool ready = false;
  int api_calls = 0;
  std::int64_t failed = 0;
  std::string disk;
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
                   [this] { return disk; }},
      metrics};
};

}  // namespace

TEST_CASE("/healthz is 503 until ready, then 200, and lists each channel's state") {
  Front f;
  auto starting = f.front.handle(get("/healthz"), {});
  CHECK(starting.result() == http::status::service_unavailable);
  CHECK(nlohmann::json::parse(starting.body())["state"] == "starting");
  f.ready = true;
  auto ok = f.front.handle(get("/healthz"), {});
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
  auto r = f.front.handle(get("/healthz"), {});
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
  auto m = f.front.handle(get("/metrics"), {});
  CHECK(m.result() == http::status::ok);
  CHECK(m.body().find("hallmonitor_actions{state=\"proposed\"} 4") != std::string::npos);
  CHECK(m.body().find("hallmonitor_channel_up{channel=\"jh-facebook\"} 1") != std::string::npos);
  CHECK(m.body().find("hallmonitor_channel_up{channel=\"jh-x\"} 0") != std::string::npos);
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
