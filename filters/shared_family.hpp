// Gated rule entries that use the same [define] family, most with the same words before it
// ("re:\b{{group}}\s+are...", "re:\b{{group}}\s+should...") or after it
// ("re:\bi\s+hate\s+{{group}}", "re:\bkill\s+all\s+{{group}}"): the gated set holds the family once
// for all of them, with the parts that differ as one alternation.
//
// Why: hate at groups is written as about 150 patterns that each hold the identity-group family,
// an alternation of every group's name. Compiled into the gated RE2::Set, each copy cost start-up
// time and memory: that one list took 32 MB of peak memory and 0.38 s of a 0.97 s one-line
// classify (README, "The fifteenth pass").
//
// A pattern shared by entries with equal words on one side matches exactly where one of its
// members does. Entries left with words of their own on both sides share one pattern too, each
// side an alternation; it may also match one's words before the family beside another's after
// it. Either way, which members match is asked of a set of the members alone, compiled on the
// first comment that needs it, and each member's own RE2 still finds its spans, as before. So a
// member is reported exactly when its own pattern matches, and verdicts are the same. Short parts
// are never crossed: beside "\b", or an entry with nothing after the family, nearly every mention
// of a group would be a hit that the members' set then has to turn down.
//
// Error policy: split_on_family() and plan_sharing() are pure. SharedFamily::which() compiles the
// members' set once, on first use; if it cannot (RE2 out of memory), every member is a candidate
// and each member's own RE2 decides, which gives the same verdict at a higher cost.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hm::filters {

// An entry's pattern either side of the one family it uses.
struct FamilySplit {
  std::string before;  // "\b", "\bi\s+hate\s+"
  std::string family;  // "{{group}}"
  std::string after;   // "\s+are\s+scum\b", or empty
};

// For a list entry as written ("re:" and RE2 syntax): its first family (or a group of families
// alone, "(?:{{group}}|{{one}})"), where what comes before and after it can stand on their own (no
// top-level alternation, no unbalanced group, nothing after that would quantify the family; the
// part after may use other families). nullopt otherwise: a family inside a larger group
// ("(?:{{group}}\s+are|...)"), or none.
std::optional<FamilySplit> split_on_family(std::string_view entry);

// A gated rule's entry that uses a family: its index among the rule book's entries, and its
// pattern either side of the family (expanded).
struct FamilyUse {
  int entry;
  std::string before, after;
};
// One pattern for a gated set: the uses it stands for (indexes into plan_sharing's `uses`) and
// the pattern (SharedFamily::merged_pattern).
struct SharedGroup {
  std::vector<std::size_t> members;
  std::string pattern;
};
struct SharingPlan {
  std::vector<SharedGroup> groups;
  std::vector<std::size_t> alone;  // uses that stay patterns of their own, in list order
};
// How one rule's uses of `family` (expanded) go into its gated set: groups of two or more with
// equal words before the family; of the rest, groups with equal words after it; of the rest,
// one group of those with at least kSubstantialPart characters on each side (crossed: it may
// match one's words before beside another's after, and then the members' set names none).
// Pure.
inline constexpr std::size_t kSubstantialPart = 8;
SharingPlan plan_sharing(const std::string& family, const std::vector<FamilyUse>& uses);

class SharedFamily {
 public:
  // One member: its entry (an index into the rule book's entries) and its whole pattern, as its
  // own RE2 and the members' set read it. The pattern is the entry's own string, not a copy (each
  // holds the whole family, a few KB), so it must outlive this object: the rule book owns both.
  void add(int entry, const std::string& pattern) {
    members_.push_back(entry);
    patterns_.push_back(&pattern);
  }
  void add(int entry, std::string&& pattern) = delete;  // a temporary would not outlive it
  // The set pattern for members whose patterns are befores[i] + `family` + afters[i] (all
  // expanded, one side the same for all): "(?:(?:before0)|...)<family>(?:(?:after0)|...)", each
  // distinct part once.
  static std::string merged_pattern(const std::string& family,
                                    const std::vector<std::string>& befores,
                                    const std::vector<std::string>& afters);
  // The members whose pattern matches somewhere in `text`, appended to `out` in list order.
  void which(std::string_view text, const RE2::Options& options, std::vector<int>& out) const;
  // Whether the members' set has been compiled (tests, memory figures).
  bool compiled() const noexcept { return built_.load(std::memory_order_acquire); }

 private:
  std::vector<int> members_;
  std::vector<const std::string*> patterns_;
  mutable std::once_flag once_;
  mutable std::atomic<bool> built_{false};
  mutable std::unique_ptr<RE2::Set> set_;  // null until first asked, or if it cannot compile
};

}  // namespace hm::filters
