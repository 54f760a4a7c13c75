// Reads rules.toml and its lists into a RuleBook (RuleBook::load is the only caller). The format
// is explained for admins in config/filters/README.md. Internal to filters/: nothing outside
// includes this header.
//
// Error policy: nothing throws past load(). Every mistake in rules.toml or a list (a bad pattern,
// an unknown key, cue or category, a number out of range, an unreadable file) is appended to the
// caller's problem list with its file and line, and reading goes on so that one run reports all
// of them; load() then returns nullptr. Only a rules.toml that TOML cannot parse stops at once.
//
// The loader is one class read across four files, one idea each:
//   rule_book_loader.cpp    the walk over rules.toml's tables, lists and entries ([define],
//                           [spelling], [allow]), and the checks every table shares;
//   rule_book_rules.cpp     [cues] and [[rule]]: list, near and scoring rules, gates;
//   rule_book_detectors.cpp [detectors.*]: the built-in detectors' settings, links, safeguarding;
//   rule_book_routing.cpp   where each pattern is matched: the main RE2::Set, a gated set, the
//                           wide patterns' prefilter, or a family shared by a rule's entries.
#pragma once

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <toml++/toml.h>

#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "filters/define_families.hpp"
#include "filters/list_file.hpp"
#include "filters/rule_book.hpp"
#include "filters/shared_family.hpp"

namespace hm::filters {

class RuleBookLoader {
 public:
  RuleBookLoader(std::filesystem::path dir, std::vector<Problem>& problems);
  // The compiled book, or nullptr with the reasons in `problems`.
  std::unique_ptr<RuleBook> load();

 private:
  // --- rule_book_loader.cpp: tables, lists and entries ---
  void problem(int line, std::string message);
  void problem(const toml::node* n, std::string message);
  void known_keys(const toml::table& t, std::initializer_list<std::string_view> keys,
                  std::string_view where);
  std::filesystem::path resolve(const std::string& relative) const;
  struct NamedList {
    std::filesystem::path path;
    std::vector<ListEntry> entries;
  };
  NamedList read_named_list(const std::string& name, const toml::node& named_at);
  std::size_t read_entries(const toml::table& t, RuleBook::Kind kind, int owner,
                           std::string_view where, bool swaps = false);
  void add_entry(std::string_view text, RuleBook::Kind kind, int owner, const std::string& file,
                 int line, bool swaps = false);
  bool expand_defines(std::string& pattern, const std::string& file, int line);
  void read_defines(const toml::table& defines);
  void read_allow(const toml::table& allow);
  std::optional<Category> category(const toml::table& t, std::string_view where);
  int severity(const toml::table& t);
  void read_spelling(const toml::table& t);
  std::vector<std::string> spelling_list(const toml::table& t, std::string_view key);

  // --- rule_book_rules.cpp: cues and rules ---
  void read_cues(const toml::table& cues);
  void read_gate(const toml::table& t);
  void read_rule(const toml::table& t);
  void read_score(const toml::node* n, const toml::node* th, const toml::node* parent,
                  RuleBook::Rule& rule, std::string_view where);
  std::vector<int> read_unless(const toml::table& t);
  void add_rule(RuleBook::Rule rule, const toml::node* where);
  void read_description(const toml::table& t, const std::string& id);

  // --- rule_book_detectors.cpp: the built-in detectors ---
  void read_detectors(const toml::table& det);
  void read_link_promo(const toml::table& t);
  void read_domains(const toml::table& t, std::string_view key, std::set<std::string>& out);
  void read_safeguarding(const toml::table& t);
  void read_ask_model_from(const toml::table& t, RuleBook::Rule& rule);

  // --- rule_book_routing.cpp: which matcher each pattern joins ---
  void add_triggers();
  void add_pattern(const std::string& pattern, RuleBook::Kind kind, int owner,
                   const std::string& file, int line);
  static bool is_wide(std::string_view pattern);
  void route_wide_patterns();
  void defer_shared_family(FamilySplit split, std::string pattern, int owner,
                           const std::string& file, int line);
  void add_shared_families();
  void mark_safeguarding_cues();

  std::filesystem::path dir_;
  std::string rules_file_;
  std::vector<Problem>& problems_;
  RE2::Options options_;
  std::unique_ptr<RuleBook> book_;
  std::map<std::string, int> cue_index_;
  DefineFamilies defines_;
  int gate_ = -1;             // the gated set the current rule's or cue's entries go to, or -1
  std::set<int> gated_cues_;  // cues looked for only beside their gate
  std::map<std::string, int> main_pattern_;  // main-route pattern → its first entry
  std::vector<int> wide_pending_;            // entries of wide patterns, routed at the end
  // Gated rule entries that use a family, by (gate, rule, family): added at the end.
  std::map<std::tuple<int, int, std::string>, std::vector<FamilyUse>> sharing_;
  // Four letters: "the " or "card", not "the" or "eat", which most comments hold.
  static constexpr int kMinAtomLength = 4;
  std::unique_ptr<re2::FilteredRE2> wide_ = std::make_unique<re2::FilteredRE2>(kMinAtomLength);
  std::set<std::string> rule_ids_;
};

}  // namespace hm::filters
