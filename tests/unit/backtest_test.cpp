// moderation/backtest.hpp: the arithmetic of judging stored comments again (issue 16).
#include <doctest/doctest.h>

#include "filters/learned/model_rules.hpp"
#include "moderation/backtest.hpp"
#include "moderation/policy.hpp"

using namespace hm::moderation;
using hm::filters::Category;

namespace {

Verdict verdict_with(std::initializer_list<std::pair<const char*, Category>> matches) {
  Verdict v;
  for (const auto& [rule, category] : matches) {
    v.matches.push_back({rule, category, 2, 0, 1});
    v.categories.insert(category);
  }
  return v;
}

CategorySet set_of(std::initializer_list<Category> cs) {
  CategorySet s;
  for (auto c : cs) s.insert(c);
  return s;
}

}  // namespace

TEST_CASE("backtest tally: newly hidden, newly shown, changed, and hits per rule") {
  const auto policy = default_policy("Please contact the office.");
  BacktestTally t;
  // Clean before, abuse now: newly hidden.
  CHECK(t.add(policy, {}, {}, verdict_with({{"abuse.profanity", Category::abuse}})));
  // Spam before, clean now: newly shown.
  CHECK(t.add(policy, set_of({Category::spam}), {"spam.links"}, Verdict{}));
  // Hidden before and after, by another rule: outcome unchanged, categories changed.
  CHECK_FALSE(t.add(policy, set_of({Category::spam}), {"spam.links", "spam.links"},
                    verdict_with({{"abuse.profanity", Category::abuse}})));
  // A complaint is replied to, not hidden: gaining one hides nothing.
  CHECK_FALSE(t.add(policy, {}, {}, verdict_with({{"complaint.staff", Category::complaint}})));
  CHECK(t.comments == 4);
  CHECK(t.newly_hidden == 1);
  CHECK(t.newly_shown == 1);
  CHECK(t.changed == 4);
  CHECK(t.rules.at("abuse.profanity").before == 0);
  CHECK(t.rules.at("abuse.profanity").after == 2);
  CHECK(t.rules.at("spam.links").before == 2);  // counted once per comment
  CHECK(t.rules.at("spam.links").after == 0);
}

TEST_CASE("backtest tally: the learned model's review band alone hides nothing, before or after") {
  const auto policy = default_policy("Please contact the office.");
  const std::string review(hm::filters::learned::kModelReviewRule);
  CHECK_FALSE(verdict_hides(policy, set_of({Category::spam}), {review}));
  CHECK(verdict_hides(policy, set_of({Category::spam}), {review, "spam.links"}));
  BacktestTally t;
  // Stored as a review-band verdict (not hidden); the candidate's rule hides it: newly hidden.
  CHECK(t.add(policy, set_of({Category::spam}), {review},
              verdict_with({{"spam.links", Category::spam}})));
  // Clean before; the candidate's model only asks for a look: no change in what is hidden.
  CHECK_FALSE(t.add(policy, {}, {}, verdict_with({{review.c_str(), Category::spam}})));
  CHECK(t.newly_hidden == 1);
  CHECK(t.newly_shown == 0);
}

TEST_CASE("backtest tally: the rules the candidate moves most come first") {
  const auto policy = default_policy("Please contact the office.");
  BacktestTally t;
  t.add(policy, set_of({Category::abuse}), {"abuse.a"},
        verdict_with({{"abuse.a", Category::abuse}}));  // unchanged: 1 -> 1
  for (int i = 0; i < 2; ++i)
    t.add(policy, {}, {}, verdict_with({{"abuse.z", Category::abuse}}));  // 0 -> 2
  t.add(policy, set_of({Category::spam}), {"spam.m"}, Verdict{});         // 1 -> 0
  const auto rows = t.rules_changed_first();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].first == "abuse.z");
  CHECK(rows[1].first == "spam.m");
  CHECK(rows[2].first == "abuse.a");
}
