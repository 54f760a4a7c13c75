#include "store/store.hpp"

#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionKind;
using moderation::ActionState;
namespace event = moderation::event;

TEST_CASE("the writer connection runs WAL, synchronous=FULL and foreign keys") {
  StoreFixture f;
  auto& c = f.store->connection();
  auto mode = c.prepare("PRAGMA journal_mode");
  REQUIRE(mode.step());
  CHECK(mode.text(0) == "wal");
  auto sync = c.prepare("PRAGMA synchronous");
  REQUIRE(sync.step());
  CHECK(sync.int64(0) == 2);  // FULL
  auto fk = c.prepare("PRAGMA foreign_keys");
  REQUIRE(fk.step());
  CHECK(fk.int64(0) == 1);
  CHECK(store::quick_check(c) == "ok");
}

TEST_CASE("ingest is idempotent: the same platform comment twice is one row") {
  StoreFixture f;
  auto c = StoreFixture::comment("c1", "a1", "hello");
  auto first = f.ingest(c);
  auto second = f.ingest(c, days_after(kT0, 1));
  CHECK(first.needs_classification);
  CHECK_FALSE(second.needs_classification);
  CHECK(first.comment_id == second.comment_id);
  CHECK(first.version_id == second.version_id);
  CHECK(f.count("comments") == 1);
  CHECK(f.count("comment_versions") == 1);

  // The same id on another channel is another comment.
  auto other = f.ingest(StoreFixture::comment("c1", "a1", "hello", Platform::instagram));
  CHECK(other.comment_id != first.comment_id);

  // A batch holding the same comment twice stores it once.
  std::vector<Comment> batch{StoreFixture::comment("c9", "a", "x"),
                             StoreFixture::comment("c9", "a", "x")};
  auto results = f.store->ingest(batch, kT0);
  CHECK(results[0].comment_id == results[1].comment_id);
  CHECK(results[0].needs_classification);
  CHECK_FALSE(results[1].needs_classification);
}

TEST_CASE("an edit is a new version that needs classifying; the original text is kept") {
  StoreFixture f;
  auto v1 = f.ingest(StoreFixture::comment("c1", "a1", "nice school"));
  auto edited = StoreFixture::comment("c1", "a1", "nasty words now");
  edited.edited_at = days_after(kT0, 1);
  auto v2 = f.ingest(edited, days_after(kT0, 1));
  CHECK(v2.comment_id == v1.comment_id);
  CHECK(v2.version == 2);
  CHECK(v2.needs_classification);
  CHECK(f.ingest(edited, days_after(kT0, 2)).needs_classification == false);
  auto s = f.store->connection().prepare(
      "SELECT version, text FROM comment_versions WHERE comment_id = ? ORDER BY version");
  s.bind(1, v1.comment_id);
  REQUIRE(s.step());
  CHECK(s.text(1) == "nice school");
  REQUIRE(s.step());
  CHECK(s.text(1) == "nasty words now");
}

TEST_CASE("hostile text is stored verbatim through bound parameters") {
  StoreFixture f;
  const std::string hostile = "'); DROP TABLE comments; -- \"<script>alert(1)</script>\0x";
  auto r = f.ingest(StoreFixture::comment("c'1", "a\"1", hostile));
  auto s = f.store->connection().prepare("SELECT text FROM comment_versions WHERE id = ?");
  s.bind(1, r.version_id);
  REQUIRE(s.step());
  CHECK(s.text(0) == hostile);
  CHECK(f.count("comments") == 1);
}

