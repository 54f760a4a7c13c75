// The store's repository steps of one poll (ingest, standing, live kinds, record, cursor) run
// inside one caller-held transaction: they land together or not at all.
#include <doctest/doctest.h>

#include <stdexcept>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {
filters::Verdict abusive() {
  filters::Verdict v;
  v.matches.push_back({"abuse.profanity", filters::Category::abuse, 2, 0, 4});
  v.categories.insert(filters::Category::abuse);
  return v;
}
}  // namespace

TEST_CASE("a poll stores comments, verdicts, actions and the cursor in one transaction") {
  StoreFixture f;
  std::vector<Comment> batch{StoreFixture::comment("c1", "a1", "lovely assembly"),
                             StoreFixture::comment("c2", "a2", "f*ck this")};
  int classified = 0;
  auto result = f.poll(
      batch,
      [&](const Comment& c) {
        ++classified;
        return c.text.starts_with("f") ? abusive() : filters::Verdict{};
      },
      "cursor-2");
  CHECK(classified == 2);
  CHECK(result.size() == 2);
  CHECK(f.store->cursor("jh-facebook") == "cursor-2");
  CHECK(f.count("comments") == 2);
  CHECK(f.count("actions") >= 2);  // hide + delete for the abusive one

  // The same comments again (a replay after a crash before the platform saw the cursor): no
  // new rows, nothing classified twice, the cursor still moves.
  classified = 0;
  f.poll(
      batch,
      [&](const Comment&) {
        ++classified;
        return filters::Verdict{};
      },
      "cursor-3");
  CHECK(classified == 0);
  CHECK(f.count("comments") == 2);
  CHECK(f.store->cursor("jh-facebook") == "cursor-3");
}

TEST_CASE("a poll writes nothing when classification fails half-way") {
  StoreFixture f;
  std::vector<Comment> batch{StoreFixture::comment("c1", "a1", "one"),
                             StoreFixture::comment("c2", "a2", "two")};
  int calls = 0;
  CHECK_THROWS_AS(f.poll(
                      batch,
                      [&](const Comment&) -> filters::Verdict {
                        if (++calls == 2) throw std::runtime_error("classifier failed");
                        return abusive();
                      },
                      "cursor-1"),
                  std::runtime_error);
  CHECK(f.count("comments") == 0);
  CHECK(f.count("comment_versions") == 0);
  CHECK(f.count("verdicts") == 0);
  CHECK(f.count("actions") == 0);
  CHECK_FALSE(f.store->cursor("jh-facebook"));
  // The store is still usable afterwards.
  f.poll(
      batch, [&](const Comment&) { return filters::Verdict{}; }, "cursor-1");
  CHECK(f.count("comments") == 2);
}
