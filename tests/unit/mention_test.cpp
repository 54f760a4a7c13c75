// Mentions are not use: anti-bullying posts that name a slur or an insult ("the word retard is a
// slur") stay clean, while the same words used at someone are caught, and a mention never clears
// a safeguarding match. The mechanism ([allow.mentions]) is checked on rules written here, the
// shipped vocabulary on examples written for this test.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"
#include "support/temp_dir.hpp"

using namespace hm::filters;

namespace {

// The rules in a folder of their own, loaded the way the daemon loads them.
Pipeline::Loaded load_rules(const std::string& rules) {
  hm::test::TempDir dir("mention");
  dir.write("rules.toml", rules);
  return Pipeline::load(dir.path());
}

// One abuse word, one safeguarding phrase, one exception and one mention frame around them.
constexpr const char* kRules = R"(
[allow]
patterns = ["re:\\bscunthorpe\\b"]
[allow.mentions]
patterns = ["re:\\bthe word \\w+", "re:people who say [^.]*"]

[[rule]]
id = "abuse.word"
category = "abuse"
severity = 2
description = "Uses an insult"
patterns = ["numpty", "scunthorpe"]

[[rule]]
id = "safeguarding.phrase"
category = "safeguarding"
severity = 3
description = "Someone may be at risk"
patterns = ["kill myself"]
)";

// The ids of the rules that matched, in order.
std::vector<std::string> rule_ids(const Pipeline& pipeline, std::string_view text) {
  std::vector<std::string> ids;
  for (auto& m : pipeline.classify(text, *School::none()).matches) ids.push_back(m.rule);
  return ids;
}

bool abuse(std::string_view text) {
  return hm::test::classify_shipped(text).categories.contains(Category::abuse);
}

bool safeguarding(std::string_view text) {
  return hm::test::classify_shipped(text).categories.contains(Category::safeguarding);
}

}  // namespace

TEST_CASE("[allow.mentions] clears a use inside a mention, but never a safeguarding match") {
  auto loaded = load_rules(kRules);
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  auto rules_of = [&](std::string_view text) { return rule_ids(*loaded.pipeline, text); };
  CHECK(rules_of("you numpty") == std::vector<std::string>{"abuse.word"});
  CHECK(rules_of("the word numpty is unkind").empty());
  // Only the mention is cleared: a use beside it is still a use.
  CHECK(rules_of("you numpty, yes I said the word numpty") ==
        std::vector<std::string>{"abuse.word"});
  // The same frame around a safeguarding phrase clears nothing.
  CHECK(rules_of("people who say I want to kill myself") ==
        std::vector<std::string>{"safeguarding.phrase"});
  // An ordinary exception still clears everything inside it.
  CHECK(rules_of("off to scunthorpe").empty());
}

TEST_CASE("[allow.mentions] must be a table of entries") {
  auto loaded = load_rules("[allow]\nmentions = \"lists/x.txt\"\n");
  CHECK_FALSE(loaded.pipeline);
  bool named = false;
  for (auto& p : loaded.problems)
    named = named || p.str().find("[allow.mentions] must be a table") != std::string::npos;
  CHECK(named);
  auto typo_loaded = load_rules("[allow]\nmention = { patterns = [\"x\"] }\n");
  CHECK_FALSE(typo_loaded.pipeline);
  REQUIRE_FALSE(typo_loaded.problems.empty());
  CHECK(typo_loaded.problems[0].str().find("unknown key 'mention'") != std::string::npos);
  // Mentions alone are a complete [allow].
  CHECK(load_rules("[allow.mentions]\npatterns = [\"the word numpty\"]\n").problems.empty());
}

// A report: one list word, one statement of abuse, a threat that is also a safeguarding
// concern, a spam phrase, and a cue that undoes the report.
constexpr const char* kReportRules = R"(
[allow.reported]
patterns = ["re:\\ba lad told me that .*"]
unless = ["agreed"]
[cues]
agreed = { patterns = ["he is right"] }

[[rule]]
id = "abuse.word"
category = "abuse"
severity = 2
description = "Uses an insult"
patterns = ["numpty", "numpties are vermin"]

