// The learned grooming model (learned/grooming-model.txt, filters/learned/concern_model.hpp): the
// pipeline asks it where the grooming families found something short of their threshold
// ([detectors.safeguarding] ask_model_from) or where its own gate lists match, never where a
// rule already found safeguarding; its neutral words weigh nothing. Rules and models are written
// to a temporary folder and loaded the way the daemon loads them; the shipped model is tried on
// grooming written for these tests, in words no family scores, and on everyday comments that
// speak to someone.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
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

// Two families: `lift` weighs 1, `secret` 3; together they reach the threshold of 4.
std::string rules(const std::string& ask = "ask_model_from = 1\n") {
  return "[cues]\n"
         "sg_lift = { patterns = [\"a lift\"] }\n"
         "sg_secret = { patterns = [\"our secret\"] }\n"
         "[detectors.safeguarding]\n"
         "families = { sg_lift = 1, sg_secret = 3 }\n"
         "threshold = 4\n" +
         ask;
}

// A model that weighs "quad bike" (and "girl", unless `neutral` says it weighs nothing), with
// `extra` lines (a gate list).
void write_model(const RulesDir& d, const std::string& extra = {}, bool neutral = false) {
  std::filesystem::create_directories(d.dir / "learned");
  const std::uint32_t quad_bike = ConcernModel::slot("b:quad bike");
  const std::uint32_t girl = ConcernModel::slot("w:girl");
  const std::uint32_t first = std::min(quad_bike, girl), second = std::max(quad_bike, girl);
  std::ofstream(d.dir / "learned" / "grooming-model.txt")
      << "# hallmonitor concern model 1\nflag_at 0.9\n"
      << (neutral ? "neutral girl\n" : "") << extra << "bias -3\n"
      << first << " 8\n"
      << second << " 8\n";
}

const Match* model_match(const Verdict& v) {
  return hm::test::match_of(v, learned::kGroomingRule);
}

}  // namespace

TEST_CASE("the grooming model reads a comment where the families found too little") {
  RulesDir d(rules());
  write_model(d);
  auto loaded = d.load();
  REQUIRE(loaded.pipeline);
  const auto& school = *School::none();
  // A weak family (1 of 4) and the model's words: the model adds the concern, saying why.
  const auto asked = loaded.pipeline->classify("fancy a lift to see my quad bike?", school);
  REQUIRE(model_match(asked));
  CHECK(asked.categories.contains(Category::safeguarding));
  CHECK(model_match(asked)->why.starts_with("the learned grooming model: "));
  CHECK(model_match(asked)->why.find("quad bike") != std::string::npos);
  CHECK_FALSE(loaded.pipeline->description(learned::kGroomingRule).empty());
  // The same words with no family: the model is never asked.
  CHECK(loaded.pipeline->classify("come and see my quad bike", school).clean());
  // A family without the model's words: asked, and not confident.
  CHECK(loaded.pipeline->classify("can anyone give us a lift on Friday?", school).clean());
  // Where the families reach the threshold, the rule speaks and the model adds nothing.
  const auto rule = loaded.pipeline->classify("a lift on my quad bike, our secret", school);
  CHECK(rule.categories.contains(Category::safeguarding));
  CHECK_FALSE(model_match(rule));
}

TEST_CASE("without ask_model_from, or from a higher total, the families alone decide") {
  RulesDir none(rules(""));
  write_model(none);
  auto plain = none.load();
  REQUIRE(plain.pipeline);
  CHECK(plain.pipeline->classify("fancy a lift to see my quad bike?", *School::none()).clean());

  RulesDir two(rules("ask_model_from = 2\n"));
  write_model(two);
  auto higher = two.load();
  REQUIRE(higher.pipeline);
  CHECK(higher.pipeline->classify("fancy a lift to see my quad bike?", *School::none()).clean());
}

TEST_CASE("the model's own gate lists open it without a family; neutral words weigh nothing") {
  RulesDir d(rules());
  d.list("approach.txt", "re:\\bcome\\s+and\\s+see\\b\n");
  write_model(d, "gate lists/approach.txt\n", /*neutral=*/true);
  auto loaded = d.load();
  REQUIRE(loaded.pipeline);
  const auto& school = *School::none();
  CHECK(model_match(loaded.pipeline->classify("come and see my quad bike", school)));
  // "girl" weighs 8 in the file, but the file names it neutral: no feature, no weight.
  CHECK(loaded.pipeline->classify("come and see the girl", school).clean());
  const std::vector<std::string> expected{"b:next door", "w:door", "w:next", "w:the"};
  CHECK(ConcernModel::feature_names("the girl next door", {"girl"}) == expected);
}

