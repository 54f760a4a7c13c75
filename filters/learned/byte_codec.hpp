// The learned model's byte-level pieces, one copy each: FNV-1a (feature hashing and the model
// file's checksum) and little-endian 32-bit words (the model file's weights and the store's
// training examples). Stable across builds and machines, so stored slots and saved models keep
// their meaning.
//
// Error policy: pure; nothing fails. get_u32 reads 4 bytes the caller has checked are there.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hm::filters::learned {

inline std::uint64_t fnv1a64(std::string_view bytes) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += char((v >> (8 * i)) & 0xFF);
}

inline std::uint32_t get_u32(const char* p) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

}  // namespace hm::filters::learned
