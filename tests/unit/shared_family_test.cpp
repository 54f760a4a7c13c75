// Gated rule entries that use the same family share one pattern of the gated set
// (filters/shared_family.hpp): each still matches, with its own span, exactly where it did.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "filters/shared_family.hpp"
#include "support/rules_dir.hpp"

using namespace hm::filters;
using hm::test::RulesDir;

TEST_CASE("where an entry uses one family, and what stands either side of it") {
  auto s = split_on_family("re:\\b{{group}}\\s+are\\s+scum\\b");
  REQUIRE(s);
  CHECK(s->before == "\\b");
  CHECK(s->family == "{{group}}");
  CHECK(s->after == "\\s+are\\s+scum\\b");
  s = split_on_family("re:\\bi\\s+(?:hate|despise)\\s+{{group}}");
  REQUIRE(s);
  CHECK(s->before == "\\bi\\s+(?:hate|despise)\\s+");
  CHECK(s->after.empty());
  // The first family is the shared one; the part after it may use others.
  s = split_on_family("re:\\b{{group}}\\s+are\\s+{{derogation}}");
  REQUIRE(s);
  CHECK(s->family == "{{group}}");
  CHECK(s->after == "\\s+are\\s+{{derogation}}");
  // Either of two families, alone in a group, is one family to share.
  s = split_on_family("re:\\b(?:{{group}}|{{one}})\\s+are\\s+scum");
  REQUIRE(s);
  CHECK(s->before == "\\b");
  CHECK(s->family == "(?:{{group}}|{{one}})");
  // No family, or one inside a larger group.
  CHECK_FALSE(split_on_family("scum"));
  CHECK_FALSE(split_on_family("re:\\bscum\\b"));
  CHECK_FALSE(split_on_family("re:\\b(?:{{group}}\\s+are|they\\s+are)\\s+scum"));
  CHECK_FALSE(split_on_family("re:\\b(?:{{group}}|scum)"));
  // A part that would bind differently beside the other members' parts: a quantifier on the
  // family, a top-level alternation, a group closed that the part did not open.
  CHECK_FALSE(split_on_family("re:\\b{{group}}+\\s+scum"));
  CHECK_FALSE(split_on_family("re:\\b{{group}}\\s+are\\s+scum|vermin"));
  CHECK_FALSE(split_on_family("re:kill|\\b{{group}}\\s+scum"));
  CHECK_FALSE(split_on_family("re:\\b{{group}})\\s+scum"));
  // Alternations inside a group, escaped bars and bars in a class are the part's own.
  CHECK(split_on_family("re:\\b{{group}}\\s+(?:are|r)\\s+scum"));
  CHECK(split_on_family("re:\\b{{group}}\\s+[|)]\\s+\\|"));
}

TEST_CASE("entries sharing a family match as they would alone, each with its own span") {
  RulesDir rules(R"(
[define]
group = "lists/groups.txt"
[cues]
group_word = "lists/groups.txt"
[[rule]]
id = "abuse.group"
category = "abuse"
severity = 3
description = "Attacks a group"
list = "lists/hate.txt"
gate = "group_word"
)");
  rules.list("groups.txt", "muslims\ntravellers\nre:(?:gay|disabled)\\s+people\n")
      .list("hate.txt",
            "re:\\b{{group}}\\s+are\\s+scum\\b\n"
            "re:\\b{{group}}\\s+(?:should|must)\\s+be\\s+(?:banned|deported)\\b\n"
            "re:\\b{{group}}(?:'?s)?\\s+lives\\s+don'?t\\s+matter\\b\n"
            "re:\\bi\\s+hate\\s+{{group}}\n"
            "re:\\bkill\\s+all\\s+{{group}}\\s+right\\s+now\n"
            "re:\\bthe\\s+problem\\s+with\\s+{{group}}\\s+is\\s+(?:them|everything)\n");
  auto loaded = rules.load();
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  const Pipeline& p = *loaded.pipeline;
  auto span_of = [&](std::string_view text) {
    Verdict v = p.classify(text, *School::none());
    REQUIRE_MESSAGE(v.matches.size() == 1, text);
    return std::string(text.substr(v.matches[0].start, v.matches[0].end - v.matches[0].start));
  };
  CHECK(span_of("honestly muslims are scum, all of them") == "muslims are scum");
  CHECK(span_of("Travellers should be deported") == "Travellers should be deported");
  CHECK(span_of("gay people's lives don't matter") == "gay people's lives don't matter");
  CHECK(span_of("I hate disabled people") == "I hate disabled people");
  // Two members in one comment: both found.
  Verdict both = p.classify("Muslims are scum. Travellers must be banned.", *School::none());
  CHECK(both.matches.size() == 2);
  // Entries with words of their own either side share a pattern: each still matches alone...
  CHECK(span_of("kill all travellers right now") == "kill all travellers right now");
  CHECK(span_of("The problem with Muslims is everything") ==
        "The problem with Muslims is everything");
  // ...and one's words before the group beside the other's after it match neither.
  CHECK(p.classify("kill all muslims is everything", *School::none()).clean());
  // The group without an attack, an attack without the group, and the family's own word end.
  for (const char* clean : {"Muslims are welcome here", "they are scum", "travellersx are scum"})
    CHECK_MESSAGE(p.classify(clean, *School::none()).clean(), clean);
}

