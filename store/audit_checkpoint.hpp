// Audit-chain checkpoints (DESIGN.md §5): verifying the whole chain reads every row (about 3 s
// at 800,000 rows), so once a walk has found rows 1..N sound, the row id and hash of N are kept
// as a checkpoint and later walks start after it. A checkpoint carries an HMAC-SHA256 under a
// key kept beside the database, in its own 0600 file (audit-checkpoint.key), so someone who can
// edit the database, or holds a copy of it, cannot forge one to hide an edit before it. Whoever
// can read the whole state directory can; the daemon's walk at each start (off the io thread)
// and `hallmonitorctl evidence` still check from the genesis, so the tamper evidence is never
// only a checkpoint's word.
//
// Error policy: SQLite failures throw StoreError; a key file that cannot be read or made throws
// StoreError with its path. A checkpoint whose MAC or row does not match is a finding,
// reported in ChainCheck (and the walk starts from the genesis), never thrown.
#pragma once

#include <filesystem>
#include <string>

#include "moderation/types.hpp"
#include "store/audit_log.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

// The key beside `database`, made (32 random bytes, 0600) on first use.
std::string load_or_create_checkpoint_key(const std::filesystem::path& database);

// Walks the chain from the latest checkpoint that verifies (its MAC under `key`, and its row
// still stored with that hash), or from the genesis when there is none. A checkpoint that does
// not verify is reported in the result's message and the walk starts from the genesis. Reads
// only: safe on a reader connection on a worker thread.
ChainCheck verify_audit_incrementally(Connection& connection, std::string_view key);

// Records the head of a sound walk as the newest checkpoint (one write; call it from the
// process's writer connection). Nothing when the walk failed or found no new rows.
void record_audit_checkpoint(Connection& connection, std::string_view key, const ChainCheck& check,
                             moderation::Time now);

}  // namespace hm::store
