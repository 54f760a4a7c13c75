#include "filters/shared_family.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hm::filters {
namespace {

// Whether a part of a pattern stands on its own inside "(?:...)": every group it opens is
// closed, and no '|' sits at its top level.
bool stands_alone(std::string_view part) {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const char c = part[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < part.size() && part[i + 1] == '^') ++i;
      if (i + 1 < part.size() && part[i + 1] == ']') ++i;  // "[]...]": ']' first is a member
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return false;
    } else if (c == '|' && depth == 0) {
      return false;
    }
  }
  return depth == 0 && !in_class;
}

// Where a family ends that starts at `open` ("{{group}}"), or a group of families only
// ("(?:{{group}}|{{one}})", starting at its "(?:"): one past its end, or npos.
std::size_t family_end(std::string_view pattern, std::size_t open) {
  if (pattern.substr(open, 2) == "{{") {
    const std::size_t close = pattern.find("}}", open);
    return close == std::string_view::npos ? close : close + 2;
  }
  for (std::size_t at = open + 3; at < pattern.size();) {  // after "(?:"
    if (pattern.substr(at, 2) != "{{") return std::string_view::npos;
    const std::size_t close = pattern.find("}}", at);
    if (close == std::string_view::npos) return close;
    at = close + 2;
    if (at < pattern.size() && pattern[at] == ')') return at + 1;
    if (at >= pattern.size() || pattern[at] != '|') return std::string_view::npos;
    ++at;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<FamilySplit> split_on_family(std::string_view entry) {
  if (!entry.starts_with("re:")) return std::nullopt;
  const std::string_view pattern = entry.substr(3);
  std::size_t open = pattern.find("{{");
  if (open == std::string_view::npos) return std::nullopt;
  // "(?:{{group}}|{{one}})" is one family for sharing: either of two families.
  if (open >= 3 && pattern.substr(open - 3, 3) == "(?:" &&
      family_end(pattern, open - 3) != std::string_view::npos)
    open -= 3;
  const std::size_t end = family_end(pattern, open);
  if (end == std::string_view::npos) return std::nullopt;
  FamilySplit s{std::string(pattern.substr(0, open)), std::string(pattern.substr(open, end - open)),
                std::string(pattern.substr(end))};
  // A quantifier would apply to the family itself ("{{group}}+", "{{group}}?").
  if (!s.after.empty() && std::string_view("*+?{").find(s.after.front()) != std::string::npos)
    return std::nullopt;
  if (!stands_alone(s.before) || !stands_alone(s.after)) return std::nullopt;
  return s;
}

std::string SharedFamily::merged_pattern(const std::string& family,
                                         const std::vector<std::string>& befores,
                                         const std::vector<std::string>& afters) {
  auto alternation = [](const std::vector<std::string>& parts) {
    std::string out = "(?:";
    std::set<std::string_view> seen;
    for (const std::string& p : parts) {
      if (!seen.insert(p).second) continue;
      out += (seen.size() > 1 ? "|(?:" : "(?:") + p + ")";
    }
    return out + ")";
  };
  return alternation(befores) + family + alternation(afters);
}

SharingPlan plan_sharing(const std::string& family, const std::vector<FamilyUse>& uses) {
  SharingPlan plan;
  std::vector<char> placed(uses.size(), 0);
  // Uses with the same words on one side (`before`: the words before the family).
  auto share_equal = [&](bool before) {
    std::map<std::string_view, std::vector<std::size_t>> same;
    for (std::size_t i = 0; i < uses.size(); ++i)
      if (!placed[i]) same[before ? uses[i].before : uses[i].after].push_back(i);
    for (auto& [part, members] : same) {
      if (members.size() < 2) continue;
      std::vector<std::string> others;
      for (std::size_t i : members) {
        others.push_back(before ? uses[i].after : uses[i].before);
        placed[i] = 1;
      }
      const std::vector<std::string> equal{std::string(part)};
      plan.groups.push_back({members, before
                                          ? SharedFamily::merged_pattern(family, equal, others)
                                          : SharedFamily::merged_pattern(family, others, equal)});
    }
  };
  share_equal(true);
  share_equal(false);
  // The rest with substantial words on both sides, crossed.
  SharedGroup crossed;
  std::vector<std::string> befores, afters;
  for (std::size_t i = 0; i < uses.size(); ++i) {
    if (placed[i] || uses[i].before.size() < kSubstantialPart ||
        uses[i].after.size() < kSubstantialPart)
      continue;
    crossed.members.push_back(i);
    befores.push_back(uses[i].before);
    afters.push_back(uses[i].after);
  }
  if (crossed.members.size() >= 2) {
    for (std::size_t i : crossed.members) placed[i] = 1;
    crossed.pattern = SharedFamily::merged_pattern(family, befores, afters);
    plan.groups.push_back(std::move(crossed));
  }
  for (std::size_t i = 0; i < uses.size(); ++i)
    if (!placed[i]) plan.alone.push_back(i);
  return plan;
}

void SharedFamily::which(std::string_view text, const RE2::Options& options,
                         std::vector<int>& out) const {
  std::call_once(once_, [&] {
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const std::string* p : patterns_)
      if (set->Add(*p, nullptr) < 0) return;
    if (!set->Compile()) return;
    set_ = std::move(set);
    built_.store(true, std::memory_order_release);
  });
  if (!set_) {  // cannot compile: every member is a candidate; its own RE2 finds no span if wrong
    out.insert(out.end(), members_.begin(), members_.end());
    return;
  }
  thread_local std::vector<int> hits;
  hits.clear();
  RE2::Set::ErrorInfo error{};
  if (!set_->Match(re2::StringPiece(text.data(), text.size()), &hits, &error)) {
    // Out of memory: every member is a candidate. Otherwise the shared pattern's words before
    // and after the family came from two members, and no member matches.
    if (error.kind != RE2::Set::kNoError) out.insert(out.end(), members_.begin(), members_.end());
    return;
  }
  std::sort(hits.begin(), hits.end());
  for (int h : hits) out.push_back(members_[std::size_t(h)]);
}

}  // namespace hm::filters
