// [define] families in patterns: a list's words as one alternation that `re:` entries use as
// {{name}}, from one file or several, with `re:` entries for a grid of words ("gay teachers",
// "disabled parents") that would be hundreds of plain terms.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/rules_dir.hpp"

using namespace hm::filters;
using hm::test::RulesDir;

namespace {

constexpr const char* kRules = R"(
[define]
group = ["lists/groups.txt", "lists/roles.txt"]
[[rule]]
id = "abuse.group"
category = "abuse"
severity = 3
description = "Attacks a group"
patterns = ['re:\b{{group}}\s+are\s+scum\b']
)";

bool flagged(const Pipeline& p, std::string_view text) {
  return p.classify(text, *School::none()).categories.contains(Category::abuse);
}

}  // namespace

TEST_CASE("a family joins plain words and re: entries from every file it names") {
  RulesDir rules(kRules);
  rules.list("groups.txt", "# plain words\nmuslims\ntravellers\n")
      .list("roles.txt", "re:(?:gay|disabled)\\s+(?:teachers|parents)\n");
  auto loaded = rules.load();
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  const Pipeline& p = *loaded.pipeline;
  CHECK(flagged(p, "Muslims are scum"));
  CHECK(flagged(p, "travellers are scum"));
  CHECK(flagged(p, "Gay teachers are scum"));
  CHECK(flagged(p, "disabled parents are scum"));
  // The grid's words alone are not the family: "teachers are scum" names no group.
  CHECK_FALSE(flagged(p, "teachers are scum"));
  // A family ends at a word's end: "gay teachersx" is not "gay teachers".
  CHECK_FALSE(flagged(p, "gay teachersx are scum"));
}

TEST_CASE("a family's mistakes are reported with their file and line") {
  SUBCASE("a re: entry that does not compile") {
    RulesDir rules(kRules);
    rules.list("groups.txt", "muslims\n").list("roles.txt", "# grid\nre:(?:gay\\s+teachers\n");
    auto loaded = rules.load();
    REQUIRE_FALSE(loaded.problems.empty());
    CHECK(loaded.problems[0].str().find("roles.txt") != std::string::npos);
    CHECK(loaded.problems[0].line == 2);
    CHECK(loaded.problems[0].str().find("valid re: patterns") != std::string::npos);
  }
  SUBCASE("a re: entry that uses another family") {
    RulesDir rules(kRules);
    rules.list("groups.txt", "muslims\n").list("roles.txt", "re:{{group}}\\s+teachers\n");
    auto loaded = rules.load();
    REQUIRE_FALSE(loaded.problems.empty());
    CHECK(loaded.problems[0].line == 1);
  }
  SUBCASE("a family that is not a file name or a list of them") {
    for (const char* value : {"3", "[\"lists/groups.txt\", 3]", "[]"}) {
      RulesDir rules(std::string("[define]\ngroup = ") + value + "\n");
      rules.list("groups.txt", "muslims\n");
      auto loaded = rules.load();
      REQUIRE_FALSE(loaded.problems.empty());
      CHECK_MESSAGE(loaded.problems[0].str().find("must be a list file name or a list of them") !=
                        std::string::npos,
                    value);
    }
  }
  SUBCASE("a list file that is missing") {
    RulesDir rules(kRules);
    rules.list("groups.txt", "muslims\n");
    auto loaded = rules.load();
    REQUIRE_FALSE(loaded.problems.empty());
    CHECK(loaded.problems[0].str().find("roles.txt") != std::string::npos);
  }
}
