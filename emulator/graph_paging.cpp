#include <algorithm>

#include "emulator/graph_internal.hpp"

namespace hm::emulator::graph {

namespace {

std::string encode_cursor(const SortKey& k) {
  return base64_encode("hm1:" + std::to_string(k.first) + ":" + std::to_string(k.second));
}

std::optional<SortKey> decode_cursor(const std::string& c) {
  auto raw = base64_decode(c);
  if (!raw || raw->rfind("hm1:", 0) != 0) return std::nullopt;
  auto rest = raw->substr(4);
  auto colon = rest.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::uint64_t created = 0, seq = 0;
  std::string cs = rest.substr(0, colon);
  bool neg = !cs.empty() && cs[0] == '-';
  if (!parse_u64(neg ? cs.substr(1) : cs, created) || !parse_u64(rest.substr(colon + 1), seq))
    return std::nullopt;
  std::int64_t c64 = static_cast<std::int64_t>(created);
  return SortKey{neg ? -c64 : c64, seq};
}

}  // namespace

PageResult page_of(std::vector<Item> items, bool descending, const PageRequest& pr,
                   const std::function<std::string(const std::string&, const std::string&)>& link) {
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    return descending ? b.key < a.key : a.key < b.key;
  });
  auto comes_before = [&](const SortKey& a, const SortKey& b) {  // a precedes b in output order
    return descending ? b < a : a < b;
  };
  std::size_t begin = 0, end = items.size();
  if (pr.after) {
    auto c = decode_cursor(*pr.after);
    if (!c) return {json{}, false, "Invalid cursor: after"};
    begin = 0;
    while (begin < items.size() && !comes_before(*c, items[begin].key)) ++begin;
    end = std::min(items.size(), begin + static_cast<std::size_t>(pr.limit));
  } else if (pr.before) {
    auto c = decode_cursor(*pr.before);
    if (!c) return {json{}, false, "Invalid cursor: before"};
    end = 0;
    while (end < items.size() && comes_before(items[end].key, *c)) ++end;
    begin = end > static_cast<std::size_t>(pr.limit) ? end - static_cast<std::size_t>(pr.limit) : 0;
  } else {
    end = std::min(items.size(), static_cast<std::size_t>(pr.limit));
  }
  json data = json::array();
  for (std::size_t i = begin; i < end; ++i) data.push_back(std::move(items[i].node));
  json body = {{"data", data}};
  if (begin < end) {
    std::string first = encode_cursor(items[begin].key), last = encode_cursor(items[end - 1].key);
    json paging = {{"cursors", {{"before", first}, {"after", last}}}};
    if (begin > 0) paging["previous"] = link("before", first);
    if (end < items.size()) paging["next"] = link("after", last);
    body["paging"] = paging;
  }
  return {body, true, {}};
}

std::optional<int> parse_limit(const std::optional<std::string>& v) {
  if (!v) return kDefaultLimit;
  std::uint64_t n = 0;
  if (!parse_u64(*v, n) || n == 0) return std::nullopt;
  return static_cast<int>(std::min<std::uint64_t>(n, kMaxLimit));
}

}  // namespace hm::emulator::graph
