#include "console/reasons.hpp"

#include <algorithm>

namespace hm::console {
namespace {

// For a rule the live rules do not describe (renamed since the verdict, or a test without the
// hook): the category, still in words.
std::string category_reason(std::string_view category) {
  if (category == "abuse") return "Abusive or offensive";
  if (category == "spam") return "Looks like spam";
  if (category == "commercial") return "Advertising";
  if (category == "personal_data") return "Gives personal information";
  if (category == "safeguarding") return "A possible safeguarding concern";
  if (category == "complaint") return "A complaint";
  return "Flagged by the filter";
}

std::string join(const Json& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    if (!out.empty()) out += "; ";
    out += r.get<std::string>();
  }
  return out;
}

}  // namespace

Json describe_matches(Json& matches, const DescribeRule& describe) {
  Json reasons = Json::array();
  if (!matches.is_array()) return reasons;
  for (auto& m : matches) {
    if (!m.is_object()) continue;
    std::string rule = m.value("rule", "");
    std::string text = describe ? describe(rule) : std::string();
    if (text.empty()) text = category_reason(m.value("category", ""));
    // A scoring rule's cues or the learned model's features, as stored with the verdict.
    if (m.contains("why") && m["why"].is_string() && !m["why"].get<std::string>().empty())
      text += " — " + m["why"].get<std::string>();
    m["description"] = text;
    if (std::find(reasons.begin(), reasons.end(), Json(text)) == reasons.end())
      reasons.push_back(text);
  }
  return reasons;
}

namespace {

// moderation/policy.cpp writes "verdict: CATEGORIES (RULES)", or for a block "N strikes in D
// days on this channel; latest verdict: ...": the words replace the ids.
void plain_reason(Json& field, const Json& reasons) {
  if (!field.is_string() || reasons.empty()) return;
  auto& reason = *field.get_ptr<std::string*>();
  constexpr std::string_view kVerdict = "verdict: ";
  auto at = reason.find(kVerdict);
  if (at == std::string::npos) return;
  std::string head = reason.substr(0, at);
  if (head.ends_with("latest ")) head.replace(head.size() - 7, 7, "the latest: ");
  reason = head + join(reasons);
}

}  // namespace

void explain_action(Json& action, const DescribeRule& describe) {
  Json reasons = describe_matches(action["matches"], describe);
  if (action.contains("reason")) plain_reason(action["reason"], reasons);
  if (auto t = action.find("transitions"); t != action.end() && t->is_array())
    for (auto& step : *t)
      if (step.is_object() && step.contains("reason")) plain_reason(step["reason"], reasons);
  action["reasons"] = std::move(reasons);
}

void explain_comment(Json& comment, const DescribeRule& describe) {
  if (auto versions = comment.find("versions"); versions != comment.end() && versions->is_array())
    for (auto& v : *versions)
      if (v.is_object() && v.contains("matches"))
        v["reasons"] = describe_matches(v["matches"], describe);
  if (auto actions = comment.find("actions"); actions != comment.end() && actions->is_array())
    for (auto& a : *actions)
      if (a.is_object()) explain_action(a, describe);
}

}  // namespace hm::console
