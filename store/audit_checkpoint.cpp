#include "store/audit_checkpoint.hpp"

#include <sodium.h>

#include "store/hex.hpp"
#include "store/key_file.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

namespace {

constexpr std::size_t kKeyBytes = crypto_auth_hmacsha256_KEYBYTES;

// The MAC over exactly what a checkpoint claims: "row_id:row_hash:verified_at".
std::string checkpoint_mac(std::string_view key, std::int64_t row_id, std::string_view row_hash,
                           std::int64_t verified_at) {
  const std::string message =
      std::to_string(row_id) + ":" + std::string(row_hash) + ":" + std::to_string(verified_at);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), reinterpret_cast<const unsigned char*>(key.data()));
  return to_hex(mac, sizeof mac);
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string load_or_create_checkpoint_key(const std::filesystem::path& database) {
  return load_or_create_key(database.parent_path() / "audit-checkpoint.key", kKeyBytes,
                            "a checkpoint key");
}

ChainCheck verify_audit_incrementally(Connection& connection, std::string_view key) {
  std::string problem;
  Statement s = connection.prepare(
      "SELECT row_id, row_hash, verified_at, mac FROM audit_checkpoints ORDER BY id DESC LIMIT 1");
  if (s.step()) {
    const std::int64_t row_id = s.int64(0);
    const std::string row_hash = s.text(1);
    const std::int64_t verified_at = s.int64(2);
    const std::string mac = s.text(3);
    if (key.size() != kKeyBytes || !same(mac, checkpoint_mac(key, row_id, row_hash, verified_at))) {
      problem = "the newest checkpoint (row " + std::to_string(row_id) +
                ") has a MAC that does not match: it was not made by this installation";
    } else {
      Statement r =
          connection.prepare("SELECT " HM_SQL_HASH_HEX("hash") " FROM audit_log WHERE id = ?");
      r.bind(1, row_id);
      if (!r.step() || r.text(0) != row_hash)
        problem =
            "row " + std::to_string(row_id) + " no longer has the hash its checkpoint recorded";
    }
    if (problem.empty()) return verify_audit_chain(connection, row_id, row_hash);
  }
  ChainCheck check = verify_audit_chain(connection);
  check.checkpoint_problem = problem;
  if (!problem.empty() && check.ok) {
    // The rows themselves are sound; only the checkpoint is not to be trusted.
    check.message = "every row checks out, but " + problem;
  }
  return check;
}

void record_audit_checkpoint(Connection& connection, std::string_view key, const ChainCheck& check,
                             moderation::Time now) {
  if (!check.ok || !check.checkpoint_problem.empty() || check.head_id <= check.verified_from ||
      key.size() != kKeyBytes)
    return;
  const std::int64_t at = detail::seconds(now);
  WriteTransaction tx(connection);
  connection
      .prepare(
          "INSERT INTO audit_checkpoints (row_id, row_hash, verified_at, mac) VALUES (?, ?, ?, ?)")
      .bind_all(check.head_id, check.head_hash, at,
                checkpoint_mac(key, check.head_id, check.head_hash, at))
      .run();
  // The newest few are enough; older ones vouch for less.
  connection
      .prepare(
          "DELETE FROM audit_checkpoints WHERE id NOT IN "
          "(SELECT id FROM audit_checkpoints ORDER BY id DESC LIMIT 8)")
      .run();
  tx.commit();
}

}  // namespace hm::store
