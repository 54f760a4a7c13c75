#include <phonenumbers/phonenumberutil.h>

#include <cctype>

#include "filters/detectors/detectors.hpp"
#include "filters/utf8.hpp"

namespace hm::filters::detectors {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// One code point of the text as the phone scanner sees it.
struct Cell {
  char c;  // '0'-'9', '+', ' ' (separator), '(' / ')' or 'x' (anything else)
  std::size_t start, end;
  char lookalike = 0;   // '0' for the letter O, '1' for l or I: read as a digit next to digits
  bool letter = false;  // any other letter (non-ASCII code points count as letters)
};

// The letters people type for digits to slip a number past a filter ("077OO 9OO 345").
char lookalike_digit(char32_t cp) {
  if (cp == 'o' || cp == 'O') return '0';
  if (cp == 'l' || cp == 'I') return '1';
  return 0;
}

// A look-alike letter counts as a digit only inside a token of digits and look-alikes that holds
// at least one real digit: "9OO" is nine hundred, "Oo" and "lol" stay words.
void read_lookalikes(std::vector<Cell>& cells) {
  for (std::size_t i = 0; i < cells.size();) {
    auto in_token = [&](std::size_t k) {
      return (cells[k].c >= '0' && cells[k].c <= '9') || cells[k].lookalike;
    };
    if (!in_token(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool digit = false, letter = false;
    for (; j < cells.size() && in_token(j); ++j) {
      digit |= cells[j].lookalike == 0;
      letter |= cells[j].lookalike != 0;
    }
    // A token glued to other letters ("O9OO5ign" or "cool07") is a word, not a number.
    bool glued = (j < cells.size() && cells[j].letter) || (i > 0 && cells[i - 1].letter);
    if (digit && letter && !glued)
      for (std::size_t k = i; k < j; ++k)
        if (cells[k].lookalike) cells[k].c = cells[k].lookalike;
    i = j;
  }
}

std::vector<Cell> cells_of(std::string_view text) {
  std::vector<Cell> cells;
  cells.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t len = 1;
    char32_t cp = utf8::decode(text, pos, len);
    char c = 'x';
    if (cp >= '0' && cp <= '9')
      c = char(cp);
    else if (cp >= 0xFF10 && cp <= 0xFF19)
      c = char('0' + (cp - 0xFF10));  // fullwidth digits
    else if (cp == '+' || cp == 0xFF0B)
      c = '+';
    else if (cp == ' ' || cp == '-' || cp == '.' || cp == 0xA0 || cp == 0x2013 || cp == 0x2011 ||
             cp == 0x3000)
      c = ' ';
    else if (cp == '(' || cp == ')')
      c = char(cp);
    char look = lookalike_digit(cp);
    bool letter = !look && c == 'x' && (cp >= 0x80 || std::isalpha(static_cast<int>(cp)) != 0);
    if (!utf8::is_zero_width(cp)) cells.push_back({c, pos, pos + len, look, letter});
    pos += len;
  }
  read_lookalikes(cells);
  return cells;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A number glued to letters or digits ("ref200845127", "x07700") is part of something else.
bool glued_to_previous(std::string_view original, const std::vector<Cell>& cells, std::size_t i) {
  if (i == 0) return false;
  char p = cells[i - 1].c;
  if (is_digit(p) || p == '+') return true;
  if (p != 'x') return false;
  return std::isalnum(static_cast<unsigned char>(original[cells[i - 1].start])) != 0;
}

// A UK number in national ("07700 900123") or +44 / 0044 form, as its national significant
// number; empty for anything else.
std::string uk_national_number(const std::string& candidate) {
  std::string digits;
  for (char c : candidate)
    if (c >= '0' && c <= '9') digits += c;
  bool international = candidate.find('+') != std::string::npos;
  if (international || digits.starts_with("00")) {
    std::string rest = international ? digits : digits.substr(2);
    if (!rest.starts_with("44")) return {};
    rest.erase(0, 2);
    if (rest.starts_with("0")) rest.erase(0, 1);  // the "(0)" people write after +44
    return rest;
  }
  return digits.starts_with("0") ? digits.substr(1) : std::string();
}

bool acceptable_number(const std::string& candidate) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  // UK numbers, by far the common case, are built directly: Parse runs dozens of ICU regexes
  // (about 130k instructions a number); the length check needs none.
  std::string national = uk_national_number(candidate);
  if (!national.empty() && national.size() <= 15) {
    number.set_country_code(44);
    number.set_national_number(std::stoull(national));
  } else if (util.Parse(candidate, "GB", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return false;
  }
  if (!util.IsPossibleNumber(number)) return false;
  // Freephone, shared-cost and premium lines (UK 08xx, 09xx) are organisations', not a
  // person's. Only those need GetNumberType, whose metadata regexes cost microseconds.
  std::string nsn;
  util.GetNationalSignificantNumber(number, &nsn);
  if (number.country_code() == 44 && !nsn.empty() && nsn[0] != '8' && nsn[0] != '9') return true;
  switch (util.GetNumberType(number)) {
    case PhoneNumberUtil::TOLL_FREE:
    case PhoneNumberUtil::SHARED_COST:
    case PhoneNumberUtil::PREMIUM_RATE:
    case PhoneNumberUtil::UAN:
      return false;
    default:
      return true;
  }
}

}  // namespace

void phone_numbers(std::string_view original, std::vector<Found>& out) {
  std::vector<Cell> cells = cells_of(original);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    char c0 = cells[i].c;
    char next = i + 1 < cells.size() ? cells[i + 1].c : 'x';
    bool starts = (c0 == '+' && is_digit(next)) || c0 == '0' || (c0 == '(' && next == '0');
    if (!starts || glued_to_previous(original, cells, i)) continue;
    std::string candidate;
    std::size_t digits = 0, last_digit = i, gap = 0;
    for (std::size_t k = i; k < cells.size(); ++k) {
      char c = cells[k].c;
      if (is_digit(c)) {
        ++digits;
        last_digit = k;
        gap = 0;
        candidate += c;
      } else if ((c == ' ' || c == '(' || c == ')') && gap < 2) {
        ++gap;
        candidate += c;
      } else if (c == '+' && k == i) {
        candidate += c;
      } else {
        break;
      }
      if (digits > 15) break;
    }
    if (digits < 10 || digits > 15) continue;
    // Trim separators after the last digit.
    std::size_t keep = candidate.find_last_of("0123456789");
    candidate.resize(keep + 1);
    if (!acceptable_number(candidate)) continue;
    out.push_back({cells[i].start, cells[last_digit].end});
    // Continue after this number.
    i = last_digit;
  }
}

bool may_hide_digits(std::string_view original) {
  auto digit = [&](std::size_t k) { return original[k] >= '0' && original[k] <= '9'; };
  for (std::size_t k = 0; k < original.size(); ++k) {
    char c = original[k];
    if (c != 'o' && c != 'O' && c != 'l' && c != 'I') continue;
    if ((k > 0 && digit(k - 1)) || (k + 1 < original.size() && digit(k + 1))) return true;
  }
  return false;
}

void spelled_phone_numbers(const Normalised& n, std::vector<Found>& out) {
  static const std::pair<std::string_view, const char*> words[] = {
      {"zero", "0"},  {"oh", "0"},   {"o", "0"},      {"one", "1"},      {"two", "2"},
      {"three", "3"}, {"four", "4"}, {"five", "5"},   {"six", "6"},      {"seven", "7"},
      {"eight", "8"}, {"nine", "9"}, {"nought", "0"}, {"hundred", "00"}, {"thousand", "000"}};
  const NormalForm& f = n.folded;
  const std::string& t = f.text;
  std::string digits;
  std::size_t run_start = 0, run_end = 0;
  int repeat = 1;
  auto flush = [&] {
    // People spelling a mobile number often drop its leading zero ("seven seven zero zero ...").
    if (!digits.empty() && digits[0] != '0') digits.insert(digits.begin(), '0');
    if (digits.size() >= 11 && digits.size() <= 13 && acceptable_number(digits)) {
      auto [s, e] = f.original_span(run_start, run_end);
      out.push_back({s, e});
    }
    digits.clear();
    repeat = 1;
  };
  for (std::size_t i = 0; i < t.size();) {
    if (!(t[i] >= 'a' && t[i] <= 'z')) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && t[j] >= 'a' && t[j] <= 'z') ++j;
    std::string_view word(t.data() + i, j - i);
    const char* digit = nullptr;
    for (auto& [w, d] : words)
      if (w == word) digit = d;
    if (digit && digit[1] != '\0' && digits.empty()) {
      flush();  // "hundred" or "thousand" never starts a number
    } else if (digit) {
      if (digits.empty() && repeat == 1) run_start = i;
      for (int r = 0; r < repeat; ++r) digits += digit;
      repeat = 1;
      run_end = j;
    } else if (word == "double" || word == "triple") {
      if (digits.empty() && repeat == 1) run_start = i;
      repeat = word == "double" ? 2 : 3;
    } else {
      flush();
    }
    i = j;
  }
  flush();
}

}  // namespace hm::filters::detectors
