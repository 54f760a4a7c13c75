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

std::string_view to_string(SuggestedAction a) noexcept {
  switch (a) {
    case SuggestedAction::hide:
      return "hide";
    case SuggestedAction::escalate:
      return "escalate";
    case SuggestedAction::reply:
      return "reply";
    case SuggestedAction::delete_comment:
      return "delete";
  }
  return "unknown";
}

std::vector<SuggestedAction> default_actions(const CategorySet& categories) {
  bool harmful = false;
  for (Category c : {Category::abuse, Category::spam, Category::commercial, Category::personal_data,
                     Category::safeguarding})
    harmful = harmful || categories.contains(c);
  std::vector<SuggestedAction> out;
  if (harmful) out.push_back(SuggestedAction::hide);
  if (categories.contains(Category::safeguarding)) out.push_back(SuggestedAction::escalate);
  // Policy: every complaint is redirected to the complaints procedure, even one that is also
  // hidden for its language; the reply is only proposed, so a moderator still decides.
  if (categories.contains(Category::complaint)) out.push_back(SuggestedAction::reply);
  if (harmful) out.push_back(SuggestedAction::delete_comment);
  return out;
}

}  // namespace hm::filters
