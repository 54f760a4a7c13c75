#include "connectors/graph_cursor.hpp"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

namespace hm::connectors::graph {

std::uint64_t text_hash(std::string_view text) noexcept {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

SeenComments SeenComments::decode(std::string_view cursor, std::size_t capacity) {
  SeenComments out(capacity);
  if (cursor.empty()) return out;
  try {
    const auto j = nlohmann::json::parse(cursor, nullptr, false);
    if (!j.is_object() || j.value("v", 0) != 1) return out;
    const long long floor = j.value("floor", 0LL);
    const auto& seen = j.at("seen");
    if (!seen.is_array()) return out;
    for (const auto& e : seen) {
      if (!e.is_array() || e.size() != 3 || !e[0].is_string() || !e[1].is_number_unsigned() ||
          !e[2].is_number_integer())
        return SeenComments(capacity);
      out.seen_[e[0].get<std::string>()] = {e[1].get<std::uint64_t>(), e[2].get<long long>()};
    }
    out.floor_ = Time{std::chrono::seconds{floor}};
  } catch (const nlohmann::json::exception&) {
    return SeenComments(capacity);
  }
  return out;
}

std::string SeenComments::encode() const {
  nlohmann::json seen = nlohmann::json::array();
  // Sorted so the same state always encodes to the same string.
  std::vector<const std::pair<const std::string, Entry>*> entries;
  entries.reserve(seen_.size());
  for (const auto& e : seen_) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* e : entries) seen.push_back({e->first, e->second.hash, e->second.created});
  return nlohmann::json{{"v", 1}, {"floor", floor_.time_since_epoch().count()}, {"seen", seen}}
      .dump();
}

Novelty SeenComments::classify(std::string_view id, std::string_view text, Time created) const {
  auto it = seen_.find(std::string(id));
  if (it == seen_.end()) return created > floor_ ? Novelty::new_comment : Novelty::known;
  return it->second.hash == text_hash(text) ? Novelty::known : Novelty::edited;
}

void SeenComments::remember(std::string_view id, std::string_view text, Time created) {
  seen_[std::string(id)] = {text_hash(text), created.time_since_epoch().count()};
}

void SeenComments::trim() {
  if (seen_.size() <= capacity_) return;
  std::vector<std::pair<long long, std::string>> by_age;
  by_age.reserve(seen_.size());
  for (const auto& [id, e] : seen_) by_age.emplace_back(e.created, id);
  std::sort(by_age.begin(), by_age.end());
  const std::size_t evict = seen_.size() - capacity_;
  long long floor = floor_.time_since_epoch().count();
  for (std::size_t i = 0; i < evict; ++i) {
    floor = std::max(floor, by_age[i].first);
    seen_.erase(by_age[i].second);
  }
  floor_ = Time{std::chrono::seconds{floor}};
}

}  // namespace hm::connectors::graph
