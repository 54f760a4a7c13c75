// The JSON line `hallmonitorctl classify` writes for a verdict (DESIGN.md §9 contract):
// {"categories":[...sorted...],"actions":[...],"matches":[{"rule","category","start","end"}]}
#pragma once

#include <string>
#include <string_view>

#include "moderation/plan.hpp"

namespace hm::cli {

// `actions`: what the school's policy asks for (moderation::policy_actions).
void append_verdict_json(const moderation::PolicyVerdict& v, std::string& out);
void append_error_json(std::string_view message, std::string& out);
void append_json_string(std::string_view s, std::string& out);

}  // namespace hm::cli
