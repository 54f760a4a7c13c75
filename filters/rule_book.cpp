#include "filters/rule_book.hpp"

#include <algorithm>

namespace hm::filters {
namespace {

// Hostile input (100 kB of the same slur) must not make one comment cost unbounded work.
constexpr std::size_t kMaxSpansPerPattern = 256;

void find_all(const RE2& re, std::string_view text, std::vector<Span>& out) {
  std::size_t pos = 0;
  for (std::size_t found = 0; pos <= text.size() && found < kMaxSpansPerPattern; ++found) {
    re2::StringPiece m;
    if (!re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED, &m,
                  1))
      break;
    std::size_t start = std::size_t(m.data() - text.data());
    std::size_t end = start + m.size();
    if (end > start) out.push_back({start, end});
    pos = end > start ? end : start + 1;
  }
}

bool inside_any(const Span& s, const std::vector<Span>& allowed) {
  for (const Span& a : allowed)
    if (a.start <= s.start && s.end <= a.end) return true;
  return false;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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

}  // namespace

bool RuleBook::set_pass(std::string_view text) const {
  std::vector<int> hits;
  return set_->Match(re2::StringPiece(text.data(), text.size()), &hits);
}

void RuleBook::match(const Normalised& n, std::vector<Match>& out, unsigned& triggers) const {
  match_form(n.folded, out, triggers);
  if (n.joined) match_form(*n.joined, out, triggers);
}

void RuleBook::match_form(const NormalForm& form, std::vector<Match>& out,
                          unsigned& triggers) const {
  std::vector<int> hits;
  RE2::Set::ErrorInfo info{};
  if (!set_->Match(form.text, &hits, &info)) {
    if (info.kind != RE2::Set::kNoError) match_errors_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  bool any = false;
  for (int h : hits) {
    const Entry& e = entries_[std::size_t(h)];
    if (e.kind == Kind::trigger) triggers |= 1u << unsigned(e.owner);
    any = any || e.kind == Kind::rule || e.kind == Kind::cue;
  }
  if (!any) return;

  std::vector<Span> allowed;
  for (int h : hits) {
    const Entry& e = entries_[std::size_t(h)];
    if (e.kind == Kind::allow) find_all(*e.re, form.text, allowed);
  }

  auto emit = [&](const Rule& rule, Span s) {
    auto [start, end] = form.original_span(s.start, s.end);
    out.push_back({rule.id, rule.category, rule.severity, start, end});
  };

  std::vector<std::vector<Span>> cue_spans(cue_names_.size());
  std::vector<Span> spans;
  auto spans_of = [&](const Entry& e) -> const std::vector<Span>& {
    spans.clear();
    find_all(*e.re, form.text, spans);
    std::erase_if(spans, [&](const Span& s) { return inside_any(s, allowed); });
    return spans;
  };
  for (int h : hits) {
    const Entry& e = entries_[std::size_t(h)];
    if (e.kind != Kind::cue) continue;
    auto& into = cue_spans[std::size_t(e.owner)];
    for (const Span& s : spans_of(e)) into.push_back(s);
  }
  auto silenced = [&](const Rule& rule) {
    for (int c : rule.unless)
      if (!cue_spans[std::size_t(c)].empty()) return true;
    return false;
  };
  for (int h : hits) {
    const Entry& e = entries_[std::size_t(h)];
    if (e.kind != Kind::rule) continue;
    const Rule& rule = rules_[std::size_t(e.owner)];
    if (silenced(rule)) continue;
    for (const Span& s : spans_of(e)) emit(rule, s);
  }

  for (const Rule& rule : rules_) {
    if (rule.cues.empty() || silenced(rule)) continue;
    bool all_present = true;
    for (int c : rule.cues) all_present = all_present && !cue_spans[std::size_t(c)].empty();
    if (!all_present) continue;
    // Anchor on each occurrence of the first cue; take every other cue's nearest occurrence.
    for (const Span& anchor : cue_spans[std::size_t(rule.cues[0])]) {
      Span window = anchor;
      bool close = true;
      for (std::size_t k = 1; k < rule.cues.size() && close; ++k) {
        int best = -1;
        Span best_span{};
        for (const Span& s : cue_spans[std::size_t(rule.cues[k])]) {
          int gap = s.start >= anchor.end   ? words_between(form.text, anchor.end, s.start)
                    : anchor.start >= s.end ? words_between(form.text, s.end, anchor.start)
                                            : 0;
          if (best < 0 || gap < best) best = gap, best_span = s;
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
}

}  // namespace hm::filters
