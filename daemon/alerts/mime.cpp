#include "daemon/alerts/mime.hpp"

#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace hm::daemon::alerts {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHex[] = "0123456789ABCDEF";

bool printable_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7f;
}

// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte, so that
// splitting never loops).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

struct tm utc(moderation::Time t) {
  const time_t secs = time_t(t.time_since_epoch().count());
  struct tm out {};
  gmtime_r(&secs, &out);
  return out;
}

}  // namespace

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = unsigned((unsigned char)bytes[i]) << 16 |
                       unsigned((unsigned char)bytes[i + 1]) << 8 | (unsigned char)bytes[i + 2];
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = unsigned((unsigned char)bytes[i]) << 16;
    if (rest == 2) v |= unsigned((unsigned char)bytes[i + 1]) << 8;
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += rest == 2 ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string encoded_line;
    std::size_t column = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = (unsigned char)line[i];
      const bool last = i + 1 == line.size();
      std::string piece;
      // Trailing white space would be stripped in transit, so it is encoded too.
      if (printable_ascii(c) && c != '=' && !(last && c == ' '))
        piece = char(c);
      else if (c == '\t' && !last)
        piece = "\t";
      else
        piece = {'=', kHex[c >> 4], kHex[c & 15]};
      // 76 characters per line, counting the '=' of a soft break.
      if (column + piece.size() > 75) {
        encoded_line += "=\r\n";
        column = 0;
      }
      encoded_line += piece;
      column += piece.size();
    }
    out += encoded_line;
    if (end == text.size()) break;
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string encoded_word(std::string_view text) {
  bool plain = true;
  for (char c : text) plain = plain && printable_ascii((unsigned char)c);
  if (plain) return std::string(text);
  // "=?utf-8?B?" + "?=" is 12 characters; 45 bytes make 60 base64 characters: 72 in all.
  constexpr std::size_t kChunk = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t n = utf8_length((unsigned char)text[end]);
      if (end + n - i > kChunk) break;
      end += n;
    }
    if (end == i) end = std::min(text.size(), i + utf8_length((unsigned char)text[i]));
    if (!out.empty()) out += "\r\n ";
    out += "=?utf-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(moderation::Time t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const struct tm u = utc(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[u.tm_wday % 7],
                u.tm_mday, kMonths[u.tm_mon % 12], u.tm_year + 1900, u.tm_hour, u.tm_min, u.tm_sec);
  return buf;
}

std::string readable_time(moderation::Time t) {
  const struct tm u = utc(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d UTC", u.tm_year + 1900, u.tm_mon + 1,
                u.tm_mday, u.tm_hour, u.tm_min);
  return buf;
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (char ch : text) {
    const auto c = (unsigned char)ch;
    const bool space = c < 0x20 || c == 0x7f || c == ' ';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    // Back up to the start of a UTF-8 character.
    while (cut > 0 && ((unsigned char)out[cut] & 0xc0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

}  // namespace hm::daemon::alerts
