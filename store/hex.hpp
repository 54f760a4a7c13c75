// Lower-case hex for the store's hashes, MACs and sealed secrets, through libsodium (whose
// encoder runs in constant time, so a secret's bytes do not show in the timing).
//
// Error policy: pure; from_hex gives nullopt for text that is not hex.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hm::store {

std::string to_hex(const void* bytes, std::size_t size);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace hm::store
