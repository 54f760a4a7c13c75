// Comment text made safe for a terminal or a log line: control characters, escape sequences and
// bidirectional overrides in attacker-controlled text are shown as \u escapes, never obeyed.
#pragma once

#include <string>
#include <string_view>

namespace hm::cli {

std::string terminal_safe(std::string_view text, std::size_t max_bytes = 200);

}  // namespace hm::cli
