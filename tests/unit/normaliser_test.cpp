#include "filters/normaliser.hpp"

#include <doctest/doctest.h>

using hm::filters::fold_for_matching;
using hm::filters::normalise;

namespace {
// The original text behind a span of the folded form.
std::string original_of(std::string_view original, const hm::filters::NormalForm& f,
                        std::size_t start, std::size_t end) {
  auto [s, e] = f.original_span(start, end);
  return std::string(original.substr(s, e - s));
}
}  // namespace

TEST_CASE("ASCII: lower-cased, aligned byte for byte") {
  auto n = normalise("FuCkInG cLoWnS");
  CHECK(n.folded.text == "fucking clowns");
  CHECK(n.folded.from.empty());  // identity map: the fast path
  CHECK_FALSE(n.joined);
}

TEST_CASE("NFKC case-fold: fullwidth letters and ideographic space") {
  std::string s = "\uff46\uff55\uff43\uff4b\u3000\uff54\uff48\uff49\uff53";
  auto n = normalise(s);
  CHECK(n.folded.text == "fuck this");
  CHECK(original_of(s, n.folded, 0, 4) == "\uff46\uff55\uff43\uff4b");
}

TEST_CASE("Latin look-alikes: Cyrillic and Greek letters read as Latin") {
  CHECK(fold_for_matching("w\u0430nkers") == "wankers");         // Cyrillic а
  CHECK(fold_for_matching("\u0440\u0456ss off") == "piss off");  // Cyrillic р, і
  CHECK(fold_for_matching("idi\u03bfts") == "idiots");           // Greek ο
}

TEST_CASE("zero-width characters and combining marks are stripped") {
  std::string s = "c\u200bu\u200bn\u200bt\u200bs";
  auto n = normalise(s);
  CHECK(n.folded.text == "cunts");
  CHECK(original_of(s, n.folded, 0, 5) == s);
  CHECK(fold_for_matching("Zo\u00eb Bront\u00eb") == "zoe bronte");  // precomposed
  CHECK(fold_for_matching("Zoe\u0308") == "zoe");                    // combining diaeresis
  CHECK(fold_for_matching("a\u00adb\ufeffc\u2060d") == "abcd");  // soft hyphen, BOM, word joiner
}

TEST_CASE("curly apostrophes and dashes fold to ASCII") {
  CHECK(fold_for_matching("o\u2019sullivan") == "o'sullivan");
  CHECK(fold_for_matching("a\u2013b") == "a-b");
}

TEST_CASE("leetspeak maps only inside words that hold letters") {
  CHECK(fold_for_matching("p1ss off") == "piss off");
  CHECK(fold_for_matching("b!tch") == "bitch");
  CHECK(fold_for_matching("@sshats") == "asshats");
  CHECK(fold_for_matching("a$$hole") == "asshole");
  CHECK(fold_for_matching("n1gg3rs") == "niggers");
  CHECK(fold_for_matching("b0ll0cks") == "bollocks");
  CHECK(fold_for_matching("tw@t") == "twat");
  // Numbers, prices, years and trailing punctuation stay as written.
  CHECK(fold_for_matching("Year 10 paid \xc2\xa3"
                          "15 at 3:15!") ==
        "year 10 paid \xc2\xa3"
        "15 at 3:15!");
  CHECK(fold_for_matching("yr10 10B hello!") == "yr10 10b hello!");
}

TEST_CASE("masks inside words become '*'; hashtags are left alone") {
  CHECK(fold_for_matching("f#ck") == "f*ck");
  CHECK(fold_for_matching("c**t") == "c**t");
  CHECK(fold_for_matching("#follow4follow") == "#followafollow");
}

TEST_CASE("runs of 3+ identical letters collapse to 1, spans cover the whole run") {
  std::string s = "fuuuuuuck offfff";
  auto n = normalise(s);
  CHECK(n.folded.text == "fuck of");
  CHECK(original_of(s, n.folded, 0, 4) == "fuuuuuuck");
  CHECK(original_of(s, n.folded, 5, 7) == "offfff");
  CHECK(fold_for_matching("good") == "good");  // doubles are kept
}

