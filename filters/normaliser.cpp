#include "filters/normaliser.hpp"

#include <array>

#include "filters/char_folding.hpp"
#include "filters/folded_chars.hpp"
#include "filters/utf8.hpp"

namespace hm::filters {
namespace {

bool is_leet_digit(char c) noexcept {
  return c == '0' || c == '1' || c == '3' || c == '4' || c == '5' || c == '7';
}
bool is_word_char(char c) noexcept {
  return is_letter(c) || is_digit(c) || c == '@' || c == '$' || c == '!' || c == '*' || c == '#';
}

char leet_letter(char c) noexcept {
  switch (c) {
    case '@':
    case '4':
      return 'a';
    case '3':
      return 'e';
    case '1':
    case '!':
      return 'i';
    case '0':
      return 'o';
    case '$':
    case '5':
      return 's';
    case '7':
      return 't';
    default:
      return c;
  }
}

// Materialises the identity map once the text stops being aligned with the original.
void ensure_map(NormalForm& form) {
  if (!form.from.empty() || form.text.empty()) return;
  form.from.resize(form.text.size());
  form.to.resize(form.text.size());
  for (std::size_t i = 0; i < form.text.size(); ++i) {
    form.from[i] = std::uint32_t(i);
    form.to[i] = std::uint32_t(i + 1);
  }
}

// Case-fold and look-alikes. ASCII bytes stay aligned; other code points go through the table.
void fold_characters(std::string_view original, Normalised& out) {
  NormalForm& f = out.folded;
  if (utf8::is_ascii(original)) {
    f.text.resize(original.size());
    char* w = f.text.data();
    for (std::size_t i = 0; i < original.size(); ++i) {
      char c = original[i];
      w[i] = (c >= 'A' && c <= 'Z') ? char(c | 0x20) : c;
    }
    return;
  }
  f.text.reserve(original.size());
  f.from.reserve(original.size());
  f.to.reserve(original.size());
  for (std::size_t pos = 0; pos < original.size();) {
    // Copy a run of ASCII in one go: comments with an emoji are still mostly ASCII.
    std::size_t run = pos;
    while (run < original.size() && static_cast<unsigned char>(original[run]) < 0x80) ++run;
    const std::size_t at = f.text.size();
    f.text.resize(at + (run - pos));
    f.from.resize(at + (run - pos));
    f.to.resize(at + (run - pos));
    for (std::size_t i = pos, w = at; i < run; ++i, ++w) {
      char c = original[i];
      f.text[w] = (c >= 'A' && c <= 'Z') ? char(c | 0x20) : c;
      f.from[w] = std::uint32_t(i);
      f.to[w] = std::uint32_t(i + 1);
    }
    pos = run;
    if (pos >= original.size()) break;
    std::size_t len = 1;
    char32_t cp = utf8::decode(original, pos, len);
    std::size_t before = f.text.size();
    append_folded(cp, f.text);
    std::size_t added = f.text.size() - before;
    f.from.insert(f.from.end(), added, std::uint32_t(pos));
    f.to.insert(f.to.end(), added, std::uint32_t(pos + len));
    pos += len;
  }
}

// Leetspeak only inside words that hold letters, so "Year 10", "£15" and "hello!" stay as written
// while "p1ss", "b!tch", "@sshat" and "f*ck" read as meant.
void map_leetspeak(std::string& text) {
  const std::size_t n = text.size();
  for (std::size_t start = 0; start < n;) {
    if (!is_word_char(text[start])) {
      ++start;
      continue;
    }
    std::size_t end = start;
    std::size_t first_letter = n, last_letter = n;
    while (end < n && is_word_char(text[end])) {
      if (is_letter(text[end])) {
        if (first_letter == n) first_letter = end;
        last_letter = end;
      }
      ++end;
    }
    if (first_letter != n) {
      // One leet digit closing a word of three or more letters stands for a letter too ("slu7",
      // "bitc4"); "Year7", "mp3" and "Y6" keep theirs (too short, or a year group).
      bool all_letters = first_letter == start && last_letter + 2 == end;
      for (std::size_t i = first_letter; all_letters && i <= last_letter; ++i)
        all_letters = is_letter(text[i]) || is_leet_digit(text[i]) || text[i] == '@' ||
                      text[i] == '$' || text[i] == '!';
      bool trailing_digit = all_letters && last_letter - first_letter >= 2 &&
                            is_leet_digit(text[end - 1]) &&
                            std::string_view(text).substr(start, end - 1 - start) != "year";
      // One leet digit opening a word of three or more letters does too ("5cum", "1diots");
      // "5pm" and "2nd" are too short, and a word of only o, i and l after a digit is a number
      // written with letters for zeros and ones ("1OOO"), which the phone detector reads.
      bool leading_digit = is_leet_digit(text[start]) && first_letter == start + 1 &&
                           last_letter + 1 == end && end - first_letter >= 3;
      bool number_like = true;
      for (std::size_t i = first_letter; leading_digit && i < end; ++i) {
        leading_digit = is_letter(text[i]);
        number_like = number_like && (text[i] == 'o' || text[i] == 'i' || text[i] == 'l');
      }
      leading_digit = leading_digit && !number_like;
      for (std::size_t i = start; i < end; ++i) {
        char c = text[i];
        bool interior = (i > first_letter && i < last_letter) || (trailing_digit && i + 1 == end) ||
                        (leading_digit && i == start);
        if (is_leet_digit(c) && interior)
          text[i] = leet_letter(c);
        else if ((c == '@' || c == '$' || c == '!') && i < last_letter)
          text[i] = leet_letter(c);
        else if (c == '#' && interior)
          text[i] = '*';
      }
    }
    start = end;
  }
}

// "fuuuuuck" → "fuck": a run of 3+ identical letters is stretching, never spelling (English has
// no such runs), so it collapses to one letter. A genuine double ("off", "ass") is kept.
void collapse_stretched_letters(NormalForm& f) {
  const std::string& t = f.text;
  bool any = false;
  for (std::size_t i = 2; i < t.size() && !any; ++i)
    any = is_letter(t[i]) && t[i] == t[i - 1] && t[i] == t[i - 2];
  if (!any) return;
  ensure_map(f);
  std::size_t w = 0;
  for (std::size_t r = 0; r < t.size();) {
    std::size_t run = 1;
    while (is_letter(t[r]) && r + run < t.size() && t[r + run] == t[r]) ++run;
    std::size_t keep = run >= 3 ? 1 : run;
    for (std::size_t k = 0; k < keep; ++k) {
      f.text[w] = t[r + k];
      f.from[w] = f.from[r + k];
      f.to[w] = f.to[r + k];
      ++w;
    }
    f.to[w - 1] = f.to[r + run - 1];  // the kept letter stands for the dropped ones too
    r += run;
  }
  f.text.resize(w);
  f.from.resize(w);
  f.to.resize(w);
}

bool is_alnum_or_mask(char c) noexcept {
  return is_letter(c) || is_digit(c) || c == '*';
}

bool is_join_separator(char c) noexcept {
  return c == ' ' || c == '.' || c == '-' || c == '_' || c == ',' || c == '/' || c == '|' ||
         c == '+' || c == '~' || c == ':';
}

bool single_letter_at(const std::string& t, std::size_t i) noexcept {
  if (i >= t.size() || !is_letter(t[i])) return false;
  bool left = i == 0 || !(is_letter(t[i - 1]) || is_digit(t[i - 1]) || t[i - 1] == '*');
  bool right = i + 1 == t.size() || !(is_letter(t[i + 1]) || is_digit(t[i + 1]) || t[i + 1] == '*');
  return left && right;
}

bool one_letter_word(char c) noexcept {
  return c == 'a' || c == 'i' || c == 'u' || c == 'r';
}

// "f.u.c.k o.f.f" → "fuck off": a run of 3+ single letters, each separated from the next by
// exactly one separator character, the same one throughout the run, is written together.
// With `keep_words`, one-letter words leading a run stay apart while three or more letters remain
// ("you are a s l u t" → "you are a slut", where the plain join reads "aslut"); that second join
// is made only when some run starts with such a letter (`needed` says whether one did).
std::optional<NormalForm> join_split_letters(const NormalForm& f, bool keep_words = false,
                                             bool* needed = nullptr) {
  const std::string& t = f.text;
  std::vector<bool> drop;
  for (std::size_t i = 0; i + 4 < t.size(); ++i) {
    if (is_alnum_or_mask(t[i]) && i + 1 < t.size() && is_alnum_or_mask(t[i + 1])) {
      while (i + 1 < t.size() && is_alnum_or_mask(t[i + 1])) ++i;  // inside a word: skip it
      continue;
    }
    if (!single_letter_at(t, i) || !is_join_separator(t[i + 1])) continue;
    char sep = t[i + 1];
    std::size_t last = i;
    std::size_t count = 1;
    while (last + 2 < t.size() && t[last + 1] == sep && single_letter_at(t, last + 2)) {
      last += 2;
      ++count;
    }
    if (count < 3) continue;
    if (needed && one_letter_word(t[i]) && count > 3) *needed = true;
    if (keep_words)
      for (; one_letter_word(t[i]) && count > 3; --count) i += 2;
    if (drop.empty()) drop.assign(t.size(), false);
    for (std::size_t k = i + 1; k < last; k += 2) drop[k] = true;
    i = last;
  }
  if (drop.empty()) return std::nullopt;
  NormalForm j;
  j.text.reserve(t.size());
  j.from.reserve(t.size());
  j.to.reserve(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (drop[k]) continue;
    j.text += t[k];
    j.from.push_back(f.from.empty() ? std::uint32_t(k) : f.from[k]);
    j.to.push_back(f.from.empty() ? std::uint32_t(k + 1) : f.to[k]);
  }
  return j;
}

// What the later passes will find to do, from one cheap scan: most comments need none of them.
struct Shape {
  std::size_t digits = 0;
  bool at_sign = false;
  bool leet = false;       // a leetspeak character or mask next to a letter
  bool stretched = false;  // a run of 3+ identical letters
  bool split = false;      // a single letter, a separator, a single letter
};

// Character classes for the scan, one table lookup a byte.
enum : std::uint8_t { kLetter = 1, kDigit = 2, kLeet = 4, kSeparator = 8, kMask = 16 };
constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kLetter;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit;
  for (char c : std::string_view("013457@$!#*")) t[static_cast<unsigned char>(c)] |= kLeet;
  for (char c : std::string_view(" .-_,/|+~:")) t[static_cast<unsigned char>(c)] |= kSeparator;
  t[static_cast<unsigned char>('*')] |= kMask;
  return t;
}();

std::uint8_t class_of(char c) noexcept {
  return kClass[static_cast<unsigned char>(c)];
}

Shape scan(const std::string& t) {
  Shape s;
  const std::size_t n = t.size();
  std::uint8_t prev = 0;  // class of t[i - 1]
  char prev_char = 0;
  std::size_t run = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = t[i];
    const std::uint8_t cls = class_of(c);
    s.digits += (cls & kDigit) != 0;
    s.at_sign |= c == '@';
    // A leet digit right after a letter may end a word ("slu7").
    s.leet |= (cls & kDigit) && (cls & kLeet) && (prev & kLetter);
    if (cls & kLetter) {
      // Leetspeak only changes a word where a leet character comes before a letter.
      s.leet |= (prev & kLeet) != 0;
      run = prev_char == c ? run + 1 : 1;
      s.stretched |= run >= 3;
      if (i + 2 < n && (class_of(t[i + 1]) & kSeparator) && (class_of(t[i + 2]) & kLetter) &&
          !(prev & (kLetter | kDigit | kMask)) &&
          (i + 3 == n || !(class_of(t[i + 3]) & (kLetter | kDigit | kMask))))
        s.split = true;
      // The rest of the word, most of any comment: after a letter, a letter can only extend a
      // run of the same letter (no leet, split or digit case applies), so only that is counted.
      while (i + 1 < n && class_of(t[i + 1]) == kLetter) {
        ++i;
        run = t[i] == t[i - 1] ? run + 1 : 1;
        s.stretched |= run >= 3;
      }
      prev = kLetter;
      prev_char = t[i];
      continue;
    }
    run = 0;
    prev = cls;
    prev_char = c;
  }
  return s;
}

}  // namespace

Normalised normalise(std::string_view original) {
  Normalised out;
  normalise_into(original, out);
  return out;
}

void normalise_into(std::string_view original, Normalised& out) {
  out.folded.text.clear();
  out.folded.from.clear();
  out.folded.to.clear();
  out.joined.reset();
  out.joined_words.reset();
  out.digit_count = 0;
  out.has_at_sign = false;
  fold_characters(original, out);
  Shape shape = scan(out.folded.text);
  out.digit_count = shape.digits;
  out.has_at_sign = shape.at_sign;
  if (shape.leet) {
    map_leetspeak(out.folded.text);
    shape = scan(out.folded.text);  // "sh!!!t" and "f.@.g" only show their shape afterwards
  }
  if (shape.stretched) collapse_stretched_letters(out.folded);
  if (shape.split) {
    bool words = false;
    out.joined = join_split_letters(out.folded, false, &words);
    if (words) out.joined_words = join_split_letters(out.folded, true);
  }
}

std::string fold_for_matching(std::string_view text) {
  return normalise(text).folded.text;
}

}  // namespace hm::filters