TEST_CASE("the members' set says which members match, in list order") {
  // The members' patterns live elsewhere (in the rule book, the entries' own strings).
  const std::vector<std::string> patterns{"\\b(?:cats|dogs)\\s+are\\s+mean\\b",
                                          "\\b(?:cats|dogs)\\s+bite\\b",
                                          "\\bi\\s+hate\\s+(?:cats|dogs)"};
  SharedFamily s;
  s.add(7, patterns[0]);
  s.add(9, patterns[1]);
  s.add(12, patterns[2]);
  // Each distinct part once.
  CHECK(SharedFamily::merged_pattern("(?:cats|dogs)", {"\\b"},
                                     {"\\s+bite\\b", "\\s+are\\s+mean\\b", "\\s+bite\\b"}) ==
        "(?:(?:\\b))(?:cats|dogs)(?:(?:\\s+bite\\b)|(?:\\s+are\\s+mean\\b))");
  CHECK_FALSE(s.compiled());
  RE2::Options options;
  std::vector<int> out;
  s.which("i hate dogs and cats bite", options, out);
  CHECK(s.compiled());
  CHECK(out == std::vector<int>{9, 12});
  // Only the members that match on their own are named.
  out.clear();
  s.which("i hate cats, they are mean", options, out);
  CHECK(out == std::vector<int>{12});
  out.clear();
  s.which("dogs smell", options, out);
  CHECK(out.empty());
}

TEST_CASE("the plan: equal words before, then equal words after, then long parts crossed") {
  const std::vector<FamilyUse> uses{
      {10, "\\b", "\\s+are\\s+scum"},                           // 0: opens with the family
      {11, "\\b", "\\s+should\\s+go"},                          // 1: opens with it too
      {12, "\\bi\\s+hate\\s+", ""},                             // 2: ends with the family
      {13, "\\bkill\\s+all\\s+", ""},                           // 3: ends with it too
      {14, "\\bthe\\s+problem\\s+with\\s+", "\\s+is\\s+them"},  // 4: words both sides
      {15, "\\bsick\\s+of\\s+all\\s+", "\\s+round\\s+here"},    // 5: words both sides
      {16, "\\bno\\s+", "\\s+allowed"},                         // 6: a short part: alone
  };
  const SharingPlan plan = plan_sharing("F", uses);
  REQUIRE(plan.groups.size() == 3);
  CHECK(plan.groups[0].members == std::vector<std::size_t>{0, 1});
  CHECK(plan.groups[0].pattern == "(?:(?:\\b))F(?:(?:\\s+are\\s+scum)|(?:\\s+should\\s+go))");
  CHECK(plan.groups[1].members == std::vector<std::size_t>{2, 3});
  CHECK(plan.groups[2].members == std::vector<std::size_t>{4, 5});
  CHECK(plan.alone == std::vector<std::size_t>{6});
  // One use alone is never a group.
  const SharingPlan single = plan_sharing("F", {uses[0]});
  CHECK(single.groups.empty());
  CHECK(single.alone == std::vector<std::size_t>{0});
}
