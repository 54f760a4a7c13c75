// How the rule book keeps its main matcher small without changing what matches: patterns with
// long gaps run only where a literal they need occurred, and a list loaded by two rules is
// matched once for both. Rules are written to a temporary folder and loaded as the daemon does.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/temp_dir.hpp"

using namespace hm::filters;
using hm::test::TempDir;

namespace {

std::vector<std::string> rules_of(const Verdict& v) {
  std::vector<std::string> out;
  for (const auto& m : v.matches) out.push_back(m.rule);
  return out;
}

}  // namespace

TEST_CASE("a pattern with a long gap matches where its literal occurs, and only there") {
  TempDir d("wide");
  d.write("rules.toml", R"(
[[rule]]
id = "commercial.sale"
category = "commercial"
patterns = ['re:\bfor sale\b.{0,40}\b(dm|pm) me\b', 're:\b(cheap|used)\s+(?:\w+\s+){0,3}bikes?\b',
            're:\bvote\s+for\s+us\b[^.\n]{0,40}\bcafe\b']
description = "Sells something"

[[rule]]
id = "abuse.word"
category = "abuse"
patterns = ["numpty"]
description = "Insults someone"
)");
  auto loaded = Pipeline::load(d.path());
  REQUIRE(loaded.problems.empty());
  const School& none = *School::none();
  std::string text = "Bike for sale, barely used, dm me";
  auto v = loaded.pipeline->classify(text, none);
  REQUIRE(v.matches.size() == 1);
  CHECK(v.matches[0].rule == "commercial.sale");
  CHECK(text.substr(v.matches[0].start, v.matches[0].end - v.matches[0].start) ==
        "for sale, barely used, dm me");
  CHECK(rules_of(loaded.pipeline->classify("cheap kids mountain bikes here", none)) ==
        std::vector<std::string>{"commercial.sale"});
  // A gap over a class of characters ("[^.\n]{0,40}") is long too, and matches the same.
  CHECK(rules_of(loaded.pipeline->classify("Vote for us, the best little cafe in town", none)) ==
        std::vector<std::string>{"commercial.sale"});
  CHECK(loaded.pipeline->classify("Vote for us. The cafe is open", none).clean());
  // The literal alone, or the ending alone, is not the pattern.
  CHECK(loaded.pipeline->classify("is the hall for sale?", none).clean());
  CHECK(loaded.pipeline->classify("dm me the dates", none).clean());
  // Other rules are untouched, with or without the literal present.
  CHECK(rules_of(loaded.pipeline->classify("for sale, you numpty", none)) ==
        std::vector<std::string>{"abuse.word"});
}

TEST_CASE("a wide pattern with a syntax error is reported at its line") {
  TempDir d("wide");
  d.write(
      "rules.toml",
      "[[rule]]\nid = \"spam.x\"\ncategory = \"spam\"\npatterns = ['re:\\bwin\\b.{0,30}(cash']\n"
      "description = \"Spam\"\n");
  auto loaded = Pipeline::load(d.path());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].line == 4);
  CHECK(loaded.problems[0].message.find("bad pattern") != std::string::npos);
}

TEST_CASE("one list loaded by two rules matches for both") {
  TempDir d("wide");
  d.write("rules.toml", R"(
[cues]
threat = "lists/threats.txt"
place = { patterns = ["school"] }

[[rule]]
id = "abuse.threat"
category = "abuse"
list = "lists/threats.txt"
description = "Threatens violence"

[[rule]]
id = "safeguarding.threat"
category = "safeguarding"
severity = 3
list = "lists/threats.txt"
description = "Threatens violence"

[[rule]]
id = "safeguarding.threat-near-school"
category = "safeguarding"
near = ["threat", "place"]
within = 5
description = "Threatens the school"
)");
  d.write("lists/threats.txt", "burn it down\nre:\\bbring\\b.{0,20}\\bknife\\b\n");
  auto loaded = Pipeline::load(d.path());
  REQUIRE(loaded.problems.empty());
  const School& none = *School::none();
  auto v = loaded.pipeline->classify("I will burn it down, the whole school", none);
  CHECK(rules_of(v) == std::vector<std::string>{"abuse.threat", "safeguarding.threat",
                                                "safeguarding.threat-near-school"});
  auto w = loaded.pipeline->classify("gonna bring a big knife", none);
  CHECK(rules_of(w) == std::vector<std::string>{"abuse.threat", "safeguarding.threat"});
}

TEST_CASE("a reloaded rule book never takes the answer cached for the one before it") {
  // Each thread caches which wide patterns a set of found literals lets through. In both books
  // "for sale" is literal 0 (the first book's only one; the second book's other wide pattern
  // has no literal of four letters), but the pattern needing it is wide pattern 0 in the first
  // and 1 in the second: an answer carried over would run the wrong pattern.
  auto load = [](const char* name, const char* patterns) {
    TempDir d(name);
    d.write("rules.toml", std::string("[[rule]]\nid = \"commercial.sale\"\ncategory = "
                                      "\"commercial\"\ndescription = \"Sells something\"\n") +
                              "patterns = [" + patterns + "]\n");
    auto loaded = Pipeline::load(d.path());
    REQUIRE(loaded.problems.empty());
    return loaded.pipeline;
  };
  auto bikes = load("wide-a", R"('re:\bfor sale\b.{0,40}\b(?:bmx|pc)\b')");
  auto vans = load("wide-b", R"('re:\b(?:tv|pc)\b.{0,20}\b(?:tv|pc)\b', )"
                             R"('re:\bfor sale\b.{0,40}\b(?:car|van)\b')");
  const School& none = *School::none();
  for (int round = 0; round < 3; ++round) {
    CHECK_FALSE(bikes->classify("for sale: a bmx", none).clean());
    CHECK_FALSE(vans->classify("for sale: a van", none).clean());
    CHECK(vans->classify("for sale: a bmx", none).clean());
    CHECK(bikes->classify("for sale: a van", none).clean());
  }
}
