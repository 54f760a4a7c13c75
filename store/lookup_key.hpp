// The short keys the store finds comments by (issue 15). A platform's comment id and an
// author's id are long text (35 and 16 bytes on Facebook), and an index over the text held every
// one of them a second time. The indexes hold a 32-bit key of the text instead, which SQLite
// stores in 4 bytes; every lookup compares the text itself as well, so two ids sharing a key
// cost one more row read, never a wrong answer. (With a million comments, a lookup meets another
// id's key about once in four thousand.) Uniqueness of a comment per channel is kept by ingest,
// which looks before it inserts inside one write transaction.
//
// The same function is registered on every connection as the SQL function hm_lookup_key(text),
// so queries write `c.author_key = hm_lookup_key(?1) AND c.author_id = ?1`.
//
// Error policy: pure, never throws.
#pragma once

#include <cstdint>
#include <string_view>

namespace hm::store {

// The first 32 bits of the id's SipHash-2-4 under a fixed key, as a signed integer.
std::int64_t lookup_key(std::string_view id);

}  // namespace hm::store
