// Turns one list entry into the RE2 pattern that finds it in folded text.
//
//   "fuck"      → whole word; each letter may be doubled ("fuuuuck" folds to "fuuck"), inner
//                 letters may be masked ("f*ck")
//   "fuck*"     → the last word may continue: fucker, fucking
//   "don't tell"→ the apostrophe is optional, words may be separated by any run of characters
//                 that are not letters or digits ("don't . . . tell", "don't 🤫 tell")
//   "re:…"      → a raw RE2 pattern over the folded text, used as written
//
// With `swaps`, a one-word term of four to six letters also matches its inner letters swapped
// with a neighbour ("fukc", "btich"); the first letter stays, as people keep it when they type.
//
// Error policy: pure; an entry that cannot become a pattern returns an error message.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "filters/list_file.hpp"
#include "filters/problem.hpp"

namespace hm::filters {

struct TermError {
  std::string message;
};

// The pattern for a list entry (already trimmed, not a comment). On error, what is wrong.
std::variant<std::string, TermError> term_to_pattern(std::string_view entry, bool swaps = false);

// Appends every entry of a list read from `file` to `alternation` as "(?:PATTERN)", joined by
// '|', for one RE2 over the whole list (the link rule's promotional words, the concern model's
// gate). An entry that is no term is reported as `file:line` and left out.
void append_alternation(const std::vector<ListEntry>& entries, const std::filesystem::path& file,
                        std::string& alternation, std::vector<Problem>& problems);

}  // namespace hm::filters
