// The strike rule in words for the console's author page and items: "3 strikes in 90 days
// propose a block; this author has 1".
//
// Error policy: pure functions; nothing here fails.
#pragma once

#include <string>

#include "moderation/strikes.hpp"

namespace hm::moderation {

// "3 strikes in 90 days propose a block", or "Strikes never propose a block" (threshold 0).
std::string strike_rule_text(const StrikeRule& rule);

// The rule and where the author stands: "...; this author has 1".
std::string strike_standing_text(const StrikeRule& rule, int strikes_in_window);

}  // namespace hm::moderation
