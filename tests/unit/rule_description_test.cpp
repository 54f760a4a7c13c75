// Plain-English reasons: every rule and built-in detector describes itself in words a head
// teacher reads in the console, and a rule written without a description does not load.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "support/shipped_rules.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace hm::filters;
using hm::test::TempDir;

TEST_CASE("the shipped rules and detectors answer in plain words") {
  const Pipeline& rules = hm::test::shipped_rules();
  CHECK(rules.description("detector.protected_name") == "Names a pupil on your protected list");
  CHECK(rules.description("detector.phone") == "Looks like a UK phone number");
  CHECK(rules.description("safeguarding.secret-contact") == "Asks a child to keep a secret");
  CHECK(rules.description("no.such.rule").empty());

  // Every rule that fires on the sample comments has a description, and none reads like an id.
  std::ifstream samples(fs::path(HM_SOURCE_DIR) / "config" / "samples" / "comments.txt");
  REQUIRE(samples);
  std::size_t described = 0;
  for (std::string line; std::getline(samples, line);) {
    for (const auto& m : rules.classify(line, *School::none()).matches) {
      auto text = rules.description(m.rule);
      INFO(m.rule);
      CHECK_FALSE(text.empty());
      CHECK(text.find(m.rule) == std::string_view::npos);
      CHECK(text.find('_') == std::string_view::npos);
      ++described;
    }
  }
  CHECK(described > 10);
}

TEST_CASE("a rule without a description is refused with its file and line") {
  TempDir d("described");
  d.write("rules.toml",
          "[[rule]]\nid = \"abuse.word\"\ncategory = \"abuse\"\npatterns = [\"numpty\"]\n\n"
          "[[rule]]\nid = \"abuse.blank\"\ndescription = \"  \"\ncategory = \"abuse\"\n"
          "patterns = [\"twit\"]\n");
  auto loaded = Pipeline::load(d.path());
  CHECK_FALSE(loaded.pipeline);
  REQUIRE(loaded.problems.size() == 2);
  CHECK(loaded.problems[0].line == 2);
  CHECK(loaded.problems[0].message.find("rule 'abuse.word' needs a 'description'") !=
        std::string::npos);
  CHECK(loaded.problems[1].line == 8);
  CHECK(loaded.problems[1].message.find("rule 'abuse.blank'") != std::string::npos);

  TempDir ok("described");
  ok.write("rules.toml",
           "[[rule]]\nid = \"abuse.word\"\ndescription = \"Calls someone a numpty\"\n"
           "category = \"abuse\"\npatterns = [\"numpty\"]\n");
  auto good = Pipeline::load(ok.path());
  REQUIRE(good.pipeline);
  CHECK(good.pipeline->description("abuse.word") == "Calls someone a numpty");
}
