// The learned advert model (learned/advert-model.txt, filters/learned/concern_model.hpp): the
// pipeline asks it where no rule found commercial or spam and its gate lists (someone selling, a
// way to buy) match, unless one of its `quiet` lists does (the school's fundraising, parents
// organising); its flag is commercial, severity 1, with the words that weighed most. Rules and
// model are written to a temporary folder and loaded the way the daemon loads them; the shipped
// model is tried on adverts the rules miss and on everyday comments that open its gate.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "filters/learned/concern_model.hpp"
#include "filters/pipeline.hpp"
#include "support/match_of.hpp"
#include "support/rules_dir.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;
using learned::ConcernModel;

namespace {

using hm::test::RulesDir;

// One rule that finds "buy now" as spam; the model's gate is "pm me", its quiet list "raffle".
const char* kRules =
    "[[rule]]\n"
    "id = \"spam.buy-now\"\n"
    "description = \"Says buy now\"\n"
    "category = \"spam\"\n"
    "severity = 1\n"
    "patterns = [\"buy now\"]\n";

// A model that weighs "dog grooming" enough to flag on its own.
void write_model(const RulesDir& d, const std::string& lists) {
  std::filesystem::create_directories(d.dir / "learned");
  std::ofstream(d.dir / "learned" / "advert-model.txt")
      << "# hallmonitor concern model 1\nflag_at 0.7\n"
      << lists << "bias -3\n"
      << ConcernModel::slot("b:dog grooming") << " 8\n";
}

const Match* advert_match(const Verdict& v) {
  return hm::test::match_of(v, learned::kAdvertRule);
}

}  // namespace

TEST_CASE("the advert model adds commercial where its gate opens and no rule found an advert") {
  RulesDir d(kRules);
  d.list("contact.txt", "pm me\n").list("not-advert.txt", "raffle\n");
  write_model(d, "gate lists/contact.txt\nquiet lists/not-advert.txt\n");
  auto loaded = d.load();
  REQUIRE(loaded.pipeline);
  const auto& school = *School::none();

  const auto advert = loaded.pipeline->classify("Dog grooming at home, pm me", school);
  REQUIRE(advert_match(advert));
  CHECK(advert.categories.contains(Category::commercial));
  CHECK_FALSE(advert.categories.contains(Category::spam));
  CHECK(advert_match(advert)->severity == 1);
  CHECK(advert_match(advert)->why.starts_with("the learned advert model: "));
  CHECK(advert_match(advert)->why.find("dog grooming") != std::string::npos);
  CHECK_FALSE(loaded.pipeline->description(learned::kAdvertRule).empty());

  // Its words without the gate: never asked.
  CHECK(loaded.pipeline->classify("Dog grooming at home", school).clean());
  // The gate without its words: asked, not confident.
  CHECK(loaded.pipeline->classify("Lost a glove, pm me", school).clean());
  // A quiet word keeps it from speaking, whatever the rest weighs.
  CHECK(loaded.pipeline->classify("Dog grooming voucher in the raffle, pm me", school).clean());
  // A rule already found spam: the model adds nothing.
  const auto spam = loaded.pipeline->classify("Dog grooming, buy now, pm me", school);
  CHECK(spam.categories.contains(Category::spam));
  CHECK_FALSE(advert_match(spam));
}

TEST_CASE("a quiet list that is missing or names a path outside the folder is a problem") {
  RulesDir missing(kRules);
  missing.list("contact.txt", "pm me\n");
  write_model(missing, "gate lists/contact.txt\nquiet lists/nowhere.txt\n");
  auto loaded = missing.load();
  CHECK_FALSE(loaded.pipeline);
  REQUIRE_FALSE(loaded.problems.empty());
  CHECK_MESSAGE(loaded.problems.front().str().find("nowhere.txt") != std::string::npos,
                loaded.problems.front().str());

  std::vector<Problem> problems;
  CHECK_FALSE(
      ConcernModel::parse("# hallmonitor concern model 1\nflag_at 0.7\nbias 0\n"
                          "quiet ../etc/passwd\n",
                          "advert-model.txt", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().line == 4);
  CHECK(problems.front().message.find("quiet") != std::string::npos);
}

TEST_CASE("the shipped advert model finds adverts the rules miss, and keeps everyday offers") {
  // From a set of adverts written before the model was built (none is a training row), those
  // no rule finds and the model does.
  hm::test::all_found_by(
      Category::commercial, learned::kAdvertRule,
      {"Local handyman, no job too small, flat pack, shelves, leaky taps, call Dave",
       "Maths and English tuition for KS2 and 11+, qualified teacher, online or face to face",
       "Forest school birthday parties, we bring everything, get in touch for dates"});
  // Everyday comments with the words of its gate: it stays quiet.
  hm::test::all_clean(
      {"The cards the children designed are perfect for Christmas, I've ordered three packs",
       "Lost a blue coat at the disco, please message me if your child picked it up by mistake",
       "Please get in touch with the office if your child has a nut allergy",
       "Tickets for the nativity are on the school website, first come first served",
       "Happy to help with the fete again this year, give me a shout Mrs Jones",
       "Can we book a slot for parents evening online yet?",
       "Is anyone free this week to help put the stage up? Give me a shout"});
}
