#include "connectors/wire_time.hpp"

#include <cstdio>

namespace hm::connectors {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Time> parse_wire_time(std::string_view s) noexcept {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  long offset = 0;
  if (pos == s.size()) {
    // No zone: read as UTC.
  } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    std::size_t p = pos + 1;
    if (!digits(s, p, 2, oh)) return std::nullopt;
    p += 2;
    if (p < s.size() && s[p] == ':') ++p;
    if (!digits(s, p, 2, om) || p + 2 != s.size() || oh > 23 || om > 59) return std::nullopt;
    offset = (oh * 3600L + om * 60L) * (s[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const auto days = std::chrono::sys_days{ymd};
  return Time{days.time_since_epoch()} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{se} - std::chrono::seconds{offset};
}

std::optional<Time> parse_http_date(std::string_view s) noexcept {
  // "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters, fixed positions.
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  int d, y, h, mi, se;
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || !digits(s, 5, 2, d) || s[7] != ' ' ||
      s[11] != ' ' || !digits(s, 12, 4, y) || s[16] != ' ' || !digits(s, 17, 2, h) ||
      s[19] != ':' || !digits(s, 20, 2, mi) || s[22] != ':' || !digits(s, 23, 2, se) ||
      s.substr(25) != " GMT")
    return std::nullopt;
  const auto month = kMonths.find(s.substr(8, 3));
  if (month == std::string_view::npos || month % 3 != 0) return std::nullopt;
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{unsigned(month / 3 + 1)},
                                        std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Time{std::chrono::sys_days{ymd}.time_since_epoch()} + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{se};
}

std::string format_graph_time(Time t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld+0000", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf;
}

}  // namespace hm::connectors
