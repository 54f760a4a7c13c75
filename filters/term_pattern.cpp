#include "filters/term_pattern.hpp"

#include <re2/re2.h>

#include <vector>

#include "filters/folded_chars.hpp"
#include "filters/normaliser.hpp"

namespace hm::filters {
namespace {

// Any run of non-letters: a phrase's words stay neighbours (no letter or digit between them).
// It used to be bounded ({1,3}), but in UTF-8 the class is a dozen byte ranges, and three copies
// of it in every gap of 2,640 phrases made up a third of the main matcher's program: unbounded,
// start-up takes a fifth fewer instructions and the idle daemon 2 MiB less, with the same
// verdicts on every corpus but the stress corpus's disguises, 224 of which ("message     me
// privately") are now caught.
constexpr std::string_view kWordGap = "[^a-z0-9*]+";

// "bitch" → "btich", "bicth", "bithc": each pair of different neighbours after the first letter.
std::vector<std::string> swapped_spellings(const std::string& word) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i + 1 < word.size(); ++i) {
    if (word[i] == word[i + 1]) continue;
    std::string v = word;
    std::swap(v[i], v[i + 1]);
    out.push_back(std::move(v));
  }
  return out;
}

// Four to six letters: the swear words people type fast enough to swap letters in; long
// compounds ("clusterfuck") would add many variants to the matcher for little gain.
bool one_plain_word(std::string_view s) {
  if (s.size() < 4 || s.size() > 6) return false;
  for (char c : s)
    if (!is_letter(c)) return false;
  return true;
}

}  // namespace

std::variant<std::string, TermError> term_to_pattern(std::string_view entry, bool swaps) {
  if (swaps && !entry.starts_with("re:")) {
    bool open_ending = entry.size() > 1 && entry.back() == '*';
    std::string word = fold_for_matching(open_ending ? entry.substr(0, entry.size() - 1) : entry);
    if (one_plain_word(word)) {
      auto plain = term_to_pattern(entry, false);
      if (std::holds_alternative<TermError>(plain)) return plain;
      std::string out = "(?:" + std::get<std::string>(plain);
      for (const std::string& v : swapped_spellings(word)) {
        auto p = term_to_pattern(open_ending ? v + "*" : v, false);
        if (auto* ok = std::get_if<std::string>(&p)) out += "|" + *ok;
      }
      return out + ")";
    }
  }
  if (entry.starts_with("re:")) {
    std::string pattern(entry.substr(3));
    if (pattern.empty()) return TermError{"empty pattern after 're:'"};
    return pattern;
  }
  bool open_ending = entry.size() > 1 && entry.back() == '*';
  if (open_ending) entry.remove_suffix(1);
  std::string term = fold_for_matching(entry);
  // Separators at the edges carry no meaning in a whole-word term.
  while (!term.empty() && term.back() == ' ') term.pop_back();
  while (!term.empty() && term.front() == ' ') term.erase(term.begin());
  if (term.empty()) return TermError{"entry has nothing to match after folding"};

  std::string out;
  if (is_alnum(term.front())) out += "\\b";
  for (std::size_t i = 0; i < term.size();) {
    char c = term[i];
    if (is_letter(c)) {
      bool word_start = i == 0 || !is_letter(term[i - 1]);
      std::size_t run = 1;
      while (i + run < term.size() && term[i + run] == c) ++run;
      // With an open ending ("fuck*") the last letter is not the end: "f***ing" masks it.
      bool word_end = i + run == term.size() ? !open_ending : !is_letter(term[i + run]);
      // Inner letters may be masked ("f*ck", "c**t"); a one-byte class keeps the DFA small.
      for (std::size_t k = 0; k < run; ++k) {
        bool maskable = !(word_start && k == 0) && !(word_end && k == run - 1);
        if (maskable)
          out += std::string("[") + c + "*]";
        else
          out += c;
      }
      i += run;
    } else if (c == '\'') {
      out += "'?";
      ++i;
    } else if (c == ' ' || c == '-' || c == '.' || c == '_') {
      // "kill yourself" also matches "kill-yourself" and "kill  yourself"; a dot inside a
      // domain-like term ("bit.ly") must stay a literal dot.
      bool domain_dot = c == '.' && i > 0 && i + 1 < term.size() && is_alnum(term[i - 1]) &&
                        is_alnum(term[i + 1]);
      if (domain_dot) {
        out += "\\.";
        ++i;
      } else {
        out += kWordGap;
        while (i < term.size() &&
               (term[i] == ' ' || term[i] == '-' || term[i] == '.' || term[i] == '_'))
          ++i;
      }
    } else {
      std::size_t len = 1;
      unsigned char b = static_cast<unsigned char>(c);
      if (b >= 0xC0) len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      out += RE2::QuoteMeta(term.substr(i, len));
      i += len;
    }
  }
  if (open_ending)
    out += "[a-z*]*\\b";
  else if (is_alnum(term.back()))
    out += "\\b";
  return out;
}

void append_alternation(const std::vector<ListEntry>& entries, const std::filesystem::path& file,
                        std::string& alternation, std::vector<Problem>& problems) {
  for (const ListEntry& entry : entries) {
    auto pattern = term_to_pattern(entry.text);
    if (auto* error = std::get_if<TermError>(&pattern)) {
      problems.push_back({file.string(), entry.line, error->message});
      continue;
    }
    if (!alternation.empty()) alternation += '|';
    alternation += "(?:" + std::get<std::string>(pattern) + ")";
  }
}

}  // namespace hm::filters
