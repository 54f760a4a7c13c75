// The audit log: append-only and hash-chained (DESIGN.md §5). Each row's hash =
// SHA-256(prev_hash || canonical content), where prev_hash is the hash of the row before it and
// the content includes the row's id, so rows can be neither edited, removed nor reordered
// unnoticed. Rows written since migration 14 store prev_hash as an empty blob, meaning "the hash
// of the row before": it is read back from that row (33 bytes less a row; the chain is the same).
// Rows name comments and actions by id and never hold comment text, so purging or erasing a
// comment's text leaves the chain intact.
//
// Error policy: SQLite failures throw StoreError. A broken chain is an expected finding and is
// reported in ChainCheck, never thrown.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "moderation/types.hpp"
#include "store/hex.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  moderation::Time at;
  std::string actor;    // "system", "policy", "executor", "user:NAME", "hallmonitorctl"
  std::string event;    // e.g. "action.transition", "comment.erased"
  std::string subject;  // e.g. "action:12", "comment:7", "schema"
  nlohmann::json detail = nlohmann::json::object();  // never comment text or erased data
};

struct AuditRow {
  std::int64_t id = 0;
  std::int64_t at = 0;  // Unix seconds
  std::string actor;
  std::string event;
  std::string subject;
  std::string detail;  // JSON text exactly as stored (and hashed)
  std::string prev_hash;
  std::string hash;
};

// A row's prev_hash as hex, in SQL over `audit_log`: the stored one, or for an empty blob (rows
// since migration 14) the hash of the row before it, or the genesis hash for the first row.
#define HM_SQL_AUDIT_PREV_HASH_HEX \
  "CASE WHEN length(prev_hash) > 0 THEN " HM_SQL_HASH_HEX("prev_hash") " ELSE COALESCE(" \
  "(SELECT lower(hex(p.hash)) FROM audit_log p WHERE p.id < audit_log.id "                    \
  "ORDER BY p.id DESC LIMIT 1), lower(hex(zeroblob(32)))) END"

// The exact bytes hashed after prev_hash: a JSON array of the row's fields.
std::string canonical_content(const AuditRow& row);
std::string row_hash(const AuditRow& row);  // SHA-256(prev_hash || canonical_content)

// Appends one row. Call inside the caller's WriteTransaction, so the row commits (or not)
// together with the change it records.
std::int64_t append_audit(Connection& connection, const AuditEntry& entry);

struct ChainCheck {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_broken_id;
  std::string message;  // empty when ok
  std::int64_t head_id = 0;
  std::string head_hash{kGenesisHash};
  // Rows 1..verified_from were vouched for by a checkpoint, not re-read (0: walked from the
  // genesis); a checkpoint that could not be trusted is described here (and not used).
  std::int64_t verified_from = 0;
  std::string checkpoint_problem{};
};

// Walks the whole chain from the genesis hash and reports the first row that does not fit.
// With `after_id`, only the rows after that row, which must link to `after_hash`.
ChainCheck verify_audit_chain(Connection& connection, std::int64_t after_id = 0,
                              std::string_view after_hash = kGenesisHash);

std::vector<AuditRow> audit_rows_for_subjects(Connection& connection,
                                              const std::vector<std::string>& subjects);

}  // namespace hm::store
