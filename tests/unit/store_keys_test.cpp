// Comments found by short keys (issue 15, migration 13): the indexes hold 32-bit keys of a
// comment's platform id and its author's id, and every lookup compares the ids themselves, so
// two ids sharing a key are still two comments and two authors. A database from before is
// rebuilt with its foreign keys, ids and audit chain intact.
#include <doctest/doctest.h>

#include "store/lookup_key.hpp"
#include "store/migrations.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

// Two ids whose keys are the same (found by a birthday search).
constexpr const char* kSharedKeyA = "comment-12918";
constexpr const char* kSharedKeyB = "comment-36235";

}  // namespace

TEST_CASE("a lookup key is 32 bits of a fixed-key SipHash, signed, and never changes") {
  // Keys are stored: these values hold for every build, or old databases lose their comments.
  CHECK(store::lookup_key("abc") == std::int32_t(0xf12b9117u));
  CHECK(store::lookup_key("") == std::int32_t(0x729ba28eu));
  CHECK(store::lookup_key(kSharedKeyA) == store::lookup_key(kSharedKeyB));
  CHECK(store::lookup_key("abc") != store::lookup_key("abd"));
}

TEST_CASE("two comments whose ids share a key stay two comments, each found again") {
  StoreFixture f;
  auto a = f.ingest(StoreFixture::comment(kSharedKeyA, "author-1", "first"));
  auto b = f.ingest(StoreFixture::comment(kSharedKeyB, "author-2", "second"));
  CHECK(a.comment_id != b.comment_id);
  CHECK(f.count("comments") == 2);
  // Polled again: the same rows, no new version.
  auto again_a = f.ingest(StoreFixture::comment(kSharedKeyA, "author-1", "first"));
  auto again_b = f.ingest(StoreFixture::comment(kSharedKeyB, "author-2", "second edited"));
  CHECK(again_a.comment_id == a.comment_id);
  CHECK_FALSE(again_a.needs_classification);
  CHECK(again_b.comment_id == b.comment_id);
  CHECK(again_b.needs_classification);
  CHECK(f.count("comments") == 2);
}

TEST_CASE("authors whose ids share a key keep their own standing and their own erasure") {
  StoreFixture f;
  auto mine = f.ingest(StoreFixture::comment("c1", kSharedKeyA, "you idiot"));
  f.classify(mine.version_id, verdict_of({Category::abuse}));
  auto theirs = f.ingest(StoreFixture::comment("c2", kSharedKeyB, "you fool"));
  f.classify(theirs.version_id, verdict_of({Category::abuse}));
  const Time later = days_after(kT0, 1);
  CHECK(f.store->author_standing(mine.comment_id, kT0).strikes_in_window == 1);
  CHECK(f.store->author_standing(theirs.comment_id, kT0).strikes_in_window == 1);
  REQUIRE(f.store->propose_block("jh-facebook", kSharedKeyA, "user:head", "", later));
  CHECK(f.store->author_standing(mine.comment_id, kT0).block_open);
  CHECK_FALSE(f.store->author_standing(theirs.comment_id, kT0).block_open);

  auto erased = f.store->erase_author(Platform::facebook, kSharedKeyA, "user:admin", later);
  CHECK(erased.comment_ids == std::vector<std::int64_t>{mine.comment_id});
  auto& c = f.store->connection();
  CHECK(scalar(c, "SELECT COUNT(*) FROM comments WHERE author_id = '" + std::string(kSharedKeyB) +
                      "'") == 1);
  // The erased comment's key is the key of '[erased]': nothing of the old id is left.
  CHECK(scalar(c, "SELECT author_key FROM comments WHERE id = " +
                      std::to_string(mine.comment_id)) == store::lookup_key("[erased]"));
}

