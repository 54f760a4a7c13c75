// The action executor in process: hiding, approval, and the rate-limit case of issue 10 (a hide
// held back by the connector's throttle for longer than every backoff together is done once
// access returns, with no extra platform call and no `failed`).
#include <doctest/doctest.h>

#include "daemon/ingest.hpp"
#include "inproc_world.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionKind;
using moderation::ActionState;

namespace {

void ingest(InprocWorld& w, std::vector<Comment> comments) {
  daemon::ingest_poll(*w.store, *w.classifier, comments.front().channel_id, comments, "c",
                      w.clock.now());
}

std::int64_t transitions_to(InprocWorld& w, std::int64_t action_id, ActionState state) {
  auto s = w.store->connection().prepare(
      "SELECT COUNT(*) FROM action_transitions WHERE action_id = ? AND to_state = ?");
  s.bind_all(action_id, moderation::to_string(state));
  s.step();
  return s.int64(0);
}

}  // namespace

TEST_CASE("a flagged comment is hidden on the platform; the irreversible steps wait") {
  InprocWorld w;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return w.connector(Platform::facebook).hidden.contains("c1"); }));
  w.run_until(
      [&] { return w.action_of("c1", ActionKind::hide)->progress.state == ActionState::done; });
  CHECK(w.action_of("c1", ActionKind::hide)->progress.state == ActionState::done);
  CHECK(w.action_of("c1", ActionKind::delete_comment)->progress.state == ActionState::proposed);
  CHECK(w.connector(Platform::facebook).platform_calls.size() == 1);
  CHECK(w.log.has(daemon::LogPriority::info, "jh-facebook: hide comment c1: done"));
  w.executor.stop();
  w.io.run();
}

TEST_CASE("an approved proposal runs on the platform") {
  InprocWorld w;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  w.spawn(w.executor.run());
  auto& fb = w.connector(Platform::facebook);
  REQUIRE(w.run_until([&] { return fb.hidden.contains("c1"); }));
  w.run_until([&] { return w.clock.now() > kT0 + 10min; });  // nothing else runs unasked
  CHECK(fb.deleted.empty());

  const auto del = *w.action_of("c1", ActionKind::delete_comment);
  REQUIRE(
      w.store->transition(del.id, moderation::event::Approve{}, "head", "seen it", w.clock.now()));
  w.executor.wakeup().wake();
  REQUIRE(w.run_until([&] { return fb.deleted.contains("c1"); }));
  w.run_until([&] { return w.store->action(del.id)->progress.state == ActionState::done; });
  CHECK(w.store->action(del.id)->progress.state == ActionState::done);
  w.executor.stop();
  w.io.run();
}

TEST_CASE(
    "a hide held back by a rate limit longer than all backoff together is done when "
    "access returns, with no extra platform call and no failure") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  // Longer than every retry's backoff together (5 attempts: at most 30+60+120+240 s).
  const Time access_returns = kT0 + 2h;
  fb.throttled_until = access_returns;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);

  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] {
    auto s = w.store->action(hide.id)->progress.state;
    return s == ActionState::done || s == ActionState::failed;
  }));
  const auto after = *w.store->action(hide.id);
  CHECK(after.progress.state == ActionState::done);
  CHECK(after.progress.attempts == 1);     // the held-back calls used none
  CHECK(fb.platform_calls.size() == 1);    // only the call that succeeded reached it
  CHECK(w.clock.now() >= access_returns);  // and not before access returned
  CHECK(transitions_to(w, hide.id, ActionState::failed) == 0);
  CHECK(fb.hidden.contains("c1"));
  w.executor.stop();
  w.io.run();
}
