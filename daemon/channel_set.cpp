#include "daemon/channel_set.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sodium.h>

#include <iostream>

#include "connectors/connector_factory.hpp"
#include "connectors/credentials.hpp"
#include "connectors/token_store.hpp"
#include "daemon/credentials.hpp"

namespace hm::daemon {
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// Tells a renewed credential from the one a channel runs with, without keeping the secret: the
// same digest the token store's seed rule uses. Empty when the file cannot be read.
std::string credential_digest(const fs::path& file) {
  std::string error;
  auto bytes = connectors::read_secret_file(file, error);
  if (!bytes) return {};
  std::string digest = connectors::credentials_seed(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return digest;
}

void log_all(const std::string& what, const std::vector<std::string>& ids) {
  for (const auto& id : ids) std::cerr << "<6>reload: channel " << id << " " << what << "\n";
}

}  // namespace

PreparedChannels prepare_channels(asio::any_io_executor io, const config::Config& cfg,
                                  const ChannelSetups& running,
                                  const std::set<std::string, std::less<>>& stopped,
                                  const fs::path& state_dir) {
  PreparedChannels out;
  std::map<std::string, const config::Channel*> channels;
  for (const auto& school : cfg.schools)
    for (const auto& ch : school.channels) {
      auto found = find_credential(cfg, ch);
      std::string digest;
      if (found.problem) {
        out.problems.push_back(found.problem->str());
      } else {
        digest = credential_digest(*found.file);
        if (digest.empty())
          out.problems.push_back(cfg.file.string() + ": channel '" + ch.id + "': credential '" +
                                 found.file->string() + "' cannot be read");
      }
      const fs::path file = found.file.value_or(credential_source(cfg).dir / ch.credential);
      out.wanted.emplace(ch.id, channel_setup(cfg, school, ch, file, !digest.empty(), digest));
      channels[ch.id] = &ch;
    }
  out.diff = diff_channel_sets(running, out.wanted, stopped);

  connectors::ConnectorOptions options;
  options.default_rate_limit_wait = cfg.daemon.rate_limit_wait;
  for (const auto* list : {&out.diff.added, &out.diff.changed, &out.diff.retried})
    for (const auto& id : *list) {
      const ChannelSetup& setup = out.wanted.at(id);
      if (!setup.credential_readable) continue;  // said above
      const config::Channel& ch = *channels.at(id);
      connectors::ChannelSpec spec{
          ch.id,       ch.platform, ch.account_id, setup.credential_file,
          ch.api_base, ch.ca_file,  ch.login,      cfg.daemon.graph_version};
      spec.watch = ch.watch;
      spec.watch_posts = ch.watch_posts;
      auto made = connectors::make_connector(io, spec, state_dir, options);
      if (made.connector)
        out.made[id] = std::move(made.connector);
      else
        out.problems.push_back(made.error);
    }
  return out;
}

ChannelSet::ChannelSet(asio::any_io_executor io, store::Store& store, ChannelBoard& board,
                       Metrics& metrics,
                       std::function<std::shared_ptr<const SchoolClassifier>()> classifier)
    : io_(std::move(io)),
      store_(store),
      board_(board),
      metrics_(metrics),
      classifier_(std::move(classifier)) {}

void ChannelSet::wire(ActionExecutor& executor, Wakeup& alerts) {
  executor_ = &executor;
  alerts_ = &alerts;
}

asio::awaitable<void> ChannelSet::apply(PreparedChannels prepared, const config::Config& cfg) {
  const ChannelSetDiff& diff = prepared.diff;
  const bool starting = !applied_once_;
  applied_once_ = true;
  auto made = [&](const std::string& id) -> std::shared_ptr<connectors::Connector> {
    auto it = prepared.made.find(id);
    return it == prepared.made.end() ? nullptr : it->second;
  };
  // A changed channel whose new connector could not be made keeps running as it was.
  std::vector<std::string> replaced;
  for (const auto* list : {&diff.changed, &diff.retried})
    for (const auto& id : *list)
      if (made(id))
        replaced.push_back(id);
      else
        std::cerr << "<3>reload: channel " << id
                  << (board_.stopped(id) ? " stays stopped" : " keeps running as it was")
                  << " (see the error above)\n";
  for (const auto& id : diff.kept_unreadable)
    std::cerr << "<3>reload: channel " << id
              << " keeps running with the credential it started with\n";

  // Everything that goes or is replaced stops taking new work now, so all wind down together.
  for (const auto& id : diff.removed) detach(id);
  for (const auto& id : replaced) detach(id);

  // Channels rows first: a new poll loop's first poll writes comments of its channel. A channel
  // that keeps running as it was keeps its row as it was.
  std::set<std::string, std::less<>> as_it_was(diff.kept_unreadable.begin(),
                                               diff.kept_unreadable.end());
  for (const auto& id : diff.changed)
    if (!made(id)) as_it_was.insert(id);
  for (const auto& school : cfg.schools) {
    store_.upsert_school(school.id, school.name);
    for (const auto& ch : school.channels)
      if (!as_it_was.contains(ch.id))
        store_.upsert_channel(
            {ch.id, school.id, moderation::parse_platform(ch.platform).value(), ch.account_id});
  }
  for (const auto& id : diff.added)
    if (auto connector = made(id)) {
      start(id, prepared.wanted.at(id), connector);
      if (!starting) std::cerr << "<6>reload: channel " << id << " added and started\n";
    } else {
      std::cerr << "<3>channel " << id << " is not polled (see the error above)\n";
    }

  for (const auto& id : diff.removed) {
    co_await until_quiet(id);
    pollers_.erase(id);
    setups_.erase(id);
  }
  log_all(
      "removed: no longer polled or acted on; its comments and actions are kept, and its "
      "approved actions wait until it is added back",
      diff.removed);
  for (const auto& id : replaced) {
    co_await until_quiet(id);
    const bool was_stopped = board_.stopped(id);
    pollers_.erase(id);
    start(id, prepared.wanted.at(id), made(id));
    std::cerr << "<6>reload: channel " << id
              << (was_stopped ? " started again with its credential"
                              : " restarted with its new settings or credential")
              << "\n";
  }
  if (executor_) executor_->wakeup().wake();  // the waiting actions of channels that came back
}

void ChannelSet::start(const std::string& id, const ChannelSetup& setup,
                       std::shared_ptr<connectors::Connector> connector) {
  board_.restart(id);
  auto poller = std::make_unique<ChannelPoller>(
      io_, id, connector, setup.channel.poll_interval.value_or(setup.daemon.poll_interval),
      board_.of(id), store_, classifier_, metrics_, executor_->wakeup());
  if (alerts_) poller->wake_on_alerts(*alerts_);
  asio::co_spawn(io_, poller->run(), asio::detached);
  pollers_[id] = std::move(poller);
  connectors_[id] = std::move(connector);
  setups_[id] = setup;
}

void ChannelSet::detach(const std::string& id) {
  connectors_.erase(id);  // the executor's workers find no connector: nothing new starts there
  if (auto it = pollers_.find(id); it != pollers_.end()) it->second->stop();
}

asio::awaitable<void> ChannelSet::until_quiet(const std::string& id) {
  // A poll or an action call in flight ends by itself (the HTTPS client's timeouts bound it);
  // its result is recorded by the old loop before the new one starts.
  asio::steady_timer tick(io_);
  auto poller = pollers_.find(id);
  while ((poller != pollers_.end() && poller->second->running()) ||
         (executor_ && executor_->busy(id))) {
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(asio::use_awaitable);
  }
}

std::shared_ptr<connectors::Connector> ChannelSet::connector(std::string_view id) const {
  auto it = connectors_.find(id);
  return it == connectors_.end() ? nullptr : it->second;
}

std::set<std::string, std::less<>> ChannelSet::stopped() const {
  std::set<std::string, std::less<>> out;
  for (const auto& [id, poller] : pollers_)
    if (poller->status().state == ChannelState::stopped) out.insert(id);
  return out;
}

std::vector<ChannelStatus> ChannelSet::statuses() const {
  std::vector<ChannelStatus> out;
  for (const auto& [id, poller] : pollers_) out.push_back(poller->status());
  return out;
}

void ChannelSet::stop() {
  for (auto& [id, poller] : pollers_) poller->stop();
}

}  // namespace hm::daemon
