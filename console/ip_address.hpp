// An IP address in one canonical text form, for comparing addresses and checking the config.
// Header-only (libc's inet_pton/inet_ntop) so that the config reader can use it without linking
// the console. Nothing fails: text that is not an IP address gives nullopt.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace hm::console {

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// IPv4-mapped IPv6 comes out as IPv4, so "::ffff:127.0.0.1" and "127.0.0.1" compare equal.
inline std::optional<std::string> canonical_ip(std::string_view text) {
  text = trim_blanks(text);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  std::array<unsigned char, 16> b{};
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, s.c_str(), b.data()) == 1)
    return inet_ntop(AF_INET, b.data(), out, sizeof out) ? std::optional<std::string>(out)
                                                         : std::nullopt;
  if (inet_pton(AF_INET6, s.c_str(), b.data()) != 1) return std::nullopt;
  static constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped.begin(), kMapped.end(), b.begin()))
    return inet_ntop(AF_INET, b.data() + 12, out, sizeof out) ? std::optional<std::string>(out)
                                                              : std::nullopt;
  return inet_ntop(AF_INET6, b.data(), out, sizeof out) ? std::optional<std::string>(out)
                                                        : std::nullopt;
}

}  // namespace hm::console
