#include "filters/spelling_repair.hpp"

#include "filters/folded_chars.hpp"

namespace hm::filters {
namespace {

bool plain_word(std::string_view w) noexcept {
  if (w.size() < SpellingRepair::kMinSwapLength) return false;
  for (char c : w)
    if (!is_letter(c)) return false;
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SpellingRepair::slips_of(std::string_view word) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!plain_word(word)) return out;
  const std::string w(word);
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] == w[i + 1]) continue;  // swapping equal letters changes nothing
    std::string swapped = w;
    std::swap(swapped[i], swapped[i + 1]);
    out.emplace_back(std::move(swapped), w);
  }
  // A letter written twice ("scumm", "disgustting", "verminn"): a slip of the key held down,
  // not a real word's spelling (those that are, like "hatters" from "haters", are real_words).
  // Never for a letter already doubled: tripled, it is stretching, which the normaliser collapses.
  // The slip is a letter longer than the word: build() keeps only those repair() can look up.
  for (std::size_t i = 1; i < w.size(); ++i) {
    if (w[i] == w[i - 1] || (i + 1 < w.size() && w[i] == w[i + 1])) continue;
    std::string doubled = w;
    doubled.insert(i, 1, w[i]);
    out.emplace_back(std::move(doubled), w);
  }
  // A four-letter word has too many real neighbours one letter shorter ("vie", "sum"): swaps and
  // doubles only.
  if (w.size() < kMinLength) return out;
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] == w[i - 1]) continue;  // dropping either of a double letter gives one spelling
    std::string dropped = w;
    dropped.erase(i, 1);
    out.emplace_back(std::move(dropped), w);
  }
  // A long word's last letter left off ("disgustin", "patheti"), unless it ends a plural, a past
  // tense or an adjective in "y": "animal", "behave", "smell" are other words, read as written.
  const char last = w.back();
  if (w.size() >= kMinDropLastLength && last != 's' && last != 'd' && last != 'y' &&
      w[w.size() - 2] != last)
    out.emplace_back(w.substr(0, w.size() - 1), w);
  // An inner "l" written as "1" or "I" ("Mus1ims"), which folding reads as "i".
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] != 'l') continue;
    std::string misread = w;
    misread[i] = 'i';
    out.emplace_back(std::move(misread), w);
  }
  return out;
}

SpellingRepair SpellingRepair::build(const std::vector<std::string>& words,
                                     const std::unordered_set<std::string>& real_words,
                                     const std::vector<std::string>& glue_words) {
  SpellingRepair r;
  if (!glue_words.empty()) r.glued_ = GluedWords::build(words, glue_words);
  std::unordered_set<std::string> vocabulary;
  for (const std::string& entry : words)
    for_each_letter_word(entry, [&](std::string_view w) { vocabulary.emplace(w); });
  std::unordered_set<std::string> ambiguous;  // one slip away from two different words
  for (const std::string& word : vocabulary) {
    if (word.size() > kMaxLength) continue;
    for (auto& [slip, target] : slips_of(word)) {
      // Longer than repair() reads (a doubled letter of a kMaxLength word): it has no slot.
      if (slip.size() > kMaxLength) continue;
      if (vocabulary.contains(slip) || real_words.contains(slip)) continue;
      auto [it, inserted] = r.to_word_.try_emplace(slip, target);
      if (!inserted && it->second != target) ambiguous.insert(slip);
    }
  }
  for (const std::string& slip : ambiguous) r.to_word_.erase(slip);
  for (const auto& [slip, target] : r.to_word_)
    r.may_be_slip_[slot(slip.front(), slip.back(), slip.size())] = 1;
  return r;
}

bool SpellingRepair::repair(const NormalForm& in, NormalForm& out) const {
  if (empty()) return false;
  thread_local std::string split;  // a glued run with its spaces put back
  const std::string& text = in.text;
  bool changed = false;
  std::size_t copied = 0;  // text[0, copied) is already in `out`
  auto append_original = [&](std::size_t from, std::size_t to) {
    out.text.append(text, from, to - from);
    for (std::size_t i = from; i < to; ++i) {
      auto [a, b] = in.original_span(i, i + 1);
      out.from.push_back(std::uint32_t(a));
      out.to.push_back(std::uint32_t(b));
    }
  };
  const char* const begin = text.data();
  const char* const stop = begin + text.size();
  for (const char* p = begin; p < stop;) {
    if (!is_letter(*p)) {
      ++p;
      continue;
    }
    const char* word_end = p + 1;
    while (word_end < stop && is_letter(*word_end)) ++word_end;
    const std::size_t i = std::size_t(p - begin), end = std::size_t(word_end - begin);
    const std::size_t length = end - i;
    // Only whole words: a letter run glued to digits is some other token ("abc123").
    const bool candidate = length >= kMinSwapLength && length <= kMaxLength &&
                           may_be_slip_[slot(*p, word_end[-1], length)] &&
                           (p == begin || !is_digit(p[-1])) &&
                           (word_end == stop || !is_digit(*word_end));
    const std::string* replacement = nullptr;
    if (candidate) {
      auto it = to_word_.find(std::string_view(p, length));
      if (it != to_word_.end()) replacement = &it->second;
    }
    if (!replacement && length >= GluedWords::kMinShortRun &&
        glued_.split(std::string_view(p, length), split))
      replacement = &split;
    if (replacement) {
      if (!changed) {
        out.text.clear();
        out.from.clear();
        out.to.clear();
        changed = true;
      }
      append_original(copied, i);
      auto [a, b] = in.original_span(i, end);
      out.text += *replacement;
      out.from.insert(out.from.end(), replacement->size(), std::uint32_t(a));
      out.to.insert(out.to.end(), replacement->size(), std::uint32_t(b));
      copied = end;
    }
    p = word_end;
  }
  if (changed) append_original(copied, text.size());
  return changed;
}

}  // namespace hm::filters
