// What `hallmonitord --check` can tell about a channel without calling the platform: a
// credentials file that is not the JSON object the connector reads (a raw token pasted into
// it), an account_id that is a name rather than the platform's numeric id, and a poll interval
// shorter than the platform's limits sustain (DESIGN.md §9).
//
// Error policy: pure over a loaded Config and the credentials file's text; nothing fails.
// Problems would stop the channel (--check exits 2); warnings are said without refusing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"

namespace hm::config {

// The shortest poll interval each platform's limits sustain (why: channel_checks.cpp).
inline constexpr std::chrono::seconds kGraphMinPoll{36};
inline constexpr std::chrono::seconds kXBasicMinPoll{90};

// The channel's account_id and its credentials file's text (`credentials`: std::nullopt when
// the file could not be read, which find_credential reports).
std::vector<Problem> channel_problems(const Config& cfg, const Channel& ch,
                                      const std::optional<std::string>& credentials);
std::vector<Problem> channel_warnings(const Config& cfg, const Channel& ch);

}  // namespace hm::config
