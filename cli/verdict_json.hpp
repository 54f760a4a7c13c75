// The JSON line `hallmonitorctl classify` writes for a verdict (DESIGN.md §9 contract):
// {"categories":[...sorted...],"actions":[...],"matches":[{"rule","category","start","end"}]}
#pragma once

#include <string>
#include <string_view>

#include "filters/verdict.hpp"

namespace hm::cli {

void append_verdict_json(const filters::Verdict& v, std::string& out);
void append_error_json(std::string_view message, std::string& out);
void append_json_string(std::string_view s, std::string& out);

}  // namespace hm::cli
