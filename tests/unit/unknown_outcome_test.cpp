// moderation::decide_after_unknown_outcome: what the executor does with an action whose earlier
// call may have taken effect, for every kind and every state the platform can show.
#include "moderation/unknown_outcome.hpp"

#include <doctest/doctest.h>

using namespace hm::moderation;
using D = AfterUnknownOutcome;
using R = ObservedComment::Read;

namespace {
ObservedComment seen(std::optional<bool> hidden, std::optional<bool> reply = std::nullopt,
                     std::optional<bool> blocked = std::nullopt) {
  return {R::seen, hidden, reply, blocked};
}
ObservedComment only(R read) {
  return {read, std::nullopt, std::nullopt, std::nullopt};
}
}  // namespace

TEST_CASE("an effect the platform already shows is done without a second call") {
  CHECK(decide_after_unknown_outcome(ActionKind::hide, seen(true)) == D::already_done);
  CHECK(decide_after_unknown_outcome(ActionKind::unhide, seen(false)) == D::already_done);
  CHECK(decide_after_unknown_outcome(ActionKind::reply, seen(false, true)) == D::already_done);
  CHECK(decide_after_unknown_outcome(ActionKind::block, seen(std::nullopt, std::nullopt, true)) ==
        D::already_done);
}

TEST_CASE("an effect that is not there is sent") {
  CHECK(decide_after_unknown_outcome(ActionKind::hide, seen(false)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::unhide, seen(true)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::delete_comment, seen(false)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::reply, seen(true, false)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::block, seen(std::nullopt, std::nullopt, false)) ==
        D::send);
}

TEST_CASE("a comment that is gone ends the action as already gone, except a block") {
  for (auto kind :
       {ActionKind::hide, ActionKind::unhide, ActionKind::delete_comment, ActionKind::reply}) {
    CAPTURE(to_string(kind));
    CHECK(decide_after_unknown_outcome(kind, only(R::gone)) == D::already_gone);
  }
  // A block targets the author: the comment being gone says nothing about it.
  CHECK(decide_after_unknown_outcome(ActionKind::block, only(R::gone)) == D::send);
}

TEST_CASE("a failed read waits, whatever the kind: never a blind re-send") {
  for (auto kind : {ActionKind::hide, ActionKind::unhide, ActionKind::delete_comment,
                    ActionKind::reply, ActionKind::block}) {
    CAPTURE(to_string(kind));
    CHECK(decide_after_unknown_outcome(kind, only(R::failed)) == D::wait);
  }
}

TEST_CASE("without a read, only idempotent calls are sent again; a reply gives up") {
  CHECK(decide_after_unknown_outcome(ActionKind::hide, only(R::no_read)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::unhide, only(R::no_read)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::delete_comment, only(R::no_read)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::block, only(R::no_read)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::reply, only(R::no_read)) == D::give_up);
  // Seen, but the one state that matters was not served.
  CHECK(decide_after_unknown_outcome(ActionKind::hide, seen(std::nullopt)) == D::send);
  CHECK(decide_after_unknown_outcome(ActionKind::reply, seen(false, std::nullopt)) == D::give_up);
  CHECK(decide_after_unknown_outcome(ActionKind::escalate, seen(false)) == D::give_up);
}

TEST_CASE("idempotence by kind") {
  CHECK(is_idempotent(ActionKind::hide));
  CHECK(is_idempotent(ActionKind::unhide));
  CHECK(is_idempotent(ActionKind::delete_comment));
  CHECK(is_idempotent(ActionKind::block));
  CHECK_FALSE(is_idempotent(ActionKind::reply));
  CHECK_FALSE(is_idempotent(ActionKind::escalate));
}
