#include "filters/glued_words.hpp"

#include "filters/folded_chars.hpp"

namespace hm::filters {

void GluedWords::add(std::string_view word, Kind kind) {
  std::size_t at = 0;
  for (char c : word) {
    auto& next = nodes_[at].next[std::size_t(c - 'a')];
    if (next == 0) {
      next = std::int32_t(nodes_.size());
      nodes_.emplace_back();  // invalidates `next`, which is not used again
    }
    at = std::size_t(nodes_[at].next[std::size_t(c - 'a')]);
  }
  // A word in both lists carries meaning.
  if (kind > nodes_[at].ends) nodes_[at].ends = kind;
}

GluedWords GluedWords::build(const std::vector<std::string>& meaning_words,
                             const std::vector<std::string>& glue_words) {
  GluedWords g;
  for (const std::string& line : glue_words)
    for_each_letter_word(line, [&](std::string_view w) { g.add(w, glue); });
  for (const std::string& line : meaning_words) {
    std::size_t words = 0;
    for_each_letter_word(line, [&](std::string_view) { ++words; });
    const Kind kind = words == 1 ? entry : meaning;
    for_each_letter_word(line, [&](std::string_view w) { g.add(w, kind); });
  }
  return g;
}

GluedWords::Kind GluedWords::kind_of(std::string_view word) const noexcept {
  std::size_t node = 0;
  for (char c : word) {
    if (!is_letter(c)) return none;
    node = std::size_t(nodes_[node].next[std::size_t(c - 'a')]);
    if (node == 0) return none;
  }
  return nodes_[node].ends;
}

bool GluedWords::split_short(std::string_view run, std::string& out) const {
  // The first word is walked one letter at a time: once no known word starts with run[0, k),
  // none starts with a longer prefix either, and most runs stop here within a letter or two.
  std::size_t node = 0;
  for (std::size_t k = 1; k + 3 <= run.size(); ++k) {
    const char c = run[k - 1];
    if (!is_letter(c)) return false;
    node = std::size_t(nodes_[node].next[std::size_t(c - 'a')]);
    if (node == 0) return false;
    const std::string_view first = run.substr(0, k), second = run.substr(k);
    if (nodes_[node].ends == none || (k == 1 && first != "i")) continue;
    if (kind_of(second) != entry) continue;
    out.assign(first);
    out += ' ';
    out.append(second);
    return true;
  }
  return false;
}

bool GluedWords::split(std::string_view run, std::string& out) const {
  const std::size_t n = run.size();
  if (empty() || n < kMinShortRun || n > kMaxRun) return false;
  if (n < kMinRun) return split_short(run, out);
  // from[i][m] >= 0: run[0, i) splits into known words, m = whether one of them carries
  // meaning; its value is 2 * (where the last of those words starts) + that start's own m
  // (-1: not reached).
  std::array<std::array<std::int16_t, 2>, kMaxRun + 1> from;
  for (auto& f : from) f = {-1, -1};
  from[0][0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (int m = 0; m < 2; ++m) {
      if (from[i][std::size_t(m)] < 0) continue;
      std::size_t node = 0;
      for (std::size_t j = i; j < n; ++j) {
        const char c = run[j];
        if (!is_letter(c)) return false;
        node = std::size_t(nodes_[node].next[std::size_t(c - 'a')]);
        if (node == 0) break;
        const Kind ends = nodes_[node].ends;
        if (ends == none) continue;
        const int reached = (m == 1 || ends >= meaning) ? 1 : 0;
        if (from[j + 1][std::size_t(reached)] < 0)
          from[j + 1][std::size_t(reached)] = std::int16_t(i * 2 + std::size_t(m));
      }
    }
  }
  if (from[n][1] < 0) return false;
  // Walk back along one split that holds a meaning word.
  std::vector<std::size_t> starts;
  std::size_t at = n;
  int m = 1;
  while (at > 0) {
    const std::int16_t back = from[at][std::size_t(m)];
    const std::size_t start = std::size_t(back) / 2;
    m = back % 2;
    starts.push_back(start);
    at = start;
  }
  // One known word alone ("children", "dangerous") is the run as written: nothing to read again.
  if (starts.size() == 1) return false;
  // `starts` runs from the last word to the first.
  out.clear();
  for (std::size_t k = starts.size(); k-- > 0;) {
    const std::size_t end = k == 0 ? n : starts[k - 1];
    out.append(run.substr(starts[k], end - starts[k]));
    if (k > 0) out += ' ';
  }
  return true;
}

}  // namespace hm::filters
