// Who gets a school's daily digest and which digests went out: one digest_sends row per user,
// school and local day, written once the mail server accepted it, so a restart never sends a
// day's digest twice (a crash in the instant between the server's acceptance and the row could
// send it again; the same at-least-once rule as alerts).
//
// Error policy: SQLite failures throw StoreError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/types.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct DigestRecipient {
  std::int64_t user_id = 0;
  std::string name;
  std::string email;
};

// Enabled users who asked for the digest, have an address and any role in the school (or in
// every school), by name.
std::vector<DigestRecipient> digest_recipients(Connection& db, std::string_view school_id);
bool digest_sent(Connection& db, std::int64_t user_id, std::string_view school_id,
                 std::string_view day);
void record_digest_sent(Connection& db, std::int64_t user_id, std::string_view school_id,
                        std::string_view day, moderation::Time now);

}  // namespace hm::store