[[rule]]
id = "safeguarding.threat"
category = "safeguarding"
severity = 3
description = "Threatens the school"
patterns = ["bring a knife"]

[[rule]]
id = "spam.phrase"
category = "spam"
severity = 1
description = "Spam"
patterns = ["subscribe to my channel"]
)";

TEST_CASE(
    "[allow.reported] clears a reported statement of abuse, never a word or another category") {
  auto loaded = load_rules(kReportRules);
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  auto rules_of = [&](std::string_view text) { return rule_ids(*loaded.pipeline, text); };
  CHECK(rules_of("numpties are vermin") == std::vector<std::string>{"abuse.word"});
  // The statement is the lad's; the word on its own is still on the page.
  CHECK(rules_of("a lad told me that numpties are vermin").empty());
  CHECK(rules_of("a lad told me that I am a numpty") == std::vector<std::string>{"abuse.word"});
  CHECK(rules_of("a lad told me that he will bring a knife") ==
        std::vector<std::string>{"safeguarding.threat"});
  CHECK(rules_of("a lad told me that you should subscribe to my channel") ==
        std::vector<std::string>{"spam.phrase"});
  // The writer who agrees makes the claim their own.
  CHECK(rules_of("a lad told me that numpties are vermin and he is right") ==
        std::vector<std::string>{"abuse.word"});
}

TEST_CASE("[allow.reported] names its 'unless' cues, and takes no other key") {
  auto unknown = load_rules("[allow.reported]\npatterns = [\"x y\"]\nunless = [\"nope\"]\n");
  CHECK_FALSE(unknown.pipeline);
  bool named = false;
  for (auto& p : unknown.problems)
    named = named || p.str().find("unknown cue 'nope'") != std::string::npos;
  CHECK(named);
  auto typo = load_rules("[allow.reported]\npatterns = [\"x y\"]\nunles = [\"a\"]\n");
  CHECK_FALSE(typo.pipeline);
  REQUIRE_FALSE(typo.problems.empty());
  CHECK(typo.problems[0].str().find("unknown key 'unles'") != std::string::npos);
  auto not_table = load_rules("[allow]\nreported = \"lists/x.txt\"\n");
  CHECK_FALSE(not_table.pipeline);
  // Reports alone are a complete [allow].
  CHECK(load_rules("[allow.reported]\npatterns = [\"a lad said\"]\n").problems.empty());
}

TEST_CASE("anti-bullying posts that name a slur or an insult stay clean") {
  for (const char* t : {
           "Using 'retard' as an insult is never OK",
           "the word retard is a slur",
           "words like 'loser' and 'idiot' hurt",
           "please stop calling children 'gay' as an insult",
           "we've heard pupils using the n-word and it stops now",
           "Retard is a slur and we will not tolerate it at Joseph Hood",
           "\"Spastic\" is an offensive word, please talk to your children about it",
           "Calling someone 'spaz' as a put-down is ableist",
           "Some Year 6 pupils have been saying 'gay' in the playground",
           "Please don't call other children fat, ugly or weirdo",
           "Insults such as slag and slut are sexist and we will always act on them",
           "Anti-bullying week: this year we talk about the term 'mong' and why it hurts",
       })
    CHECK_MESSAGE(hm::test::classify_shipped(t).clean(), std::string(t));
}

TEST_CASE("a slur or insult used at someone is caught, however it is dressed up") {
  for (const char* t : {
           "you're a retard, and yes I said the word retard",
           "he is a 'retard'",
           "you are a 'spaz'",
           "shut up you retard",
           "the word retard fits you, retard",
           "you are a retard, not a slur, just a fact",
           "Mr Jones is a 'loser' and an idiot",
           // Counter-speech ends at a comma: what follows it is read on its own.
           "stop calling me names, you idiot",
           "don't say that, you retard",
       })
    CHECK_MESSAGE(abuse(t), std::string(t));
}

TEST_CASE("a mention never clears a safeguarding concern") {
  for (const char* t : {
           "people who say I want to kill myself are right, I want to kill myself",
           "please stop calling children 'gay'. how old are you? add me on snap, our little secret",
           "the word 'fit' is not an insult, you look so grown up, how old are you? our secret x",
       })
    CHECK_MESSAGE(safeguarding(t), std::string(t));
}
