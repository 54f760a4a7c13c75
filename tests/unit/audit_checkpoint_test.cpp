// Audit-chain checkpoints: a walk starts after the newest checkpoint that verifies, so a
// request reads only the rows added since; a forged checkpoint or a changed checkpointed row is
// reported and the walk goes back to the genesis; an edit after the checkpoint is found, and an
// edit before it is still found by the walk from the genesis.
#include "store/audit_checkpoint.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

void append(store::Store& s, int n) {
  store::WriteTransaction tx(s.connection());
  store::append_audit(s.connection(),
                      {kT0, "user:test", "test.event", "test:" + std::to_string(n), {{"n", n}}});
  tx.commit();
}

std::int64_t rows(store::Store& s) {
  auto q = s.connection().prepare("SELECT count(*) FROM audit_log");
  q.step();
  return q.int64(0);
}

// Walks incrementally and records the checkpoint, as the console does.
store::ChainCheck walk(store::Store& s) {
  auto check = store::verify_audit_incrementally(s.connection(), s.audit_checkpoint_key());
  store::record_audit_checkpoint(s.connection(), s.audit_checkpoint_key(), check, kT0);
  return check;
}

// Edits past the append-only triggers: what someone with the file (not the program) could do.
void tamper(store::Connection& c, const std::string& sql) {
  c.exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");
  c.exec(sql);
}

}  // namespace

TEST_CASE("after a checkpoint a walk reads only the rows added since") {
  StoreFixture f;
  for (int i = 0; i < 20; ++i) append(*f.store, i);
  const auto total = rows(*f.store);
  auto first = walk(*f.store);
  CHECK(first.ok);
  CHECK(first.verified_from == 0);
  CHECK(first.rows_checked == total);

  for (int i = 0; i < 3; ++i) append(*f.store, 100 + i);
  auto second = walk(*f.store);
  CHECK(second.ok);
  CHECK(second.verified_from == total);
  CHECK(second.rows_checked == 3);
  CHECK(second.head_id == total + 3);

  auto third = walk(*f.store);  // nothing new: nothing re-read
  CHECK(third.ok);
  CHECK(third.rows_checked == 0);
  CHECK(third.head_id == total + 3);
}

TEST_CASE("a checkpoint with a forged MAC is reported and the walk starts at the genesis") {
  StoreFixture f;
  for (int i = 0; i < 10; ++i) append(*f.store, i);
  walk(*f.store);
  auto& c = f.store->connection();
  // Someone with the database but not the key moves the checkpoint on by one row.
  c.exec(
      "INSERT INTO audit_checkpoints (row_id, row_hash, verified_at, mac) "
      "SELECT id, lower(hex(hash)), 1, 'forged' FROM audit_log ORDER BY id DESC LIMIT 1");
  auto check = walk(*f.store);
  CHECK(check.ok);  // the rows themselves hold
  CHECK(check.verified_from == 0);
  CHECK(check.rows_checked == rows(*f.store));
  CHECK(check.checkpoint_problem.find("MAC") != std::string::npos);
  CHECK(check.message.find("MAC") != std::string::npos);
}

TEST_CASE("an edit after the checkpoint is found; one before it is found from the genesis") {
  StoreFixture f;
  for (int i = 0; i < 10; ++i) append(*f.store, i);
  walk(*f.store);
  const auto checkpointed = rows(*f.store);
  for (int i = 0; i < 5; ++i) append(*f.store, 100 + i);
  auto& c = f.store->connection();

  SUBCASE("after") {
    tamper(c, "UPDATE audit_log SET actor = 'user:someone-else' WHERE id = " +
                  std::to_string(checkpointed + 2));
    auto check = walk(*f.store);
    CHECK_FALSE(check.ok);
    CHECK(check.first_broken_id == checkpointed + 2);
  }
  SUBCASE("before") {
    tamper(c, "UPDATE audit_log SET actor = 'user:someone-else' WHERE id = 3");
    CHECK(walk(*f.store).ok);  // the checkpoint vouches for rows 1..N: not re-read
    auto full = store::verify_audit_chain(c);
    CHECK_FALSE(full.ok);
    CHECK(full.first_broken_id == 3);
  }
  SUBCASE("the checkpointed row itself") {
    tamper(c, "UPDATE audit_log SET hash = 'x' WHERE id = " + std::to_string(checkpointed));
    auto check = walk(*f.store);
    CHECK(check.verified_from == 0);
    CHECK(check.checkpoint_problem.find("no longer has the hash") != std::string::npos);
    CHECK_FALSE(check.ok);
  }
}

TEST_CASE("the checkpoint key is made once, private, and a damaged one is refused") {
  StoreFixture f;
  const auto key = f.store->audit_checkpoint_key();
  CHECK(key.size() == 32);
  const auto file = f.db.parent_path() / "audit-checkpoint.key";
  const auto mode = fs::status(file).permissions() & fs::perms::all;
  CHECK(mode == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(store::load_or_create_checkpoint_key(f.db) == key);
  std::ofstream(file, std::ios::trunc) << "short";
  CHECK_THROWS_AS(store::load_or_create_checkpoint_key(f.db), store::StoreError);
}
