// The daemon's HTTP front in process: which path goes where, /healthz before and after start-up,
// /metrics' gauges, the console's files with ETag revalidation, and HSTS on the API over TLS.
#include <doctest/doctest.h>

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
  std::vector<ChannelStatus> channels{{"jh-facebook", ChannelState::polling, "", 3, true},
                                      {"jh-x", ChannelState::rate_limited, "waiting", 1, true}};
  Metrics metrics;
  HttpFront front{
      FrontSources{[this](const HttpRequest& r, const Peer&) {
                     ++api_calls;
                     return make_response(r, http::status::ok, "application/json", "{}");
                   },
                   [this] { return ready; }, [this] { return channels; },
                   [] {
                     return std::vector<std::pair<hm::moderation::ActionState, std::int64_t>>{
                         {hm::moderation::ActionState::proposed, 4}};
                   }},
      metrics};
};

}  // namespace

TEST_CASE("/healthz is 503 until ready, then 200, and lists each channel's state") {
  Front f;
  auto starting = f.front.handle(get("/healthz"), {});
  CHECK(starting.result() == http::status::service_unavailable);
  CHECK(starting.body().starts_with("starting\n"));
  f.ready = true;
  auto ok = f.front.handle(get("/healthz"), {});
  CHECK(ok.result() == http::status::ok);
  CHECK(ok.body() == "ok\njh-facebook polling\njh-x rate_limited (waiting)\n");
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
