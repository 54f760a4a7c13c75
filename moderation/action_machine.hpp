// The life of an action, as a pure function: resume(progress, event) → next progress.
//
//   proposed ─approve─▶ approved ─start─▶ running ─succeeded / already_gone─▶ done
//      │                  ▲  │               │
//      └─reject─▶ rejected │  └─done_by_hand─▶ done   (manual tasks only)
//   proposed, approved ─withdrawn─▶ rejected  (a person took it back before it ran)
//                          └── failed_retryable (attempts left; backoff) ◀┘
//                          └── held_back (no attempt used; waits until `not_before`) ◀┘
//                          └── token_refused (no attempt used; waits for its channel) ◀┘
//                                running ─failed_permanent / retries exhausted─▶ failed
//   failed ─retry─▶ approved (a fresh attempt budget, due at once)
//   failed ─done_by_hand─▶ done (a moderator dealt with it on the platform themselves)
//
// A retryable failure waits for the later of its backoff and the platform's "not before" time.
// One whose outcome is unknown (the call may have taken effect) is recorded as
// `outcome_unknown`, and the executor checks the platform before calling again.
// A call the connector held back on its own throttle never reached the platform, so it does not
// use up an attempt: a hide held back by a long rate limit runs once access returns. Nor does a
// call refused because the channel's token was: the action waits for the channel to restart
// with a renewed token (the executor runs nothing on a stopped channel) and then runs once.
//
// `failed` is where the machine stops trying, not the end of the story: a moderator who sees a
// failed action either asks for it to be tried again (`retry`) or says they did it by hand
// (`done_by_hand`). Both keep the history: the caller appends transitions, never rewrites them.
// Automatic actions are created at `approved`. Undoing a hide is a new `unhide` action, never
// an edit of history, so there is no way back from done or rejected. The caller persists every
// result (and an audit row) before and after the platform call; this file does no I/O.
//
// Error policy: an event that does not apply to the current state is an expected failure and
// comes back as IllegalTransition; nothing throws.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "moderation/expected.hpp"
#include "moderation/types.hpp"

namespace hm::moderation {

struct RetryPolicy {
  int max_attempts = 5;                 // platform calls before giving up
  std::chrono::seconds base_delay{30};  // before the second attempt; doubles each time
  std::chrono::seconds max_delay{3600};
};

// The wait before attempt `attempts + 1`, after `attempts` failed ones: exponential with
// "equal jitter" (half fixed, half random), so retries from many actions spread out.
// `jitter` is in [0, 1); it is drawn by the caller so that tests are deterministic.
std::chrono::seconds backoff_delay(const RetryPolicy& retry, int attempts, double jitter) noexcept;

namespace event {
// Approved, and not started before `not_before` (a deletion waits out the console's undo
// window); the default epoch keeps the action's own due time.
struct Approve {
  Time not_before{};
};
struct Reject {};
struct Start {  // the executor claims a due action and is about to call the platform
  Time now;
};
struct Succeeded {};
struct AlreadyGone {};  // the comment is no longer on the platform: the goal is met
struct FailedRetryable {
  Time now;
  double jitter = 0.0;             // in [0, 1)
  std::optional<Time> not_before;  // the platform's "retry after": never sooner than this
  // The call may have reached the platform and taken effect (its answer was unreadable or lost,
  // or a check of the platform's state could not be read): recorded as "outcome_unknown", so
  // that the next attempt checks the platform before calling again (moderation/unknown_outcome).
  bool outcome_unknown = false;
};
// The connector refused the call on its own throttle without calling the platform: back to
// approved until `not_before`, and the attempt the start counted is given back.
struct HeldBack {
  Time not_before;
};
// The platform refused the channel's token: back to approved, the attempt given back; the
// action is due as before and runs when its channel is started again.
struct TokenRefused {};
struct FailedPermanent {};
struct DoneByHand {};  // a moderator did a manual task, or by hand what a failed action could not
// A person took a step back before it reached the platform: a proposal, or an approved action
// not yet running (a deletion inside its undo window, everything pending on a comment shown
// again). Once running it is too late: the platform call may already be made.
struct Withdrawn {};
// A moderator asks for a failed action to be tried again: back to approved, due at `now`, with
// the whole attempt budget again.
struct Retry {
  Time now;
};
}  // namespace event

using ActionEvent =
    std::variant<event::Approve, event::Reject, event::Start, event::Succeeded, event::AlreadyGone,
                 event::FailedRetryable, event::HeldBack, event::TokenRefused,
                 event::FailedPermanent, event::DoneByHand, event::Retry, event::Withdrawn>;

std::string_view event_name(const ActionEvent& e) noexcept;

struct IllegalTransition {
  ActionState from;
  std::string event;
  std::string message;  // for a moderator or a log: why this cannot happen now
};

using TransitionResult = Expected<ActionProgress, IllegalTransition>;

TransitionResult resume(const ActionProgress& progress, const ActionEvent& event,
                        const RetryPolicy& retry = {});

}  // namespace hm::moderation