TEST_CASE("a flagged verdict records a strike, an auto hide and a proposed delete") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  CHECK(r.verdict_id > 0);
  CHECK(r.strike_added);
  REQUIRE(r.action_ids.size() == 2);
  auto hide = f.store->action(r.action_ids[0]);
  auto del = f.store->action(r.action_ids[1]);
  CHECK(hide->kind == ActionKind::hide);
  CHECK(hide->progress.state == ActionState::approved);
  CHECK(del->kind == ActionKind::delete_comment);
  CHECK(del->progress.state == ActionState::proposed);
  CHECK(f.count("strikes") == 1);
  CHECK(f.count("action_transitions") == 2);
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("a deletion \"after 7 days\" is approved but not due until then") {
  StoreFixture f;
  f.policy.categories[Category::spam].deletion = {moderation::DeleteRule::When::after,
                                                  std::chrono::days(7)};
  auto r = f.post(StoreFixture::comment("c1", "a1", "buy now"), verdict_of({Category::spam}));
  REQUIRE(r.action_ids.size() == 2);
  auto del = f.store->action(r.action_ids[1]);
  CHECK(del->kind == ActionKind::delete_comment);
  CHECK(del->progress.state == ActionState::approved);
  CHECK(del->progress.next_attempt_at == days_after(kT0, 7));
  auto due_ids = [&](Time at) {
    std::vector<std::int64_t> ids;
    for (const auto& a : f.store->due_actions(at, 10)) ids.push_back(a.id);
    return ids;
  };
  CHECK(due_ids(kT0) == std::vector{r.action_ids[0]});  // the hide runs at once
  CHECK(due_ids(days_after(kT0, 7) - std::chrono::seconds(1)) == std::vector{r.action_ids[0]});
  CHECK(due_ids(days_after(kT0, 7)) == r.action_ids);
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("a clean verdict is a mark on the version: no verdict row, no actions, no strike") {
  StoreFixture f;
  auto in = f.ingest(StoreFixture::comment("c1", "a1", "lovely assembly"));
  auto r = f.classify(in.version_id, Verdict{});
  CHECK(r.recorded);
  CHECK(r.verdict_id == 0);
  CHECK(r.action_ids.empty());
  CHECK(f.count("strikes") == 0);
  CHECK(f.count("verdicts") == 0);
  CHECK(f.count("comment_versions WHERE clean = 1") == 1);
  // Replayed, it changes nothing; an unknown version is an error, as for a flagged verdict.
  CHECK_FALSE(f.classify(in.version_id, Verdict{}).recorded);
  CHECK_THROWS_AS(f.classify(in.version_id + 100, Verdict{}), hm::store::StoreError);
}

TEST_CASE("replaying a verdict for the same version changes nothing") {
  StoreFixture f;
  auto in = f.ingest(StoreFixture::comment("c1", "a1", "abuse"));
  f.classify(in.version_id, verdict_of({Category::abuse}));
  const auto actions = f.count("actions");
  const auto audit = f.count("audit_log");
  auto again = f.classify(in.version_id, verdict_of({Category::abuse}));
  CHECK(again.verdict_id == 0);
  CHECK_FALSE(again.recorded);
  CHECK(again.action_ids.empty());
  CHECK(f.count("actions") == actions);
  CHECK(f.count("audit_log") == audit);
}

TEST_CASE("an edit flagged again adds no second strike and no duplicate actions") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  auto edited = StoreFixture::comment("c1", "a1", "abuse, edited");
  auto r = f.post(edited, verdict_of({Category::abuse, Category::safeguarding}));
  CHECK_FALSE(r.strike_added);
  REQUIRE(r.action_ids.size() == 1);  // only the new kind: escalate
  CHECK(f.store->action(r.action_ids[0])->kind == ActionKind::escalate);
  CHECK(f.count("strikes") == 1);
}

