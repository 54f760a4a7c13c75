#include "moderation/action_machine.hpp"

#include <algorithm>
#include <cmath>

namespace hm::moderation {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

TransitionResult illegal(const ActionProgress& p, const ActionEvent& e, std::string why) {
  return unexpected(IllegalTransition{p.state, std::string(event_name(e)),
                                      "cannot " + std::string(event_name(e)) +
                                          " an action that is " + std::string(to_string(p.state)) +
                                          ": " + std::move(why)});
}

ActionProgress with_state(ActionProgress p, ActionState s) {
  p.state = s;
  return p;
}

}  // namespace

std::chrono::seconds backoff_delay(const RetryPolicy& retry, int attempts, double jitter) noexcept {
  const double base = double(retry.base_delay.count());
  const double cap = double(retry.max_delay.count());
  const int doublings = std::clamp(attempts - 1, 0, 30);
  const double full = std::min(cap, base * std::ldexp(1.0, doublings));
  const double j = std::clamp(jitter, 0.0, 1.0);
  return std::chrono::seconds(static_cast<long long>(full / 2 + j * full / 2));
}

std::string_view event_name(const ActionEvent& e) noexcept {
  return std::visit(
      Overloaded{
          [](const event::Approve&) { return std::string_view("approve"); },
          [](const event::Reject&) { return std::string_view("reject"); },
          [](const event::Start&) { return std::string_view("start"); },
          [](const event::Succeeded&) { return std::string_view("succeeded"); },
          [](const event::AlreadyGone&) { return std::string_view("already_gone"); },
          [](const event::FailedRetryable& f) {
            return std::string_view(f.outcome_unknown ? "outcome_unknown" : "failed_retryable");
          },
          [](const event::HeldBack&) { return std::string_view("held_back"); },
          [](const event::TokenRefused&) { return std::string_view("token_refused"); },
          [](const event::FailedPermanent&) { return std::string_view("failed_permanent"); },
          [](const event::DoneByHand&) { return std::string_view("done_by_hand"); },
          [](const event::Retry&) { return std::string_view("retry"); },
          [](const event::Withdrawn&) { return std::string_view("withdrawn"); },
      },
      e);
}

TransitionResult resume(const ActionProgress& p, const ActionEvent& e, const RetryPolicy& retry) {
  using S = ActionState;
  const bool after_failure =
      std::holds_alternative<event::Retry>(e) || std::holds_alternative<event::DoneByHand>(e);
  if (is_terminal(p.state) && !(p.state == S::failed && after_failure))
    return illegal(p, e, "it is finished; history is never rewritten");
  if (p.manual && p.state == S::running)
    return illegal(p, e, "a manual task never runs on the platform");

  return std::visit(
      Overloaded{
          [&](const event::Approve& a) -> TransitionResult {
            if (p.state != S::proposed) return illegal(p, e, "only a proposal can be approved");
            ActionProgress next = with_state(p, S::approved);
            next.next_attempt_at = std::max(p.next_attempt_at, a.not_before);
            return next;
          },
          [&](const event::Withdrawn&) -> TransitionResult {
            if (p.state != S::proposed && p.state != S::approved)
              return illegal(p, e, "only a proposal or an action not yet running is withdrawn");
            return with_state(p, S::rejected);
          },
          [&](const event::Reject&) -> TransitionResult {
            if (p.state != S::proposed) return illegal(p, e, "only a proposal can be rejected");
            return with_state(p, S::rejected);
          },
          [&](const event::Start& s) -> TransitionResult {
            if (p.state != S::approved) return illegal(p, e, "only an approved action can start");
            if (p.manual) return illegal(p, e, "a manual task is done by a moderator");
            if (s.now < p.next_attempt_at) return illegal(p, e, "its next attempt is not due");
            ActionProgress next = with_state(p, S::running);
            ++next.attempts;
            return next;
          },
          [&](const event::Succeeded&) -> TransitionResult {
            if (p.state != S::running) return illegal(p, e, "only a running action can succeed");
            return with_state(p, S::done);
          },
          [&](const event::AlreadyGone&) -> TransitionResult {
            if (p.state != S::running)
              return illegal(p, e, "only a running action learns the comment is gone");
            return with_state(p, S::done);
          },
          [&](const event::FailedRetryable& f) -> TransitionResult {
            if (p.state != S::running) return illegal(p, e, "only a running action can fail");
            if (p.attempts >= retry.max_attempts) return with_state(p, S::failed);
            ActionProgress next = with_state(p, S::approved);
            next.next_attempt_at = f.now + backoff_delay(retry, p.attempts, f.jitter);
            if (f.not_before && *f.not_before > next.next_attempt_at)
              next.next_attempt_at = *f.not_before;
            return next;
          },
          [&](const event::HeldBack& h) -> TransitionResult {
            if (p.state != S::running) return illegal(p, e, "only a running action is held back");
            ActionProgress next = with_state(p, S::approved);
            next.attempts = std::max(0, p.attempts - 1);  // the platform was never called
            next.next_attempt_at = h.not_before;
            return next;
          },
          [&](const event::TokenRefused&) -> TransitionResult {
            if (p.state != S::running) return illegal(p, e, "only a running action is refused");
            ActionProgress next = with_state(p, S::approved);
            next.attempts = std::max(0, p.attempts - 1);  // nothing happened on the platform
            return next;
          },
          [&](const event::FailedPermanent&) -> TransitionResult {
            if (p.state != S::running) return illegal(p, e, "only a running action can fail");
            return with_state(p, S::failed);
          },
          [&](const event::DoneByHand&) -> TransitionResult {
            if (p.state == S::failed) return with_state(p, S::done);
            if (!p.manual)
              return illegal(p, e, "only a manual task or a failed action is done by hand");
            if (p.state != S::approved)
              return illegal(p, e, "a manual task is approved before it is marked done");
            return with_state(p, S::done);
          },
          [&](const event::Retry& r) -> TransitionResult {
            if (p.state != S::failed)
              return illegal(p, e, "only a failed action can be tried again");
            ActionProgress next = with_state(p, S::approved);
            next.attempts = 0;
            next.next_attempt_at = r.now;
            return next;
          },
      },
      e);
}

}  // namespace hm::moderation
