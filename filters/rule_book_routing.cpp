// Which matcher each pattern joins: the main RE2::Set that every comment passes through, the
// set of a gate that runs only where its cue occurred, the wide patterns' FilteredRE2 (their
// required literals go to the main set instead), or a family pattern shared by a gated rule's
// entries. All of it is speed: a pattern matches the same text whichever route it takes.
#include "filters/rule_book_loader.hpp"

#include "filters/detectors/detectors.hpp"

namespace hm::filters {

namespace {

// Folded text: lower-case, look-alikes and leetspeak mapped (DESIGN.md §3).
constexpr const char* kTriggerPatterns[] = {
    // url
    R"((?:https?://|www\.)|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|uk|io|ly|me|gl|gd|cc|info|biz|xyz|online|shop|site|help|top|club|live|app|link|to|ru|cn|tk|ml|ga|cf|gq|at|id|in|us|eu|de|fr|ws|bio|store|pro|win|vip|cash|click|icu|buzz|fun|space|website|ai|tv|gg|page|social|ms|cx|su|lol|ink)\b)",
    // obfuscated_email: "name (at) example (dot) com"
    R"([\(\[\{<]\s*at\s*[\)\]\}>]|\bdot\s+(?:com|co|uk|org|net)\b)",
    // number_words: three number words in a row start a spelled-out phone number
    R"(\b(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple)(?:[\s,.-]+(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|hundred|thousand)){2}\b)",
    // postcode: loose, because leetspeak folds "SW1A" to "swia"; the detector checks the original
    R"(\b[a-z]{1,2}[0-9a-z]{1,2}\s?[0-9][a-z]{2}\b)",
    // street_address: house number, up to three words, a street type
    R"(\b\d{1,4}[a-z]?,?\s+(?:[a-z'-]+\s+){1,3}(?:)" HM_STREET_TYPES R"()\b)",
};
constexpr Trigger kTriggerIds[] = {Trigger::url, Trigger::obfuscated_email, Trigger::number_words,
                                   Trigger::postcode, Trigger::street_address};

}  // namespace

// The detectors' cheap triggers: a detector's own code runs only where its trigger occurred.
void RuleBookLoader::add_triggers() {
  for (std::size_t i = 0; i < std::size(kTriggerPatterns); ++i)
    add_pattern(kTriggerPatterns[i], RuleBook::Kind::trigger, int(kTriggerIds[i]), rules_file_, 0);
}

void RuleBookLoader::add_pattern(const std::string& pattern, RuleBook::Kind kind, int owner,
                                 const std::string& file, int line) {
  // The set parses the pattern and reports syntax errors; the entry's own RE2 waits for a hit.
  std::string error;
  bool gated = (kind == RuleBook::Kind::rule || kind == RuleBook::Kind::cue) && gate_ >= 0;
  bool allow = kind == RuleBook::Kind::allow;
  bool main = !gated && !allow;
  auto entry = std::make_unique<RuleBook::Entry>();
  entry->kind = kind;
  entry->owner = owner;
  entry->pattern = pattern;
  int at = int(book_->entries_.size());
  if (main) {
    // The same pattern twice in the main route (one list in two rules): matched once.
    auto [first, fresh] = main_pattern_.try_emplace(pattern, at);
    if (!fresh) {
      book_->entries_[std::size_t(first->second)]->twins.push_back(at);
      book_->entries_.push_back(std::move(entry));
      return;
    }
    if (kind != RuleBook::Kind::trigger && is_wide(pattern)) {
      // Parsed now, so a mistake is reported at its line.
      int id = 0;
      if (RE2::ErrorCode code = wide_->Add(pattern, options_, &id); code != RE2::NoError) {
        main_pattern_.erase(first);
        problems_.push_back({file, line, "bad pattern: " + RE2(pattern, options_).error()});
        return;
      }
      wide_pending_.push_back(at);
      book_->entries_.push_back(std::move(entry));
      return;
    }
  }
  RE2::Set& set = gated   ? *book_->gated_[std::size_t(gate_)].set
                  : allow ? *book_->allow_set_
                          : *book_->set_;
  int index = set.Add(pattern, &error);
  if (index < 0) {
    if (main) main_pattern_.erase(pattern);
    problems_.push_back({file, line, "bad pattern: " + error});
    return;
  }
  (gated   ? book_->gated_[std::size_t(gate_)].entry
   : allow ? book_->allow_entry_
           : book_->main_entry_)
      .push_back(at);
  book_->entries_.push_back(std::move(entry));
}

// A long gap or a run of any words: the kind of pattern that multiplies the set's DFA states.
// A gap over a class of characters counts too ("[^.!?\n]{0,60}"): the fifteenth pass's dozen
// such patterns, in the main set, had doubled classify's instructions (README).
bool RuleBookLoader::is_wide(std::string_view pattern) {
  for (std::string_view wide :
       {".{", ".*", ".+", "\\w+", "\\w*", "\\w{", "){0,", "){1,", "]{0,", "]{1,"})
    if (pattern.find(wide) != std::string_view::npos) return true;
  return false;
}

// Wide patterns with a required literal go to book_->wide_, their literals to the main set;
// those without one (nothing to look for first) join the main set after all.
void RuleBookLoader::route_wide_patterns() {
  if (wide_pending_.empty()) return;
  auto& wide = wide_;  // its regexp i is the entry wide_pending_[i]
  std::vector<std::string> atoms;
  wide->Compile(&atoms);
  std::vector<int> always;  // ids that pass with no literal found: they stay in the set
  wide->AllPotentials({}, &always);
  book_->wide_entry_ = wide_pending_;
  for (int id : always) {
    int e = wide_pending_[std::size_t(id)];
    std::string error;
    if (book_->set_->Add(book_->entries_[std::size_t(e)]->pattern, &error) < 0)
      problem(0, "bad pattern: " + error);
    book_->main_entry_.push_back(e);
    book_->wide_entry_[std::size_t(id)] = -1;  // the set reports it
  }
  book_->wide_ = std::move(wide);
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    auto entry = std::make_unique<RuleBook::Entry>();
    entry->kind = RuleBook::Kind::atom;
    entry->owner = int(a);
    entry->pattern = RE2::QuoteMeta(atoms[a]);
    std::string error;
    if (book_->set_->Add(entry->pattern, &error) < 0) {
      problem(0, "bad pattern: " + error);
      continue;
    }
    book_->main_entry_.push_back(int(book_->entries_.size()));
    book_->entries_.push_back(std::move(entry));
    ++book_->wide_literals_;
  }
}

