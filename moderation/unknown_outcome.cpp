#include "moderation/unknown_outcome.hpp"

namespace hm::moderation {

std::string_view to_string(AfterUnknownOutcome d) noexcept {
  switch (d) {
    case AfterUnknownOutcome::already_done:
      return "already_done";
    case AfterUnknownOutcome::already_gone:
      return "already_gone";
    case AfterUnknownOutcome::send:
      return "send";
    case AfterUnknownOutcome::wait:
      return "wait";
    case AfterUnknownOutcome::give_up:
      return "give_up";
  }
  return "unknown";
}

bool is_idempotent(ActionKind kind) noexcept {
  switch (kind) {
    case ActionKind::hide:
    case ActionKind::unhide:
    case ActionKind::delete_comment:
    case ActionKind::block:
      return true;
    case ActionKind::reply:     // a second call posts a second reply
    case ActionKind::escalate:  // never a platform call
      return false;
  }
  return false;
}

AfterUnknownOutcome decide_after_unknown_outcome(ActionKind kind, const ObservedComment& seen) {
  using R = ObservedComment::Read;
  using D = AfterUnknownOutcome;
  const D unreadable = is_idempotent(kind) ? D::send : D::give_up;
  switch (seen.read) {
    case R::failed:
      return D::wait;
    case R::no_read:
      return unreadable;
    case R::gone:
      // A block targets the author, not the comment: the comment being gone says nothing.
      return kind == ActionKind::block ? D::send : D::already_gone;
    case R::seen:
      break;
  }
  // Whether the effect is there, when the platform said.
  std::optional<bool> effect;
  switch (kind) {
    case ActionKind::hide:
      effect = seen.hidden;
      break;
    case ActionKind::unhide:
      if (seen.hidden) effect = !*seen.hidden;
      break;
    case ActionKind::delete_comment:
      effect = false;  // it was seen, so it is not deleted
      break;
    case ActionKind::reply:
      effect = seen.our_reply_present;
      break;
    case ActionKind::block:
      effect = seen.author_blocked;
      break;
    case ActionKind::escalate:
      return D::give_up;
  }
  if (!effect) return unreadable;
  return *effect ? D::already_done : D::send;
}

}  // namespace hm::moderation
