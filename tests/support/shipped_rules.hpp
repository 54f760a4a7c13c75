// The project's shipped filter rules (config/filters), loaded once per test executable and
// shared by every test file that checks what the default rules make of a text.
//
// Error policy: a rule file that fails to load fails the calling test, with its problems shown.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "filters/pipeline.hpp"
#include "support/match_of.hpp"

namespace hm::test {

inline const filters::Pipeline& shipped_rules() {
  static auto loaded =
      filters::Pipeline::load(std::filesystem::path(HM_SOURCE_DIR) / "config" / "filters");
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  return *loaded.pipeline;
}

// What the shipped rules make of a text for a school with no protected names or own domains.
inline filters::Verdict classify_shipped(std::string_view text) {
  return shipped_rules().classify(text, *filters::School::none());
}

// Every text gets `category` from the shipped rules; a failure names the text.
inline void all_flagged(filters::Category category, std::initializer_list<const char*> texts) {
  for (const char* t : texts)
    CHECK_MESSAGE(classify_shipped(t).categories.contains(category), std::string(t));
}

// The two categories the filter tests check most: abuse, and a safeguarding concern.
inline void all_abuse(std::initializer_list<const char*> texts) {
  all_flagged(filters::Category::abuse, texts);
}
inline void all_concerns(std::initializer_list<const char*> texts) {
  all_flagged(filters::Category::safeguarding, texts);
}

// Every text gets `category` from the shipped rules, and `rule` (a learned model's id) is among
// the matches that give it; a failure names the text.
inline void all_found_by(filters::Category category, std::string_view rule,
                         std::initializer_list<const char*> texts) {
  for (const char* t : texts) {
    const auto v = classify_shipped(t);
    CHECK_MESSAGE(v.categories.contains(category), std::string(t));
    CHECK_MESSAGE(match_of(v, rule), std::string(t));
  }
}

// Every text is clean under the shipped rules; a failure names the text.
inline void all_clean(std::initializer_list<const char*> texts) {
  for (const char* t : texts) CHECK_MESSAGE(classify_shipped(t).clean(), std::string(t));
}

}  // namespace hm::test
