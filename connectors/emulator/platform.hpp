// The three emulated platforms and their names on the control API.
//
// Error policy: parse_platform returns std::nullopt for unknown names; nothing throws.
#pragma once

#include <optional>
#include <string_view>

namespace hm::emulator {

enum class Platform { facebook, instagram, x };

inline std::optional<Platform> parse_platform(std::string_view s) {
  if (s == "facebook") return Platform::facebook;
  if (s == "instagram") return Platform::instagram;
  if (s == "x") return Platform::x;
  return std::nullopt;
}

inline const char* to_string(Platform p) {
  switch (p) {
    case Platform::facebook:
      return "facebook";
    case Platform::instagram:
      return "instagram";
    case Platform::x:
      return "x";
  }
  return "?";
}

}  // namespace hm::emulator
