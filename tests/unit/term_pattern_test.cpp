#include "filters/term_pattern.hpp"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "filters/normaliser.hpp"

using hm::filters::fold_for_matching;
using hm::filters::term_to_pattern;

namespace {
bool matches(std::string_view entry, std::string_view comment) {
  auto p = term_to_pattern(entry);
  REQUIRE(std::holds_alternative<std::string>(p));
  RE2 re(std::get<std::string>(p));
  REQUIRE(re.ok());
  auto n = hm::filters::normalise(comment);
  return RE2::PartialMatch(n.folded.text, re) ||
         (n.joined && RE2::PartialMatch(n.joined->text, re));
}
}  // namespace

TEST_CASE("a term matches whole words only") {
  CHECK(matches("ass", "what an ass"));
  CHECK_FALSE(matches("ass", "teacher assessment"));
  CHECK_FALSE(matches("ass", "the bass player"));
  CHECK(matches("cunt", "you cunt"));
  CHECK_FALSE(matches("cunt", "Scunthorpe Juniors"));
}

TEST_CASE("spelling evasions match without being listed") {
  CHECK(matches("fuck", "FUCK"));
  CHECK(matches("fuck", "fuuuuuuck"));
  CHECK(matches("fuck", "f*ck this"));
  CHECK(matches("fuck", "f#ck ofsted"));
  CHECK(matches("fuck", "f.u.c.k off"));
  CHECK(matches("fuck", "fu\u0441k off"));
  CHECK(matches("cunts", "c\u200bu\u200bn\u200bt\u200bs"));
  CHECK(matches("cunt", "c**t"));
  CHECK(matches("bitch", "b!tch"));
  CHECK_FALSE(matches("fuck", "f*** off"));  // masks never stand for the first or last letter
}

TEST_CASE("a trailing * lets the last word continue") {
  CHECK(matches("fuck*", "fucking hell"));
  CHECK(matches("fuck*", "f***ing useless"));
  CHECK_FALSE(matches("fuck", "fucking"));
}

TEST_CASE("phrases allow flexible separators and optional apostrophes") {
  CHECK(matches("don't tell", "dont tell ur parents"));
  CHECK(matches("don't tell", "don\u2019t  tell"));
  CHECK(matches("kill yourself", "kill-yourself"));
  CHECK_FALSE(matches("kill yourself", "kill them and yourself"));
  // Any run of spaces, dots or emoji between the words, but never a letter or digit.
  CHECK(matches("message me privately", "message     me . . . privately"));
  CHECK(matches("don't tell", "don't \U0001F92B\U0001F92B tell"));
  CHECK_FALSE(matches("don't tell", "don't x tell"));
  CHECK_FALSE(matches("don't tell", "don't 2 tell"));
}

TEST_CASE("terms are folded like comments") {
  CHECK(matches("follow4follow", "#follow4follow"));
  CHECK(matches("a$$hole", "asshole"));
  CHECK(matches("bit.ly", "go to bit.ly/x"));
  CHECK_FALSE(matches("bit.ly", "a bit lying"));
}

TEST_CASE("re: entries are raw patterns; empty entries are errors") {
  auto p = term_to_pattern("re:\\bgo back to (africa|your country)\\b");
  REQUIRE(std::holds_alternative<std::string>(p));
  CHECK(std::get<std::string>(p) == "\\bgo back to (africa|your country)\\b");
  CHECK(std::holds_alternative<hm::filters::TermError>(term_to_pattern("re:")));
  CHECK(std::holds_alternative<hm::filters::TermError>(term_to_pattern("\u200b")));
  CHECK(matches("\xf0\x9f\x96\x95", "\xf0\x9f\x96\x95\xf0\x9f\x96\x95"));  // emoji terms
}

TEST_CASE("with swaps, inner neighbours swapped still match; the first letter stays") {
  auto swapped = [](std::string_view entry, std::string_view comment) {
    auto p = term_to_pattern(entry, true);
    REQUIRE(std::holds_alternative<std::string>(p));
    RE2 re(std::get<std::string>(p));
    REQUIRE(re.ok());
    return RE2::PartialMatch(hm::filters::normalise(comment).folded.text, re);
  };
  CHECK(swapped("fuck", "fukc off"));
  CHECK(swapped("fuck", "fcuk off"));
  CHECK(swapped("bitch", "what a btich"));
  CHECK(swapped("bitch", "bicth"));
  CHECK(swapped("fuck*", "fukcing hell"));                  // open endings keep their ending
  CHECK_FALSE(swapped("fuck", "ufck"));                     // first letter moved: not generated
  CHECK_FALSE(swapped("bitch", "bitching about the bus"));  // still whole words
  CHECK_FALSE(matches("bitch", "btich"));                   // off unless asked for
  // Short words and phrases are left as written: too many real words are one swap away.
  CHECK(std::get<std::string>(term_to_pattern("cow", true)) ==
        std::get<std::string>(term_to_pattern("cow")));
  CHECK(std::get<std::string>(term_to_pattern("old bag", true)) ==
        std::get<std::string>(term_to_pattern("old bag")));
}
