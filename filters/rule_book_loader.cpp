// Reads rules.toml and its lists into a RuleBook. The format is explained for admins in
// config/filters/README.md.
//
// Over 400 lines on purpose: one class, RuleBookLoader, walks the format's tables in the order
// an admin writes them, every check adding to the same problem list with the same file and
// line positions; split, the reader of the format would have to follow it across files.
#include <toml++/toml.h>

#include "filters/toml_keys.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "filters/define_families.hpp"
#include "filters/detectors/detectors.hpp"
#include "filters/list_file.hpp"
#include "filters/rule_book.hpp"
#include "filters/shared_family.hpp"
#include "filters/term_pattern.hpp"

namespace hm::filters {

std::string_view detector_rule_id(Detector d) noexcept {
  switch (d) {
    case Detector::phone:
      return "detector.phone";
    case Detector::email:
      return "detector.email";
    case Detector::postcode:
      return "detector.postcode";
    case Detector::street_address:
      return "detector.street_address";
    case Detector::protected_name:
      return "detector.protected_name";
    case Detector::url_shortener:
      return "detector.url.shortener";
    case Detector::url_denylist:
      return "detector.url.denylist";
  }
  return "detector.unknown";
}

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

class RuleBookLoader {
 public:
  RuleBookLoader(std::filesystem::path dir, std::vector<Problem>& problems)
      : dir_(std::move(dir)), rules_file_((dir_ / "rules.toml").string()), problems_(problems) {
    options_.set_max_mem(64 << 20);  // a 3,000-pattern set thrashes the default 8 MB DFA cache
    options_.set_log_errors(false);
    options_.set_case_sensitive(true);
    book_.reset(new RuleBook());
    book_->options_ = options_;
    for (Detector d : {Detector::url_shortener, Detector::url_denylist})
      book_->detectors_[std::size_t(d)].category = Category::spam;
    // The detectors are code, so their reasons are too (a [[rule]] writes its own).
    book_->descriptions_ = {
        {"detector.phone", "Looks like a UK phone number"},
        {"detector.email", "Gives an email address"},
        {"detector.postcode", "Gives a postcode"},
        {"detector.street_address", "Gives a home address"},
        {"detector.protected_name", "Names a pupil on your protected list"},
        {"detector.url.shortener", "Has a shortened link that hides where it goes"},
        {"detector.url.denylist", "Links to a site known for spam or scams"},
        {"detector.url.promoted", "Advertises a link to another website"},
        {"detector.safeguarding.grooming",
         "Reads like an adult trying to get close to a child (grooming)"},
        {"detector.safeguarding.risk_to_life", "Someone may be at risk of harming themselves"},
    };
    book_->set_ = std::make_unique<RE2::Set>(options_, RE2::UNANCHORED);
    book_->allow_set_ = std::make_unique<RE2::Set>(options_, RE2::UNANCHORED);
  }

