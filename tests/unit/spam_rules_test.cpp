// The shipped spam, scam, advert and complaint rules (config/filters) on comments written for
// these tests: each new capability fires on what it is for and stays quiet on the ordinary
// messages parents write (times, prices, phone-like numbers, helplines, the school's own links).
#include <doctest/doctest.h>

#include <string>

#include "filters/pipeline.hpp"

namespace fs = std::filesystem;
using namespace hm::filters;

namespace {

const Pipeline& shipped_rules() {
  static auto loaded = Pipeline::load(fs::path(HM_SOURCE_DIR) / "config" / "filters");
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  return *loaded.pipeline;
}

const School& example_school() {
  static auto loaded = [] {
    SchoolProfile profile;
    profile.id = "test";
    profile.own_domains = {"oakfield.example.org"};
    return School::load(profile);
  }();
  REQUIRE(loaded.school);
  return *loaded.school;
}

bool flags(std::string_view text, Category c) {
  return shipped_rules().classify(text, example_school()).categories.contains(c);
}
bool is_clean(std::string_view text) {
  return shipped_rules().classify(text, example_school()).clean();
}

}  // namespace

TEST_CASE("premium-rate numbers and short codes are spam, not personal data") {
  CHECK(flags("URGENT! You have won a £900 prize. Call 0906 170 1461 from a landline",
              Category::spam));
  CHECK(flags("ring 08712345678 to hear who fancies you", Category::spam));
  CHECK(flags("Txt PLAY to 81234 to enter, 150p/msg", Category::spam));
  CHECK_FALSE(flags("Call 0906 170 1461 now", Category::personal_data));
}

TEST_CASE("a freephone number is spam only next to prize or sales words") {
  CHECK(flags("Congratulations, you have won a cash prize! Call FREEPHONE 0800 123 4567 now",
              Category::spam));
  CHECK(is_clean("If your child is worried, Childline is free on 0800 1111"));
  CHECK(is_clean("The NSPCC helpline is 0808 800 5000 for any adult with a concern"));
}

TEST_CASE("phone numbers in disguise are personal data") {
  CHECK(flags("msg me on 077OO 9OO 345 tonight", Category::personal_data));
  CHECK(flags("oh seven seven double oh, nine hundred, three four five", Category::personal_data));
}
