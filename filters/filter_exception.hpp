// Filter exceptions: a school's moderators say "don't flag this text again" after showing a
// comment again. What counts as the same text, and what an exception may clear (DESIGN.md §3).
//
// Error policy: pure functions; nothing fails. Invalid UTF-8 folds as U+FFFD, like everywhere.
#pragma once

#include <string>
#include <string_view>

#include "filters/verdict.hpp"

namespace hm::filters {

// The comment's exact text, case-folded (the filters' folding) with every run of whitespace
// made one space and the ends trimmed: "Well DONE\n  team" and "well done team" are the same.
std::string exception_text(std::string_view comment_text);

// Whether an exception for the comment's text turns `verdict` clean. Never for a safeguarding
// verdict: a welfare concern reaches the safeguarding lead whatever a moderator excepted.
bool exception_clears(const Verdict& verdict) noexcept;

}  // namespace hm::filters
