#include "filters/detectors/detectors.hpp"

#include <doctest/doctest.h>

namespace d = hm::filters::detectors;
using hm::filters::normalise;

namespace {
std::vector<std::string> phones(std::string_view text) {
  std::vector<d::Found> found;
  d::phone_numbers(text, found);
  d::spelled_phone_numbers(normalise(text), found);
  std::vector<std::string> out;
  for (auto f : found) out.emplace_back(text.substr(f.start, f.end - f.start));
  return out;
}
std::vector<std::string> emails(std::string_view text, std::vector<std::string> own = {}) {
  std::vector<d::Found> found;
  d::email_addresses(text, normalise(text), true, own, found);
  std::vector<std::string> out;
  for (auto f : found) out.emplace_back(text.substr(f.start, f.end - f.start));
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("phone numbers in every UK format") {
  CHECK(phones("Text me on 07700 900123 please") == V{"07700 900123"});
  CHECK(phones("ring 0113 496 0721") == V{"0113 496 0721"});
  CHECK(phones("My number is +44 7700 900284, ta") == V{"+44 7700 900284"});
  CHECK(phones("(020) 7946 0318 is my work number") == V{"(020) 7946 0318"});
  CHECK(phones("+447700900917 for the car share") == V{"+447700900917"});
  CHECK(phones("my num 07700900376") == V{"07700900376"});
  CHECK(phones("Contact: +44 (0)161 496 0873") == V{"+44 (0)161 496 0873"});
  CHECK(phones("0 7 7 0 0 9 0 0 6 6 1 call me") == V{"0 7 7 0 0 9 0 0 6 6 1"});
  CHECK(phones("wa me 07700\u200b900\u200b412") == V{"07700\u200b900\u200b412"});
  CHECK(phones("Call 0161-496-0097") == V{"0161-496-0097"});
  CHECK(phones("0044 7700 900123") == V{"0044 7700 900123"});
  CHECK(phones("\uff10\uff17\uff17\uff10\uff10 900123") ==
        V{"\uff10\uff17\uff17\uff10\uff10 900123"});
}

TEST_CASE("phone numbers spelled out in words") {
  auto p = phones("seven seven zero zero nine zero zero two one two, text me x");
  REQUIRE(p.size() == 1);
  CHECK(p[0] == "seven seven zero zero nine zero zero two one two");
  CHECK(phones("oh seven seven double oh nine double oh one two three").size() == 1);
  CHECK(phones("one two three four five").empty());
}

TEST_CASE("numbers that are not someone's phone") {
  CHECK(phones("ParentPay ref 200845127 went through twice").empty());
  CHECK(phones("Parents' evening is on 07/10/2024 from 3:30pm").empty());
  CHECK(phones("Childline is free on 0800 1111").empty());
  CHECK(phones("freephone 0800 123 4567").empty());  // organisations' lines
  CHECK(phones("\xc2\xa3"
               "1,245.60 raised, 10,000 steps")
            .empty());
  CHECK(phones("order #SW-448213").empty());
  CHECK(phones("ref07700900123").empty());  // glued to letters
}

TEST_CASE("email addresses, plain and obfuscated") {
  CHECK(emails("Email me at sarah.jones85@example.com if") == V{"sarah.jones85@example.com"});
  CHECK(emails("my email is dad_of_three (at) example (dot) co (dot) uk") ==
        V{"dad_of_three (at) example (dot) co (dot) uk"});
  CHECK(emails("write to jo at example dot com") == V{"jo at example dot com"});
  CHECK(emails("email the office at office@oakfieldprimary.sch.uk") == V{});
  CHECK(emails("mr.smith@josephhood.example.org", {"josephhood.example.org"}) == V{});
  CHECK(emails("info@bouncy.example.co.uk").empty());  // a role account, not a person
  CHECK(emails("meet at the park gate").empty());
  CHECK(emails("@oakfieldPE for results").empty());
}

TEST_CASE("postcodes and street addresses") {
  std::vector<d::Found> f;
  std::string a = "The lost dog is at ours \u2013 14 Elmfield Road, Leeds LS6 2QT, come";
  d::postcodes(a, f);
  d::street_addresses(a, f);
  REQUIRE(f.size() == 2);
  CHECK(a.substr(f[0].start, f[0].end - f[0].start) == "LS6 2QT");
  CHECK(a.substr(f[1].start, f[1].end - f[1].start) == "14 Elmfield Road");
  f.clear();
  std::string b = "lives at 42 Hawthorn Avenue, B15 3TA and SW1A 1AA";
  d::postcodes(b, f);
  CHECK(f.size() == 2);
  f.clear();
  // Street and lane shortened, as people write them.
  std::string c = "our house is the blue door at 27 Clarence St, party from 2";
  d::street_addresses(c, f);
  REQUIRE(f.size() == 1);
  CHECK(c.substr(f[0].start, f[0].end - f[0].start) == "27 Clarence St");
  f.clear();
  for (std::string_view clean :
       {"Bus 42 leaves at 3:15", "Room 101?", "2 kids at the park", "we walked 10,000 steps a day",
        "yr7 2nd term", "Year 9 3pm", "Year 2 at St Mary's", "the 1st of the month",
        // A price before a street type is not a house number.
        "dog walking, \u00a310 per walk", "$5 each lane", "\u20ac12 every drive"}) {
    d::postcodes(clean, f);
    d::street_addresses(clean, f);
    CHECK_MESSAGE(f.empty(), clean);
  }
}

TEST_CASE("links to listed domains, never the school's own") {
  std::set<std::string> shorteners{"bit.ly", "tinyurl.com"};
  std::vector<d::Found> f;
  std::string a = "claim here \U0001f449 bit.ly/3xTesc0Gift now";
  d::links_to(normalise(a), shorteners, {}, f);
  REQUIRE(f.size() == 1);
  CHECK(a.substr(f[0].start, f[0].end - f[0].start) == "bit.ly/3xTesc0Gift");
  f.clear();
  d::links_to(normalise("see https://www.tinyurl.com/x and www.oakfield.sch.uk"), shorteners, {},
              f);
  CHECK(f.size() == 1);
  f.clear();
  d::links_to(normalise("see school.tinyurl.com"), shorteners, {"tinyurl.com"}, f);
  CHECK(f.empty());
  CHECK(d::host_within("a.bit.ly", "bit.ly"));
  CHECK_FALSE(d::host_within("habit.ly", "bit.ly"));
}

// ---------------------------------------------------------------- phone-number evasions
TEST_CASE("phone numbers with look-alike letters for digits") {
  CHECK(phones("text me 077OO 9OO 345 x") == V{"077OO 9OO 345"});
  CHECK(phones("O77OO9OO123 call after 6") == V{"O77OO9OO123"});
  CHECK(phones("my num is 0770O 9OOl23") == V{"0770O 9OOl23"});
  // Words stay words: look-alikes only count inside a token that holds a real digit.
  CHECK(phones("Oo lol I love it, 10 out of 10").empty());
  CHECK(phones("room 10 on floor 2, look for Ollie").empty());
  CHECK(phones("code ABO77OO9OO345").empty());  // glued to other letters
  CHECK(d::may_hide_digits("077OO 9OO 345"));
  CHECK_FALSE(d::may_hide_digits("See you at 10 on Monday"));
}

TEST_CASE("phone numbers in words with hundreds and thousands") {
  auto p = phones("ring me on oh seven seven double oh, nine hundred, three four five");
  REQUIRE(p.size() == 1);
  CHECK(p[0] == "oh seven seven double oh, nine hundred, three four five");
  CHECK(phones("seven seven double oh nine thousand one two").size() == 1);
  CHECK(phones("raised one hundred and twenty pounds, three hundred to go").empty());
  CHECK(phones("two hundred children, one thousand books").empty());
}
