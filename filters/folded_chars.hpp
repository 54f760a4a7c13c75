// Character classes of folded text (filters/normaliser.hpp): after folding, the letters a rule
// can name are ASCII lower case, so these tests are all the matchers need.
//
// Error policy: pure; constexpr.
#pragma once

namespace hm::filters {

constexpr bool is_letter(char c) noexcept {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
constexpr bool is_alnum(char c) noexcept {
  return is_letter(c) || is_digit(c);
}

}  // namespace hm::filters
