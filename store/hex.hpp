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

// A stored hash as lower-case hex, in SQL. Hashes are stored as bytes (the audit chain's since
// migration 13, a purged text's since 14); rows written before keep hex text until their
// migration converts them, and migrations that append to a table before its conversion write
// bytes, so a hash is read by its type. A macro so that it joins the string literals of the
// queries that use it.
#define HM_SQL_HASH_HEX(column) \
  "CASE typeof(" column ") WHEN 'blob' THEN lower(hex(" column ")) ELSE " column " END"

}  // namespace hm::store
