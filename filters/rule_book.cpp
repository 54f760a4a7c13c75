#include "filters/rule_book.hpp"

#include <algorithm>
#include <bitset>
#include <optional>
#include <unordered_map>

#include "filters/folded_chars.hpp"

namespace hm::filters {
namespace {

// Hostile input (100 kB of the same slur) must not make one comment cost unbounded work.
constexpr std::size_t kMaxSpansPerPattern = 256;

void find_all(const RE2& re, std::string_view text, std::vector<Span>& out) {
  re2::StringPiece whole(text.data(), text.size());
  std::size_t pos = 0;
  for (std::size_t found = 0; pos <= text.size() && found < kMaxSpansPerPattern; ++found) {
    re2::StringPiece m;
    if (!re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
    std::size_t start = std::size_t(m.data() - text.data());
    std::size_t end = start + m.size();
    if (end > start) out.push_back({start, end});
    pos = end > start ? end : start + 1;
  }
}

// A statement, not a word: the span holds a space ("muslims are terrorists", not "hoes").
bool is_statement(std::string_view text, const Span& s) {
  return text.substr(s.start, s.end - s.start).find(' ') != std::string_view::npos;
}

bool inside_any(const Span& s, const std::vector<Span>& allowed) {
  for (const Span& a : allowed)
    if (a.start <= s.start && s.end <= a.end) return true;
  return false;
}

// Words strictly between two positions of folded text.
int words_between(std::string_view text, std::size_t from, std::size_t to) {
  int words = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to && i < text.size(); ++i) {
    bool w = is_alnum(text[i]);
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

// Per-thread buffers reused across comments: classify allocates almost nothing in steady state.
struct Scratch {
  std::vector<int> hits, gated_hits, atoms, potential;
  std::vector<char> cue_present, cue_needed;
  std::vector<Span> allowed, mentioned, reported, spans;
  std::vector<std::vector<Span>> cue_spans;
  // FilteredRE2::AllPotentials by the set of literals found, for the rule book `potentials_of`:
  // a few word combinations ("the ", "class", "this ") recur in most comments, and the answer is
  // a pure function of them, so it is looked up instead of recomputed (a tenth of classify's time).
  std::uint64_t potentials_of = 0;
  std::unordered_map<std::string, std::vector<int>> potentials;
  std::string key;      // the lookup key, reused: most keys outgrow the short-string buffer
  NormalForm repaired;  // the folded form with misspelt words put back ([spelling])
};
constexpr std::size_t kMaxCachedPotentials = 16384;  // then start again: bounded memory

std::atomic<std::uint64_t> next_generation{1};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

std::string_view RuleBook::description(std::string_view rule_id) const {
  auto it = descriptions_.find(rule_id);
  return it == descriptions_.end() ? std::string_view{} : std::string_view(it->second);
}

const RE2& RuleBook::Entry::regex(const RE2::Options& options) const {
  std::call_once(compiled, [&] { re = std::make_unique<RE2>(pattern, options); });
  return *re;
}

int RuleBook::score(const Rule& rule, const std::vector<char>& present, std::string* why) const {
  int total = 0;
  for (const Weight& w : rule.weights) {
    if (!present[std::size_t(w.cue)]) continue;
    total += w.weight;
    if (!why) continue;
    if (!why->empty())
      *why += w.weight < 0 ? " - " : " + ";
    else if (w.weight < 0)
      *why += "-";
    *why +=
        cue_names_[std::size_t(w.cue)] + " " + std::to_string(w.weight < 0 ? -w.weight : w.weight);
  }
  if (why)
    *why += " = " + std::to_string(total) + " (threshold " + std::to_string(rule.threshold) + ")";
  return total;
}

bool RuleBook::set_pass(std::string_view text) const {
  std::vector<int>& hits = scratch().hits;
  hits.clear();
  return set_->Match(re2::StringPiece(text.data(), text.size()), &hits);
}

RuleBook::RuleBook() : generation_(next_generation.fetch_add(1, std::memory_order_relaxed)) {
  in_memory_.fetch_add(1, std::memory_order_relaxed);
}

RuleBook::~RuleBook() {
  in_memory_.fetch_sub(1, std::memory_order_relaxed);
}

const std::vector<int>& RuleBook::potentials(const std::vector<int>& atoms) const {
  Scratch& s = scratch();
  if (s.potentials_of != generation_ || s.potentials.size() >= kMaxCachedPotentials) {
    s.potentials.clear();
    s.potentials_of = generation_;
  }
  s.key.assign(reinterpret_cast<const char*>(atoms.data()), atoms.size() * sizeof(int));
  auto it = s.potentials.find(s.key);
  if (it == s.potentials.end()) {
    it = s.potentials.try_emplace(s.key).first;
    s.potential.clear();
    wide_->AllPotentials(atoms, &s.potential);
    // Only the patterns kept out of the set: the others are reported by the set itself.
    for (int id : s.potential)
      if (wide_entry_[std::size_t(id)] >= 0) it->second.push_back(id);
  }
  return it->second;
}

void RuleBook::match(const Normalised& n, std::vector<Match>& out, unsigned& triggers) const {
  match_form(n.folded, out, triggers);
  if (n.joined) match_form(*n.joined, out, triggers);
  if (n.joined_words) match_form(*n.joined_words, out, triggers);
  NormalForm& repaired = scratch().repaired;
  if (spelling_.repair(n.folded, repaired)) match_form(repaired, out, triggers);
}

void RuleBook::match_form(const NormalForm& form, std::vector<Match>& out,
                          unsigned& triggers) const {
  Scratch& s = scratch();
  s.hits.clear();
  RE2::Set::ErrorInfo info{};
  if (!set_->Match(re2::StringPiece(form.text), &s.hits, &info)) {
    if (info.kind != RE2::Set::kNoError) match_errors_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  for (int& h : s.hits) h = main_entry_[std::size_t(h)];
  // Wide patterns run where their literals occurred, as if the set had run them.
  s.atoms.clear();
  for (int h : s.hits)
    if (entries_[std::size_t(h)]->kind == Kind::atom)
      s.atoms.push_back(entries_[std::size_t(h)]->owner);
  if (!s.atoms.empty()) {
    std::sort(s.atoms.begin(), s.atoms.end());  // one cache entry whatever order the set found them
    for (int id : potentials(s.atoms))
      if (RE2::PartialMatch(form.text, wide_->GetRE2(id)))
        s.hits.push_back(wide_entry_[std::size_t(id)]);
  }
  // A twin goes right after its first: where the set would have reported it (same spans), so
  // near rules see their cues' occurrences in the same order.
  for (std::size_t i = 0; i < s.hits.size(); ++i) {
    const auto& twins = entries_[std::size_t(s.hits[i])]->twins;
    s.hits.insert(s.hits.begin() + std::ptrdiff_t(i) + 1, twins.begin(), twins.end());
    i += twins.size();
  }

  // From the set alone: which cues occur, which rules hit directly. Spans are computed only for
  // what can still produce a match, so a comment full of harmless cue words ("thank you",
  // "the kids") costs one set pass.
  std::vector<char>& cue_present = s.cue_present;
  std::vector<char>& cue_needed = s.cue_needed;
  cue_present.assign(cue_names_.size(), 0);
  cue_needed.assign(cue_names_.size(), 0);
  bool any = false;
  for (int h : s.hits) {
    const Entry& e = *entries_[std::size_t(h)];
    if (e.kind == Kind::trigger)
      triggers |= 1u << unsigned(e.owner);
    else if (e.kind == Kind::cue)
      cue_present[std::size_t(e.owner)] = true;
    else if (e.kind == Kind::rule)
      any = true;
  }
  for (const Gated& g : gated_) {
    if (!cue_present[std::size_t(g.cue)]) continue;
    std::vector<int>& more = s.gated_hits;
    more.clear();
    RE2::Set::ErrorInfo gated_info{};
    if (!g.set->Match(re2::StringPiece(form.text), &more, &gated_info)) {
      if (gated_info.kind != RE2::Set::kNoError)
        match_errors_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    // A gated set holds a gated rule's entries, and cues that only matter next to their gate
    // (a scoring rule's weaker families).
    for (int h : more) {
      const int at = g.entry[std::size_t(h)];
      if (at < 0) {  // a rule's entries behind one shared family: which of them match
        const std::size_t before = s.hits.size();
        g.shared[std::size_t(~at)]->which(form.text, options_, s.hits);
        any = any || s.hits.size() > before;  // a crossed pattern's hit may name no member
        continue;
      }
      s.hits.push_back(at);
      const Entry& e = *entries_[std::size_t(at)];
      if (e.kind == Kind::cue)
        cue_present[std::size_t(e.owner)] = true;
      else
        any = true;
    }
  }
  auto silenced_by_presence = [&](const Rule& rule) {
    for (int c : rule.unless)
      if (cue_present[std::size_t(c)]) return true;
    return false;
  };
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    if (rule.cues.empty()) continue;
    bool armed = !silenced_by_presence(rule);
    for (int c : rule.cues) armed = armed && cue_present[std::size_t(c)];
    if (!armed) continue;
    any = true;
    for (int c : rule.cues) cue_needed[std::size_t(c)] = true;
  }
  for (const Rule& rule : rules_) {
    if (rule.weights.empty() || silenced_by_presence(rule)) continue;
    // An upper bound from the set alone: a negative cue may yet fall inside an allowed phrase.
    int upper = 0;
    for (const Weight& w : rule.weights)
      if (w.weight > 0 && cue_present[std::size_t(w.cue)]) upper += w.weight;
    if (rule.ask_model_from > 0 && upper >= rule.ask_model_from)
      triggers |= 1u << unsigned(Trigger::grooming_model);
    if (upper < rule.threshold) continue;
    any = true;
    for (const Weight& w : rule.weights) cue_needed[std::size_t(w.cue)] = true;
  }
  if (!any) return;
  span_passes_.fetch_add(1, std::memory_order_relaxed);

  s.allowed.clear();
  s.mentioned.clear();
  s.reported.clear();
  s.gated_hits.clear();
  const bool agreed = std::ranges::any_of(reported_unless_,
                                          [&](int c) { return cue_present[std::size_t(c)] != 0; });
  if (allow_set_->Match(re2::StringPiece(form.text), &s.gated_hits))
    for (int h : s.gated_hits) {
      const Entry& a = *entries_[std::size_t(allow_entry_[std::size_t(h)])];
      if (agreed && a.owner == kAllowReported) continue;
      find_all(a.regex(options_), form.text,
               a.owner == kAllowMention    ? s.mentioned
               : a.owner == kAllowReported ? s.reported
                                           : s.allowed);
    }
  // A mention of a word is not a use of it, but it never clears a safeguarding concern; a
  // report clears a statement of abuse, not a word (`category` is empty for cues).
  auto spans_of = [&](const Entry& e,
                      std::optional<Category> category) -> const std::vector<Span>& {
    s.spans.clear();
    find_all(e.regex(options_), form.text, s.spans);
    const bool safeguarding = category == Category::safeguarding;
    std::erase_if(s.spans, [&](const Span& sp) {
      return inside_any(sp, s.allowed) || (!safeguarding && inside_any(sp, s.mentioned)) ||
             (category == Category::abuse && is_statement(form.text, sp) &&
              inside_any(sp, s.reported));
    });
    return s.spans;
  };
  auto emit = [&](const Rule& rule, Span sp, std::string why = {}) {
    auto [start, end] = form.original_span(sp.start, sp.end);
    out.push_back(
        {rule.id, rule.category, rule.severity, start, end, std::move(why), rule.urgency});
  };

  if (s.cue_spans.size() < cue_names_.size()) s.cue_spans.resize(cue_names_.size());
  for (auto& v : s.cue_spans) v.clear();
  for (int h : s.hits) {
    const Entry& e = *entries_[std::size_t(h)];
    if (e.kind != Kind::cue || !cue_needed[std::size_t(e.owner)]) continue;
    auto& into = s.cue_spans[std::size_t(e.owner)];
    for (const Span& sp : spans_of(e, cue_feeds_safeguarding_[std::size_t(e.owner)]
                                          ? std::optional(Category::safeguarding)
                                          : std::nullopt))
      into.push_back(sp);
  }
  for (int h : s.hits) {
    const Entry& e = *entries_[std::size_t(h)];
    if (e.kind != Kind::rule) continue;
    const Rule& rule = rules_[std::size_t(e.owner)];
    if (silenced_by_presence(rule)) continue;
    for (const Span& sp : spans_of(e, rule.category)) emit(rule, sp);
  }

  for (const Rule& rule : rules_) {
    if (rule.cues.empty() || silenced_by_presence(rule)) continue;
    bool all_present = true;
    for (int c : rule.cues) all_present = all_present && !s.cue_spans[std::size_t(c)].empty();
    if (!all_present) continue;
    // Anchor on each occurrence of the first cue; take every other cue's nearest occurrence.
    for (const Span& anchor : s.cue_spans[std::size_t(rule.cues[0])]) {
      Span window = anchor;
      bool close = true;
      for (std::size_t k = 1; k < rule.cues.size() && close; ++k) {
        int best = -1;
        Span best_span{};
        for (const Span& sp : s.cue_spans[std::size_t(rule.cues[k])]) {
          int gap = sp.start >= anchor.end   ? words_between(form.text, anchor.end, sp.start)
                    : anchor.start >= sp.end ? words_between(form.text, sp.end, anchor.start)
                                             : 0;
          if (best < 0 || gap < best) best = gap, best_span = sp;
        }
        close = best >= 0 && best <= rule.within;
        window.start = std::min(window.start, best_span.start);
        window.end = std::max(window.end, best_span.end);
      }
      if (close) {
        emit(rule, window);
        break;  // one explanation per rule is enough
      }
    }
  }

  // Scoring rules, again over the cues that survived the allow-list. The match spans from the
  // first to the last contributing cue; `why` lists the cues and weights that added up.
  for (const Rule& rule : rules_) {
    if (rule.weights.empty() || silenced_by_presence(rule)) continue;
    for (const Weight& w : rule.weights)
      cue_present[std::size_t(w.cue)] = !s.cue_spans[std::size_t(w.cue)].empty();
    if (score(rule, cue_present, nullptr) < rule.threshold) continue;
    std::string why;
    score(rule, cue_present, &why);
    Span window{form.text.size(), 0};
    for (const Weight& w : rule.weights) {
      const auto& spans = s.cue_spans[std::size_t(w.cue)];
      if (w.weight <= 0 || spans.empty()) continue;
      window.start = std::min(window.start, spans.front().start);
      window.end = std::max(window.end, spans.front().end);
    }
    if (window.end > window.start) emit(rule, window, std::move(why));
  }
}

}  // namespace hm::filters
