// graph::settle_gone: 100/33 on an action counts as "already gone" only when a read confirms it
// (issue 13, item 4); a comment the read still sees is a permission problem that stops the
// channel.
#include <doctest/doctest.h>

#include "connectors/graph_gone_check.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using Read = hm::moderation::ObservedComment::Read;

namespace {

hm::moderation::PlatformAction act(ActionKind kind) {
  hm::moderation::PlatformAction a;
  a.kind = kind;
  a.comment_id = "1_2";
  a.author_id = "7001";
  return a;
}

ActionResult refused() {
  ActionResult r;
  r.outcome = ActionOutcome::already_gone;
  r.reason = "the comment no longer exists (Graph error 100/33 on hide of 1_2)";
  return r;
}

StateRead read_as(Read read) {
  StateRead s;
  s.observed.read = read;
  s.message = "read";
  return s;
}

}  // namespace

TEST_CASE("gone only when the read says gone") {
  auto gone = graph::settle_gone(act(ActionKind::hide), refused(), read_as(Read::gone), "perm");
  CHECK(gone.outcome == ActionOutcome::already_gone);

  auto seen = graph::settle_gone(act(ActionKind::hide), refused(), read_as(Read::seen),
                                 "pages_manage_engagement");
  CHECK(seen.outcome == ActionOutcome::token_invalid);  // stops the channel; the action waits
  CHECK(seen.reason.find("pages_manage_engagement") != std::string::npos);
  CHECK(seen.reason.find("then reload") != std::string::npos);
}

TEST_CASE("a read that did not answer retries; a refused token on the read stops") {
  StateRead failed = read_as(Read::failed);
  failed.retry_at = Time{std::chrono::seconds{100}};
  auto r = graph::settle_gone(act(ActionKind::delete_comment), refused(), failed, "perm");
  CHECK(r.outcome == ActionOutcome::retryable_failure);
  CHECK_FALSE(r.outcome_unknown);
  CHECK_FALSE(r.held_back);
  CHECK(r.retry_at == failed.retry_at);

  failed.token_invalid = true;
  failed.message = "token refused";
  auto t = graph::settle_gone(act(ActionKind::delete_comment), refused(), failed, "perm");
  CHECK(t.outcome == ActionOutcome::token_invalid);
  CHECK(t.reason == "token refused");
}

TEST_CASE("a block: done when the person is blocked, otherwise a plain failure") {
  StateRead blocked = read_as(Read::seen);
  blocked.observed.author_blocked = true;
  CHECK(graph::settle_gone(act(ActionKind::block), refused(), blocked, "p").outcome ==
        ActionOutcome::done);
  StateRead not_blocked = read_as(Read::seen);
  not_blocked.observed.author_blocked = false;
  CHECK(graph::settle_gone(act(ActionKind::block), refused(), not_blocked, "p").outcome ==
        ActionOutcome::permanent_failure);
}

TEST_CASE("the probe reads only the comment's node") {
  CHECK(graph::gone_probe(act(ActionKind::reply)).kind == ActionKind::hide);
  CHECK(graph::gone_probe(act(ActionKind::delete_comment)).kind == ActionKind::delete_comment);
}
