// What to do with an action whose earlier platform call may or may not have taken effect: the
// daemon was killed while the call was in flight (the action was left `running`), or the
// platform's answer was unreadable, cut off or lost after the request was sent. The connector
// reads the comment's current state first (Connector::current_state); this pure function turns
// what it saw into the next step, so that nothing is applied twice and the database ends up
// agreeing with the platform:
//
//   the platform already shows the effect      → done, with no second call
//   the comment is gone                         → done as "already gone" (as a call would say)
//   the effect is not there                     → send the call
//   the platform has no read for this state     → send only if the call is idempotent (hide,
//                                                 unhide, delete, block); a reply gives up for
//                                                 a moderator to check by hand
//   the read itself failed                      → wait and check again (never a blind re-send)
//
// Error policy: pure; nothing fails.
#pragma once

#include <optional>
#include <string_view>

#include "moderation/types.hpp"

namespace hm::moderation {

// The comment's state as the platform showed it. Each optional is empty when the platform does
// not expose that state (or it was not asked for this kind of action).
struct ObservedComment {
  enum class Read : std::uint8_t {
    seen,     // the comment exists; the optionals say what was read
    gone,     // deleted or never existed
    no_read,  // the platform's API has no read for the state this action changes
    failed,   // the read did not answer (network, rate limit, unreadable body, token)
  };
  Read read = Read::failed;
  std::optional<bool> hidden;
  std::optional<bool> our_reply_present;  // a reply by the account with the action's text
  std::optional<bool> author_blocked;
};

enum class AfterUnknownOutcome : std::uint8_t {
  already_done,  // record done; the platform shows the effect
  already_gone,  // record done (already gone); the comment no longer exists
  send,          // call the platform (again)
  wait,          // the read failed: check again later, per the retry policy
  give_up,       // cannot tell and a second call could duplicate: a moderator checks by hand
};
std::string_view to_string(AfterUnknownOutcome d) noexcept;

// Whether calling again is harmless when the first call did take effect.
bool is_idempotent(ActionKind kind) noexcept;

AfterUnknownOutcome decide_after_unknown_outcome(ActionKind kind, const ObservedComment& observed);

}  // namespace hm::moderation
