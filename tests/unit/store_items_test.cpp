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
  auto clean = f.post(StoreFixture::comment("c3", "c", "lovely day"), Verdict{});
  CHECK(stored_urgency(*f.store, urgent.verdict_id) == "risk_to_life");
  CHECK(stored_urgency(*f.store, normal.verdict_id) == "normal");
  CHECK(stored_urgency(*f.store, clean.verdict_id) == "normal");
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
