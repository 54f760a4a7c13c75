// SHA-256 through OpenSSL's EVP interface: the 32 bytes, or them as lower-case hex.
//
// Error policy: an OpenSSL failure is an infrastructure failure and throws std::runtime_error.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace hm::store {

// The hash of the concatenation of `parts` (no separator is added).
std::string sha256_bytes(std::initializer_list<std::string_view> parts);
std::string sha256_hex(std::initializer_list<std::string_view> parts);
inline std::string sha256_hex(std::string_view data) {
  return sha256_hex({data});
}

}  // namespace hm::store
