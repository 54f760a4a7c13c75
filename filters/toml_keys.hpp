// Finds keys a TOML table should not have, so a typo ("colour" for "category") is reported with
// its line instead of silently falling back to a default. Shared by every TOML reader.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hm::filters {

// Each unknown key's node (for its line) and the message to report.
inline std::vector<std::pair<const toml::node*, std::string>> unknown_keys(
    const toml::table& table, std::initializer_list<std::string_view> known,
    std::string_view where) {
  std::vector<std::pair<const toml::node*, std::string>> out;
  for (auto&& [key, value] : table) {
    bool ok = false;
    for (auto k : known) ok = ok || k == key.str();
    if (!ok)
      out.emplace_back(&value,
                       "unknown key '" + std::string(key.str()) + "' in " + std::string(where));
  }
  return out;
}

}  // namespace hm::filters