  std::unique_ptr<RuleBook> load() {
    toml::table doc;
    try {
      doc = toml::parse_file(rules_file_);
    } catch (const toml::parse_error& e) {
      problem(int(e.source().begin.line), std::string(e.description()));
      return nullptr;
    }
    known_keys(doc, {"allow", "cues", "define", "detectors", "rule", "spelling"}, "rules.toml");
    if (auto* define = doc["define"].as_table()) read_defines(*define);
    if (auto* spelling = doc["spelling"].as_table()) read_spelling(*spelling);
    if (auto* allow = doc["allow"].as_table()) {
      known_keys(*allow, {"list", "lists", "patterns", "mentions", "reported"}, "[allow]");
      // A rules file may hold mentions or reports alone.
      bool own = allow->contains("list") || allow->contains("lists") || allow->contains("patterns");
      if (own || !(allow->contains("mentions") || allow->contains("reported")))
        read_entries(*allow, RuleBook::Kind::allow, RuleBook::kAllowAlways, "[allow]");
      for (auto [key, owner] : {std::pair{"mentions", RuleBook::kAllowMention},
                                std::pair{"reported", RuleBook::kAllowReported}}) {
        const std::string where = std::string("[allow.") + key + "]";
        if (const toml::node* m = allow->get(key)) {
          if (auto* mt = m->as_table()) {
            if (owner == RuleBook::kAllowReported)
              known_keys(*mt, {"list", "lists", "patterns", "unless"}, where);
            else
              known_keys(*mt, {"list", "lists", "patterns"}, where);
            read_entries(*mt, RuleBook::Kind::allow, owner, where);
          } else {
            problem(m, where + " must be a table");
          }
        }
      }
    }
    if (auto* cues = doc["cues"].as_table()) read_cues(*cues);
    // A report that the writer agrees with ("... and they're right") is theirs again.
    if (auto* reported = doc["allow"]["reported"].as_table())
      book_->reported_unless_ = read_unless(*reported);
    if (auto* det = doc["detectors"].as_table()) read_detectors(*det);
    if (auto* rules = doc["rule"].as_array()) {
      for (auto& r : *rules) {
        if (auto* t = r.as_table())
          read_rule(*t);
        else
          problem(&r, "each [[rule]] must be a table");
      }
    } else if (doc.contains("rule")) {
      problem(doc.get("rule"), "rules must be written as [[rule]] tables");
    }
    for (std::size_t i = 0; i < std::size(kTriggerPatterns); ++i)
      add_pattern(kTriggerPatterns[i], RuleBook::Kind::trigger, int(kTriggerIds[i]), rules_file_,
                  0);
    mark_safeguarding_cues();
    route_wide_patterns();
    add_shared_families();
    if (!problems_.empty()) return nullptr;
    bool compiled = book_->set_->Compile() && book_->allow_set_->Compile();
    for (auto& g : book_->gated_) compiled = compiled && g.set->Compile();
    if (!compiled) {
      problem(0, "the rules do not fit in the matcher's memory; remove some patterns");
      return nullptr;
    }
    return std::move(book_);
  }

 private:
  void problem(int line, std::string message) {
    problems_.push_back({rules_file_, line, std::move(message)});
  }
  void problem(const toml::node* n, std::string message) {
    problem(n ? int(n->source().begin.line) : 0, std::move(message));
  }

  void known_keys(const toml::table& t, std::initializer_list<std::string_view> keys,
                  std::string_view where) {
    for (auto& [node, message] : unknown_keys(t, keys, where)) problem(node, message);
  }

  std::filesystem::path resolve(const std::string& relative) const {
    std::filesystem::path p(relative);
    return p.is_absolute() ? p : dir_ / p;
  }

  struct NamedList {
    std::filesystem::path path;
    std::vector<ListEntry> entries;
  };
  // A list file that rules.toml names. An unreadable one is reported at the line of rules.toml
  // that names it: the file itself has no line to point at.
  NamedList read_named_list(const std::string& name, const toml::node& named_at) {
    NamedList list{resolve(name), {}};
    std::size_t before = problems_.size();
    list.entries = read_list_file(list.path, problems_);
    if (problems_.size() > before && problems_[before].line == 0)
      problems_[before] = {rules_file_, int(named_at.source().begin.line),
                           "cannot read list file '" + name + "' (" + list.path.string() + ")"};
    return list;
  }

