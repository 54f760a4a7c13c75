#include "filters/pipeline.hpp"

#include <algorithm>

#include "filters/detectors/detectors.hpp"
#include "filters/learned/second_opinion.hpp"
#include "filters/list_file.hpp"
#include "filters/rule_book.hpp"
#include "filters/school_matcher.hpp"
#include "filters/term_pattern.hpp"

namespace hm::filters {
namespace {

// Platforms cap comments far below this (Facebook 8,000 characters); anything longer is hostile
// and is classified on its first megabyte only, so one comment cannot stall a poll loop.
constexpr std::size_t kMaxClassifiedBytes = 1 << 20;

std::unique_ptr<RE2> compile_names(const std::vector<std::pair<std::string, std::string>>& names,
                                   std::vector<Problem>& problems) {
  if (names.empty()) return nullptr;
  std::string alternation;
  for (const auto& [name, where] : names) {
    auto pattern = term_to_pattern(name);
    if (auto* err = std::get_if<TermError>(&pattern)) {
      problems.push_back({where, 0, err->message});
      continue;
    }
    if (!alternation.empty()) alternation += '|';
    alternation += "(?:" + std::get<std::string>(pattern) + ")";
  }
  RE2::Options options;
  options.set_max_mem(64 << 20);
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(alternation, options);
  if (!re->ok()) {
    problems.push_back({"protected names", 0, "cannot compile names: " + re->error()});
    return nullptr;
  }
  return re;
}

// One explanation per rule per stretch of text: "Selling" and "Selling our" from two entries of
// the same rule become one match. Sorted by (start, end, rule) for determinism.
std::vector<Match> merge_overlapping(std::vector<Match> matches) {
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return std::tie(a.rule, a.start, a.end) < std::tie(b.rule, b.start, b.end);
  });
  std::vector<Match> merged;
  for (Match& m : matches) {
    if (!merged.empty() && merged.back().rule == m.rule && m.start < merged.back().end) {
      merged.back().end = std::max(merged.back().end, m.end);
      merged.back().severity = std::max(merged.back().severity, m.severity);
    } else {
      merged.push_back(std::move(m));
    }
  }
  std::sort(merged.begin(), merged.end(), [](const Match& a, const Match& b) {
    return std::tie(a.start, a.end, a.rule) < std::tie(b.start, b.end, b.rule);
  });
  return merged;
}

}  // namespace

void SchoolMatcher::find_names(const NormalForm& folded, std::vector<Span>& out) const {
  if (!names_) return;
  std::string_view text = folded.text;
  if (!surnames_.empty() &&
      std::none_of(surnames_.begin(), surnames_.end(),
                   [&](const std::string& s) { return text.find(s) != std::string_view::npos; }))
    return;
  std::size_t pos = 0;
  for (int guard = 0; guard < 256 && pos < text.size(); ++guard) {
    re2::StringPiece m;
    if (!names_->Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                       RE2::UNANCHORED, &m, 1))
      break;
    std::size_t start = std::size_t(m.data() - text.data());
    out.push_back({start, start + m.size()});
    pos = start + std::max<std::size_t>(m.size(), 1);
  }
}

School::School() = default;
School::~School() = default;

School::Loaded School::load(const SchoolProfile& profile) {
  Loaded result;
  std::vector<std::pair<std::string, std::string>> names;  // (name, where it came from)
  std::vector<std::string> surnames;
  auto add_name = [&](const std::string& name, const std::string& file, int line) {
    std::string folded = fold_for_matching(name);
    bool two_words = folded.find_first_of(" -") != std::string::npos &&
                     folded.find_first_not_of(" -") < folded.find_last_of(" -");
    if (name.starts_with("re:")) {
      result.problems.push_back({file, line, "protected names are names, not patterns"});
    } else if (!two_words) {
      result.problems.push_back(
          {file, line, "'" + name + "': give the full name (a first name alone never matches)"});
    } else {
      names.emplace_back(name, file);
      // The folded last word, without an apostrophe ("o'sullivan" is also written "osullivan").
      std::string last = folded.substr(folded.find_last_of(" -") + 1);
      std::erase(last, '\'');
      if (last.size() > 3) last = last.substr(last.size() - 4);
      surnames.push_back(last);
    }
  };
  if (!profile.protected_names_file.empty()) {
    for (auto& e : read_list_file(profile.protected_names_file, result.problems))
      add_name(e.text, profile.protected_names_file.string(), e.line);
  }
  for (const auto& n : profile.protected_names) add_name(n, "school " + profile.id, 0);
  std::vector<std::string> domains;
  for (const auto& d : profile.own_domains) {
    std::string folded = fold_for_matching(d);
    if (folded.starts_with("www.")) folded.erase(0, 4);
    if (folded.empty() ||
        folded.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos)
      result.problems.push_back(
          {"school " + profile.id, 0, "own_domains: not a domain name: '" + d + "'"});
    else
      domains.push_back(folded);
  }
  auto re = compile_names(names, result.problems);
  if (!result.problems.empty()) return result;
  auto school = std::shared_ptr<School>(new School());
  school->id_ = profile.id;
  if (surnames.size() > 32) surnames.clear();  // a long list: the regex alone is cheaper
  school->matcher_ =
      std::make_unique<SchoolMatcher>(std::move(re), std::move(surnames), std::move(domains));
  result.school = std::move(school);
  return result;
}