TEST_CASE("ask_model_from mistakes are reported with their line") {
  for (const char* bad :
       {"ask_model_from = 4\n", "ask_model_from = 0\n", "ask_model_from = \"one\"\n"}) {
    RulesDir d(rules(bad));
    auto loaded = d.load();
    CHECK_FALSE(loaded.pipeline);
    REQUIRE_FALSE(loaded.problems.empty());
    CHECK_MESSAGE(loaded.problems.front().message.find("ask_model_from") != std::string::npos,
                  loaded.problems.front().message);
    CHECK(loaded.problems.front().line == 7);
  }
  std::vector<Problem> problems;
  CHECK_FALSE(
      ConcernModel::parse("# hallmonitor concern model 1\nflag_at 0.9\nbias 0\n"
                          "neutral Girl!\n",
                          "grooming-model.txt", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().line == 4);
}

TEST_CASE("the shipped grooming model finds grooming in words no family scores enough") {
  // Written for this test, after the model was trained (none of these is a training row).
  hm::test::all_found_by(
      Category::safeguarding, learned::kGroomingRule,
      {"Sophia you have the most beautiful voice, I could get you singing lessons with my friend "
       "for free, add me and we'll chat",
       "Mila you seem so grown up for your age, I'd love to get to know you better, what's your "
       "snap?",
       "Leo you can talk to me about anything, I won't tell a soul, I'm here for you whenever "
       "your parents are out"});
  // Everyday comments that speak to someone open its gate; it stays quiet.
  hm::test::all_clean(
      {"Sophia you have the most beautiful voice, so proud of you darling, love Nanny and Grandad",
       "Jake played brilliantly today, thank you to the coaches for all your hard work",
       "Can you send me the photos from the disco? I missed them on the app",
       "I'll give you a lift to the match if you need one, just message me, I'm going anyway",
       "You're all invited to our open morning on Saturday, come and see the new library",
       "Thank you so much for all you do for our children, you're amazing",
       "Which year are you in? I think our kids are in the same class! (to another mum)"});
}

TEST_CASE("judging counts the features feature_names() gives, neutral words left out") {
  // judge() hashes words as it reads them, without the names: it must count exactly the
  // features the names say (each distinct one once), or the model is not the trainer's.
  const std::set<std::string, std::less<>> neutral{"girl", "mum"};
  for (const char* text : {"Don’t TELL Mum, the GIRL next door's our secret!! café",
                           "girl girl mum", "a lift, a lift, A LIFT; x'y 12 12", "", "\xff\xfe"}) {
    const auto names = ConcernModel::feature_names(text, neutral);
    std::vector<std::uint32_t> slots;
    for (const auto& n : names) slots.push_back(ConcernModel::slot(n));
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    std::string file =
        "# hallmonitor concern model 1\nflag_at 0.99\nneutral girl\nneutral mum\n"
        "bias 0\n";
    for (std::uint32_t s : slots) file += std::to_string(s) + " 0.25\n";
    std::vector<Problem> problems;
    const auto model = ConcernModel::parse(file, "grooming-model.txt", problems);
    REQUIRE(model);
    const double z = 0.25 * double(names.size());
    CHECK_MESSAGE(model->judge(text).probability == doctest::Approx(1 / (1 + std::exp(-z))), text);
  }
}

TEST_CASE("a zero-width character inside a word does not hide it from a learned model") {
  // The rules read the folded form, which drops them; the models read the comment as written,
  // so judge() drops them first, as the trainer does.
  const std::string file = "# hallmonitor concern model 1\nflag_at 0.9\nbias -3\n" +
                           std::to_string(ConcernModel::slot("w:secret")) + " 8\n";
  std::vector<Problem> problems;
  const auto model = ConcernModel::parse(file, "grooming-model.txt", problems);
  REQUIRE(model);
  const double plain = model->judge("our secret").probability;
  CHECK(plain > 0.9);
  for (const char* hidden :
       {"our sec\u200bret", "our s\u00adecret", "our \ufeffsecret\u2060", "our se\u200c\u200dcret"})
    CHECK_MESSAGE(model->judge(hidden).probability == doctest::Approx(plain), hidden);
  // Invalid UTF-8 beside them is read as before, never past the end.
  CHECK(model->judge("our sec\u200bret \xe2\x80").probability == doctest::Approx(plain));
}
