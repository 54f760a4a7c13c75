// Applying the migrations (store/migrations.hpp): each in its own write transaction with its
// user_version bump and audit row; one that rebuilds tables with foreign-key enforcement off and
// every foreign key checked before it commits.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "store/audit_log.hpp"
#include "store/migrations.hpp"

namespace hm::store {
namespace {

// Foreign-key enforcement off for one migration, as it was before afterwards. The pragma is a
// no-op inside a transaction, so that is checked rather than assumed.
class ForeignKeysOff {
 public:
  explicit ForeignKeysOff(Connection& connection) : connection_(connection) {
    was_on_ = enabled();
    connection_.exec("PRAGMA foreign_keys=OFF");
    if (enabled())
      throw StoreError("cannot migrate " + connection_.file().string() +
                       " inside an open transaction (foreign keys must be off to rebuild tables)");
  }
  ~ForeignKeysOff() {
    try {
      if (was_on_) connection_.exec("PRAGMA foreign_keys=ON");
    } catch (const StoreError&) {
      // Only a closed or broken connection refuses a pragma, and it is not used again.
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

 private:
  bool enabled() {
    Statement s = connection_.prepare("PRAGMA foreign_keys");
    return s.step() && s.int64(0) != 0;
  }
  Connection& connection_;
  bool was_on_ = false;
};

void check_foreign_keys(Connection& connection, const Migration& m) {
  Statement s = connection.prepare("PRAGMA foreign_key_check");
  if (s.step())
    throw StoreError("migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                     ") would leave a " + s.text(0) + " row (rowid " + std::to_string(s.int64(1)) +
                     ") pointing at a missing " + s.text(2) + " row; nothing was changed");
}

}  // namespace

int schema_version(Connection& connection) {
  Statement s = connection.prepare("PRAGMA user_version");
  return s.step() ? int(s.int64(0)) : 0;
}

int migrate(Connection& connection, int up_to) {
  const int current = schema_version(connection);
  if (current > latest_schema_version())
    throw StoreError("database " + connection.file().string() + " has schema version " +
                     std::to_string(current) + " but this hallmonitor knows only up to " +
                     std::to_string(latest_schema_version()) + "; upgrade hallmonitor");
  int applied = 0;
  for (const Migration& m : migrations()) {
    if (m.version <= current || m.version > up_to) continue;
    std::optional<ForeignKeysOff> keys_off;
    if (m.rebuilds_tables) keys_off.emplace(connection);
    WriteTransaction tx(connection);
    // Another process may have migrated while this one waited for the write lock.
    if (schema_version(connection) >= m.version) continue;
    connection.exec(m.sql);
    if (m.rebuilds_tables) check_foreign_keys(connection, m);
    // The version is a constant from this file, not outside input.
    connection.exec("PRAGMA user_version = " + std::to_string(m.version));
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    append_audit(connection, {now, "system", "schema.migrate", "schema",
                              nlohmann::json{{"version", m.version}, {"name", m.name}}});
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace hm::store