std::shared_ptr<const School> School::none() {
  static const std::shared_ptr<const School> empty = [] {
    auto s = std::shared_ptr<School>(new School());
    s->matcher_ = std::make_unique<SchoolMatcher>(nullptr, std::vector<std::string>{},
                                                  std::vector<std::string>{});
    return s;
  }();
  return empty;
}

// The learned second opinions, in the order they are asked: each reads the whole comment only
// where no rule or detector found its category, and says which of its words weighed most.
struct SecondOpinionKind {
  std::string_view file;  // in `dir`/learned/
  std::string_view rule;  // its match's rule id
  std::string_view who;   // how its `why` names it
  std::string_view description;
  Category category;
  int severity;
  // A category already found that makes its opinion needless: spam is hidden as an advert is.
  std::optional<Category> also_enough;
  // Asked where the grooming families found something short of their threshold
  // (Trigger::grooming_model), or where its own gate lists, if any, match; the others are asked
  // where their gate opens.
  bool on_grooming_trigger;
};

namespace {

constexpr SecondOpinionKind kSecondOpinions[] = {
    // On a comment with a sign of harm its gate lists know.
    {"concern-model.txt", learned::kConcernRule, "the learned concern model",
     "the learned concern model: words that, together, read like a report of harm to a child, "
     "where no rule matched (learned/concern-model.txt)",
     Category::safeguarding, 2, std::nullopt, false},
    // Where the grooming families found too little, or where the comment speaks to someone.
    {"grooming-model.txt", learned::kGroomingRule, "the learned grooming model",
     "the learned grooming model: words that, together, read like an adult getting close to a "
     "child, where the grooming families found too little (learned/grooming-model.txt)",
     Category::safeguarding, 2, std::nullopt, true},
    // Where someone sells or says how to buy; severity 1, as commercial.offer's.
    {"advert-model.txt", learned::kAdvertRule, "the learned advert model",
     "the learned advert model: words that, together, read like an advert for goods or a "
     "service, where no rule matched (learned/advert-model.txt)",
     Category::commercial, 1, Category::spam, false},
    // Wherever no thanks or praise is.
    {"complaint-model.txt", learned::kComplaintRule, "the learned complaint model",
     "the learned complaint model: words that, together, read like a complaint about the school "
     "or its service, where no rule matched (learned/complaint-model.txt)",
     Category::complaint, 1, std::nullopt, false},
};

}  // namespace

Pipeline::Pipeline() = default;
Pipeline::~Pipeline() = default;

Pipeline::Loaded Pipeline::load(const std::filesystem::path& dir) {
  Loaded result;
  auto rules = RuleBook::load(dir, result.problems);
  if (!rules) return result;
  std::vector<SecondOpinion> opinions;
  for (const SecondOpinionKind& kind : kSecondOpinions)
    if (auto model = learned::ConcernModel::load(dir / "learned" / kind.file, dir, result.problems))
      opinions.push_back({&kind, std::move(*model)});
  if (!result.problems.empty()) return result;
  auto p = std::shared_ptr<Pipeline>(new Pipeline());
  p->rules_ = std::move(rules);
  p->opinions_ = std::move(opinions);
  std::vector<const learned::ConcernModel*> models;
  for (const SecondOpinion& o : p->opinions_) models.push_back(&o.model);
  p->gates_ = learned::ModelGates(std::move(models));
  result.pipeline = std::move(p);
  return result;
}

std::size_t Pipeline::rule_count() const noexcept {
  return rules_->rule_count();
}

const std::set<std::string>& Pipeline::safe_domains() const noexcept {
  return rules_->safe_domains();
}

std::string_view Pipeline::description(std::string_view rule_id) const {
  for (const SecondOpinionKind& kind : kSecondOpinions)
    if (rule_id == kind.rule) return kind.description;
  return rules_->description(rule_id);
}

