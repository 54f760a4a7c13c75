#include "daemon/action_executor.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <map>

#include "daemon/action_outcome.hpp"
#include "daemon/action_reconcile.hpp"

namespace hm::daemon {
namespace {

using moderation::ActionKind;
using moderation::ActionState;

const std::vector<double> kExposureBuckets = {5, 15, 30, 60, 120, 300, 900, 3600, 14400, 86400};
constexpr int kBatch = 50;  // due actions one worker reads at a time

// The -ing form for log lines ("while hiding comment 7"; the old "hide" + "ing" said "hideing").
std::string_view doing(ActionKind k) noexcept {
  switch (k) {
    case ActionKind::hide:
      return "hiding";
    case ActionKind::unhide:
      return "unhiding";
    case ActionKind::delete_comment:
      return "deleting";
    case ActionKind::block:
      return "blocking the author of";
    case ActionKind::reply:
      return "replying to";
    case ActionKind::escalate:
      return "escalating";
  }
  return "acting on";
}

}  // namespace

ActionExecutor::ActionExecutor(boost::asio::any_io_executor executor, store::Store& store,
                               ConnectorFor connector_for, ChannelBoard& channels, Metrics& metrics,
                               Clock& clock, LogSink& log)
    : io_(executor),
      store_(store),
      connector_for_(std::move(connector_for)),
      channels_(channels),
      metrics_(metrics),
      clock_(clock),
      log_(log),
      wakeup_(std::move(executor)) {}

void ActionExecutor::stop() {
  stopping_ = true;
  wakeup_.wake();
}

boost::asio::awaitable<void> ActionExecutor::run() {
  while (!stopping_) {
    // One catch-all per tick: a database hiccup never ends the dispatcher.
    try {
      resume_interrupted();
      for (const auto& channel : store_.channels_with_due_actions(clock_.now()))
        if (can_start_worker(channel)) start_worker(channel, {});
    } catch (const std::exception& e) {
      LogLine(log_, LogPriority::error) << "executor: " << e.what();
    }
    if (!stopping_) co_await clock_.sleep(wakeup_, std::chrono::seconds(1));
  }
}

// Actions stored `running` on a channel with no worker: a crash (or a failure mid-call) cut
// them off. Each goes to its channel's worker, which asks the platform before calling again, and
// finishes them before anything new there. Looked for at every tick, not once at start-up: the
// channels' connectors are made after the executor starts, and an action whose connector is not
// there yet must wait for it, not be forgotten until the next restart (crash_daemon once found
// a deletion done on the platform but left `running` in the store that way).
void ActionExecutor::resume_interrupted() {
  std::map<std::string, std::vector<moderation::Action>> interrupted;
  for (const auto& a : store_.actions_in_state(ActionState::running, 1000)) {
    auto target = store_.platform_action(a.id);
    if (target && can_start_worker(target->channel_id))
      interrupted[target->channel_id].push_back(a);
  }
  for (auto& [channel, actions] : interrupted) start_worker(channel, std::move(actions));
}

// No worker on the channel yet, the channel not stopped, and its connector made.
bool ActionExecutor::can_start_worker(const std::string& channel_id) {
  return !busy_.contains(channel_id) && !channels_.stopped(channel_id) &&
         connector_for_(channel_id);
}

void ActionExecutor::start_worker(const std::string& channel_id,
                                  std::vector<moderation::Action> resuming) {
  busy_.insert(channel_id);
  boost::asio::co_spawn(io_, work(channel_id, std::move(resuming)), boost::asio::detached);
}

boost::asio::awaitable<void> ActionExecutor::work(std::string channel_id,
                                                  std::vector<moderation::Action> resuming) {
  auto runnable = [&] { return !stopping_ && !channels_.stopped(channel_id); };
  for (const auto& a : resuming) {
    if (!runnable()) break;
    try {
      co_await execute(a, /*resuming=*/true);
    } catch (const std::exception& e) {
      LogLine(log_, LogPriority::error)
          << "executor: " << channel_id << ": resuming action " << a.id << ": " << e.what();
    }
  }
  while (runnable()) {
    bool progressed = false;
    // A failing action or database hiccup ends this worker; the dispatcher starts a new one at
    // its next tick, so a lasting fault is retried once a second, never spun on.
    try {
      for (const auto& a : store_.due_actions(clock_.now(), kBatch, channel_id)) {
        if (!runnable()) break;
        progressed = co_await execute(a, /*resuming=*/false) || progressed;
      }
    } catch (const std::exception& e) {
      LogLine(log_, LogPriority::error) << "executor: " << channel_id << ": " << e.what();
    }
    if (!progressed) break;  // nothing due, or nothing could start: the dispatcher looks again
  }
  busy_.erase(channel_id);
}

boost::asio::awaitable<bool> ActionExecutor::execute(const moderation::Action& action,
                                                     bool resuming) {
  namespace ev = moderation::event;
  auto target = store_.platform_action(action.id);
  if (!target) co_return false;
  const std::shared_ptr<connectors::Connector> connector = connector_for_(target->channel_id);
  if (!connector) co_return false;  // channel not running (removed, or no credential): it waits
  if (!resuming) {
    auto started = store_.transition(action.id, ev::Start{clock_.now()}, "executor",
                                     "calling the platform", clock_.now());
    if (!started) co_return false;  // another writer moved it: nothing to do
    target->attempt = started->progress.attempts;
  }
  // The call before this one may have taken effect (a crash mid-call, an unreadable answer):
  // ask the platform first, and record the action without a second call if it shows the effect.
  if ((resuming || store_.last_call_outcome_unknown(action.id)) &&
      co_await settle_unknown_outcome(store_, *connector, *target, channels_, metrics_, clock_,
                                      log_, std::uniform_real_distribution<double>(0, 1)(rng_)))
    co_return true;
  connectors::ActionResult result = co_await connector->apply(*target);
  ++executed_;
  const moderation::ActionEvent event =
      event_for(result, clock_.now(), std::uniform_real_distribution<double>(0, 1)(rng_));
  auto after = store_.transition(action.id, event, "executor", result.reason, clock_.now());
  if (!after) {
    LogLine(log_, LogPriority::error) << "executor: action " << action.id << ": " << after.error();
    co_return true;
  }
  if (result.outcome == connectors::ActionOutcome::token_invalid) {
    // Stop the channel as a refused poll does; its poller ends at its next turn.
    channels_.stop(target->channel_id, result.reason);
    LogLine(log_, LogPriority::critical)
        << "channel " << target->channel_id << ": stopped, the access token was refused while "
        << doing(action.kind) << " comment " << target->comment_id << ": " << result.reason
        << " (renew the credential, then reload; the action waits)";
  }
  report(action, *target, result, *after);
  co_return true;
}

void ActionExecutor::report(const moderation::Action& action,
                            const moderation::PlatformAction& target,
                            const connectors::ActionResult& result,
                            const moderation::Action& after) {
  const bool done = after.progress.state == ActionState::done;
  const bool waits = result.outcome == connectors::ActionOutcome::token_invalid;
  // Ids and outcomes only: comment text is attacker-controlled and never goes to the log.
  LogLine(log_, done ? LogPriority::info : LogPriority::warning)
      << target.channel_id << ": " << moderation::to_string(action.kind) << " comment "
      << target.comment_id << ": " << connectors::to_string(result.outcome)
      << (result.held_back ? " (held back by the rate limit)" : "")
      << (waits                                           ? " (waits for the channel to restart)"
          : after.progress.state == ActionState::approved ? " (will retry)"
                                                          : "");
  metrics_
      .counter("hallmonitor_actions_executed_total", "Platform calls for actions, by outcome.",
               {{"kind", std::string(moderation::to_string(action.kind))},
                {"outcome", std::string(connectors::to_string(result.outcome))}})
      .add();
  if (done && action.kind == ActionKind::hide) {
    if (auto created = store_.comment_created_at(action.comment_id))
      metrics_
          .histogram("hallmonitor_exposure_seconds",
                     "From a harmful comment's creation to its hiding.", kExposureBuckets)
          .observe(double((clock_.now() - *created).count()));
  }
}

}  // namespace hm::daemon
