// Safe UTF-8 decoding: attacker-controlled bytes never read out of bounds or throw.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hm::filters::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at text[pos]. Sets `length` to the bytes consumed (≥ 1). Invalid,
// overlong, surrogate or truncated sequences decode as U+FFFD consuming one byte.
inline char32_t decode(std::string_view text, std::size_t pos, std::size_t& length) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char b0 = byte(pos);
  length = 1;
  if (b0 < 0x80) return b0;
  std::size_t n;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0)
    n = 2, cp = b0 & 0x1F, min = 0x80;
  else if ((b0 & 0xF0) == 0xE0)
    n = 3, cp = b0 & 0x0F, min = 0x800;
  else if ((b0 & 0xF8) == 0xF0)
    n = 4, cp = b0 & 0x07, min = 0x10000;
  else
    return kReplacement;
  if (pos + n > text.size()) return kReplacement;
  for (std::size_t i = 1; i < n; ++i) {
    unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  length = n;
  return cp;
}

inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// The invisible characters people put inside a word to hide it from a filter ("w\u200bhat"):
// zero-width space, non-joiner and joiner, word joiner, byte order mark, soft hyphen.
inline constexpr bool is_zero_width(char32_t cp) noexcept {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
         cp == 0x00AD;
}

// `text` without its zero-width characters: `text` itself when it has none (the common case,
// no copy), else a copy in `buffer`.
inline std::string_view without_zero_width(std::string_view text, std::string& buffer) {
  std::size_t pos = 0, length = 1;
  for (; pos < text.size(); pos += length)
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      length = 1;
    } else if (is_zero_width(decode(text, pos, length))) {
      break;
    }
  if (pos >= text.size()) return text;
  buffer.assign(text.substr(0, pos));
  for (; pos < text.size(); pos += length) {
    const char32_t cp = decode(text, pos, length);
    if (!is_zero_width(cp)) buffer.append(text.substr(pos, length));
  }
  return buffer;
}

// True when every byte is ASCII; the common case, checked eight bytes at a time.
inline bool is_ascii(std::string_view text) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    unsigned long long w;
    __builtin_memcpy(&w, text.data() + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) >= 0x80) return false;
  return true;
}

}  // namespace hm::filters::utf8
