#include "daemon/http_front.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "console/web_assets.hpp"
#include "daemon/health.hpp"
#include "filters/rule_book.hpp"

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

console::Reply HttpFront::start(const HttpRequest& r, const Peer& peer) {
  // Every answer over TLS, so a browser that reached any page never tries plain http again.
  auto with_hsts = [tls = peer.tls](HttpResponse response) {
    if (tls) response.set("Strict-Transport-Security", "max-age=31536000");
    return response;
  };
  console::Reply reply = route(r, peer);
  if (auto* now = std::get_if<HttpResponse>(&reply)) return with_hsts(std::move(*now));
  auto& slow = std::get<console::SlowWork>(reply);
  slow.finish = [finish = std::move(slow.finish), with_hsts] { return with_hsts(finish()); };
  return reply;
}

console::Reply HttpFront::route(const HttpRequest& r, const Peer& peer) {
  // The listener has made sure there is exactly one Host header (HTTP/1.1) or none (1.0).
  const auto host = r.find(http::field::host);
  if (host != r.end() && !sources_.hosts.allows(host->value()))
    return make_response(r, http::status::misdirected_request, "text/plain",
                         "this server does not answer for that host name; an admin can add it "
                         "to [console] allowed_hosts\n");
  std::string_view target(r.target().data(), r.target().size());
  if (target.substr(0, 5) == "/api/") return sources_.api(r, peer);
  if (r.method() != http::verb::get && r.method() != http::verb::head)
    return make_response(r, http::status::method_not_allowed, "text/plain", "GET only\n");
  if (auto* asset = console::find_web_asset(target.substr(0, target.find('?'))))
    return static_file(r, *asset);
  if (target == "/healthz") return health(r);
  if (target == "/metrics") return metrics(r);
  return make_response(r, http::status::not_found, "text/plain", "not found\n");
}

bool HttpFront::has_metrics_token(const HttpRequest& r) const {
  const std::string& expected = sources_.metrics_token;
  if (expected.empty()) return false;
  const auto it = r.find(http::field::authorization);
  if (it == r.end()) return false;
  const std::string given(it->value());
  const std::string wanted = "Bearer " + expected;
  return given.size() == wanted.size() &&
         CRYPTO_memcmp(given.data(), wanted.data(), wanted.size()) == 0;
}

HttpResponse HttpFront::health(const HttpRequest& r) {
  HealthInputs in;
  in.ready = sources_.ready();
  in.channels = sources_.channels();
  for (auto [state, count] : sources_.action_counts())
    if (state == moderation::ActionState::failed) in.failed_actions = count;
  in.storage_full = sources_.storage_full();
  const HealthReport report = assess_health(in);
  const auto status = report.healthy() ? http::status::ok : http::status::service_unavailable;
  // Without the token the state alone: channel ids, reasons and counts are for the admin.
  if (!has_metrics_token(r))
    return make_response(r, status, "application/json",
                         nlohmann::json{{"state", report.state}}.dump() + "\n");
  nlohmann::json channels = nlohmann::json::array();
  for (const auto& c : in.channels)
    channels.push_back(
        {{"id", c.id}, {"state", std::string(to_string(c.state))}, {"message", c.message}});
  const nlohmann::json body{{"state", report.state},
                            {"reasons", report.reasons},
                            {"failed_actions", in.failed_actions},
                            {"disk_full", !in.storage_full.empty()},
                            {"channels", std::move(channels)}};
  return make_response(r, status, "application/json", body.dump() + "\n");
}

HttpResponse HttpFront::metrics(const HttpRequest& r) {
  if (!has_metrics_token(r)) {
    auto refused =
        make_response(r, http::status::unauthorized, "text/plain",
                      "/metrics needs the bearer token of [console] metrics_credential\n");
    refused.set(http::field::www_authenticate, "Bearer realm=\"hallmonitor metrics\"");
    return refused;
  }
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
  // An old rule book still held after a reload keeps its memory (about 18 MiB) with it.
  metrics_
      .gauge("hallmonitor_rule_books_in_memory",
             "Compiled copies of the filter rules in memory: 1, or 2 while a reload or a "
             "console backtest builds another.")
      .set(double(filters::RuleBook::in_memory()));
  const auto sign_ins = sources_.sign_ins();
  const std::pair<const char*, std::uint64_t> outcomes[] = {
      {"signed_in", sign_ins.signed_in},
      {"wrong_password", sign_ins.wrong_password},
      {"code_asked", sign_ins.code_asked},
      {"wrong_code", sign_ins.wrong_code},
      {"throttled", sign_ins.throttled}};
  for (auto [outcome, count] : outcomes)
    metrics_
        .counter("hallmonitor_console_sign_ins_total",
                 "Console sign-in attempts since start, by outcome.", {{"outcome", outcome}})
        .set_total(double(count));
  // A rule whose matches moderators often show again hides innocent comments: alert on the share.
  for (const auto& rule : sources_.rule_stats()) {
    metrics_
        .gauge("hallmonitor_rule_hits_30d", "Comments each rule matched in the last 30 days.",
               {{"rule", rule.rule}})
        .set(double(rule.hits));
    metrics_
        .gauge("hallmonitor_rule_shown_again_30d",
               "Of those, comments a moderator showed again (the rule was wrong there).",
               {{"rule", rule.rule}})
        .set(double(rule.shown_again));
  }
  return make_response(r, http::status::ok, "text/plain; version=0.0.4", metrics_.render());
}

}  // namespace hm::daemon
