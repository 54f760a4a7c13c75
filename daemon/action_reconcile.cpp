#include "daemon/action_reconcile.hpp"

#include "moderation/unknown_outcome.hpp"

namespace hm::daemon {

namespace {

// The machine's event for a decision other than `send`.
moderation::ActionEvent event_for(moderation::AfterUnknownOutcome decision,
                                  const connectors::StateRead& read, moderation::Time now,
                                  double jitter) {
  namespace ev = moderation::event;
  using D = moderation::AfterUnknownOutcome;
  switch (decision) {
    case D::already_done:
      return ev::Succeeded{};
    case D::already_gone:
      return ev::AlreadyGone{};
    case D::wait:
      if (read.held_back && read.retry_at) return ev::HeldBack{*read.retry_at};
      if (read.token_invalid) return ev::TokenRefused{};  // as apply() on a refused token
      return ev::FailedRetryable{now, jitter, read.retry_at, /*outcome_unknown=*/true};
    case D::give_up:
    case D::send:
      break;
  }
  return ev::FailedPermanent{};
}

std::string reason_for(moderation::AfterUnknownOutcome decision,
                       const connectors::StateRead& read) {
  using D = moderation::AfterUnknownOutcome;
  const std::string seen = read.message.empty() ? std::string() : " (" + read.message + ")";
  switch (decision) {
    case D::already_done:
      return "the earlier call had taken effect: the platform already shows it" + seen +
             "; not sent again";
    case D::already_gone:
      return "the comment is no longer on the platform" + seen;
    case D::wait:
      return "the earlier call's outcome is unknown and the platform's state could not be read" +
             seen + "; checking again before any new call";
    case D::give_up:
      return "the earlier call's outcome is unknown and the platform cannot show whether it took "
             "effect" +
             seen + "; not sent again, as a second call could post twice: check it by hand";
    case D::send:
      return "the earlier call had not taken effect" + seen + "; sending it";
  }
  return {};
}

}  // namespace

boost::asio::awaitable<bool> settle_unknown_outcome(store::Store& store,
                                                    connectors::Connector& connector,
                                                    const moderation::PlatformAction& target,
                                                    ChannelBoard& channels, Metrics& metrics,
                                                    Clock& clock, LogSink& log, double jitter) {
  const connectors::StateRead read = co_await connector.current_state(target);
  const auto decision = moderation::decide_after_unknown_outcome(target.kind, read.observed);
  metrics
      .counter("hallmonitor_actions_checked_total",
               "Platform state checks before re-sending an action whose earlier call had an "
               "unknown outcome, by decision.",
               {{"kind", std::string(moderation::to_string(target.kind))},
                {"decision", std::string(moderation::to_string(decision))}})
      .add();
  // Ids and decisions only: comment text is attacker-controlled and never goes to the log.
  LogLine(log, decision == moderation::AfterUnknownOutcome::give_up ? LogPriority::warning
                                                                    : LogPriority::info)
      << target.channel_id << ": " << moderation::to_string(target.kind) << " comment "
      << target.comment_id << ": earlier call's outcome unknown; checked the platform: "
      << moderation::to_string(decision);
  if (decision == moderation::AfterUnknownOutcome::send) co_return false;
  auto after = store.transition(target.action_id, event_for(decision, read, clock.now(), jitter),
                                "executor", reason_for(decision, read), clock.now());
  if (!after)
    LogLine(log, LogPriority::error)
        << "executor: action " << target.action_id << ": " << after.error();
  if (read.token_invalid) {
    // As a refused token on the action itself: the channel stops and the action waits for it.
    channels.stop(target.channel_id, read.message);
    LogLine(log, LogPriority::critical)
        << "channel " << target.channel_id
        << ": stopped, the access token was refused while reading a comment's state (renew the "
           "credential, then reload; the action waits)";
  }
  co_return true;
}

}  // namespace hm::daemon
