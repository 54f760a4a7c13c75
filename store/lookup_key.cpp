#include "store/lookup_key.hpp"

#include <sodium.h>

namespace hm::store {

std::int64_t lookup_key(std::string_view id) {
  // SipHash-2-4 under a fixed, public key: stable across builds and machines (keys are stored),
  // well spread, and about a twentieth of SHA-256's cost through OpenSSL, which ingest felt. The
  // key is no secret and needs none: a collision costs a row read, never a wrong answer.
  static constexpr unsigned char kKey[crypto_shorthash_KEYBYTES] = {
      'h', 'a', 'l', 'l', 'm', 'o', 'n', 'i', 't', 'o', 'r', '-', 'k', 'e', 'y', '1'};
  unsigned char hash[crypto_shorthash_BYTES];
  crypto_shorthash(hash, reinterpret_cast<const unsigned char*>(id.data()), id.size(), kKey);
  const std::uint32_t bits = (std::uint32_t(hash[0]) << 24) | (std::uint32_t(hash[1]) << 16) |
                             (std::uint32_t(hash[2]) << 8) | std::uint32_t(hash[3]);
  return static_cast<std::int32_t>(bits);
}

}  // namespace hm::store
