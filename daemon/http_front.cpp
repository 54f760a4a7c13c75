#include "daemon/http_front.hpp"

#include <nlohmann/json.hpp>

#include "console/web_assets.hpp"
#include "daemon/health.hpp"

namespace hm::daemon {

namespace {

// The console's own files: revalidated on every load (ETag), so an upgrade shows at once. The
// console routes with #fragments, so only exact file paths exist; a query string is ignored.
HttpResponse static_file(const HttpRequest& r, const console::WebAsset& asset) {
  auto match = r.find(http::field::if_none_match);
  if (match != r.end() && match->value() == asset.etag) {
    auto not_modified =
        make_response(r, http::status::not_modified, std::string(asset.content_type), "");
    not_modified.set(http::field::etag, asset.etag);
    not_modified.set(http::field::cache_control, "no-cache");
    return not_modified;
  }
  auto response =
      make_response(r, http::status::ok, std::string(asset.content_type), std::string(asset.body));
  response.set(http::field::etag, asset.etag);
  response.set(http::field::cache_control, "no-cache");
  return response;
}

}  // namespace

HttpResponse HttpFront::handle(const HttpRequest& r, const Peer& peer) {
  std::string_view target(r.target().data(), r.target().size());
  if (target.substr(0, 5) == "/api/") {
    auto response = sources_.api(r, peer);
    if (peer.tls) response.set("Strict-Transport-Security", "max-age=31536000");
    return response;
  }
  if (r.method() != http::verb::get && r.method() != http::verb::head)
    return make_response(r, http::status::method_not_allowed, "text/plain", "GET only\n");
  if (auto* asset = console::find_web_asset(target.substr(0, target.find('?'))))
    return static_file(r, *asset);
  if (target == "/healthz") return health(r);
  if (target == "/metrics") return metrics(r);
  return make_response(r, http::status::not_found, "text/plain", "not found\n");
}

HttpResponse HttpFront::health(const HttpRequest& r) {
  HealthInputs in;
  in.ready = sources_.ready();
  in.channels = sources_.channels();
  for (auto [state, count] : sources_.action_counts())
    if (state == moderation::ActionState::failed) in.failed_actions = count;
  in.storage_full = sources_.storage_full();
  const HealthReport report = assess_health(in);
  nlohmann::json channels = nlohmann::json::array();
  for (const auto& c : in.channels)
    channels.push_back(
        {{"id", c.id}, {"state", std::string(to_string(c.state))}, {"message", c.message}});
  const nlohmann::json body{{"state", report.state},
                            {"reasons", report.reasons},
                            {"failed_actions", in.failed_actions},
                            {"disk_full", !in.storage_full.empty()},
                            {"channels", std::move(channels)}};
  return make_response(r, report.healthy() ? http::status::ok : http::status::service_unavailable,
                       "application/json", body.dump() + "\n");
}

HttpResponse HttpFront::metrics(const HttpRequest& r) {
  for (auto [state, count] : sources_.action_counts())
    metrics_
        .gauge("hallmonitor_actions", "Actions per state.",
               {{"state", std::string(moderation::to_string(state))}})
        .set(double(count));
  for (const auto& channel : sources_.channels())
    metrics_
        .gauge("hallmonitor_channel_up", "1 while a channel polls normally.",
               {{"channel", channel.id}})
        .set(channel.state == ChannelState::polling ? 1 : 0);
  return make_response(r, http::status::ok, "text/plain; version=0.0.4", metrics_.render());
}

}  // namespace hm::daemon
