// An evidence bundle: everything the store holds about a comment or an author's comments, in
// a self-contained form a school can hand to the police or a platform's report form. It carries
// the audit rows about those comments and actions with their hashes, the chain's head, and the
// result of verifying the whole chain, so a reader can check the record was not altered.
//
// Error policy: SQLite failures throw StoreError; "nothing matched" is an expected outcome and
// comes back as a bundle with no comments (the caller decides whether that is an error).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "moderation/types.hpp"
#include "store/audit_log.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct EvidenceQuery {
  std::optional<std::string> platform_comment_id;  // the platform's own comment id
  std::optional<std::string> author_id;            // the platform's own user id
  std::optional<moderation::Platform> platform;    // narrows either of the above
  // Only these schools' copies (a platform comment or author can be stored by several
  // schools, e.g. one X post mentioning two); nullopt: every school (hallmonitorctl, an admin).
  std::optional<std::vector<std::string>> schools;
};

// Reads in one snapshot; works on a read-only connection while the daemon writes.
// The chain is walked from the genesis (hallmonitorctl), or by `walk_chain` in the same
// snapshot (the console: verify_audit_incrementally, on a worker's reader connection).
nlohmann::ordered_json collect_evidence(Connection& connection, const EvidenceQuery& query,
                                        moderation::Time now);
nlohmann::ordered_json collect_evidence(Connection& connection, const EvidenceQuery& query,
                                        moderation::Time now,
                                        const std::function<ChainCheck(Connection&)>& walk_chain);

// "2026-11-21T06:41:22Z"
std::string iso8601(std::int64_t unix_seconds);

}  // namespace hm::store
