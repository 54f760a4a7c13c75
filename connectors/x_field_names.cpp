#include "connectors/x_field_names.hpp"

namespace hm::connectors::x {

std::optional<Spelling> parse_spelling(std::string_view name) noexcept {
  if (name == "tweet") return Spelling::tweet;
  if (name == "post") return Spelling::post;
  return std::nullopt;
}

std::string_view to_string(Spelling s) noexcept {
  return s == Spelling::post ? "post" : "tweet";
}

}  // namespace hm::connectors::x