Verdict Pipeline::classify(std::string_view text, const School& school) const {
  if (text.size() > kMaxClassifiedBytes) text = text.substr(0, kMaxClassifiedBytes);
  thread_local Normalised n;  // reused: its buffers keep their capacity between comments
  normalise_into(text, n);
  Verdict v;
  unsigned triggers = 0;
  rules_->match(n, v.matches, triggers);

  const RuleBook& rb = *rules_;
  auto report = [&](Detector d, const std::vector<detectors::Found>& found) {
    const DetectorSetting& s = rb.detector(d);
    for (const auto& f : found)
      v.matches.push_back(
          {std::string(detector_rule_id(d)), s.category, s.severity, f.start, f.end});
  };
  auto triggered = [&](Trigger t) { return (triggers & (1u << unsigned(t))) != 0; };
  std::vector<detectors::Found> found;
  const SchoolMatcher& sm = *school.matcher_;

  if (rb.detector(Detector::phone).enabled) {
    found.clear();
    if (n.digit_count >= 10 || (n.digit_count >= 4 && detectors::may_hide_digits(text)))
      detectors::phone_numbers(text, found);
    if (triggered(Trigger::number_words)) detectors::spelled_phone_numbers(n, found);
    report(Detector::phone, found);
  }
  if (rb.detector(Detector::email).enabled &&
      (n.has_at_sign || triggered(Trigger::obfuscated_email))) {
    found.clear();
    detectors::email_addresses(text, n, triggered(Trigger::obfuscated_email), sm.own_domains(),
                               found);
    report(Detector::email, found);
  }
  if (rb.detector(Detector::postcode).enabled && triggered(Trigger::postcode)) {
    found.clear();
    detectors::postcodes(text, found);
    report(Detector::postcode, found);
  }
  if (rb.detector(Detector::street_address).enabled && triggered(Trigger::street_address)) {
    found.clear();
    detectors::street_addresses(text, found);
    report(Detector::street_address, found);
  }
  if (rb.detector(Detector::protected_name).enabled) {
    std::vector<Span> spans;
    sm.find_names(n.folded, spans);
    found.clear();
    for (const Span& s : spans) {
      auto [a, b] = n.folded.original_span(s.start, s.end);
      found.push_back({a, b});
    }
    report(Detector::protected_name, found);
  }
  if (triggered(Trigger::url)) {
    if (rb.detector(Detector::url_shortener).enabled) {
      found.clear();
      detectors::links_to(n, rb.shorteners(), sm.own_domains(), found);
      report(Detector::url_shortener, found);
    }
    if (rb.detector(Detector::url_denylist).enabled) {
      found.clear();
      detectors::links_to(n, rb.denied_domains(), sm.own_domains(), found);
      report(Detector::url_denylist, found);
    }
    // Links to unknown sites in a link drop or with promotional words, graded as the deny-list's.
    if (rb.detector(Detector::url_denylist).enabled && rb.link_rule()) {
      found.clear();
      detectors::LinkPolicy policy{{&rb.safe_domains(), &rb.shorteners(), &rb.denied_domains()},
                                   rb.link_promo(),
                                   rb.link_only_words()};
      detectors::promoted_links(text, n, policy, sm.own_domains(), found);
      const DetectorSetting& s = rb.detector(Detector::url_denylist);
      for (const auto& f : found)
        v.matches.push_back({"detector.url.promoted", s.category, s.severity, f.start, f.end});
    }
  }

  // The learned second opinions (kSecondOpinions), only where no rule, detector or earlier
  // opinion found their category; the gates first: most comments never reach a model.
  auto already = [&](Category c) {
    return std::ranges::any_of(v.matches, [c](const Match& m) { return m.category == c; });
  };
  learned::ModelGates::Pass gates(gates_, n.folded.text);
  for (std::size_t i = 0; i < opinions_.size(); ++i) {
    const SecondOpinion& o = opinions_[i];
    const SecondOpinionKind& k = *o.kind;
    if (already(k.category) || (k.also_enough && already(*k.also_enough))) continue;
    const bool asked = (k.on_grooming_trigger && triggered(Trigger::grooming_model)) ||
                       ((!k.on_grooming_trigger || o.model.has_gate()) && gates.gate_open(i));
    if (!asked) continue;
    const learned::Opinion opinion = o.model.judge(text);
    if (opinion.band != learned::Band::flag) continue;
    // A self-harm or suicide statement the concern model found goes to the DSL as the rules'
    // own do.
    const Urgency urgency =
        o.model.risk_to_life(n.folded.text) ? Urgency::risk_to_life : Urgency::normal;
    v.matches.push_back({std::string(k.rule), k.category, k.severity, 0, text.size(),
                         learned::explain(opinion, k.who), urgency});
  }

  if (v.matches.empty()) return v;
  v.matches = merge_overlapping(std::move(v.matches));
  for (const Match& m : v.matches) {
    v.categories.insert(m.category);
    v.urgency = std::max(v.urgency, m.urgency);
  }
  return v;
}

}  // namespace hm::filters
