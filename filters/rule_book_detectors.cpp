// [detectors.*]: the built-in detectors' settings (phone, email, postcode, address, protected
// names), the link rule's domain lists, and the safeguarding detector's families and
// risk-to-life list.
#include "filters/rule_book_loader.hpp"

#include "filters/detectors/detectors.hpp"
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

void RuleBookLoader::read_detectors(const toml::table& det) {
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
void RuleBookLoader::read_link_promo(const toml::table& t) {
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

void RuleBookLoader::read_domains(const toml::table& t, std::string_view key,
                                  std::set<std::string>& out) {
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

// The safeguarding detector (DESIGN.md §3): grooming as weighted cue families that must add
// up, and risk-to-life statements (self-harm, suicide) that raise the verdict's urgency.
void RuleBookLoader::read_safeguarding(const toml::table& t) {
  known_keys(
      t,
      {"enabled", "severity", "families", "threshold", "unless", "risk_to_life", "ask_model_from"},
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
void RuleBookLoader::read_ask_model_from(const toml::table& t, RuleBook::Rule& rule) {
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

}  // namespace hm::filters