TEST_CASE("strikes: the third on a channel within 90 days proposes one block") {
  StoreFixture f;
  auto abuse = verdict_of({Category::abuse});
  f.post(StoreFixture::comment("c1", "troll", "a"), abuse, kT0);
  f.post(StoreFixture::comment("c2", "troll", "b"), abuse, days_after(kT0, 10));
  // Same author on another channel: counted separately.
  f.post(StoreFixture::comment("i1", "troll", "b", Platform::instagram), abuse,
         days_after(kT0, 11));
  auto third = f.post(StoreFixture::comment("c3", "troll", "c"), abuse, days_after(kT0, 20));
  REQUIRE(third.action_ids.size() == 3);
  auto block = f.store->action(third.action_ids[2]);
  CHECK(block->kind == ActionKind::block);
  CHECK(block->progress.state == ActionState::proposed);
  CHECK_FALSE(block->progress.manual);
  auto fourth = f.post(StoreFixture::comment("c4", "troll", "d"), abuse, days_after(kT0, 21));
  CHECK(fourth.strike_added);
  CHECK(fourth.action_ids.size() == 2);  // no second block while one is open

  // Once the block is rejected, the next strike may propose another.
  REQUIRE(f.store->transition(block->id, event::Reject{}, "user:head", "give them a chance",
                              days_after(kT0, 22)));
  auto fifth = f.post(StoreFixture::comment("c5", "troll", "e"), abuse, days_after(kT0, 23));
  CHECK(fifth.action_ids.size() == 3);
}

TEST_CASE("strikes: old strikes fall out of the window") {
  StoreFixture f;
  auto spam = verdict_of({Category::spam});
  f.post(StoreFixture::comment("c1", "s", "a"), spam, kT0);
  f.post(StoreFixture::comment("c2", "s", "b"), spam, days_after(kT0, 50));
  auto third = f.post(StoreFixture::comment("c3", "s", "c"), spam, days_after(kT0, 100));
  CHECK(third.action_ids.size() == 2);  // the first strike is 100 days old: only 2 count
}

TEST_CASE("Instagram: the block a repeat offender earns is a manual task") {
  StoreFixture f;
  auto abuse = verdict_of({Category::abuse});
  f.post(StoreFixture::comment("i1", "t", "a", Platform::instagram), abuse);
  f.post(StoreFixture::comment("i2", "t", "b", Platform::instagram), abuse);
  auto r = f.post(StoreFixture::comment("i3", "t", "c", Platform::instagram), abuse);
  auto block = f.store->action(r.action_ids.back());
  CHECK(block->kind == ActionKind::block);
  CHECK(block->progress.manual);
  CHECK_FALSE(block->instructions.empty());
}

TEST_CASE("actions move through their states, each transition persisted with an audit row") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  const auto del_id = r.action_ids[1];
  auto approved = f.store->transition(del_id, event::Approve{}, "user:mod", "agreed", kT0);
  REQUIRE(approved);
  auto due = f.store->due_actions(kT0, 10);
  CHECK(due.size() == 2);  // the auto hide and the approved delete

  auto request = f.store->platform_action(del_id);
  REQUIRE(request);
  CHECK(request->kind == ActionKind::delete_comment);
  CHECK(request->comment_id == "c1");
  CHECK(request->author_id == "a1");
  CHECK(request->channel_id == "jh-facebook");

  auto running = f.store->transition(del_id, event::Start{kT0}, "executor", "calling", kT0);
  REQUIRE(running);
  CHECK(running->progress.attempts == 1);
  CHECK(f.store->platform_action(del_id)->attempt == 1);
  auto done = f.store->transition(del_id, event::AlreadyGone{}, "executor", "404", kT0);
  REQUIRE(done);
  CHECK(done->progress.state == ActionState::done);

  auto s = f.store->connection().prepare(
      "SELECT from_state, to_state, attempt, actor FROM action_transitions WHERE action_id = ? "
      "ORDER BY id");
  s.bind(1, del_id);
  std::vector<std::string> history;
  while (s.step())
    history.push_back(s.text(0) + ">" + s.text(1) + "#" + std::to_string(s.int64(2)) + "@" +
                      s.text(3));
  CHECK(history == std::vector<std::string>{">proposed#0@policy", "proposed>approved#0@user:mod",
                                            "approved>running#1@executor",
                                            "running>done#1@executor"});
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("an illegal transition is refused and writes nothing") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  const auto transitions = f.count("action_transitions");
  const auto audit = f.count("audit_log");
  auto bad = f.store->transition(r.action_ids[1], event::Succeeded{}, "executor", "?", kT0);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("cannot succeeded") != std::string::npos);
  CHECK_FALSE(f.store->transition(999, event::Approve{}, "user:mod", "", kT0));
  CHECK(f.count("action_transitions") == transitions);
  CHECK(f.count("audit_log") == audit);
}

