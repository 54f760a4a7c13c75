// The normaliser of DESIGN.md §3: folds a comment into the form the rules match against, and
// keeps a map back to byte offsets in the original text so every match can point at what the
// author actually wrote.
//
//   NFKC case-fold → Latin look-alikes → zero-width and combining marks stripped → leetspeak
//   inside words, and one digit opening or closing a word of 3+ letters (@→a 4→a 3→e 1→i !→i
//   0→o $→s 5→s 7→t; * and # masks kept as '*') →
//   runs of 3+ identical letters collapsed to 1 → letters split by single separators joined
//   (a second form, made only when such a run exists).
//
// Error policy: pure; never fails. Invalid UTF-8 folds to U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hm::filters {

// A transformed text and, per byte, the original bytes it came from.
struct NormalForm {
  std::string text;
  // from[i], to[i]: the original byte range of the character that produced text[i]. Both empty
  // while text is still byte-for-byte aligned with the original (the ASCII fast path).
  std::vector<std::uint32_t> from, to;

  // The original byte range [first, last) behind text[start, end); end > start.
  std::pair<std::size_t, std::size_t> original_span(std::size_t start, std::size_t end) const {
    if (from.empty()) return {start, end};
    return {from[start], to[end - 1]};
  }
};

struct Normalised {
  NormalForm folded;
  std::optional<NormalForm> joined;  // "f.u.c.k o.f.f" → "fuck off"
  // "you are a s l u t" → "you are a slut": one-letter words before a split run kept apart.
  std::optional<NormalForm> joined_words;
  std::size_t digit_count = 0;  // ASCII digits after folding (fullwidth digits count)
  bool has_at_sign = false;     // '@' before leetspeak turned it into 'a'
};

Normalised normalise(std::string_view original);
// The same, into `out`, reusing its buffers: the hot path allocates nothing in steady state.
void normalise_into(std::string_view original, Normalised& out);

// The folded form alone, as list terms and protected names are compiled: the same folding as
// comments get, so an admin writes words the way people spell them.
std::string fold_for_matching(std::string_view text);

}  // namespace hm::filters
