#include "daemon/action_executor.hpp"

#include "daemon/action_outcome.hpp"
#include "daemon/action_reconcile.hpp"

namespace hm::daemon {
namespace {

using moderation::ActionKind;
using moderation::ActionState;

const std::vector<double> kExposureBuckets = {5, 15, 30, 60, 120, 300, 900, 3600, 14400, 86400};

}  // namespace

ActionExecutor::ActionExecutor(boost::asio::any_io_executor executor, store::Store& store,
                               ConnectorFor connector_for, Metrics& metrics, Clock& clock,
                               LogSink& log)
    : store_(store),
      connector_for_(std::move(connector_for)),
      metrics_(metrics),
      clock_(clock),
      log_(log),
      wakeup_(std::move(executor)) {}

void ActionExecutor::stop() {
  stopping_ = true;
  wakeup_.wake();
}

boost::asio::awaitable<void> ActionExecutor::run() {
  try {
    for (const auto& a : store_.actions_in_state(ActionState::running, 1000)) {
      if (stopping_) co_return;
      co_await execute(a, /*resuming=*/true);
    }
  } catch (const std::exception& e) {
    LogLine(log_, LogPriority::error)
        << "executor: resuming interrupted actions failed: " << e.what();
  }
  while (!stopping_) {
    bool more = false;
    // One catch-all per turn: a failing action or database hiccup never ends the executor.
    try {
      auto due = store_.due_actions(clock_.now(), 50);
      for (const auto& a : due) {
        if (stopping_) break;
        co_await execute(a, /*resuming=*/false);
      }
      more = due.size() == 50;
    } catch (const std::exception& e) {
      LogLine(log_, LogPriority::error) << "executor: " << e.what();
    }
    if (!more && !stopping_) co_await clock_.sleep(wakeup_, std::chrono::seconds(1));
  }
}

boost::asio::awaitable<void> ActionExecutor::execute(const moderation::Action& action,
                                                     bool resuming) {
  namespace ev = moderation::event;
  auto target = store_.platform_action(action.id);
  if (!target) co_return;
  connectors::Connector* connector = connector_for_(target->channel_id);
  if (!connector) co_return;  // channel not running (removed, or stopped by a bad token): it waits
  if (!resuming) {
    auto started = store_.transition(action.id, ev::Start{clock_.now()}, "executor",
                                     "calling the platform", clock_.now());
    if (!started) co_return;  // another writer moved it: nothing to do
    target->attempt = started->progress.attempts;
  }
  // The call before this one may have taken effect (a crash mid-call, an unreadable answer):
  // ask the platform first, and record the action without a second call if it shows the effect.
  if ((resuming || store_.last_call_outcome_unknown(action.id)) &&
      co_await settle_unknown_outcome(store_, *connector, *target, metrics_, clock_, log_,
                                      std::uniform_real_distribution<double>(0, 1)(rng_)))
    co_return;
  connectors::ActionResult result = co_await connector->apply(*target);
  ++executed_;
  const moderation::ActionEvent event =
      event_for(result, clock_.now(), std::uniform_real_distribution<double>(0, 1)(rng_));
  auto after = store_.transition(action.id, event, "executor", result.reason, clock_.now());
  if (!after) {
    LogLine(log_, LogPriority::error) << "executor: action " << action.id << ": " << after.error();
    co_return;
  }
  const bool done = after->progress.state == ActionState::done;
  // Ids and outcomes only: comment text is attacker-controlled and never goes to the log.
  LogLine(log_, done ? LogPriority::info : LogPriority::warning)
      << target->channel_id << ": " << moderation::to_string(action.kind) << " comment "
      << target->comment_id << ": " << connectors::to_string(result.outcome)
      << (result.held_back ? " (held back by the rate limit)" : "")
      << (after->progress.state == ActionState::approved ? " (will retry)" : "");
  metrics_
      .counter("hallmonitor_actions_executed_total", "Platform calls for actions, by outcome.",
               {{"kind", std::string(moderation::to_string(action.kind))},
                {"outcome", std::string(connectors::to_string(result.outcome))}})
      .add();
  if (result.token_invalid)
    LogLine(log_, LogPriority::critical)
        << "channel " << target->channel_id << ": the access token was refused while "
        << moderation::to_string(action.kind) << "ing (renew the credential, then reload)";
  if (done && action.kind == ActionKind::hide) {
    if (auto created = store_.comment_created_at(action.comment_id))
      metrics_
          .histogram("hallmonitor_exposure_seconds",
                     "From a harmful comment's creation to its hiding.", kExposureBuckets)
          .observe(double((clock_.now() - *created).count()));
  }
}

}  // namespace hm::daemon