TEST_CASE("a retryable failure is persisted with its backoff and is not due until then") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  const auto hide = r.action_ids[0];
  REQUIRE(f.store->transition(hide, event::Start{kT0}, "executor", "", kT0));
  auto retry =
      f.store->transition(hide, event::FailedRetryable{kT0, 0.0, {}}, "executor", "HTTP 503", kT0);
  REQUIRE(retry);
  CHECK(retry->progress.state == ActionState::approved);
  CHECK(retry->progress.next_attempt_at == kT0 + std::chrono::seconds(15));
  CHECK(f.store->due_actions(kT0, 10).empty());
  CHECK(f.store->due_actions(kT0 + std::chrono::seconds(15), 10).size() == 1);
  CHECK(f.store->action(hide)->progress == retry->progress);
}

TEST_CASE("manual tasks are never due for the executor") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("x1", "a1", "abuse", Platform::x),
                  verdict_of({Category::abuse}));
  auto del = f.store->action(r.action_ids[1]);
  REQUIRE(del->progress.manual);
  REQUIRE(f.store->transition(del->id, event::Approve{}, "user:mod", "", kT0));
  for (const auto& a : f.store->due_actions(kT0, 10)) CHECK(a.id != del->id);
  auto done = f.store->transition(del->id, event::DoneByHand{}, "user:mod", "reported", kT0);
  REQUIRE(done);
  CHECK(done->progress.state == ActionState::done);
}

TEST_CASE("undoing a hide is a new approved unhide action; the hide's history stays") {
  StoreFixture f;
  auto r = f.post(StoreFixture::comment("c1", "a1", "abuse"), verdict_of({Category::abuse}));
  const auto hide = r.action_ids[0];
  CHECK_FALSE(f.store->undo_hide(hide, "user:mod", "not abuse", kT0));  // not done yet
  REQUIRE(f.store->transition(hide, event::Start{kT0}, "executor", "", kT0));
  REQUIRE(f.store->transition(hide, event::Succeeded{}, "executor", "", kT0));
  auto unhide = f.store->undo_hide(hide, "user:mod", "false positive", kT0);
  REQUIRE(unhide);
  CHECK(unhide->kind == ActionKind::unhide);
  CHECK(unhide->progress.state == ActionState::approved);
  CHECK(f.store->action(hide)->progress.state == ActionState::done);
  auto twice = f.store->undo_hide(hide, "user:mod", "again", kT0);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().find("already undone") != std::string::npos);
  CHECK_FALSE(f.store->undo_hide(r.action_ids[1], "user:mod", "", kT0));  // not a hide
}

TEST_CASE("poll cursors are stored per channel") {
  StoreFixture f;
  CHECK_FALSE(f.store->cursor("jh-x"));
  f.store->set_cursor("jh-x", "1800000000000000001", kT0);
  f.store->set_cursor("jh-x", "1800000000000000002", kT0);
  CHECK(f.store->cursor("jh-x") == "1800000000000000002");
}

TEST_CASE("the same SQL prepared while still in use gives an independent statement") {
  StoreFixture f;
  f.ingest(StoreFixture::comment("c1", "a1", "one"));
  f.ingest(StoreFixture::comment("c2", "a2", "two"));
  const std::string sql = "SELECT platform_comment_id FROM comments ORDER BY id";
  auto outer = f.store->connection().prepare(sql);
  REQUIRE(outer.step());
  CHECK(outer.text(0) == "c1");
  {
    auto inner = f.store->connection().prepare(sql);
    REQUIRE(inner.step());
    CHECK(inner.text(0) == "c1");
    REQUIRE(inner.step());
  }
  REQUIRE(outer.step());
  CHECK(outer.text(0) == "c2");
}