TEST_CASE("letters split by single separators are joined in a second form") {
  auto a = normalise("f.u.c.k o.f.f nobody cares");
  REQUIRE(a.joined);
  CHECK(a.joined->text == "fuck off nobody cares");
  CHECK(a.folded.text == "f.u.c.k o.f.f nobody cares");

  std::string s = "F U C K  T H E  T E A C H E R S";
  auto b = normalise(s);
  REQUIRE(b.joined);
  CHECK(b.joined->text == "fuck  the  teachers");
  CHECK(original_of(s, *b.joined, 0, 4) == "F U C K");

  auto c = normalise("f-u-c-k-i-n-g joke");
  REQUIRE(c.joined);
  CHECK(c.joined->text == "fucking joke");

  CHECK_FALSE(normalise("a b and c").joined);  // two single letters are not a run
  CHECK_FALSE(normalise("I am a parent").joined);
}

TEST_CASE("hostile input: invalid UTF-8, NUL bytes, truncated sequences") {
  std::string bad =
      "ab\xff\xfe"
      "c\xe2\x82";
  auto n = normalise(bad);
  CHECK(n.folded.text.find("ab") == 0);
  std::string nul("a\0b", 3);
  CHECK(normalise(nul).folded.text.size() == 3);
  CHECK(normalise("").folded.text.empty());
  // Every byte of the folded text maps inside the original.
  std::string mixed = "\xf0\x9f\x96\x95 Ab\xcc\x81\xe2\x80\x8b\xff";
  auto m = normalise(mixed);
  REQUIRE(m.folded.from.size() == m.folded.text.size());
  for (std::size_t i = 0; i < m.folded.text.size(); ++i) {
    CHECK(m.folded.from[i] < m.folded.to[i]);
    CHECK(m.folded.to[i] <= mixed.size());
  }
}

TEST_CASE("digits and @ are counted before leetspeak") {
  auto n = normalise("mail sarah@example.com or 07700 900123");
  CHECK(n.has_at_sign);
  CHECK(n.digit_count == 11);
}

TEST_CASE("a leet digit closing a word of three or more letters reads as a letter") {
  CHECK(normalise("you slu7").folded.text == "you slut");
  CHECK(normalise("b1tc4").folded.text == "bitca");  // interior and closing digits both
  // Year groups, short words and numbers keep their digits.
  CHECK(normalise("Year7 trip").folded.text == "year7 trip");
  CHECK(normalise("y6 and mp3").folded.text == "y6 and mp3");
  CHECK(normalise("room 101").folded.text == "room 101");
  CHECK(normalise("covid19").folded.text == "covid19");  // two digits: a number, not leet
}

TEST_CASE("a leet digit opening a word of three or more letters reads as a letter") {
  CHECK(normalise("they are 5cum").folded.text == "they are scum");
  CHECK(normalise("1mmigrants").folded.text == "immigrants");
  // Times, ordinals and short words keep their digits; so does a number written with letters
  // for its zeros and ones, which the phone detector reads ("1OIO").
  CHECK(normalise("5pm 1st 2nd").folded.text == "5pm 1st 2nd");
  CHECK(normalise("call 1OIO").folded.text == "call 1oio");
  CHECK(normalise("10mins").folded.text == "10mins");  // two digits: a number, not leet
}

TEST_CASE("one-letter words before spaced-out letters stay words in a second join") {
  auto n = normalise("you are a s l u t");
  REQUIRE(n.joined);
  CHECK(n.joined->text == "you are aslut");  // the plain join runs the article in
  REQUIRE(n.joined_words);
  CHECK(n.joined_words->text == "you are a slut");
  CHECK(original_of("you are a s l u t", *n.joined_words, 10, 14) == "s l u t");
  auto u = normalise("u r a s l a g");
  REQUIRE(u.joined_words);
  CHECK(u.joined_words->text == "u r a slag");
  // Without a leading one-letter word the second join is not made.
  CHECK_FALSE(normalise("you are s l u t").joined_words);
  // A short run keeps its whole join: "a r s e" is "arse" in the plain join.
  CHECK(normalise("a r s e").joined->text == "arse");
}
