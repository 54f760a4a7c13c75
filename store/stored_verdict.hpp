// How a verdict is kept in the `verdicts` table, for everything that writes or reads it (the
// store, evidence bundles, the alert outbox, the console): categories as one text, "abuse,spam"
// in canonical order; matches as a JSON array of {rule, category, severity, start, end}.
//
// Error policy: pure conversions; nothing here fails.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "filters/verdict.hpp"

namespace hm::store {

inline std::string categories_text(const filters::CategorySet& set) {
  std::string out;
  for (auto c : set.list()) {
    if (!out.empty()) out += ",";
    out += filters::to_string(c);
  }
  return out;
}

// The names in a stored categories text, in their stored order.
// SQL: the verdict row `d` said spam or an advert (its categories are the text above). For the
// learned model's labels and agreement figures, which are about spam only.
inline constexpr std::string_view kSqlVerdictSaysSpam =
    "(d.categories LIKE '%spam%' OR d.categories LIKE '%commercial%')";

inline std::vector<std::string> split_categories(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

inline nlohmann::json matches_json(const filters::Verdict& verdict) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : verdict.matches) {
    nlohmann::json match = {{"rule", m.rule},
                            {"category", filters::to_string(m.category)},
                            {"severity", m.severity},
                            {"start", m.start},
                            {"end", m.end}};
    // Why a scoring rule fired, or which features weighed most for the learned model: kept so
    // the console can say it. Only those matches have one, so the others cost nothing.
    if (!m.why.empty()) match["why"] = m.why;
    out.push_back(std::move(match));
  }
  return out;
}

}  // namespace hm::store
