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

TEST_CASE("a deletion decided on an item waits out the undo window, then runs once") {
  InprocWorld w;
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0),
             StoreFixture::comment("c2", "troll2", kAbusive, Platform::facebook, kT0)});
  w.spawn(w.executor.run());
  auto& fb = w.connector(Platform::facebook);
  REQUIRE(w.run_until([&] { return fb.hidden.contains("c1") && fb.hidden.contains("c2"); }));
  const moderation::ItemRoles moderator{true, false};
  const auto window = 30s;
  const auto c1 = w.action_of("c1", ActionKind::hide)->comment_id;
  const auto c2 = w.action_of("c2", ActionKind::hide)->comment_id;
  const Time decided = w.clock.now();
  auto del = [](moderation::ItemDecision d) { return moderation::ItemRequest{d, "", {}}; };
  REQUIRE(w.store->decide_item(c1, moderator, del(moderation::ItemDecision::delete_comment),
                               "user:head", decided, window));
  REQUIRE(w.store->decide_item(c2, moderator, del(moderation::ItemDecision::delete_comment),
                               "user:head", decided, window));
  // c2's deletion is undone inside the window: it never reaches the platform.
  REQUIRE(w.store->decide_item(c2, moderator, del(moderation::ItemDecision::undo_delete),
                               "user:head", decided + 10s, window));
  w.executor.wakeup().wake();
  REQUIRE(w.run_until([&] { return fb.deleted.contains("c1"); }));
  CHECK(w.clock.now() >= decided + window);
  w.run_until([&] { return w.clock.now() > decided + 10min; });
  CHECK_FALSE(fb.deleted.contains("c2"));
  CHECK(w.action_of("c1", ActionKind::delete_comment)->progress.state == ActionState::done);
  CHECK(w.action_of("c2", ActionKind::delete_comment)->progress.state == ActionState::rejected);
  // Too late to undo once it ran.
  auto late = w.store->decide_item(c1, moderator, del(moderation::ItemDecision::undo_delete),
                                   "user:head", w.clock.now(), window);
  REQUIRE_FALSE(late);
  CHECK(late.error().status == 409);
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

TEST_CASE("a platform call that hangs on one channel does not delay hides on the others") {
  InprocWorld w;
  auto& ig = w.connector(Platform::instagram);
  auto& fb = w.connector(Platform::facebook);
  auto& x = w.connector(Platform::x);
  ig.hang = true;  // e.g. an Instagram hide stuck in its two 15 s deadlines
  // The hung channel's hide is the first due, as in the soak where it held up the rest.
  ingest(w, {StoreFixture::comment("i1", "troll", kAbusive, Platform::instagram, kT0)});
  ingest(w, {StoreFixture::comment("i2", "troll", kAbusive, Platform::instagram, kT0)});
  ingest(w, {StoreFixture::comment("f1", "troll", kAbusive, Platform::facebook, kT0)});
  ingest(w, {StoreFixture::comment("x1", "troll", kAbusive, Platform::x, kT0)});

  w.spawn(w.executor.run());
  // Never blocks: with one executor in turn, nothing runs while the call hangs, and this fails.
  CHECK(w.run_ready_until([&] { return fb.hidden.contains("f1") && x.hidden.contains("x1"); }));
  CHECK(ig.hung_calls == 1);  // the hung channel's next hide waits its turn behind it
  CHECK(w.action_of("i1", ActionKind::hide)->progress.state == ActionState::running);
  CHECK(w.action_of("i2", ActionKind::hide)->progress.state == ActionState::approved);

  // A comment arriving on a healthy channel meanwhile is hidden too.
  ingest(w, {StoreFixture::comment("f2", "troll", kAbusive, Platform::facebook, kT0)});
  w.executor.wakeup().wake();
  CHECK(w.run_ready_until([&] { return fb.hidden.contains("f2"); }));

  ig.release();  // the hung call ends; that channel goes on in order
  REQUIRE(w.run_until([&] { return ig.hidden.contains("i1") && ig.hidden.contains("i2"); }));
  CHECK(ig.platform_calls.size() == 2);
  CHECK(ig.platform_calls[0].comment_id == "i1");
  w.executor.stop();
  w.io.run();
}

