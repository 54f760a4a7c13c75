// The match a verdict holds for one rule id ("model.advert"), or null: how the tests of the
// learned models tell which opinion spoke.
#pragma once

#include <string_view>

#include "filters/verdict.hpp"

namespace hm::test {

inline const filters::Match* match_of(const filters::Verdict& v, std::string_view rule) {
  for (const filters::Match& m : v.matches)
    if (m.rule == rule) return &m;
  return nullptr;
}

}  // namespace hm::test
