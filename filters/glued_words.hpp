// Words run together to dodge a filter: "muslimsarescum", "ihatewomen". A letter run that splits
// wholly into known words, at least one of them a word that carries meaning (a group, what it is
// called), is read with the spaces put back: "muslims are scum".
//
// The known words are the [spelling] vocabulary (the meaning words) and a short list of glue
// words ("i", "are", "hate", "all", "should"). A run that cannot be split wholly into them,
// which is nearly every long English word ("interesting", "wonderful"), is left alone, and a
// split made only of glue words ("isthebest") changes nothing either. Walking a trie of the
// known words rules most runs out within a letter or two, so a comment costs a few array steps
// per long word.
//
// A shorter run (kMinShortRun to kMinRun - 1 letters) is an ordinary word far more often
// ("their", "lesson", "input" all split into known words), so it is split only in the one way
// dodgers shorten a phrase: a glue word of two letters or more, or "i", then one whole
// vocabulary word of three letters or more ("ihate", "arescum", "alldie"). Over Debian's
// British dictionary that reads only "weevil" as two words ("we evil").
//
// Error policy: pure; never fails. Runs longer than kMaxRun are left alone.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hm::filters {

class GluedWords {
 public:
  static constexpr std::size_t kMinRun = 8;  // shorter runs split only as a glue word + an entry
  static constexpr std::size_t kMinShortRun = 5;
  static constexpr std::size_t kMaxRun = 64;  // bounded work per run

  // `meaning`: words that make a split worth reading; `glue`: words that only join them. Words
  // are folded lower-case letters; anything else in an entry splits it into words.
  static GluedWords build(const std::vector<std::string>& meaning_words,
                          const std::vector<std::string>& glue_words);

  bool empty() const noexcept { return nodes_.size() <= 1; }

  // True, with `out` the run's words separated by spaces, when `run` (letters a-z only) splits
  // wholly into known words and at least one of them carries meaning.
  bool split(std::string_view run, std::string& out) const;

 private:
  // `entry`: a vocabulary entry that is one word ("scum"), not a word of a phrase ("a plague").
  enum Kind : std::uint8_t { none = 0, glue = 1, meaning = 2, entry = 3 };
  struct Node {
    std::array<std::int32_t, 26> next{};  // 0: no child (the root is never a child)
    Kind ends = none;                     // a known word ends here
  };
  void add(std::string_view word, Kind kind);
  Kind kind_of(std::string_view word) const noexcept;
  bool split_short(std::string_view run, std::string& out) const;
  std::vector<Node> nodes_ = std::vector<Node>(1);
};

}  // namespace hm::filters
