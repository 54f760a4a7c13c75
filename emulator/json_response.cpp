#include "emulator/json_response.hpp"

#include <ctime>

namespace hm::emulator {

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Response json_response(int status, const json& body, const std::string& content_type) {
  Response r;
  r.status = status;
  r.body = dump(body);
  r.set_header("Content-Type", content_type);
  return r;
}

namespace {
std::string format(std::int64_t t, const char* fmt) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}
}  // namespace

std::string graph_time(std::int64_t t) {
  return format(t, "%Y-%m-%dT%H:%M:%S+0000");
}
std::string x_time(std::int64_t t) {
  return format(t, "%Y-%m-%dT%H:%M:%S.000Z");
}

std::string http_date(std::int64_t t) {
  return format(t, "%a, %d %b %Y %H:%M:%S GMT");  // gmtime_r + the "C" locale's names
}

bool parse_u64(const std::string& s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

}  // namespace hm::emulator