// A gated rule entry that uses a family: checked now (a mistake is reported at its line),
// put in the set with the rule's others that use it once every list is read.
void RuleBookLoader::defer_shared_family(FamilySplit split, std::string pattern, int owner,
                                         const std::string& file, int line) {
  std::string error;
  if (RE2::Set check(options_, RE2::UNANCHORED); check.Add(pattern, &error) < 0) {
    problems_.push_back({file, line, "bad pattern: " + error});
    return;
  }
  if (!expand_defines(split.before, file, line) || !expand_defines(split.after, file, line)) return;
  auto entry = std::make_unique<RuleBook::Entry>();
  entry->kind = RuleBook::Kind::rule;
  entry->owner = owner;
  entry->pattern = pattern;
  sharing_[{gate_, owner, split.family}].push_back(
      {int(book_->entries_.size()), std::move(split.before), std::move(split.after)});
  book_->entries_.push_back(std::move(entry));
}

// The deferred entries into their gated sets, shared as plan_sharing() says.
void RuleBookLoader::add_shared_families() {
  for (auto& [key, uses] : sharing_) {
    const auto& [gate, owner, name] = key;
    RuleBook::Gated& g = book_->gated_[std::size_t(gate)];
    std::string family = name;
    expand_defines(family, rules_file_, 0);
    SharingPlan plan = plan_sharing(family, uses);
    auto pattern_of = [this](const FamilyUse& u) -> const std::string& {
      return book_->entries_[std::size_t(u.entry)]->pattern;
    };
    for (const SharedGroup& group : plan.groups) {
      if (g.set->Add(group.pattern, nullptr) < 0) {  // never seen: its members one by one
        plan.alone.insert(plan.alone.end(), group.members.begin(), group.members.end());
        continue;
      }
      auto shared = std::make_unique<SharedFamily>();
      for (std::size_t i : group.members) shared->add(uses[i].entry, pattern_of(uses[i]));
      g.entry.push_back(~int(g.shared.size()));
      g.shared.push_back(std::move(shared));
    }
    for (std::size_t i : plan.alone)
      if (g.set->Add(pattern_of(uses[i]), nullptr) >= 0) g.entry.push_back(uses[i].entry);
  }
  sharing_.clear();
}

// Cues that count towards a safeguarding rule keep every occurrence a mention would clear
// (RuleBook::kAllowMention), whichever rule reads them.
void RuleBookLoader::mark_safeguarding_cues() {
  auto& feeds = book_->cue_feeds_safeguarding_;
  feeds.assign(book_->cue_names_.size(), 0);
  for (const auto& rule : book_->rules_) {
    if (rule.category != Category::safeguarding) continue;
    for (int c : rule.cues) feeds[std::size_t(c)] = 1;
    for (const auto& w : rule.weights) feeds[std::size_t(w.cue)] = 1;
  }
}

}  // namespace hm::filters
