// daemon::event_for, the way back from a platform call to the action machine, and what the
// machine does with each event over a whole retry sequence.
#include "daemon/action_outcome.hpp"

#include <doctest/doctest.h>

using namespace hm;
using namespace std::chrono_literals;
using connectors::ActionOutcome;
using connectors::ActionResult;
using moderation::ActionProgress;
using moderation::ActionState;

namespace {
const moderation::Time kNow{std::chrono::seconds(1'800'000'000)};

ActionResult result(ActionOutcome outcome, std::optional<moderation::Time> retry_at = {},
                    bool held_back = false) {
  ActionResult r;
  r.outcome = outcome;
  r.reason = "from the test";
  r.retry_at = retry_at;
  r.held_back = held_back;
  return r;
}
}  // namespace

TEST_CASE("each connector outcome maps to one event") {
  namespace ev = moderation::event;
  CHECK(std::holds_alternative<ev::Succeeded>(
      daemon::event_for(result(ActionOutcome::done), kNow, 0)));
  CHECK(std::holds_alternative<ev::AlreadyGone>(
      daemon::event_for(result(ActionOutcome::already_gone), kNow, 0)));
  CHECK(std::holds_alternative<ev::FailedPermanent>(
      daemon::event_for(result(ActionOutcome::not_supported), kNow, 0)));
  CHECK(std::holds_alternative<ev::FailedPermanent>(
      daemon::event_for(result(ActionOutcome::permanent_failure), kNow, 0)));
  CHECK(std::holds_alternative<ev::TokenRefused>(
      daemon::event_for(result(ActionOutcome::token_invalid), kNow, 0)));

  const ActionResult platform_429 = result(ActionOutcome::retryable_failure, kNow + 15min);
  auto failed = daemon::event_for(platform_429, kNow, 0.5);
  REQUIRE(std::holds_alternative<ev::FailedRetryable>(failed));
  CHECK(std::get<ev::FailedRetryable>(failed).not_before == kNow + 15min);

  const ActionResult held = result(ActionOutcome::retryable_failure, kNow + 15min, true);
  auto back = daemon::event_for(held, kNow, 0.5);
  REQUIRE(std::holds_alternative<ev::HeldBack>(back));
  CHECK(std::get<ev::HeldBack>(back).not_before == kNow + 15min);
}

TEST_CASE("a failure whose outcome is unknown is recorded apart from a definite one") {
  ActionResult unknown = result(ActionOutcome::retryable_failure, kNow + 1min);
  unknown.outcome_unknown = true;
  auto e = daemon::event_for(unknown, kNow, 0.5);
  REQUIRE(std::holds_alternative<moderation::event::FailedRetryable>(e));
  CHECK(std::get<moderation::event::FailedRetryable>(e).outcome_unknown);
  CHECK(moderation::event_name(e) == "outcome_unknown");
  auto definite = daemon::event_for(result(ActionOutcome::retryable_failure), kNow, 0.5);
  CHECK_FALSE(std::get<moderation::event::FailedRetryable>(definite).outcome_unknown);
  CHECK(moderation::event_name(definite) == "failed_retryable");
}

TEST_CASE("a retryable failure waits for the platform's retry time, not only its backoff") {
  ActionProgress running{ActionState::running, 1, {}, false};
  const ActionResult r = result(ActionOutcome::retryable_failure, kNow + 15min);
  auto next = moderation::resume(running, daemon::event_for(r, kNow, 0.0));
  REQUIRE(next);
  CHECK(next->state == ActionState::approved);
  CHECK(next->next_attempt_at == kNow + 15min);  // backoff alone would say kNow + 15 s
  CHECK(next->attempts == 1);
}

TEST_CASE("held-back calls never use up attempts, however many there are") {
  const ActionResult held = result(ActionOutcome::retryable_failure, kNow + 2h, true);
  ActionProgress p{ActionState::approved, 0, {}, false};
  for (int i = 0; i < 20; ++i) {
    auto running = moderation::resume(p, moderation::event::Start{kNow});
    REQUIRE(running);
    auto back = moderation::resume(*running, daemon::event_for(held, kNow, 0.0));
    REQUIRE(back);
    CHECK(back->state == ActionState::approved);
    CHECK(back->attempts == 0);
    CHECK(back->next_attempt_at == kNow + 2h);
    p = *back;
    p.next_attempt_at = kNow;  // let the test start it again at once
  }
}

TEST_CASE("a refused token never uses up attempts or fails the action") {
  ActionProgress p{ActionState::approved, 0, kNow, false};
  const ActionResult refused = result(ActionOutcome::token_invalid);
  for (int i = 0; i < 20; ++i) {  // many more refusals than max_attempts
    auto running = moderation::resume(p, moderation::event::Start{kNow});
    REQUIRE(running);
    auto next = moderation::resume(*running, daemon::event_for(refused, kNow, 0.5));
    REQUIRE(next);
    CHECK(next->state == ActionState::approved);
    CHECK(next->attempts == 0);
    CHECK(next->next_attempt_at == kNow);  // due as soon as its channel runs again
    p = *next;
  }
}
