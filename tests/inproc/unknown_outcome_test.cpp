// Issue 17 item 8: a call cut off by a crash or answered unreadably is not simply sent again.
// The executor reads the platform's state first (Connector::current_state) and records the
// action done with no second call when the effect is already there; a reply is never posted
// twice. Each case fails when the executor re-sends blindly (checked by removing the
// settle_unknown_outcome call from ActionExecutor::execute).
#include <doctest/doctest.h>

#include "daemon/ingest.hpp"
#include "inproc_world.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionKind;
using moderation::ActionState;

namespace {

// Shipped filters flag this as a complaint: the plan proposes a reply.
constexpr const char* kComplaint =
    "I am very disappointed with the school, the way my child was treated is totally "
    "unacceptable";

void ingest(InprocWorld& w, std::vector<Comment> comments) {
  daemon::ingest_poll(*w.store, *w.classifier, comments.front().channel_id, comments, "c",
                      w.clock.now());
}

std::int64_t transitions(InprocWorld& w, std::int64_t action_id, std::string_view event) {
  auto s = w.store->connection().prepare(
      "SELECT COUNT(*) FROM action_transitions WHERE action_id = ? AND event = ?");
  s.bind_all(action_id, event);
  s.step();
  return s.int64(0);
}

long calls_of(const FakeConnector& c, ActionKind kind) {
  return std::ranges::count_if(c.platform_calls, [&](const auto& a) { return a.kind == kind; });
}

bool settled(InprocWorld& w, std::int64_t id) {
  return moderation::is_terminal(w.store->action(id)->progress.state);
}

void stop(InprocWorld& w) {
  w.executor.stop();
  w.io.run();
}

// The complaint's proposed reply, approved by a moderator.
moderation::Action approved_reply(InprocWorld& w) {
  ingest(w, {StoreFixture::comment("c1", "parent", kComplaint, Platform::facebook, kT0)});
  auto reply = w.action_of("c1", ActionKind::reply);
  REQUIRE(reply);
  REQUIRE(
      w.store->transition(reply->id, moderation::event::Approve{}, "head", "ok", w.clock.now()));
  return *w.store->action(reply->id);
}

// What a run killed mid-call leaves behind: the action stored `running`.
void leave_running(InprocWorld& w, std::int64_t action_id) {
  REQUIRE(w.store->transition(action_id, moderation::event::Start{w.clock.now()}, "executor",
                              "calling the platform", w.clock.now()));
}

moderation::Action hide_left_running(InprocWorld& w) {
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  leave_running(w, hide.id);
  return hide;
}

}  // namespace

TEST_CASE("a hide whose answer was unreadable is found hidden and not sent again") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.lose_answers = 1;  // the hide takes effect; its answer is unreadable
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(fb, ActionKind::hide) == 1);  // one hide reached the platform
  CHECK(fb.state_reads.size() == 1);           // and one read before a second
  CHECK(transitions(w, hide.id, "outcome_unknown") == 1);
  CHECK(w.log.has(daemon::LogPriority::info, "checked the platform: already_done"));
  stop(w);
}

TEST_CASE("a read that fails leaves the action waiting, then checked again, never re-sent") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.lose_answers = 1;
  fb.state_reads_fail = 2;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(fb, ActionKind::hide) == 1);
  CHECK(fb.state_reads.size() == 3);  // two failed reads, then the one that saw it hidden
  CHECK(transitions(w, hide.id, "outcome_unknown") == 3);
  stop(w);
}

TEST_CASE("an unreadable answer to a hide that did not take effect: checked, then sent") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.lose_answers = 1;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return transitions(w, hide.id, "outcome_unknown") == 1; }));
  fb.hidden.clear();  // the platform had not applied it after all
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(fb, ActionKind::hide) == 2);
  CHECK(fb.hidden.contains("c1"));
  stop(w);
}

TEST_CASE("after a crash, a running hide the platform already shows is done with no call") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  const auto hide = hide_left_running(w);  // and its call reached the platform
  fb.hidden.insert("c1");
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(fb.platform_calls.empty());
  CHECK(fb.state_reads.size() == 1);
  stop(w);
}

TEST_CASE("after a crash, a running hide waits for its channel's connector, then is finished") {
  InprocWorld w;
  const auto hide = hide_left_running(w);
  // The executor starts before the channels' connectors are made (as the daemon starts).
  auto fb = w.connectors.extract(StoreFixture::channel_of(Platform::facebook));
  w.spawn(w.executor.run());
  CHECK_FALSE(w.run_until([&] { return settled(w, hide.id); }, 2000));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::running);
  w.connectors.insert(std::move(fb));
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(w.connector(Platform::facebook), ActionKind::hide) == 1);
  stop(w);
}

TEST_CASE("after a crash, a running hide the platform does not show is sent once") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  const auto hide = hide_left_running(w);  // and its call never left
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(fb, ActionKind::hide) == 1);
  CHECK(w.store->action(hide.id)->progress.attempts == 1);  // the read used no attempt
  stop(w);
}

TEST_CASE("a reply whose answer was unreadable is found posted and never posted twice") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  const auto reply = approved_reply(w);
  fb.lose_answers = 1;  // the reply is posted; its answer is unreadable
  fb.state_reads_fail = 1;
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, reply.id); }));
  CHECK(w.store->action(reply.id)->progress.state == ActionState::done);
  CHECK(fb.replies.size() == 1);
  CHECK(fb.state_reads.size() == 2);
  stop(w);
}

TEST_CASE("after a crash mid-reply on a platform with no read, the reply is left for a person") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.has_state_reads = false;
  const auto reply = approved_reply(w);
  leave_running(w, reply.id);
  fb.replies.push_back("c1");  // the killed run's call had posted it
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, reply.id); }));
  CHECK(w.store->action(reply.id)->progress.state == ActionState::failed);
  CHECK(fb.platform_calls.empty());
  CHECK(fb.replies.size() == 1);
  CHECK(w.log.has(daemon::LogPriority::warning, "checked the platform: give_up"));
  stop(w);
}

TEST_CASE("with no read, an idempotent hide whose outcome is unknown is sent again") {
  InprocWorld w;
  auto& x = w.connector(Platform::x);
  x.has_state_reads = false;
  x.lose_answers = 1;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::x, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return settled(w, hide.id); }));
  CHECK(w.store->action(hide.id)->progress.state == ActionState::done);
  CHECK(calls_of(x, ActionKind::hide) == 2);
  stop(w);
}

TEST_CASE("a refused token on the check stops the channel and the action waits, unsent") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.refuse_state_reads = true;
  const auto hide = hide_left_running(w);
  w.spawn(w.executor.run());
  REQUIRE(w.run_until(
      [&] { return w.channels.stopped(StoreFixture::channel_of(Platform::facebook)); }));
  const auto after = *w.store->action(hide.id);
  CHECK(after.progress.state == ActionState::approved);  // waits, not failed
  CHECK(calls_of(fb, ActionKind::hide) == 0);
  CHECK(transitions(w, hide.id, "token_refused") == 1);
  stop(w);
}
