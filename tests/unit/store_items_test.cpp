// The store's side of issue 12's items: the verdict's urgency, one review per flagged comment,
// and the change counter the live pages poll.
#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

std::string stored_urgency(store::Store& s, std::int64_t verdict_id) {
  auto q = s.connection().prepare("SELECT urgency FROM verdicts WHERE id = ?");
  q.bind(1, verdict_id);
  REQUIRE(q.step());
  return q.text(0);
}

std::int64_t changes(store::Store& s) {
  auto q = s.connection().prepare("SELECT count FROM item_changes");
  REQUIRE(q.step());
  return q.int64(0);
}

}  // namespace

TEST_CASE("the verdict's urgency is stored with it") {
  StoreFixture f;
  Verdict risk = verdict_of({Category::safeguarding});
  risk.urgency = filters::Urgency::risk_to_life;
  auto urgent = f.post(StoreFixture::comment("c1", "a", "I will end it tonight"), risk);
  auto normal =
      f.post(StoreFixture::comment("c2", "b", "you idiot"), verdict_of({Category::abuse}));
  CHECK(stored_urgency(*f.store, urgent.verdict_id) == "risk_to_life");
  CHECK(stored_urgency(*f.store, normal.verdict_id) == "normal");
}

TEST_CASE("a flagged comment opens one review; a clean one none; changes are counted") {
  StoreFixture f;
  const auto before = changes(*f.store);
  f.post(StoreFixture::comment("c1", "a", "you idiot"), verdict_of({Category::abuse}));
  f.post(StoreFixture::comment("c2", "b", "lovely day"), Verdict{});
  CHECK(f.count("reviews") == 1);
  auto q = f.store->connection().prepare(
      "SELECT r.state, r.outcome IS NULL FROM reviews r JOIN comments c ON c.id = r.comment_id "
      "WHERE c.platform_comment_id = 'c1'");
  REQUIRE(q.step());
  CHECK(q.text(0) == "open");
  CHECK(q.int64(1) == 1);
  CHECK(changes(*f.store) > before);
}

namespace {

const moderation::ItemRoles kModerator{true, false};
constexpr auto kWindow = std::chrono::seconds(30);

moderation::ItemRequest asked(moderation::ItemDecision d) {
  return {d, "", std::nullopt};
}

std::int64_t audit_rows(store::Store& s, std::string_view event) {
  auto q = s.connection().prepare("SELECT COUNT(*) FROM audit_log WHERE event = ?");
  q.bind(1, event);
  q.step();
  return q.int64(0);
}

}  // namespace

TEST_CASE("an item reads its actions, review and strike; a clean comment is no item") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a", "you idiot"), verdict_of({Category::abuse}));
  const auto id = f.ingest(StoreFixture::comment("c1", "a", "you idiot")).comment_id;
  auto item = f.store->item(id);
  REQUIRE(item);
  CHECK(item->school_id == "jh");
  CHECK(item->facts.has_strike);
  CHECK(item->facts.review.open);
  CHECK(item->facts.actions.size() == 2);  // hide, proposed deletion
  CHECK_FALSE(item->urgent);
  f.post(StoreFixture::comment("c2", "b", "lovely"), Verdict{});
  const auto clean = f.ingest(StoreFixture::comment("c2", "b", "lovely")).comment_id;
  CHECK_FALSE(f.store->item(clean));
  store::ItemSelection open;
  CHECK(f.store->items(open).size() == 1);
  open.schools = std::set<std::string>{"elsewhere"};
  CHECK(f.store->items(open).empty());
}

TEST_CASE("a decision is applied in one transaction, audit-logged with the actor") {
  StoreFixture f;
  auto recorded =
      f.post(StoreFixture::comment("c1", "a", "you idiot"), verdict_of({Category::abuse}));
  const auto hide = recorded.action_ids.at(0);
  REQUIRE(f.store->transition(hide, moderation::event::Start{kT0}, "executor", "", kT0));
  REQUIRE(f.store->transition(hide, moderation::event::Succeeded{}, "executor", "", kT0));
  const auto id = f.ingest(StoreFixture::comment("c1", "a", "you idiot")).comment_id;
  const auto before = changes(*f.store);
  // A preview changes nothing.
  auto preview = f.store->decide_item(id, kModerator, asked(moderation::ItemDecision::show_again),
                                      "user:head", kT0, kWindow, false);
  REQUIRE(preview);
  CHECK(changes(*f.store) == before);
  CHECK(f.count("strikes") == 1);

  auto shown = f.store->decide_item(id, kModerator, asked(moderation::ItemDecision::show_again),
                                    "user:head", kT0, kWindow);
  REQUIRE(shown);
  CHECK(f.count("strikes") == 0);
  auto item = f.store->item(id);
  REQUIRE(item);
  CHECK_FALSE(item->facts.review.open);
  CHECK(item->facts.review.outcome == moderation::ItemOutcome::shown_again);
  CHECK(item->decided_by == "user:head");
  REQUIRE(item->facts.actions.size() == 3);
  CHECK(item->facts.actions[1].progress.state == moderation::ActionState::rejected);
  CHECK(item->facts.actions[2].kind == moderation::ActionKind::unhide);
  CHECK(audit_rows(*f.store, "item.decided") == 1);
  CHECK(audit_rows(*f.store, "author.strike_withdrawn") == 1);
  CHECK(changes(*f.store) > before);
  CHECK(f.store->verify_audit().ok);

  auto again = f.store->decide_item(id, kModerator, asked(moderation::ItemDecision::show_again),
                                    "user:head", kT0, kWindow);
  REQUIRE_FALSE(again);
  CHECK(again.error().status == 409);
  CHECK(f.store
            ->decide_item(999, kModerator, asked(moderation::ItemDecision::keep_hidden),
                          "user:head", kT0, kWindow)
            .error()
            .status == 404);
}

