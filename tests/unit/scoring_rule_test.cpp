// The scoring rule type: weighted cue families, a threshold, and a verdict that says which cues
// added up. Rules are written to a temporary folder and loaded the way the daemon loads them.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/rules_dir.hpp"

using namespace hm::filters;

namespace {

using hm::test::RulesDir;

constexpr const char* kCues = R"(
[cues]
moan = { patterns = ["rubbish", "useless", "pathetic"] }
person = { patterns = ["teacher", "head", "man", "woman"] }
you = { patterns = ["you", "you're"] }
kind = { patterns = ["but thank you", "really trying"] }
)";

std::string rule(const std::string& body) {
  return std::string(kCues) +
         "\n[[rule]]\nid = \"abuse.scored\"\ncategory = \"abuse\"\nseverity = 2\n"
         "description = \"Moans about someone\"\n" +
         body;
}

}  // namespace

TEST_CASE("a scoring rule fires when the weights of the cues present reach the threshold") {
  RulesDir d(rule("score = { moan = 2, person = 1, you = 1 }\nthreshold = 3\n"));
  auto loaded = d.load();
  REQUIRE(loaded.problems.empty());
  const School& none = *School::none();

  auto below = loaded.pipeline->classify("that was rubbish", none);  // moan 2 < 3
  CHECK(below.clean());

  std::string text = "what a useless man";
  auto v = loaded.pipeline->classify(text, none);
  REQUIRE(v.matches.size() == 1);
  CHECK(v.matches[0].rule == "abuse.scored");
  CHECK(v.categories.contains(Category::abuse));
  // The admin reads why: the cues, their weights, the total and the threshold.
  CHECK(v.matches[0].why == "moan 2 + person 1 = 3 (threshold 3)");
  // The span runs from the first to the last contributing cue.
  CHECK(text.substr(v.matches[0].start, v.matches[0].end - v.matches[0].start) == "useless man");
}

TEST_CASE("a negative weight speaks against the concern and shows in the explanation") {
  RulesDir d(rule("score = { moan = 2, person = 1, kind = -2 }\nthreshold = 3\n"));
  auto loaded = d.load();
  REQUIRE(loaded.problems.empty());
  const School& none = *School::none();
  CHECK_FALSE(loaded.pipeline->classify("the head is useless but thank you", none)
                  .categories.contains(Category::abuse));
  auto v = loaded.pipeline->classify("the head is useless", none);
  REQUIRE(v.matches.size() == 1);
  CHECK(v.matches[0].why == "moan 2 + person 1 = 3 (threshold 3)");
}

TEST_CASE("'unless' silences a scoring rule; an urgency is carried into the verdict") {
  RulesDir d(
      rule("score = { moan = 2, person = 1 }\nthreshold = 3\nunless = [\"kind\"]\n"
           "urgency = \"risk_to_life\"\n"));
  auto loaded = d.load();
  REQUIRE(loaded.problems.empty());
  const School& none = *School::none();
  CHECK(loaded.pipeline->classify("useless teacher, really trying though", none).clean());
  auto v = loaded.pipeline->classify("useless teacher", none);
  CHECK(v.urgency == Urgency::risk_to_life);
  CHECK(loaded.pipeline->classify("rubbish", none).urgency == Urgency::normal);
}

TEST_CASE("scoring rule mistakes are reported with their line") {
  auto problems_of = [](const std::string& body) {
    RulesDir d(rule(body));
    auto loaded = d.load();
    CHECK_FALSE(loaded.pipeline);
    std::string all;
    for (auto& p : loaded.problems) all += p.str() + "\n";
    return all;
  };
  CHECK(problems_of("score = { moan = 2, nosuch = 1 }\nthreshold = 2\n")
            .find("unknown cue 'nosuch'") != std::string::npos);
  CHECK(problems_of("score = { moan = 2 }\nthreshold = 5\n").find("can never be reached") !=
        std::string::npos);
  CHECK(problems_of("score = { moan = 2 }\n").find("'threshold' must be") != std::string::npos);
  CHECK(problems_of("score = { moan = 0 }\nthreshold = 1\n").find("not 0") != std::string::npos);
  CHECK(problems_of("score = { moan = 2 }\nthreshold = 2\nlist = \"x.txt\"\n")
            .find("takes cues, not a list") != std::string::npos);
  CHECK(problems_of("patterns = [\"x\"]\nthreshold = 2\n").find("only applies to scoring") !=
        std::string::npos);
  CHECK(problems_of("patterns = [\"x\"]\nurgency = \"soon\"\n").find("urgency must be") !=
        std::string::npos);
}

TEST_CASE("a gated cue is looked for only beside its gate, and counts the same there") {
  const std::string cues = R"(
[cues]
harm = { patterns = ["bruises"] }
child = { patterns = ["my son", "my daughter"], gate = "harm" }
worry = { patterns = ["worried"], gate = "harm" }
)";
  const std::string body =
      "\n[[rule]]\nid = \"safeguarding.scored\"\ncategory = \"safeguarding\"\nseverity = 3\n"
      "description = \"A worry about a child\"\n"
      "score = { harm = 2, child = 1, worry = 1 }\nthreshold = 3\n";
  RulesDir d(cues + body);
  auto loaded = d.load();
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  const School& none = *School::none();
  auto v = loaded.pipeline->classify("I'm worried, my son has bruises again", none);
  REQUIRE(v.matches.size() == 1);
  CHECK(v.matches[0].why == "child 1 + harm 2 + worry 1 = 4 (threshold 3)");
  CHECK(loaded.pipeline->classify("I'm worried about my son's spelling", none).clean());
  CHECK(loaded.pipeline->classify("bruises on the apples", none).clean());  // 2 < 3

  // A gate must be a cue looked for everywhere: not unknown, not itself gated.
  RulesDir unknown("[cues]\nchild = { patterns = [\"my son\"], gate = \"nosuch\" }\n");
  auto u = unknown.load();
  std::string all;
  for (auto& p : u.problems) all += p.str() + "\n";
  CHECK(all.find("unknown cue 'nosuch'") != std::string::npos);
  RulesDir chained(
      "[cues]\nharm = { patterns = [\"bruises\"] }\n"
      "child = { patterns = [\"my son\"], gate = \"harm\" }\n"
      "worry = { patterns = [\"worried\"], gate = \"child\" }\n");
  auto c = chained.load();
  all.clear();
  for (auto& p : c.problems) all += p.str() + "\n";
  CHECK(all.find("gate 'child' is itself a gated cue") != std::string::npos);
}
