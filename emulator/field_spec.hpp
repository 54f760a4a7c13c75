// The Graph API `fields=` mini-language (field expansion): a comma-separated list of fields,
// each with optional `.modifier(value)` calls and an optional `{subfields}` block, nested
// without limit, e.g. `id,comments.filter(stream).limit(5).summary(true){id,from{id,name}}`.
//
// Error policy: parse_fields returns an error message (for a Graph (#100) error) on bad
// syntax; it never throws except std::bad_alloc. Depth is bounded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace hm::emulator {

struct FieldSel {
  std::string name;
  std::map<std::string, std::string> modifiers;   // limit -> "5", filter -> "stream", ...
  std::optional<std::vector<FieldSel>> children;  // present when `{...}` was given

  std::optional<std::string> modifier(const std::string& m) const;
};

using FieldList = std::vector<FieldSel>;

// Parses a fields expression; whitespace is ignored. Returns the list or an error message.
std::variant<FieldList, std::string> parse_fields(const std::string& text);

// Serialises a list back to the mini-language (for `paging.next` links).
std::string to_string(const FieldList& fields);

}  // namespace hm::emulator
