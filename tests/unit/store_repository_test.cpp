// The store as a repository: the steps the daemon's ingest function composes, enum text parsed
// strictly in one place, and SQL state lists from the one definition.
#include <doctest/doctest.h>

#include "store/store_rows.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionKind;
using moderation::ActionState;

TEST_CASE("author standing and live action kinds, as the plan needs them") {
  StoreFixture f;
  auto first = f.post(StoreFixture::comment("c1", "troll", "one"), verdict_of({Category::abuse}));
  const auto c1 = f.ingest(StoreFixture::comment("c1", "troll", "one")).comment_id;
  CHECK(f.store->live_action_kinds(c1) ==
        std::set<ActionKind>{ActionKind::hide, ActionKind::delete_comment});
  auto standing = f.store->author_standing(c1, kT0 - std::chrono::hours(1));
  CHECK(standing.strikes_in_window == 1);
  CHECK(standing.comment_has_strike);
  CHECK_FALSE(standing.block_open);
  // A strike outside the window does not count.
  CHECK(f.store->author_standing(c1, kT0 + std::chrono::hours(1)).strikes_in_window == 0);

  // A rejected proposal is no longer live, and an undone hide is not either.
  const auto del = first.action_ids.at(1);
  REQUIRE(f.store->transition(del, moderation::event::Reject{}, "head", "no", kT0));
  CHECK(f.store->live_action_kinds(c1) == std::set<ActionKind>{ActionKind::hide});
}

TEST_CASE("comments without an author (Facebook without `from`) share no standing") {
  StoreFixture f;
  auto first = f.post(StoreFixture::comment("c1", "", "one"), verdict_of({Category::abuse}));
  auto second = f.post(StoreFixture::comment("c2", "", "two"), verdict_of({Category::abuse}));
  CHECK_FALSE(first.strike_added);
  CHECK_FALSE(second.strike_added);
  const auto c2 = f.ingest(StoreFixture::comment("c2", "", "two")).comment_id;
  auto standing = f.store->author_standing(c2, kT0 - std::chrono::hours(1));
  CHECK(standing.author_unknown);
  CHECK(standing.strikes_in_window == 0);
  CHECK_FALSE(f.store
                  ->author_standing(f.ingest(StoreFixture::comment("c3", "7001", "x")).comment_id,
                                    kT0 - std::chrono::hours(1))
                  .author_unknown);
}

TEST_CASE("an edit flagged again is recorded without a second hide, strike or alert") {
  StoreFixture f;
  auto first =
      f.post(StoreFixture::comment("c1", "a", "one"), verdict_of({Category::safeguarding}));
  CHECK(first.alert_queued);
  CHECK(first.strike_added);
  auto again =
      f.post(StoreFixture::comment("c1", "a", "one, edited"), verdict_of({Category::safeguarding}));
  CHECK(again.verdict_id != 0);
  CHECK(again.action_ids.empty());
  CHECK_FALSE(again.strike_added);
  CHECK_FALSE(again.alert_queued);
  CHECK(f.count("safeguarding_alerts") == 1);
}

TEST_CASE("unknown enum text in the database is an error, never a default") {
  StoreFixture f;
  auto recorded = f.post(StoreFixture::comment("c1", "a", "one"), verdict_of({Category::abuse}));
  const auto id = recorded.action_ids.at(0);
  // A foreign or damaged database: the schema's CHECK is bypassed on purpose here.
  f.store->connection().exec("PRAGMA ignore_check_constraints = ON");
  f.store->connection().prepare("UPDATE actions SET kind = 'smite' WHERE id = ?").bind(1, id).run();
  CHECK_THROWS_AS(f.store->action(id), store::StoreError);
  CHECK_THROWS_AS(f.store->platform_action(id), store::StoreError);
  f.store->connection()
      .prepare("UPDATE channels SET platform = 'myspace' WHERE id = 'jh-facebook'")
      .run();
  const auto version = f.ingest(StoreFixture::comment("c1", "a", "one")).version_id;
  CHECK_THROWS_AS(f.store->version_owner(version), store::StoreError);
}

TEST_CASE("SQL state lists come from the one definition, and match the schema's CHECK") {
  using store::detail::sql_states;
  CHECK(store::detail::sql_terminal_states() == "'done', 'failed', 'rejected'");
  CHECK(store::detail::sql_given_up_states() == "'failed', 'rejected'");
  StoreFixture f;
  auto s = f.store->connection().prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'actions'");
  REQUIRE(s.step());
  const std::string schema = s.text(0);
  CHECK(schema.find("CHECK (state IN (" + sql_states([](ActionState) { return true; }) + "))") !=
        std::string::npos);
}