TEST_CASE("a deletion decided waits out the undo window before the executor sees it") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a", "you idiot"), verdict_of({Category::abuse}));
  const auto id = f.ingest(StoreFixture::comment("c1", "a", "you idiot")).comment_id;
  auto del = f.store->decide_item(id, kModerator, asked(moderation::ItemDecision::delete_comment),
                                  "user:head", kT0, kWindow);
  REQUIRE(del);
  CHECK(del->undo_until == kT0 + kWindow);
  auto due = [&](Time at) {
    int n = 0;
    for (const auto& a : f.store->due_actions(at, 10))
      n += a.kind == moderation::ActionKind::delete_comment;
    return n;
  };
  CHECK(due(kT0 + kWindow - std::chrono::seconds(1)) == 0);
  CHECK(due(kT0 + kWindow) == 1);
  auto undone = f.store->decide_item(id, kModerator, asked(moderation::ItemDecision::undo_delete),
                                     "user:head", kT0 + std::chrono::seconds(5), kWindow);
  REQUIRE(undone);
  CHECK(due(kT0 + kWindow) == 0);
  CHECK(f.store->item(id)->facts.review.open);
}

TEST_CASE("the SQL that selects items with needs agrees with moderation::item_needs") {
  StoreFixture f;
  using moderation::ItemDecision;
  namespace event = moderation::event;
  auto post = [&](const std::string& id, std::initializer_list<Category> c) {
    auto r = f.post(StoreFixture::comment(id, "author-" + id, "text " + id), verdict_of(c));
    for (auto a : r.action_ids)
      if (f.store->action(a)->kind == moderation::ActionKind::hide) {
        REQUIRE(f.store->transition(a, event::Start{kT0}, "executor", "", kT0));
        REQUIRE(f.store->transition(a, event::Succeeded{}, "executor", "", kT0));
      }
    return f.store->action(r.action_ids.at(0))->comment_id;
  };
  const auto abuse = post("c1", {Category::abuse});
  const auto concern = post("c2", {Category::safeguarding});
  const auto complaint = post("c3", {Category::complaint});
  const auto kept = post("c4", {Category::abuse});
  const auto failed = post("c5", {Category::spam});
  (void)abuse;
  (void)concern;
  (void)complaint;
  REQUIRE(f.store->decide_item(kept, kModerator, asked(ItemDecision::keep_hidden), "user:m", kT0,
                               kWindow));
  REQUIRE(f.store->decide_item(failed, kModerator, asked(ItemDecision::delete_comment), "user:m",
                               kT0, kWindow));
  const Time later = kT0 + std::chrono::minutes(1);
  for (const auto& a : f.store->actions_for_comment(failed))
    if (a.kind == moderation::ActionKind::delete_comment) {
      REQUIRE(f.store->transition(a.id, event::Start{later}, "executor", "", later));
      REQUIRE(f.store->transition(a.id, event::FailedPermanent{}, "executor", "no", later));
    }
  std::set<std::int64_t> by_sql, by_cpp, handled_sql, handled_cpp;
  store::ItemSelection sel;
  sel.scope = store::ItemSelection::Scope::needs;
  for (const auto& r : f.store->items(sel)) by_sql.insert(r.comment_id);
  sel.scope = store::ItemSelection::Scope::handled;
  for (const auto& r : f.store->items(sel)) handled_sql.insert(r.comment_id);
  CHECK(f.store->count_items(sel) == std::int64_t(handled_sql.size()));
  auto all = f.store->connection().prepare("SELECT comment_id FROM reviews");
  while (all.step()) {
    auto item = f.store->item(all.int64(0));
    REQUIRE(item);
    const bool needs = !moderation::item_needs(item->facts).empty();
    if (needs) by_cpp.insert(item->comment_id);
    if (!needs && item->facts.review.open) handled_cpp.insert(item->comment_id);
  }
  CHECK(by_sql == by_cpp);
  // Each need, one by one, as the needs view sorts and the summary counts them.
  const auto index = f.store->needs_index({});
  CHECK(index.size() == by_cpp.size());
  for (const auto& row : index) {
    CAPTURE(row.comment_id);
    CHECK(row.needs == moderation::item_needs(f.store->item(row.comment_id)->facts));
  }
  CHECK(handled_sql == handled_cpp);
  CHECK(by_cpp.contains(failed));
  CHECK_FALSE(by_cpp.contains(kept));
}
