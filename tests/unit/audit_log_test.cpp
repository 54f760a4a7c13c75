#include "store/audit_log.hpp"

#include <doctest/doctest.h>

#include "store/sha256.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

void append(store::Store& s, const std::string& event, int n) {
  store::WriteTransaction tx(s.connection());
  store::append_audit(s.connection(),
                      {kT0, "user:test", event, "test:" + std::to_string(n), {{"n", n}}});
  tx.commit();
}

// Tampering needs the append-only triggers out of the way: what an attacker with the file
// (not the program) could do.
void drop_guards(store::Connection& c) {
  c.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

}  // namespace

TEST_CASE("SHA-256 matches the standard test vectors") {
  CHECK(store::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(store::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(store::sha256_hex({"a", "bc"}) == store::sha256_hex("abc"));
}

TEST_CASE("each row links to the previous one and hashes its own content") {
  StoreFixture f;
  for (int i = 0; i < 5; ++i) append(*f.store, "test.event", i);
  auto s = f.store->connection().prepare(
      "SELECT id, at, actor, event, subject, detail, " HM_SQL_AUDIT_PREV_HASH_HEX
      ", lower(hex(hash)) FROM audit_log ORDER BY id");
  std::string prev(store::kGenesisHash);
  while (s.step()) {
    store::AuditRow row{s.int64(0), s.int64(1), s.text(2), s.text(3),
                        s.text(4),  s.text(5),  s.text(6), s.text(7)};
    CHECK(row.prev_hash == prev);
    CHECK(row.hash == store::sha256_hex({row.prev_hash, store::canonical_content(row)}));
    prev = row.hash;
  }
  // Hashes are kept as 32 bytes, not 64 hex characters (migration 13), and prev_hash not at all
  // (an empty blob: it is the row before's hash, read back from that row).
  auto stored = f.store->connection().prepare(
      "SELECT COUNT(*) FROM audit_log WHERE typeof(hash) != 'blob' OR length(hash) != 32 "
      "OR typeof(prev_hash) != 'blob' OR length(prev_hash) != 0");
  REQUIRE(stored.step());
  CHECK(stored.int64(0) == 0);
  auto check = f.store->verify_audit();
  CHECK(check.ok);
  CHECK(check.head_hash == prev);
  CHECK(check.message.empty());
}

TEST_CASE("the audit log refuses updates and deletes") {
  StoreFixture f;
  append(*f.store, "test.event", 1);
  CHECK_THROWS_WITH(f.store->connection().exec("UPDATE audit_log SET actor = 'x'"),
                    doctest::Contains("append-only"));
  CHECK_THROWS_WITH(f.store->connection().exec("DELETE FROM audit_log"),
                    doctest::Contains("append-only"));
}

TEST_CASE("a tampered row is found: the first broken row is reported") {
  StoreFixture f;
  for (int i = 0; i < 10; ++i) append(*f.store, "test.event", i);
  auto before = f.store->verify_audit();
  REQUIRE(before.ok);
  auto& c = f.store->connection();
  drop_guards(c);
  c.prepare("UPDATE audit_log SET detail = ? WHERE subject = 'test:4'")
      .bind(1, std::string(R"({"n":40})"))
      .run();
  auto s = c.prepare("SELECT id FROM audit_log WHERE subject = 'test:4'");
  REQUIRE(s.step());
  const auto tampered = s.int64(0);
  auto after = f.store->verify_audit();
  CHECK_FALSE(after.ok);
  CHECK(after.first_broken_id == tampered);
  CHECK(after.message.find("altered") != std::string::npos);
  CHECK(after.rows_checked == tampered - 1);
}

TEST_CASE("a re-hashed row still breaks the link to the next one") {
  StoreFixture f;
  for (int i = 0; i < 6; ++i) append(*f.store, "test.event", i);
  auto& c = f.store->connection();
  drop_guards(c);
  // The attacker recomputes the edited row's own hash, but not every hash after it.
  auto s = c.prepare("SELECT id, at, actor, event, subject, detail, " HM_SQL_AUDIT_PREV_HASH_HEX
                     " FROM audit_log WHERE subject = 'test:2'");
  REQUIRE(s.step());
  store::AuditRow row{s.int64(0), s.int64(1), "user:someone-else", s.text(3),
                      s.text(4),  s.text(5),  s.text(6),           ""};
  row.hash = store::row_hash(row);
  c.prepare("UPDATE audit_log SET actor = ?, hash = hm_unhex(?) WHERE id = ?")
      .bind_all(row.actor, row.hash, row.id)
      .run();
  auto check = f.store->verify_audit();
  CHECK_FALSE(check.ok);
  CHECK(check.first_broken_id == row.id + 1);
  CHECK(check.message.find("re-hashed") != std::string::npos);
}

TEST_CASE("a row that stores its own prev_hash (written before migration 14) must link") {
  StoreFixture f;
  for (int i = 0; i < 4; ++i) append(*f.store, "test.event", i);
  auto& c = f.store->connection();
  drop_guards(c);
  c.exec("UPDATE audit_log SET prev_hash = zeroblob(32) WHERE id = 3");
  auto check = f.store->verify_audit();
  CHECK_FALSE(check.ok);
  CHECK(check.first_broken_id == 3);
  CHECK(check.message.find("does not link") != std::string::npos);
}

TEST_CASE("a removed row is found") {
  StoreFixture f;
  for (int i = 0; i < 6; ++i) append(*f.store, "test.event", i);
  auto& c = f.store->connection();
  drop_guards(c);
  c.exec("DELETE FROM audit_log WHERE subject = 'test:3'");
  auto check = f.store->verify_audit();
  CHECK_FALSE(check.ok);
  CHECK(check.message.find("missing") != std::string::npos);
}

TEST_CASE("moderation writes audit rows that reference ids, never comment text") {
  StoreFixture f;
  const std::string text = "unique-secret-text-4711";
  auto r = f.post(StoreFixture::comment("c1", "author-4711", text), verdict_of({Category::abuse}));
  auto s = f.store->connection().prepare("SELECT subject, detail, actor FROM audit_log");
  int rows = 0;
  while (s.step()) {
    ++rows;
    CHECK(s.text(1).find(text) == std::string::npos);
    CHECK(s.text(1).find("author-4711") == std::string::npos);
    CHECK(s.text(0).find("author-4711") == std::string::npos);
  }
  CHECK(rows >= 5);  // migrations, flagged, strike, two actions
  CHECK(f.store->verify_audit().ok);
  (void)r;
}