TEST_CASE(
    "a token refused on a hide stops the channel; the hide waits, using no attempt, and runs "
    "once when the channel is started again with a renewed token") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.refuse_token("Graph error 190 on hide of c1: the access token has expired");
  ingest(w, {StoreFixture::comment("c1", "troll", kAbusive, Platform::facebook, kT0)});
  const auto hide = *w.action_of("c1", ActionKind::hide);
  auto made = w.make_poller(Platform::facebook);
  daemon::ChannelPoller& poller = *made;
  bool poller_ended = false;
  boost::asio::co_spawn(w.io, poller.run(), [&](std::exception_ptr) { poller_ended = true; });
  w.spawn(w.executor.run());

  REQUIRE(w.run_until([&] { return w.channels.stopped("jh-facebook") && poller_ended; }));
  // Stopped as on a refused poll: the poller ended, /healthz's source says why.
  CHECK(poller.status().state == daemon::ChannelState::stopped);
  CHECK(poller.status().message.find("190") != std::string::npos);
  CHECK(w.log.has(daemon::LogPriority::critical,
                  "channel jh-facebook: stopped, the access token was refused while hiding "
                  "comment c1"));
  // Hours pass: nothing more is sent on the stopped channel, and the hide neither fails nor
  // uses up its attempts.
  const Time stopped_at = w.clock.now();
  w.run_until([&] { return w.clock.now() > stopped_at + 3h; });
  auto waiting = *w.store->action(hide.id);
  CHECK(waiting.progress.state == ActionState::approved);
  CHECK(waiting.progress.attempts == 0);
  CHECK(transitions_to(w, hide.id, ActionState::failed) == 0);
  CHECK(fb.refused_calls.size() == 1);
  CHECK(fb.platform_calls.empty());
  const auto polls = fb.fetch_times.size();
  CHECK(poller.status().state == daemon::ChannelState::stopped);

  // The admin renews the token and reloads: the channel starts again and the hide runs once.
  poller.restart(w.connectors.at("jh-facebook"));
  boost::asio::co_spawn(w.io, poller.run(), boost::asio::detached);
  w.executor.wakeup().wake();
  REQUIRE(
      w.run_until([&] { return w.store->action(hide.id)->progress.state == ActionState::done; }));
  CHECK(fb.platform_calls.size() == 1);
  CHECK(fb.hidden.contains("c1"));
  CHECK(w.store->action(hide.id)->progress.attempts == 1);
  REQUIRE(w.run_until([&] { return fb.fetch_times.size() > polls; }));
  CHECK(poller.status().state == daemon::ChannelState::polling);
  poller.stop();
  w.executor.stop();
  w.io.run();
}

TEST_CASE("a token refused on one channel's action leaves the other channels running") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  auto& x = w.connector(Platform::x);
  fb.refuse_token("HTTP 401 Unauthorized on the hide");
  ingest(w, {StoreFixture::comment("f1", "troll", kAbusive, Platform::facebook, kT0)});
  ingest(w, {StoreFixture::comment("f2", "troll", kAbusive, Platform::facebook, kT0)});
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return w.channels.stopped("jh-facebook"); }));
  ingest(w, {StoreFixture::comment("x1", "troll", kAbusive, Platform::x, w.clock.now())});
  w.executor.wakeup().wake();
  REQUIRE(w.run_until([&] { return x.hidden.contains("x1"); }));
  CHECK_FALSE(w.channels.stopped("jh-x"));
  CHECK(fb.refused_calls.size() == 1);  // f2 was not tried on the stopped channel
  CHECK(fb.platform_calls.empty());
  CHECK(w.action_of("f2", ActionKind::hide)->progress.attempts == 0);
  w.executor.stop();
  w.io.run();
}
