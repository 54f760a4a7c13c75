// The learned spam model (filters/learned/): its features, its learner, its file format and how
// its opinion joins the rules' verdict. Comments here are written for these tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "filters/learned/second_opinion.hpp"
#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"

using namespace hm::filters;
using namespace hm::filters::learned;

namespace {

std::vector<std::string> names_of(std::string_view text,
                                  const std::vector<std::string>& own_domains = {}) {
  std::vector<std::string> out;
  for_each_feature(
      text, [&](std::string_view n) { out.emplace_back(n); }, own_domains);
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view name) {
  return std::find(v.begin(), v.end(), name) != v.end();
}

// A small labelled set: spam that invites clicks and sells, and everyday school talk.
std::vector<Example> toy_examples() {
  const char* spam[] = {"check out my channel and subscribe",
                        "subscribe to my channel for free",
                        "win a free iphone click here",
                        "free followers click my link now",
                        "check out my new video please subscribe",
                        "click here to win cash now"};
  const char* ordinary[] = {"well done year 6 on the concert",   "what time is pick up on friday",
                            "thank you for the lovely assembly", "is the trip still on tomorrow",
                            "lovely photos of sports day",       "the choir sounded amazing today"};
  std::vector<Example> out;
  for (int round = 0; round < 5; ++round) {
    for (auto* t : spam) out.push_back({feature_slots(t), true});
    for (auto* t : ordinary) out.push_back({feature_slots(t), false});
  }
  return out;
}

}  // namespace

TEST_CASE("features: words, pairs and letter groups; numbers by shape; links by trust") {
  auto f = names_of("Check out MY channel!!! Call 09061701461");
  CHECK(has(f, "w:check"));
  CHECK(has(f, "b:check out"));
  CHECK(has(f, "g:<ch"));  // 3 bytes: "<ch"
  CHECK(has(f, "g:<che"));
  CHECK(has(f, "w:!!"));
  CHECK(has(f, "w:<caps>") == false);  // "MY" is too short to count as shouting
  CHECK(has(f, "w:#09:11"));           // a premium-rate number's shape, not the number
  CHECK(has(names_of("FREE entry"), "w:<caps>"));

  CHECK(has(names_of("see https://bit.ly/x1"), "w:<url>"));
  CHECK(has(names_of("dates at https://www.oakfield.sch.uk/dates"), "w:<trusted-url>"));
  CHECK(
      has(names_of("menu: www.trust.example.org/menu", {"trust.example.org"}), "w:<trusted-url>"));
  CHECK(has(names_of("menu: www.trust.example.org/menu"), "w:<url>"));
  // A look-alike host is not the school's.
  CHECK(has(names_of("http://oakfield.sch.uk.evil.example/x"), "w:<url>"));
}

TEST_CASE("features: any bytes in, no crash; the same text gives the same slots") {
  const std::string hostile = std::string("\xff\xfe\x80 caf\xc3\xa9 \xe2\x80\xae") +
                              std::string(3, '\0') + "http://" + "www.";
  CHECK_NOTHROW(feature_slots(hostile));
  CHECK(feature_slots("Check out my channel") == feature_slots("Check out my channel"));
  CHECK(feature_slots("").empty());
  for (auto s : feature_slots("any words at all")) CHECK(s < kFeatureSlots);
}

TEST_CASE("learn: the model tells the toy spam from everyday talk, and explains itself") {
  const auto model = learn(toy_examples(), LearnOptions{});
  CHECK(model.info().examples == 60);
  CHECK(model.info().spam_examples == 30);
  CHECK(model.probability("please subscribe to my channel") > 0.6);
  CHECK(model.probability("what time is the concert on friday") < 0.4);
  const auto o = model.judge("check out my channel, free subscribe");
  CHECK(o.band == Band::flag);
  REQUIRE_FALSE(o.reasons.empty());
  CHECK(o.reasons.size() <= 3);
  CHECK(std::is_sorted(o.reasons.begin(), o.reasons.end(),
                       [](const Reason& a, const Reason& b) { return a.weight > b.weight; }));
  CHECK(model.judge("lovely photos of the choir").band == Band::none);
  // Deterministic: the same examples and options give the same file.
  CHECK(learn(toy_examples(), LearnOptions{}).serialize() == model.serialize());
}

TEST_CASE("learn: one class only gives a model that never flags") {
  std::vector<Example> only_clean = {{feature_slots("hello"), false}};
  const auto model = learn(only_clean, LearnOptions{});
  CHECK(model.judge("check out my channel").band == Band::none);
}

