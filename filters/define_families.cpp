#include "filters/define_families.hpp"

#include <re2/re2.h>

#include "filters/normaliser.hpp"

namespace hm::filters {

bool DefineFamilies::add(const std::string& name, const std::vector<ListFile>& files,
                         std::vector<Problem>& problems) {
  std::string alternation;
  for (const auto& [path, entries] : files)
    for (const ListEntry& e : entries) {
      std::string term = alternative(e.text);
      if (term.empty()) {
        problems.push_back(
            {path, e.line, "a [define] list holds plain words or valid re: patterns"});
        continue;
      }
      alternation += (alternation.empty() ? "" : "|") + term;
    }
  alternations_["{{" + name + "}}"] = "(?:(?:" + alternation + ")\\b)";
  return !alternation.empty();
}

std::optional<std::string> DefineFamilies::expand(std::string& pattern) const {
  for (std::size_t at = pattern.find("{{"); at != std::string::npos; at = pattern.find("{{", at)) {
    std::size_t end = pattern.find("}}", at);
    std::string name = pattern.substr(at, end == std::string::npos ? 2 : end + 2 - at);
    auto it = alternations_.find(name);
    if (it == alternations_.end()) return name;
    pattern.replace(at, name.size(), it->second);
    at += it->second.size();
  }
  return std::nullopt;
}

// A plain entry as literal words, without the masks and doubled letters list terms allow: a
// family is used in many patterns, and literal alternatives keep the shared matcher small and
// fast. A `re:` entry as written. Empty for an entry that cannot be used.
std::string DefineFamilies::alternative(const std::string& entry) {
  if (entry.starts_with("re:")) {
    std::string pattern = entry.substr(3);
    RE2 check(pattern, RE2::Quiet);
    if (pattern.empty() || !check.ok() || pattern.find("{{") != std::string::npos) return {};
    return "(?:" + pattern + ")";
  }
  std::string word;
  for (char c : fold_for_matching(entry)) {
    if (c == ' ' || c == '-')
      word += "[\\s-]+";
    else if (c == '\'')
      word += "'?";
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      word += c;
    else
      word += RE2::QuoteMeta(std::string(1, c));
  }
  return word;
}

}  // namespace hm::filters
