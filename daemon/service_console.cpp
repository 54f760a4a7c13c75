#include "daemon/service_console.hpp"

#include <cctype>

#include "connectors/credentials.hpp"
#include "console/client_address.hpp"
#include "daemon/backtest_candidate.hpp"
#include "daemon/credentials.hpp"
#include "filters/learned/second_opinion.hpp"

namespace hm::daemon {

namespace {

moderation::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

std::vector<console::SchoolInfo> console_schools(const config::Config& cfg) {
  std::vector<console::SchoolInfo> out;
  for (const auto& school : cfg.schools) {
    console::SchoolInfo info{school.id, school.name, {}, school.safeguarding.signposting};
    for (const auto& ch : school.channels) info.channels.push_back({ch.id, ch.platform});
    out.push_back(std::move(info));
  }
  return out;
}

console::ConsoleHooks console_hooks(const ServiceView& service) {
  // Copied into each hook: the references in it point into the service, which outlives them.
  const ServiceView s = service;
  console::ConsoleHooks hooks;
  hooks.classify = [s](std::string_view text, std::string_view school) {
    return s.classifier->verdict_in_school(text, school);
  };
  hooks.actions_approved = [s] { s.executor.wakeup().wake(); };
  hooks.exception_added = [s](const std::string& school, const std::string& text) {
    s.exceptions.add(school, text);
  };
  hooks.exception_removed = [s](const std::string& school, const std::string& text) {
    s.exceptions.remove(school, text);
  };
  hooks.channels = [s] {
    std::vector<console::ChannelHealth> out;
    for (const ChannelStatus& c : s.channels())
      out.push_back(
          {c.id, std::string(to_string(c.state)), c.message, c.last_ok_at, c.next_poll_at});
    return out;
  };
  hooks.describe_rule = [s](std::string_view rule_id) {
    const std::string_view rule = s.classifier->pipeline().description(rule_id);
    return std::string(rule.empty() ? filters::learned::describe_model_rule(rule_id) : rule);
  };
  hooks.strike_rule = [s](std::string_view channel) {
    return s.classifier->policy(channel).strikes;
  };
  hooks.backtest = [s](bool on_disk, bool model_on) {
    // The snapshot serving now, taken here on the io thread: a reload may swap it meanwhile.
    std::shared_ptr<const SchoolClassifier> live = s.classifier;
    return [live, file = s.config_file, on_disk, model_on] {
      return backtest_candidate(live, file, on_disk, model_on);
    };
  };
  return hooks;
}

console::ConsoleOptions console_options(const config::Config& cfg, bool tls, bool loopback) {
  console::ConsoleOptions o;
  o.accounts.session_idle = cfg.console.session_idle;
  o.accounts.session_lifetime = cfg.console.session_lifetime;
  for (const auto& role : cfg.console.second_factor_roles)
    if (auto r = store::parse_role(role)) o.accounts.second_factor_roles.push_back(*r);
  o.undo_window = cfg.console.undo_window;
  // A browser keeps a Secure cookie only over https, except on a loopback address.
  o.secure_cookies = tls || !loopback;
  return o;
}

FrontSources front_sources(const ServiceView& service, const config::Config& cfg,
                           std::string metrics_token) {
  const ServiceView s = service;
  FrontSources sources;
  sources.api = [s](const HttpRequest& r, const Peer& peer) {
    // Behind a trusted proxy the client is the forwarded address, so people behind one proxy
    // do not share one sign-in throttle; from anyone else the header is ignored.
    const std::string address =
        console::client_address(peer.address.to_string(), r, s.trusted_proxies);
    return s.console->start(r, {address, peer.tls}, now());
  };
  sources.ready = [s] { return s.ready; };
  sources.channels = s.channels;
  sources.action_counts = [s] { return s.store.action_counts(); };
  sources.sign_ins = [s] { return s.console->sign_in_counts(); };
  sources.rule_stats = [s] {
    return store::rule_stats_since(s.store.connection(), now() - std::chrono::hours(24 * 30),
                                   std::nullopt);
  };
  sources.storage_full = [s] { return s.store.connection().storage_full(); };
  sources.hosts = HostAllowList(cfg.console.public_url, cfg.console.allowed_hosts);
  sources.metrics_token = std::move(metrics_token);
  return sources;
}

std::string read_metrics_token(const config::Config& cfg, std::string& problem) {
  const auto& c = cfg.console;
  if (c.metrics_credential.empty()) return {};
  auto found = find_named_credential(cfg, c.metrics_credential, c.metrics_credential_line,
                                     "[console] metrics_credential");
  if (found.problem) {
    problem = found.problem->str();
    return {};
  }
  std::string error;
  const auto text = connectors::read_secret_file(*found.file, error);
  if (!text) {
    problem = std::string("[console] metrics_credential: ").append(error);
    return {};
  }
  std::string_view token = *text;
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())))
    token.remove_suffix(1);
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front())))
    token.remove_prefix(1);
  // Shorter than this is guessable; the bearer token is all that guards the detail.
  if (token.size() < 16) {
    problem = "[console] metrics_credential: the token must be at least 16 characters";
    return {};
  }
  return std::string(token);
}

}  // namespace hm::daemon