TEST_CASE("weigh_sources: every source counts as much in all, whatever its size") {
  std::vector<Example> ex(4);
  weigh_sources(ex, {0, 0, 0, 1});
  CHECK(ex[0].weight * 3 == doctest::Approx(ex[3].weight));
  CHECK(ex[0].weight * 3 + ex[3].weight == doctest::Approx(4.0));

  // The page's own talk counts as much as every other source together.
  std::vector<Example> with_page(5);
  weigh_sources(with_page, {0, 0, 1, 2, 2}, 2u);
  CHECK(with_page[3].weight + with_page[4].weight == doctest::Approx(2.5));
  CHECK(with_page[0].weight + with_page[1].weight == doctest::Approx(1.25));
  CHECK(with_page[2].weight == doctest::Approx(1.25));
}

TEST_CASE("model file: a round trip keeps every score; damage is refused with a reason") {
  const auto model = learn(toy_examples(), LearnOptions{});
  const std::string bytes = model.serialize();
  auto parsed = SpamModel::parse(bytes);
  REQUIRE(parsed.model);
  const auto& back = parsed.model;
  for (auto* t : {"check out my channel", "well done year 6", "win cash now"})
    CHECK(back->probability(t) == doctest::Approx(model.probability(t)).epsilon(1e-6));
  CHECK(back->info().flag_at == doctest::Approx(model.info().flag_at));

  auto refused = [](std::string b, std::string_view why) {
    auto r = SpamModel::parse(b);
    REQUIRE_FALSE(r.model);
    INFO(r.error);
    CHECK(r.error.find(why) != std::string::npos);
  };
  refused("", "cut short");
  refused("something else 1\n", "does not start with");
  std::string newer = bytes;
  newer.replace(newer.find(" 1\n"), 3, " 2\n");
  refused(newer, "format 2");
  refused(bytes.substr(0, bytes.size() - 3), "cut short or have extra bytes");
  std::string flipped = bytes;
  flipped[flipped.size() - 2] ^= 0x40;
  refused(flipped, "checksum");
  std::string thresholds = bytes;
  thresholds.replace(thresholds.find("flag_at 0.6"), 11, "flag_at 7.0");
  refused(thresholds, "out of range");
}

TEST_CASE("second opinion: flags only in its band, only where the rules saw no spam") {
  const auto model = learn(toy_examples(), LearnOptions{});
  const std::string text = "check out my channel and subscribe for free";
  Verdict v;
  const auto o = model.judge(text);
  REQUIRE(o.band == Band::flag);
  CHECK(add_second_opinion(v, o, text.size()));
  CHECK(v.categories.contains(Category::spam));
  REQUIRE(v.matches.size() == 1);
  CHECK(v.matches[0].rule == kModelRule);
  CHECK(v.matches[0].end == text.size());
  CHECK(v.matches[0].why.starts_with("the learned model: "));

  Verdict advert;
  advert.categories.insert(Category::commercial);
  CHECK_FALSE(add_second_opinion(advert, o, text.size()));  // the rules already said why
  CHECK(advert.matches.empty());

  Verdict quiet;
  Opinion review{.probability = 0.5, .band = Band::review, .reasons = {}};
  CHECK_FALSE(add_second_opinion(quiet, review, 10));  // review hides nothing
  CHECK(quiet.clean());
}

TEST_CASE("review opinion: asks for a look only where the rules found nothing at all") {
  const Opinion review{.probability = 0.5, .band = Band::review, .reasons = {}};
  Verdict clean;
  CHECK(add_review_opinion(clean, review, 12));
  REQUIRE(clean.matches.size() == 1);
  CHECK(clean.matches[0].rule == kModelReviewRule);
  CHECK(clean.matches[0].category == Category::spam);
  CHECK(clean.matches[0].end == 12);
  CHECK(clean.matches[0].why.find("unsure") != std::string::npos);
  CHECK_FALSE(describe_model_rule(kModelReviewRule).empty());
  CHECK(describe_model_rule("abuse.insult").empty());

  Verdict complaint;  // the rules flagged it already: it is in the queue on their account
  complaint.categories.insert(Category::complaint);
  CHECK_FALSE(add_review_opinion(complaint, review, 12));
  CHECK(complaint.matches.empty());

  Verdict flagged;
  const Opinion flag{.probability = 0.9, .band = Band::flag, .reasons = {}};
  CHECK_FALSE(add_review_opinion(flagged, flag, 12));  // the flag band is add_second_opinion's
  const Opinion none{.probability = 0.1, .band = Band::none, .reasons = {}};
  CHECK_FALSE(add_review_opinion(flagged, none, 12));
  CHECK(flagged.clean());
}
