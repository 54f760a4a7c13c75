// Misspelt words put back before matching: "Mulsims are disgutsing", "I hate immigrnts", "wmoen
// are vremin". People who dodge a filter (and people who type fast) swap two letters or drop
// one; a rule written for "muslims" or "vermin" should still read them.
//
// The vocabulary is a few lists of words that carry meaning in hateful sentences (identity
// groups, what they are called, verbs of hate). From each word it makes the spellings one slip
// away: two neighbouring letters swapped (words of four letters or more), one inner letter
// dropped or an inner "l" written as "1" or "I" ("Mus1ims", which folding reads as "musiims";
// five letters or more), or the last letter left off (six or more: "disgustin", "vermi"), always
// keeping the first letter (people keep it when they type). A spelling
// that is a real word ("back" from "black", "flith" is not, "filth" is) must be listed as an
// exception, or ordinary text would be read as something else; tests check the shipped
// exceptions against a dictionary.
//
// `repair` makes a second form of the folded text with each misspelt word replaced, and each
// replaced letter mapped back to the whole misspelt word in the original, so a match still
// points at what the author wrote. Text without a misspelling costs one scan of its words.
//
// Error policy: pure; build() takes what it is given (the loader reports unreadable lists), and
// repair() never fails.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "filters/glued_words.hpp"
#include "filters/normaliser.hpp"

namespace hm::filters {

class SpellingRepair {
 public:
  // Shorter words have too many real neighbours: a four-letter word ("hate", "scum") gets only
  // its inner letters swapped ("haet", "scmu") or one doubled ("scumm"), and only a long word
  // loses its last letter.
  static constexpr std::size_t kMinSwapLength = 4;
  static constexpr std::size_t kMinLength = 5;
  static constexpr std::size_t kMinDropLastLength = 6;

  // `words`: the vocabulary, folded (entries of several words are split into words);
  // `real_words`: spellings one slip away that are words in their own right, never repaired.
  // `glue_words`: short words that join the vocabulary's in a run written without spaces
  // ("i", "are"): "muslimsarescum" is read as "muslims are scum" (filters/glued_words.hpp).
  static SpellingRepair build(const std::vector<std::string>& words,
                              const std::unordered_set<std::string>& real_words,
                              const std::vector<std::string>& glue_words = {});

  // Every misspelling build() would repair, with the word it becomes (for tests and tuning).
  static std::vector<std::pair<std::string, std::string>> slips_of(std::string_view word);

  bool empty() const noexcept { return to_word_.empty() && glued_.empty(); }

  // True, with `out` the repaired form, when `in` holds at least one misspelt word.
  bool repair(const NormalForm& in, NormalForm& out) const;

 private:
  static constexpr std::size_t kMaxLength = 24;
  // Looked up by a view of the comment's text, without copying the word.
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> to_word_;  // slip → word
  GluedWords glued_;
  // Whether any misspelling has this first letter, last letter and length: nearly every word
  // of a comment is ruled out by this table, without hashing it.
  std::vector<std::uint8_t> may_be_slip_ = std::vector<std::uint8_t>(26 * 26 * (kMaxLength + 1));
  static std::size_t slot(char first, char last, std::size_t length) noexcept {
    return (std::size_t(first - 'a') * 26 + std::size_t(last - 'a')) * (kMaxLength + 1) + length;
  }
};

}  // namespace hm::filters
