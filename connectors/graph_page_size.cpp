#include "connectors/graph_page_size.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace hm::connectors::graph {

namespace {

constexpr int kGraphDefaultLimit = 25;

int halved(int n) {
  return std::max(kSmallestPage, n / 2);
}

// Halves every ".limit(N)" in a fields expression; false when none could shrink.
bool shrink_nested(std::string& fields) {
  static constexpr std::string_view kLimit = ".limit(";
  bool changed = false;
  for (std::size_t at = fields.find(kLimit); at != std::string::npos;
       at = fields.find(kLimit, at + 1)) {
    const std::size_t digits = at + kLimit.size();
    const std::size_t close = fields.find(')', digits);
    if (close == std::string::npos || close == digits || close - digits > 6) continue;
    const std::string_view number(fields.data() + digits, close - digits);
    if (!std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    const int n = std::stoi(std::string(number));
    const int smaller = halved(n);
    if (smaller == n) continue;
    fields.replace(digits, close - digits, std::to_string(smaller));
    changed = true;
  }
  return changed;
}

bool has_nested_limit(std::string_view fields) {
  return fields.find(".limit(") != std::string_view::npos;
}

}  // namespace

std::optional<boost::urls::url> with_smaller_pages(const boost::urls::url& url) {
  boost::urls::url out = url;
  auto params = out.params();
  if (auto f = params.find("fields"); f != params.end() && (*f).has_value) {
    std::string fields = (*f).value;
    if (has_nested_limit(fields)) {
      if (!shrink_nested(fields)) return std::nullopt;
      params.set("fields", fields);
      return out;
    }
  }
  int limit = kGraphDefaultLimit;
  if (auto l = params.find("limit"); l != params.end() && (*l).has_value) {
    const std::string& v = (*l).value;
    if (v.empty() || v.size() > 6 ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    limit = std::stoi(v);
  }
  const int smaller = halved(limit);
  if (smaller == limit) return std::nullopt;
  params.set("limit", std::to_string(smaller));
  return out;
}

boost::urls::url shrunk(boost::urls::url url, int halvings) {
  for (int i = 0; i < halvings; ++i) {
    auto smaller = with_smaller_pages(url);
    if (!smaller) break;
    url = std::move(*smaller);
  }
  return url;
}

}  // namespace hm::connectors::graph
