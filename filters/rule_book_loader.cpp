// The walk over rules.toml: its tables in the order an admin writes them, the list files and
// entries they name, and the checks every table shares (RuleBookLoader's other parts are listed
// in filters/rule_book_loader.hpp).
#include "filters/rule_book_loader.hpp"

#include <unordered_set>

#include "filters/term_pattern.hpp"
#include "filters/toml_keys.hpp"

namespace hm::filters {

RuleBookLoader::RuleBookLoader(std::filesystem::path dir, std::vector<Problem>& problems)
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
std::unique_ptr<RuleBook> RuleBookLoader::load() {
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
  if (auto* allow = doc["allow"].as_table()) read_allow(*allow);

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
  add_triggers();
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
// [allow]: patterns that clear a match wherever they occur; [allow.mentions], a word named rather
// than used; [allow.reported], someone else's words reported.
void RuleBookLoader::read_allow(const toml::table& allow) {
  known_keys(allow, {"list", "lists", "patterns", "mentions", "reported"}, "[allow]");
  // A rules file may hold mentions or reports alone.
  bool own = allow.contains("list") || allow.contains("lists") || allow.contains("patterns");
  if (own || !(allow.contains("mentions") || allow.contains("reported")))
    read_entries(allow, RuleBook::Kind::allow, RuleBook::kAllowAlways, "[allow]");
  for (auto [key, owner] : {std::pair{"mentions", RuleBook::kAllowMention},
                            std::pair{"reported", RuleBook::kAllowReported}}) {
    const std::string where = std::string("[allow.") + key + "]";
    const toml::node* m = allow.get(key);
    if (!m) continue;
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

void RuleBookLoader::problem(int line, std::string message) {
  problems_.push_back({rules_file_, line, std::move(message)});
}

void RuleBookLoader::problem(const toml::node* n, std::string message) {
  problem(n ? int(n->source().begin.line) : 0, std::move(message));
}

void RuleBookLoader::known_keys(const toml::table& t, std::initializer_list<std::string_view> keys,
                                std::string_view where) {
  for (auto& [node, message] : unknown_keys(t, keys, where)) problem(node, message);
}

std::filesystem::path RuleBookLoader::resolve(const std::string& relative) const {
  std::filesystem::path p(relative);
  return p.is_absolute() ? p : dir_ / p;
}

// A list file that rules.toml names. An unreadable one is reported at the line of rules.toml
// that names it: the file itself has no line to point at.
RuleBookLoader::NamedList RuleBookLoader::read_named_list(const std::string& name,
                                                          const toml::node& named_at) {
  NamedList list{resolve(name), {}};
  std::size_t before = problems_.size();
  list.entries = read_list_file(list.path, problems_);
  if (problems_.size() > before && problems_[before].line == 0)
    problems_[before] = {rules_file_, int(named_at.source().begin.line),
                         "cannot read list file '" + name + "' (" + list.path.string() + ")"};
  return list;
}

// `list = "…"`, `lists = [...]` and `patterns = [...]` in any table that holds entries.
// Returns how many entries were read.
std::size_t RuleBookLoader::read_entries(const toml::table& t, RuleBook::Kind kind, int owner,
                                         std::string_view where, bool swaps) {
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

// A list or inline entry: a term, or "re:" followed by RE2 syntax over lower-case text.
void RuleBookLoader::add_entry(std::string_view text, RuleBook::Kind kind, int owner,
                               const std::string& file, int line, bool swaps) {
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

// Replaces each {{name}} in a pattern with its family; false (and a problem) for an unknown
// name.
bool RuleBookLoader::expand_defines(std::string& pattern, const std::string& file, int line) {
  if (auto unknown = defines_.expand(pattern)) {
    problems_.push_back({file, line, "unknown " + *unknown + " (define it under [define])"});
    return false;
  }
  return true;
}

// `[define] name = "lists/x.txt"` (or a list of files): a family that `re:` entries use as
// {{name}} (filters/define_families.hpp).
void RuleBookLoader::read_defines(const toml::table& defines) {
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

std::optional<Category> RuleBookLoader::category(const toml::table& t, std::string_view where) {
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

int RuleBookLoader::severity(const toml::table& t) {
  const toml::node* n = t.get("severity");
  if (!n) return 2;
  auto v = n->value<int64_t>();
  if (!v || *v < 1 || *v > 3) {
    problem(n, "severity must be 1 (low), 2 (medium) or 3 (high)");
    return 2;
  }
  return int(*v);
}

// `[spelling] words = [lists…]`, `real_words = [lists…]`, `glue_words = [lists…]`: the
// vocabulary whose misspellings are put back before matching, the spellings that are words in
// their own right, and the short words that join the vocabulary's when spaces are left out.
void RuleBookLoader::read_spelling(const toml::table& t) {
  known_keys(t, {"words", "real_words", "glue_words"}, "[spelling]");
  auto words = spelling_list(t, "words");
  auto real = spelling_list(t, "real_words");
  auto glue = spelling_list(t, "glue_words");
  if (words.empty() && t.contains("words")) problem(&t, "[spelling] words has no entries");
  book_->spelling_ =
      SpellingRepair::build(words, std::unordered_set<std::string>(real.begin(), real.end()), glue);
}

std::vector<std::string> RuleBookLoader::spelling_list(const toml::table& t, std::string_view key) {
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
