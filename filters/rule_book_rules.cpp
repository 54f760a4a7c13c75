// [cues] and [[rule]]: named cue families, and the rules that read them or their own lists (list,
// "near" and scoring rules), with the gates that keep a rule's patterns off most comments.
#include "filters/rule_book_loader.hpp"

namespace hm::filters {

void RuleBookLoader::read_cues(const toml::table& cues) {
  // Every name first: a cue may name another as its gate, and the table's order is by name.
  for (auto&& [key, value] : cues) {
    std::string name(key.str());
    cue_index_[name] = int(book_->cue_names_.size());
    book_->cue_names_.push_back(name);
    if (auto* t = value.as_table(); t && t->contains("gate")) gated_cues_.insert(cue_index_[name]);
  }
  for (auto&& [key, value] : cues) {
    std::string name(key.str());
    const int index = cue_index_[name];
    if (auto s = value.value<std::string>()) {
      std::size_t before = problems_.size();
      auto [path, entries] = read_named_list(*s, value);
      for (auto& e : entries) add_entry(e.text, RuleBook::Kind::cue, index, path.string(), e.line);
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

// `gate = "cue"`: the rule's entries go to a set that runs only where the cue occurs.
void RuleBookLoader::read_gate(const toml::table& t) {
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

void RuleBookLoader::read_rule(const toml::table& t) {
  known_keys(t,
             {"id", "category", "severity", "list", "lists", "patterns", "near", "within", "unless",
              "description", "score", "threshold", "urgency", "swaps", "gate"},
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

// `score = { cue = weight, ... }` and `threshold = N`: a scoring rule's cue families.
void RuleBookLoader::read_score(const toml::node* n, const toml::node* th, const toml::node* parent,
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
    problem(th ? th : parent, std::string(where) + ": 'threshold' must be a number from 1 to 1000");
  else if (*v > most && !rule.weights.empty())
    problem(th, std::string(where) + ": the threshold " + std::to_string(*v) +
                    " can never be reached (the positive weights add up to " +
                    std::to_string(most) + ")");
  else
    rule.threshold = int(*v);
}

std::vector<int> RuleBookLoader::read_unless(const toml::table& t) {
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

void RuleBookLoader::add_rule(RuleBook::Rule rule, const toml::node* where) {
  if (!rule_ids_.insert(rule.id).second) problem(where, "rule id '" + rule.id + "' is used twice");
  book_->rules_.push_back(std::move(rule));
}

// Every rule says why it fired in plain words, so the console never shows a rule id.
void RuleBookLoader::read_description(const toml::table& t, const std::string& id) {
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

}  // namespace hm::filters
