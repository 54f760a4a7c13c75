// Character classes of folded text (filters/normaliser.hpp): after folding, the letters a rule
// can name are ASCII lower case, so these tests are all the matchers need.
//
// Error policy: pure; constexpr.
#pragma once

#include <string_view>

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

// Calls `use(word)` for each run of letters in `text`: "black people" gives "black", "people".
template <class Use>
void for_each_letter_word(std::string_view text, Use&& use) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = at;
    while (end < text.size() && is_letter(text[end])) ++end;
    if (end > at) use(text.substr(at, end - at));
    at = end + 1;
  }
}

}  // namespace hm::filters
