// The poll cursor of the Graph connectors (Facebook, Instagram): which comments have been seen,
// so a poll reports only new comments and new versions of edited ones.
//
// It keeps a bounded map of recently seen comment ids → (text hash, created time). A comment is
//   new     when its id is not in the map and it was created after `floor` (the newest created
//           time ever evicted from the map; everything at or before it counts as seen);
//   edited  when its id is in the map with a different text hash;
//   known   otherwise.
// Encoded as compact JSON: {"v":1,"floor":UNIX,"seen":[[id,hash,created],...]}.
//
// Error policy: pure. A cursor string that does not decode is treated as empty (first poll):
// the daemon's store deduplicates repeated comment versions, so this is safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connectors/wire_time.hpp"

namespace hm::connectors::graph {

std::uint64_t text_hash(std::string_view text) noexcept;  // FNV-1a 64: stable across builds

enum class Novelty { new_comment, edited, known };

class SeenComments {
 public:
  static constexpr std::size_t kDefaultCapacity = 2000;

  explicit SeenComments(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  static SeenComments decode(std::string_view cursor, std::size_t capacity = kDefaultCapacity);
  std::string encode() const;

  Novelty classify(std::string_view id, std::string_view text, Time created) const;
  // Records the current version; evicts the oldest entries beyond capacity, raising floor.
  void remember(std::string_view id, std::string_view text, Time created);
  void trim();

  std::size_t size() const noexcept { return seen_.size(); }
  Time floor() const noexcept { return floor_; }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    long long created = 0;
  };
  std::size_t capacity_;
  Time floor_{};
  std::unordered_map<std::string, Entry> seen_;
};

}  // namespace hm::connectors::graph
