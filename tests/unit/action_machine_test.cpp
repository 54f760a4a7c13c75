#include "moderation/action_machine.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <utility>
#include <vector>

using namespace hm::moderation;
using namespace std::chrono_literals;

namespace {

const Time kNow{std::chrono::seconds(1'800'000'000)};

std::vector<ActionEvent> all_events() {
  return {event::Approve{},
          event::Reject{},
          event::Start{kNow},
          event::Succeeded{},
          event::AlreadyGone{},
          event::FailedRetryable{kNow, 0.5, {}},
          event::FailedPermanent{},
          event::DoneByHand{},
          event::HeldBack{kNow},
          event::TokenRefused{},
          event::FailedRetryable{kNow, 0.5, {}, /*outcome_unknown=*/true},
          event::Retry{kNow},
          event::Withdrawn{}};
}

const std::vector<ActionState> kAllStates = {ActionState::proposed, ActionState::approved,
                                             ActionState::running,  ActionState::done,
                                             ActionState::failed,   ActionState::rejected};

// The legal transitions, as (manual?, state, event) → next state; everything else is illegal.
std::optional<ActionState> legal_next(bool manual, ActionState s, std::string_view e) {
  using S = ActionState;
  static const std::map<std::pair<S, std::string_view>, S> automatic = {
      {{S::proposed, "approve"}, S::approved},
      {{S::proposed, "reject"}, S::rejected},
      {{S::approved, "start"}, S::running},
      {{S::running, "succeeded"}, S::done},
      {{S::running, "already_gone"}, S::done},
      {{S::running, "failed_retryable"}, S::approved},
      {{S::running, "outcome_unknown"}, S::approved},
      {{S::running, "failed_permanent"}, S::failed},
      {{S::running, "held_back"}, S::approved},
      {{S::running, "token_refused"}, S::approved},
      {{S::failed, "retry"}, S::approved},
      {{S::failed, "done_by_hand"}, S::done},
      {{S::proposed, "withdrawn"}, S::rejected},
      {{S::approved, "withdrawn"}, S::rejected}};
  static const std::map<std::pair<S, std::string_view>, S> by_hand = {
      {{S::proposed, "approve"}, S::approved},  {{S::proposed, "reject"}, S::rejected},
      {{S::approved, "done_by_hand"}, S::done}, {{S::failed, "retry"}, S::approved},
      {{S::failed, "done_by_hand"}, S::done},   {{S::proposed, "withdrawn"}, S::rejected},
      {{S::approved, "withdrawn"}, S::rejected}};
  const auto& table = manual ? by_hand : automatic;
  if (auto it = table.find({s, e}); it != table.end()) return it->second;
  return std::nullopt;
}

}  // namespace

TEST_CASE("every state × event pair is either the documented transition or illegal") {
  int legal = 0, illegal = 0;
  for (bool manual : {false, true}) {
    for (ActionState s : kAllStates) {
      for (const ActionEvent& e : all_events()) {
        ActionProgress p{s, 1, kNow - 1s, manual};
        auto result = resume(p, e);
        auto expected = legal_next(manual, s, event_name(e));
        CAPTURE(manual);
        CAPTURE(to_string(s));
        CAPTURE(event_name(e));
        if (expected) {
          REQUIRE(result.has_value());
          CHECK(result->state == *expected);
          CHECK(result->manual == manual);
          ++legal;
        } else {
          REQUIRE_FALSE(result.has_value());
          CHECK(result.error().from == s);
          CHECK(result.error().event == event_name(e));
          CHECK_FALSE(result.error().message.empty());
          ++illegal;
        }
      }
    }
  }
  CHECK(legal == 21);
  CHECK(illegal == 2 * 6 * 13 - 21);
}

TEST_CASE("an approval may set a later due time; withdrawn takes back what has not run") {
  auto approved = resume(ActionProgress{}, event::Approve{kNow + 30s});
  REQUIRE(approved);
  CHECK(approved->next_attempt_at == kNow + 30s);
  CHECK_FALSE(resume(*approved, event::Start{kNow + 29s}));
  auto withdrawn = resume(*approved, event::Withdrawn{});
  REQUIRE(withdrawn);
  CHECK(withdrawn->state == ActionState::rejected);
  auto running = resume(*approved, event::Start{kNow + 30s});
  REQUIRE(running);
  CHECK_FALSE(resume(*running, event::Withdrawn{}));
}

TEST_CASE("proposed → approved → running → done, counting the attempt") {
  ActionProgress p;
  auto approved = resume(p, event::Approve{});
  REQUIRE(approved);
  CHECK(approved->state == ActionState::approved);
  auto running = resume(*approved, event::Start{kNow});
  REQUIRE(running);
  CHECK(running->state == ActionState::running);
  CHECK(running->attempts == 1);
  auto done = resume(*running, event::Succeeded{});
  REQUIRE(done);
  CHECK(done->state == ActionState::done);
  CHECK(done->attempts == 1);
}

TEST_CASE("a comment already gone from the platform counts as done") {
  ActionProgress running{ActionState::running, 1, {}, false};
  auto done = resume(running, event::AlreadyGone{});
  REQUIRE(done);
  CHECK(done->state == ActionState::done);
}

TEST_CASE("proposed → rejected, and a rejection is final") {
  auto rejected = resume(ActionProgress{}, event::Reject{});
  REQUIRE(rejected);
  CHECK(rejected->state == ActionState::rejected);
  CHECK_FALSE(resume(*rejected, event::Approve{}));
}

TEST_CASE("an approved action does not start before its next attempt is due") {
  ActionProgress p{ActionState::approved, 1, kNow + 10s, false};
  auto early = resume(p, event::Start{kNow});
  REQUIRE_FALSE(early);
  CHECK(early.error().message.find("not due") != std::string::npos);
  auto on_time = resume(p, event::Start{kNow + 10s});
  REQUIRE(on_time);
  CHECK(on_time->attempts == 2);
}

TEST_CASE("a manual task is never started by the executor, only done by hand") {
  ActionProgress p{ActionState::approved, 0, {}, true};
  auto start = resume(p, event::Start{kNow});
  REQUIRE_FALSE(start);
  CHECK(start.error().message.find("manual") != std::string::npos);
  auto done = resume(p, event::DoneByHand{});
  REQUIRE(done);
  CHECK(done->state == ActionState::done);
  CHECK(done->attempts == 0);
}

TEST_CASE("retryable failures go back to approved with a growing, jittered delay, then fail") {
  RetryPolicy retry{.max_attempts = 4, .base_delay = 10s, .max_delay = 60s};
  ActionProgress p{ActionState::approved, 0, {}, false};
  std::vector<std::chrono::seconds> delays;
  Time now = kNow;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto running = resume(p, event::Start{now}, retry);
    REQUIRE(running);
    CHECK(running->attempts == attempt);
    auto after = resume(*running, event::FailedRetryable{now, 0.0, {}}, retry);
    REQUIRE(after);
    if (attempt < 4) {
      CHECK(after->state == ActionState::approved);
      delays.push_back(
          std::chrono::duration_cast<std::chrono::seconds>(after->next_attempt_at - now));
      now = after->next_attempt_at;
    } else {
      CHECK(after->state == ActionState::failed);  // retries exhausted
    }
    p = *after;
  }
  // Jitter 0: half the exponential delay (10, 20, 40 → 5, 10, 20).
  CHECK(delays == std::vector<std::chrono::seconds>{5s, 10s, 20s});
}

TEST_CASE("backoff is exponential, capped, and spread by the injected jitter") {
  RetryPolicy retry{.max_attempts = 10, .base_delay = 30s, .max_delay = 3600s};
  CHECK(backoff_delay(retry, 1, 0.0) == 15s);
  CHECK(backoff_delay(retry, 1, 0.5) == 22s);
  CHECK(backoff_delay(retry, 1, 0.999999) == 29s);
  CHECK(backoff_delay(retry, 2, 0.0) == 30s);
  CHECK(backoff_delay(retry, 3, 0.0) == 60s);
  CHECK(backoff_delay(retry, 20, 0.0) == 1800s);  // capped at max_delay, half fixed
  CHECK(backoff_delay(retry, 20, 1.0) == 3600s);
}

TEST_CASE("a failed action stops until a moderator retries it or does it by hand") {
  ActionProgress running{ActionState::running, 1, {}, false};
  auto failed = resume(running, event::FailedPermanent{});
  REQUIRE(failed);
  CHECK(failed->state == ActionState::failed);
  // Nothing automatic moves it: the executor never starts it and no platform answer applies.
  for (const ActionEvent& e : all_events()) {
    const auto name = event_name(e);
    if (name == "retry" || name == "done_by_hand") continue;
    CHECK_FALSE(resume(*failed, e));
  }
}

TEST_CASE("retry gives a failed action a fresh attempt budget, due at once") {
  RetryPolicy retry{.max_attempts = 2, .base_delay = 10s, .max_delay = 60s};
  ActionProgress p{ActionState::approved, 0, {}, false};
  // Use up the budget: two retryable failures end in failed.
  for (int i = 0; i < 2; ++i) {
    const Time t = std::max(kNow, p.next_attempt_at);
    auto running = resume(p, event::Start{t}, retry);
    REQUIRE(running);
    auto after = resume(*running, event::FailedRetryable{t, 0.0, {}}, retry);
    REQUIRE(after);
    p = *after;
  }
  REQUIRE(p.state == ActionState::failed);
  CHECK(p.attempts == 2);

  const Time later = kNow + 2h;
  auto again = resume(p, event::Retry{later}, retry);
  REQUIRE(again);
  CHECK(again->state == ActionState::approved);
  CHECK(again->attempts == 0);
  CHECK(again->next_attempt_at == later);
  // It runs at once, and has the whole budget again: a first retryable failure waits, not fails.
  auto running = resume(*again, event::Start{later}, retry);
  REQUIRE(running);
  CHECK(running->attempts == 1);
  auto waits = resume(*running, event::FailedRetryable{later, 0.0, {}}, retry);
  REQUIRE(waits);
  CHECK(waits->state == ActionState::approved);
}

TEST_CASE("only a failed action is retried; a done or rejected one stays as it is") {
  for (ActionState s : kAllStates) {
    if (s == ActionState::failed) continue;
    auto r = resume(ActionProgress{s, 1, {}, false}, event::Retry{kNow});
    REQUIRE_FALSE(r);
    CAPTURE(to_string(s));
    CHECK(r.error().message.find(is_terminal(s) ? "finished" : "only a failed action") !=
          std::string::npos);
  }
}

TEST_CASE("a failed automatic action can be marked done by hand") {
  auto done = resume(ActionProgress{ActionState::failed, 5, {}, false}, event::DoneByHand{});
  REQUIRE(done);
  CHECK(done->state == ActionState::done);
  CHECK(done->attempts == 5);  // the record of what was tried stays
  auto not_failed =
      resume(ActionProgress{ActionState::approved, 0, {}, false}, event::DoneByHand{});
  REQUIRE_FALSE(not_failed);
  CHECK(not_failed.error().message.find("failed action") != std::string::npos);
}

TEST_CASE("done is final: undoing a hide is a new action, not a transition") {
  ActionProgress done{ActionState::done, 1, {}, false};
  for (const ActionEvent& e : all_events()) {
    auto r = resume(done, e);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("finished") != std::string::npos);
  }
}
