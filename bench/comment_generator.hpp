// Generates realistic school-page comments for benchmarks: mostly clean chatter, about 5 %
// evasive profanity, 2 % personal data and 2 % spam. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hm::bench {

struct GeneratedCorpus {
  std::vector<std::string> comments;
  std::size_t evasive = 0, personal = 0, spam = 0;
  std::size_t bytes = 0;
};

GeneratedCorpus generate_comments(std::size_t count, std::uint64_t seed);

}  // namespace hm::bench