  void add_pattern(const std::string& pattern, RuleBook::Kind kind, int owner,
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

  // Cues that count towards a safeguarding rule keep every occurrence a mention would clear
  // (RuleBook::kAllowMention), whichever rule reads them.
  void mark_safeguarding_cues() {
    auto& feeds = book_->cue_feeds_safeguarding_;
    feeds.assign(book_->cue_names_.size(), 0);
    for (const auto& rule : book_->rules_) {
      if (rule.category != Category::safeguarding) continue;
      for (int c : rule.cues) feeds[std::size_t(c)] = 1;
      for (const auto& w : rule.weights) feeds[std::size_t(w.cue)] = 1;
    }
  }

  // A long gap or a run of any words: the kind of pattern that multiplies the set's DFA states.
  // A gap over a class of characters counts too ("[^.!?\n]{0,60}"): the fifteenth pass's dozen
  // such patterns, in the main set, had doubled classify's instructions (README).
  static bool is_wide(std::string_view pattern) {
    for (std::string_view wide :
         {".{", ".*", ".+", "\\w+", "\\w*", "\\w{", "){0,", "){1,", "]{0,", "]{1,"})
      if (pattern.find(wide) != std::string_view::npos) return true;
    return false;
  }

  // Wide patterns with a required literal go to book_->wide_, their literals to the main set;
  // those without one (nothing to look for first) join the main set after all.
  void route_wide_patterns() {
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

  // `[define] name = "lists/x.txt"` (or a list of files): a family that `re:` entries use as
  // {{name}} (filters/define_families.hpp).
  void read_defines(const toml::table& defines) {
    for (auto&& [key, value] : defines) {
      std::string name(key.str());
      std::vector<std::string> files;
      if (auto file = value.value<std::string>()) files.push_back(*file);
      const toml::array* arr = value.as_array();
      if (arr)
        for (auto&& f : *arr)
          if (auto file = f.value<std::string>()) files.push_back(*file);
      if (files.empty() || (arr && files.size() != arr->size())) {  // empty, or not all names
        problem(&value, "[define] " + name + " must be a list file name or a list of them");
        continue;
      }
      std::size_t before = problems_.size();
      std::vector<DefineFamilies::ListFile> lists;
      for (const std::string& file : files) {
        auto [path, entries] = read_named_list(file, value);
        lists.emplace_back(path.string(), std::move(entries));
      }
      if (!defines_.add(name, lists, problems_) && problems_.size() == before)
        problem(&value, "[define] " + name + " has no entries");
    }
  }

  // Replaces each {{name}} in a pattern with its family; false (and a problem) for an unknown
  // name.
  bool expand_defines(std::string& pattern, const std::string& file, int line) {
    if (auto unknown = defines_.expand(pattern)) {
      problems_.push_back({file, line, "unknown " + *unknown + " (define it under [define])"});
      return false;
    }
    return true;
  }

  // A list or inline entry: a term, or "re:" followed by RE2 syntax over lower-case text.
  void add_entry(std::string_view text, RuleBook::Kind kind, int owner, const std::string& file,
                 int line, bool swaps = false) {
    // A gated rule's entry that uses a family once waits to share it with the rule's others.
    std::optional<FamilySplit> split;
    if (kind == RuleBook::Kind::rule && gate_ >= 0) split = split_on_family(text);
    std::string expanded;
    if (text.starts_with("re:") && text.find("{{") != std::string_view::npos) {
      expanded = std::string(text);
      if (!expand_defines(expanded, file, line)) return;
      text = expanded;
    }
    if (text.starts_with("re:")) {
      // Folded text is lower-case; an upper-case letter in a pattern could never match.
      for (std::size_t i = 3; i < text.size(); ++i) {
        if (text[i] == '\\') {
          ++i;
          continue;
        }
        if (text[i] >= 'A' && text[i] <= 'Z') {
          problems_.push_back({file, line,
                               "patterns see lower-case text; write '" +
                                   std::string(1, char(text[i] - 'A' + 'a')) + "' instead of '" +
                                   std::string(1, text[i]) + "'"});
          return;
        }
      }
    }
    auto pattern = term_to_pattern(text, swaps);
    if (auto* err = std::get_if<TermError>(&pattern)) {
      problems_.push_back({file, line, err->message});
      return;
    }
    if (split)
      defer_shared_family(std::move(*split), std::get<std::string>(pattern), owner, file, line);
    else
      add_pattern(std::get<std::string>(pattern), kind, owner, file, line);
  }

  // A gated rule entry that uses a family: checked now (a mistake is reported at its line),
  // put in the set with the rule's others that use it once every list is read.
  void defer_shared_family(FamilySplit split, std::string pattern, int owner,
                           const std::string& file, int line) {
    std::string error;
    if (RE2::Set check(options_, RE2::UNANCHORED); check.Add(pattern, &error) < 0) {
      problems_.push_back({file, line, "bad pattern: " + error});
      return;
    }
    if (!expand_defines(split.before, file, line) || !expand_defines(split.after, file, line))
      return;
    auto entry = std::make_unique<RuleBook::Entry>();
    entry->kind = RuleBook::Kind::rule;
    entry->owner = owner;
    entry->pattern = pattern;
    sharing_[{gate_, owner, split.family}].push_back(
        {int(book_->entries_.size()), std::move(split.before), std::move(split.after)});
    book_->entries_.push_back(std::move(entry));
  }

  // The deferred entries into their gated sets, shared as plan_sharing() says.
  void add_shared_families() {
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

  // `list = "…"`, `lists = [...]` and `patterns = [...]` in any table that holds entries.
  // Returns how many entries were read.
  std::size_t read_entries(const toml::table& t, RuleBook::Kind kind, int owner,
                           std::string_view where, bool swaps = false) {
    std::size_t count = 0;
    std::size_t problems_before = problems_.size();
    std::vector<std::pair<std::string, const toml::node*>> lists;
    if (const toml::node* n = t.get("list")) {
      if (auto s = n->value<std::string>())
        lists.emplace_back(*s, n);
      else
        problem(n, "'list' must be a file name");
    }
    if (const toml::node* n = t.get("lists")) {
      if (auto* arr = n->as_array()) {
        for (auto& e : *arr) {
          if (auto s = e.value<std::string>())
            lists.emplace_back(*s, &e);
          else
            problem(&e, "'lists' entries must be file names");
        }
      } else {
        problem(n, "'lists' must be an array of file names");
      }
    }
    for (auto& [name, node] : lists) {
      auto [path, entries] = read_named_list(name, *node);
      for (auto& e : entries) add_entry(e.text, kind, owner, path.string(), e.line, swaps);
      count += entries.size();
    }
    if (const toml::node* n = t.get("patterns")) {
      if (auto* arr = n->as_array()) {
        for (auto& e : *arr) {
          if (auto s = e.value<std::string>(); s && !s->empty()) {
            add_entry(*s, kind, owner, rules_file_, int(e.source().begin.line), swaps);
            ++count;
          } else {
            problem(&e, "'patterns' entries must be non-empty strings");
          }
        }
      } else {
        problem(n, "'patterns' must be an array of strings");
      }
    }
    if (count == 0 && problems_.size() == problems_before)
      problem(&t, std::string(where) + " has no entries (give 'list', 'lists' or 'patterns')");
    return count;
  }

  // `[spelling] words = [lists…]`, `real_words = [lists…]`, `glue_words = [lists…]`: the
  // vocabulary whose misspellings are put back before matching, the spellings that are words in
  // their own right, and the short words that join the vocabulary's when spaces are left out.
  void read_spelling(const toml::table& t) {
    known_keys(t, {"words", "real_words", "glue_words"}, "[spelling]");
    auto words = spelling_list(t, "words");
    auto real = spelling_list(t, "real_words");
    auto glue = spelling_list(t, "glue_words");
    if (words.empty() && t.contains("words")) problem(&t, "[spelling] words has no entries");
    book_->spelling_ = SpellingRepair::build(
        words, std::unordered_set<std::string>(real.begin(), real.end()), glue);
  }

  std::vector<std::string> spelling_list(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* files = n->as_array();
    if (!files) {
      problem(n, "[spelling] " + std::string(key) + " must be a list of list file names");
      return out;
    }
    for (const toml::node& f : *files) {
      auto name = f.value<std::string>();
      if (!name) {
        problem(&f, "[spelling] " + std::string(key) + " holds list file names");
        continue;
      }
      auto [path, entries] = read_named_list(*name, f);
      for (auto& e : entries) {
        if (e.text.starts_with("re:")) {
          problems_.push_back({path.string(), e.line, "[spelling] lists hold plain words"});
          continue;
        }
        out.push_back(fold_for_matching(e.text));
      }
    }
    return out;
  }

  void read_cues(const toml::table& cues) {
    // Every name first: a cue may name another as its gate, and the table's order is by name.
    for (auto&& [key, value] : cues) {
      std::string name(key.str());
      cue_index_[name] = int(book_->cue_names_.size());
      book_->cue_names_.push_back(name);
      if (auto* t = value.as_table(); t && t->contains("gate"))
        gated_cues_.insert(cue_index_[name]);
    }
    for (auto&& [key, value] : cues) {
      std::string name(key.str());
      const int index = cue_index_[name];
      if (auto s = value.value<std::string>()) {
        std::size_t before = problems_.size();
        auto [path, entries] = read_named_list(*s, value);
        for (auto& e : entries)
          add_entry(e.text, RuleBook::Kind::cue, index, path.string(), e.line);
        if (entries.empty() && problems_.size() == before)
          problem(&value, "cue '" + name + "' has no entries");
      } else if (auto* t = value.as_table()) {
        known_keys(*t, {"list", "lists", "patterns", "gate"}, "cue '" + name + "'");
        // `gate = "cue"`: looked for only where that cue occurs, like a gated rule's patterns;
        // for families that count only beside another (a scoring rule's weaker cues), so the
        // main set does not carry their common words for every comment.
        read_gate(*t);
        read_entries(*t, RuleBook::Kind::cue, index, "cue '" + name + "'");
        gate_ = -1;
      } else {
        problem(&value, "cue '" + name + "' must be a list file name or a table");
      }
    }
  }

  std::optional<Category> category(const toml::table& t, std::string_view where) {
    const toml::node* n = t.get("category");
    if (!n) {
      problem(&t, "missing 'category' in " + std::string(where));
      return std::nullopt;
    }
    auto s = n->value<std::string>();
    auto c = s ? parse_category(*s) : std::nullopt;
    if (!c)
      problem(n,
              "category must be one of abuse, spam, commercial, personal_data, safeguarding, "
              "complaint");
    return c;
  }

  int severity(const toml::table& t) {
    const toml::node* n = t.get("severity");
    if (!n) return 2;
    auto v = n->value<int64_t>();
    if (!v || *v < 1 || *v > 3) {
      problem(n, "severity must be 1 (low), 2 (medium) or 3 (high)");
      return 2;
    }
    return int(*v);
  }

  void read_detectors(const toml::table& det) {
    static const std::map<std::string, std::vector<Detector>, std::less<>> names = {
        {"phone", {Detector::phone}},
        {"email", {Detector::email}},
        {"postcode", {Detector::postcode}},
        {"street_address", {Detector::street_address}},
        {"protected_name", {Detector::protected_name}},
        {"url", {Detector::url_shortener, Detector::url_denylist}},
    };
    for (auto&& [key, value] : det) {
      if (key.str() == "safeguarding") {
        if (auto* t = value.as_table())
          read_safeguarding(*t);
        else
          problem(&value, "[detectors.safeguarding] must be a table");
        continue;
      }
      auto it = names.find(key.str());
      auto* t = value.as_table();
      if (it == names.end()) {
        problem(&value, "unknown detector '" + std::string(key.str()) +
                            "' (phone, email, postcode, street_address, protected_name, url, "
                            "safeguarding)");
        continue;
      }
      if (!t) {
        problem(&value, "[detectors." + std::string(key.str()) + "] must be a table");
        continue;
      }
      bool is_url = it->first == "url";
      if (is_url)
        known_keys(*t,
                   {"enabled", "category", "severity", "shorteners", "deny", "safe", "promo",
                    "link_only_words"},
                   "[detectors.url]");
      else
        known_keys(*t, {"enabled", "category", "severity"}, "[detectors." + it->first + "]");
      for (Detector d : it->second) {
        DetectorSetting& s = book_->detectors_[std::size_t(d)];
        if (const toml::node* n = t->get("enabled")) {
          if (auto b = n->value<bool>())
            s.enabled = *b;
          else
            problem(n, "'enabled' must be true or false");
        }
        if (t->contains("category"))
          if (auto c = category(*t, "")) s.category = *c;
        s.severity = severity(*t);
      }
      if (is_url) {
        read_domains(*t, "shorteners", book_->shorteners_);
        read_domains(*t, "deny", book_->denied_domains_);
        read_domains(*t, "safe", book_->safe_domains_);
        read_link_promo(*t);
      }
    }
  }

  // [detectors.url] promo (a word list, compiled into one RE2 that runs only on comments with an
  // unknown link) and link_only_words.
  void read_link_promo(const toml::table& t) {
    if (const toml::node* n = t.get("link_only_words")) {
      auto v = n->value<int64_t>();
      if (!v || *v < 0 || *v > 20)
        problem(n, "'link_only_words' must be a number of words from 0 to 20");
      else
        book_->link_only_words_ = int(*v);
    }
    const toml::node* n = t.get("promo");
    if (!n) return;
    auto name = n->value<std::string>();
    if (!name) {
      problem(n, "'promo' must be a list file name");
      return;
    }
    auto [path, entries] = read_named_list(*name, *n);
    std::string alternation;
    append_alternation(entries, path, alternation, problems_);
    if (alternation.empty()) return;
    auto re = std::make_unique<RE2>(alternation, options_);
    if (!re->ok())
      problems_.push_back({path.string(), 0, "bad pattern: " + re->error()});
    else
      book_->link_promo_ = std::move(re);
  }

  void read_domains(const toml::table& t, std::string_view key, std::set<std::string>& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    auto name = n->value<std::string>();
    if (!name) {
      problem(n, "'" + std::string(key) + "' must be a list file name");
      return;
    }
    auto [path, entries] = read_named_list(*name, *n);
    for (auto& e : entries) {
      std::string domain = fold_for_matching(e.text);
      if (domain.starts_with("www.")) domain.erase(0, 4);
      bool ok =
          !domain.empty() && domain.find('.') != std::string::npos &&
          domain.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string::npos;
      if (ok)
        out.insert(domain);
      else
        problems_.push_back({path.string(), e.line, "not a domain name: '" + e.text + "'"});
    }
  }

  // `score = { cue = weight, ... }` and `threshold = N`: a scoring rule's cue families.
  void read_score(const toml::node* n, const toml::node* th, const toml::node* parent,
                  RuleBook::Rule& rule, std::string_view where) {
    auto* weights = n ? n->as_table() : nullptr;
    if (!weights || weights->empty()) {
      problem(n ? n : parent, std::string(where) +
                                  ": 'score' must name cues with their weights, e.g. "
                                  "score = { secrecy = 2, asks_age = 2 }");
      return;
    }
    int most = 0;
    for (auto&& [key, value] : *weights) {
      auto it = cue_index_.find(std::string(key.str()));
      auto w = value.value<int64_t>();
      if (it == cue_index_.end())
        problem(&value, "unknown cue '" + std::string(key.str()) + "' (define it under [cues])");
      else if (!w || *w == 0 || *w < -100 || *w > 100)
        problem(&value, "the weight of '" + std::string(key.str()) +
                            "' must be a whole number from -100 to 100, not 0");
      else {
        rule.weights.push_back({it->second, int(*w)});
        if (*w > 0) most += int(*w);
      }
    }
    auto v = th ? th->value<int64_t>() : std::nullopt;
    if (!v || *v < 1 || *v > 1000)
      problem(th ? th : parent,
              std::string(where) + ": 'threshold' must be a number from 1 to 1000");
    else if (*v > most && !rule.weights.empty())
      problem(th, std::string(where) + ": the threshold " + std::to_string(*v) +
                      " can never be reached (the positive weights add up to " +
                      std::to_string(most) + ")");
    else
      rule.threshold = int(*v);
  }

  std::vector<int> read_unless(const toml::table& t) {
    std::vector<int> cues;
    const toml::node* unless = t.get("unless");
    if (!unless) return cues;
    auto* arr = unless->as_array();
    if (!arr) problem(unless, "'unless' must name cues, e.g. unless = [\"praise\"]");
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      auto name = (*arr)[i].value<std::string>();
      auto it = name ? cue_index_.find(*name) : cue_index_.end();
      if (it == cue_index_.end())
        problem(&(*arr)[i], "unknown cue '" + name.value_or("?") + "' (define it under [cues])");
      else
        cues.push_back(it->second);
    }
    return cues;
  }

  void add_rule(RuleBook::Rule rule, const toml::node* where) {
    if (!rule_ids_.insert(rule.id).second)
      problem(where, "rule id '" + rule.id + "' is used twice");
    book_->rules_.push_back(std::move(rule));
  }

  // The safeguarding detector (DESIGN.md §3): grooming as weighted cue families that must add
  // up, and risk-to-life statements (self-harm, suicide) that raise the verdict's urgency.
  void read_safeguarding(const toml::table& t) {
    known_keys(t,
               {"enabled", "severity", "families", "threshold", "unless", "risk_to_life",
                "ask_model_from"},
               "[detectors.safeguarding]");
    if (const toml::node* n = t.get("enabled")) {
      auto b = n->value<bool>();
      if (!b) problem(n, "'enabled' must be true or false");
      if (!b.value_or(true)) return;
    }
    int sev = severity(t);
    if (t.contains("families") || t.contains("threshold")) {
      RuleBook::Rule grooming;
      grooming.id = "detector.safeguarding.grooming";
      grooming.category = Category::safeguarding;
      grooming.severity = sev;
      read_score(t.get("families"), t.get("threshold"), &t, grooming, "[detectors.safeguarding]");
      grooming.unless = read_unless(t);
      read_ask_model_from(t, grooming);
      add_rule(std::move(grooming), &t);
    }
    if (const toml::node* n = t.get("risk_to_life")) {
      RuleBook::Rule risk;
      risk.id = "detector.safeguarding.risk_to_life";
      risk.category = Category::safeguarding;
      risk.severity = 3;
      risk.urgency = Urgency::risk_to_life;
      if (auto* rt = n->as_table()) {
        known_keys(*rt, {"list", "lists", "patterns"}, "risk_to_life");
        read_entries(*rt, RuleBook::Kind::rule, int(book_->rules_.size()), "risk_to_life");
      } else {
        problem(n, "'risk_to_life' must be a table, e.g. { list = \"lists/risk-to-life.txt\" }");
      }
      add_rule(std::move(risk), n);
    }
  }

  // `ask_model_from = N`: where the families add up to N or more but short of the threshold,
  // the learned grooming model reads the comment (filters/learned/concern_model.hpp).
  void read_ask_model_from(const toml::table& t, RuleBook::Rule& rule) {
    const toml::node* n = t.get("ask_model_from");
    if (!n) return;
    auto v = n->value<int64_t>();
    if (!v || *v < 1 || (rule.threshold > 0 && *v >= rule.threshold)) {
      problem(n,
              "[detectors.safeguarding]: 'ask_model_from' must be a whole number from 1 to "
              "one less than the threshold (" +
                  std::to_string(rule.threshold) + ")");
      return;
    }
    rule.ask_model_from = int(*v);
  }

  // `gate = "cue"`: the rule's entries go to a set that runs only where the cue occurs.
  void read_gate(const toml::table& t) {
    const toml::node* n = t.get("gate");
    if (!n) return;
    auto name = n->value<std::string>();
    auto it = name ? cue_index_.find(*name) : cue_index_.end();
    if (it == cue_index_.end()) {
      problem(n, "unknown cue '" + name.value_or("?") + "' (define it under [cues])");
      return;
    }
    if (gated_cues_.contains(it->second)) {
      problem(n, "gate '" + *name +
                     "' is itself a gated cue; a gate must be looked for in "
                     "every comment");
      return;
    }
    for (std::size_t g = 0; g < book_->gated_.size(); ++g)
      if (book_->gated_[g].cue == it->second) gate_ = int(g);
    if (gate_ >= 0) return;
    gate_ = int(book_->gated_.size());
    book_->gated_.push_back(
        {it->second, std::make_unique<RE2::Set>(options_, RE2::UNANCHORED), {}, {}});
  }

  // Every rule says why it fired in plain words, so the console never shows a rule id.
  void read_description(const toml::table& t, const std::string& id) {
    auto text = t["description"].value<std::string>();
    if (!text || text->find_first_not_of(" \t") == std::string::npos) {
      problem(t.contains("description") ? t.get("description") : t.get("id"),
              "rule '" + id +
                  "' needs a 'description': the reason the console shows, in plain words, "
                  "e.g. description = \"Asks a child to keep a secret\"");
      return;
    }
    book_->descriptions_[id] = *text;
  }

  void read_rule(const toml::table& t) {
    known_keys(t,
               {"id", "category", "severity", "list", "lists", "patterns", "near", "within",
                "unless", "description", "score", "threshold", "urgency", "swaps", "gate"},
               "[[rule]]");
    RuleBook::Rule rule;
    auto id = t["id"].value<std::string>();
    if (!id || id->empty()) {
      problem(&t, "[[rule]] needs an 'id'");
      return;
    }
    rule.id = *id;
    if (rule.id.starts_with("detector."))
      problem(t.get("id"), "rule ids starting 'detector.' are kept for the built-in detectors");
    auto cat = category(t, "rule '" + rule.id + "'");
    rule.category = cat.value_or(Category::abuse);
    rule.severity = severity(t);
    read_description(t, rule.id);
    int index = int(book_->rules_.size());
    rule.unless = read_unless(t);
    if (const toml::node* u = t.get("urgency")) {
      auto name = u->value<std::string>();
      if (name == "risk_to_life")
        rule.urgency = Urgency::risk_to_life;
      else if (name != "normal")
        problem(u, "urgency must be \"normal\" or \"risk_to_life\"");
    }
    if (t.contains("score")) {
      if (t.contains("near") || t.contains("list") || t.contains("lists") || t.contains("patterns"))
        problem(t.get("score"), "rule '" + rule.id + "': a scoring rule takes cues, not a list");
      read_score(t.get("score"), t.get("threshold"), &t, rule, "rule '" + rule.id + "'");
    } else if (t.contains("threshold")) {
      problem(t.get("threshold"), "'threshold' only applies to scoring rules ('score')");
    } else if (const toml::node* near = t.get("near")) {
      if (t.contains("list") || t.contains("lists") || t.contains("patterns"))
        problem(near, "rule '" + rule.id + "': a 'near' rule takes cues, not its own list");
      auto* arr = near->as_array();
      if (!arr || arr->size() < 2) {
        problem(near, "'near' must name two or more cues");
      } else {
        for (auto& c : *arr) {
          auto name = c.value<std::string>();
          auto it = name ? cue_index_.find(*name) : cue_index_.end();
          if (it == cue_index_.end())
            problem(&c, "unknown cue '" + name.value_or("?") + "' (define it under [cues])");
          else
            rule.cues.push_back(it->second);
        }
      }
      rule.within = 8;
      if (const toml::node* w = t.get("within")) {
        auto v = w->value<int64_t>();
        if (!v || *v < 0 || *v > 100)
          problem(w, "'within' must be a number of words from 0 to 100");
        else
          rule.within = int(*v);
      }
    } else {
      if (t.contains("within")) problem(t.get("within"), "'within' only applies to 'near' rules");
      bool swaps = false;
      if (const toml::node* sw = t.get("swaps")) {
        if (auto b = sw->value<bool>())
          swaps = *b;
        else
          problem(sw, "'swaps' must be true or false");
      }
      read_gate(t);
      read_entries(t, RuleBook::Kind::rule, index, "rule '" + rule.id + "'", swaps);
      gate_ = -1;
    }
    add_rule(std::move(rule), t.get("id"));
  }

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

std::unique_ptr<RuleBook> RuleBook::load(const std::filesystem::path& dir,
                                         std::vector<Problem>& problems) {
  if (!std::filesystem::is_regular_file(dir / "rules.toml")) {
    problems.push_back({(dir / "rules.toml").string(), 0, "rules file not found"});
    return nullptr;
  }
  std::size_t before = problems.size();
  auto book = RuleBookLoader(dir, problems).load();
  if (problems.size() > before) return nullptr;
  return book;
}

}  // namespace hm::filters
