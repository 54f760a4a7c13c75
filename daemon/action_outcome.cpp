#include "daemon/action_outcome.hpp"

namespace hm::daemon {

moderation::ActionEvent event_for(const connectors::ActionResult& result, moderation::Time now,
                                  double jitter) {
  namespace ev = moderation::event;
  using connectors::ActionOutcome;
  switch (result.outcome) {
    case ActionOutcome::done:
      return ev::Succeeded{};
    case ActionOutcome::already_gone:
      return ev::AlreadyGone{};
    case ActionOutcome::retryable_failure:
      if (result.held_back && result.retry_at) return ev::HeldBack{*result.retry_at};
      return ev::FailedRetryable{now, jitter, result.retry_at, result.outcome_unknown};
    case ActionOutcome::token_invalid:
      return ev::TokenRefused{};
    case ActionOutcome::not_supported:
    case ActionOutcome::permanent_failure:
      return ev::FailedPermanent{};
  }
  return ev::FailedPermanent{};
}

}  // namespace hm::daemon