TEST_CASE("the comment indexes hold keys, not the ids' text") {
  StoreFixture f;
  auto& c = f.store->connection();
  CHECK(scalar(c,
               "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND "
               "tbl_name IN ('comment_rows', 'authors') AND (sql IS NULL OR "
               "sql LIKE '%author_id%' OR sql LIKE '%platform_comment_id%')") == 0);
  // The query plans use them, through the view that joins a comment's author back.
  CHECK(query_plan(c,
                   "SELECT id FROM comments WHERE platform_key = 1 AND channel_id = 'x' "
                   "AND platform_comment_id = 'y'")
            .find("comment_rows_by_platform_key") != std::string::npos);
  CHECK(query_plan(c,
                   "SELECT id FROM comments WHERE author_key = 1 AND channel_id = 'x' "
                   "AND author_id = 'y'")
            .find("authors_by_key") != std::string::npos);
}

TEST_CASE("migration 13 rebuilds comments and the audit log without losing a row") {
  TempDir dir("store-keys");
  const auto file = dir.path() / "hallmonitor.db";
  std::string head_before;
  {
    store::Connection c(file, store::Connection::Mode::writer);
    REQUIRE(store::migrate(c, 12) == 12);
    c.exec(R"sql(
INSERT INTO schools (id, name) VALUES ('jh', 'Joseph Hood');
INSERT INTO channels (id, school_id, platform, account_id) VALUES
  ('jh-fb', 'jh', 'facebook', '1'), ('jh-x', 'jh', 'x', '2');
INSERT INTO comments (id, channel_id, platform_comment_id, author_id, permalink, created_at,
                      first_seen_at, flagged) VALUES
  (7, 'jh-fb', 'c1', 'a1', 'c1', 1, 1, 0),
  (9, 'jh-fb', 'c2', 'a2', 'c2', 1, 1, 1),
  (11, 'jh-x', 'c2', 'a2', 'c2', 1, 1, 0);
INSERT INTO comment_versions (id, comment_id, version, text, seen_at) VALUES
  (1, 7, 1, 'lovely', 1), (2, 9, 1, 'you idiot', 1), (3, 11, 1, 'hello', 1);
INSERT INTO strikes (channel_id, author_id, comment_id, at) VALUES ('jh-fb', 'a2', 9, 1);
)sql");
    head_before = store::verify_audit_chain(c).head_hash;
  }
  store::Store s(file);
  auto& c = s.connection();
  CHECK(store::schema_version(c) == store::latest_schema_version());
  CHECK(scalar(c, "SELECT COUNT(*) FROM comments") == 3);
  CHECK(scalar(c, "SELECT SUM(id) FROM comments") == 27);
  CHECK(scalar(c, "SELECT platform_key FROM comments WHERE id = 9") == store::lookup_key("c2"));
  CHECK(scalar(c, "SELECT author_key FROM comments WHERE id = 9") == store::lookup_key("a2"));
  CHECK(scalar(c, "SELECT flagged FROM comments WHERE id = 9") == 1);
  // Known comments are found again: no duplicate on the next poll.
  auto again = s.ingest(std::vector<Comment>{[] {
                          Comment k = StoreFixture::comment("c2", "a2", "you idiot");
                          k.channel_id = "jh-fb";
                          return k;
                        }()},
                        kT0);
  CHECK(again[0].comment_id == 9);
  CHECK(scalar(c, "SELECT COUNT(*) FROM comments") == 3);
  // Foreign keys are enforced again, and still point at comments.
  CHECK(scalar(c, "PRAGMA foreign_keys") == 1);
  CHECK_THROWS(
      c.exec("INSERT INTO comment_versions (comment_id, version, seen_at) "
             "VALUES (12345, 1, 1)"));
  // The chain verifies, its rows before the migration unchanged, and is append-only still.
  auto chain = s.verify_audit();
  CHECK(chain.ok);
  auto row = c.prepare("SELECT lower(hex(hash)) FROM audit_log WHERE id = 12");
  REQUIRE(row.step());
  CHECK(row.text(0) == head_before);
  CHECK_THROWS_WITH(c.exec("DELETE FROM audit_log"), doctest::Contains("append-only"));
}
