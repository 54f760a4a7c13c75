#include "filters/verdict.hpp"

namespace hm::filters {

std::string_view to_string(Category c) noexcept {
  switch (c) {
    case Category::abuse:
      return "abuse";
    case Category::commercial:
      return "commercial";
    case Category::complaint:
      return "complaint";
    case Category::personal_data:
      return "personal_data";
    case Category::safeguarding:
      return "safeguarding";
    case Category::spam:
      return "spam";
  }
  return "unknown";
}

std::optional<Category> parse_category(std::string_view name) noexcept {
  for (Category c : kAllCategories)
    if (to_string(c) == name) return c;
  return std::nullopt;
}

std::string_view to_string(Urgency u) noexcept {
  switch (u) {
    case Urgency::normal:
      return "normal";
    case Urgency::risk_to_life:
      return "risk_to_life";
  }
  return "unknown";
}

std::vector<Category> CategorySet::list() const {
  std::vector<Category> out;
  for (Category c : kAllCategories)
    if (contains(c)) out.push_back(c);
  return out;
}

}  // namespace hm::filters
