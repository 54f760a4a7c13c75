// The smaller store (issue 15, migrations 11 and 14): permalinks keep their shared part once and
// their rest not at all when it is the comment id's tail, a clean version is a mark instead of a
// verdict row, and a text's SHA-256 is kept (as 32 bytes) only once the text is purged; evidence
// shows the same either way, and a database from before is converted.
#include <doctest/doctest.h>

#include "store/evidence.hpp"
#include "store/migrations.hpp"
#include "store/permalink.hpp"
#include "store/sha256.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

const store::RetentionRule kRule{.clean_days = 30, .evidence_days = 365};

nlohmann::ordered_json evidence_of(StoreFixture& f, const std::string& comment_id) {
  store::Connection reader = store::open_reader(f.db);
  store::EvidenceQuery q;
  q.platform_comment_id = comment_id;
  auto bundle = store::collect_evidence(reader, q, kT0);
  REQUIRE(bundle["comments"].size() == 1);
  return bundle["comments"][0];
}

}  // namespace

TEST_CASE("a permalink splits after its last '/' or '='") {
  auto fb = store::split_permalink("https://www.facebook.com/1/posts/2?comment_id=33");
  CHECK(fb.prefix == "https://www.facebook.com/1/posts/2?comment_id=");
  CHECK(fb.rest == "33");
  auto ig = store::split_permalink("https://www.instagram.com/p/DAbc12/");
  CHECK(ig.prefix == "https://www.instagram.com/p/DAbc12/");
  CHECK(ig.rest.empty());
  auto none = store::split_permalink("no-separator");
  CHECK(none.prefix.empty());
  CHECK(none.rest == "no-separator");
}

TEST_CASE("comments on one post share one stored prefix, and read back whole") {
  StoreFixture f;
  for (const char* id : {"c1", "c2", "c3"})
    f.post(StoreFixture::comment(id, "a1", "lovely"), Verdict{});
  auto instagram = StoreFixture::comment("i1", "a2", "lovely", Platform::instagram);
  instagram.permalink = "https://www.instagram.com/p/DAbc12/";
  f.post(instagram, Verdict{});
  auto bare = StoreFixture::comment("c4", "a3", "lovely");
  bare.permalink.clear();
  f.post(bare, Verdict{});
  CHECK(f.count("link_prefixes") == 2);
  // c1-c3's links end with their ids: nothing of the rest is stored.
  CHECK(f.count("comments WHERE typeof(permalink) = 'blob' AND length(permalink) = 0") == 3);
  CHECK(evidence_of(f, "c2")["permalink"] ==
        "https://www.facebook.com/448242228374517/posts/1?comment_id=c2");
  CHECK(evidence_of(f, "i1")["permalink"] == "https://www.instagram.com/p/DAbc12/");
  CHECK(evidence_of(f, "c4")["permalink"] == "");
  // Erasure on request removes the link, shared part and all.
  f.store->erase_author(Platform::facebook, "a1", "user:admin", kT0);
  CHECK(evidence_of(f, "c2")["permalink"].is_null());
}

TEST_CASE("a link's rest is read back from the comment id only when it is the id's tail") {
  StoreFixture f;
  auto facebook = StoreFixture::comment("122131_1213590066", "a1", "lovely");
  facebook.permalink = "https://www.facebook.com/4482/posts/122131?comment_id=1213590066";
  f.post(facebook, Verdict{});
  auto x = StoreFixture::comment("1790001", "a2", "lovely", Platform::x);
  x.permalink = "https://x.com/someone/status/1790001";
  f.post(x, Verdict{});
  // An id with a '_' whose link ends otherwise keeps its rest.
  auto other = StoreFixture::comment("122131_77", "a3", "lovely");
  other.permalink = "https://www.facebook.com/4482/posts/122131?comment_id=78";
  f.post(other, Verdict{});
  CHECK(store::id_tail("122131_1213590066") == "1213590066");
  CHECK(store::id_tail("1790001") == "1790001");
  CHECK(f.count("comments WHERE typeof(permalink) = 'blob'") == 2);
  CHECK(f.count("comments WHERE permalink = '78'") == 1);
  CHECK(evidence_of(f, "122131_1213590066")["permalink"] == facebook.permalink);
  CHECK(evidence_of(f, "1790001")["permalink"] == x.permalink);
  CHECK(evidence_of(f, "122131_77")["permalink"] == other.permalink);
}

TEST_CASE("a clean version's evidence reads as before: no categories, judged when seen") {
  StoreFixture f;
  f.post(StoreFixture::comment("c1", "a1", "lovely sports day"), Verdict{});
  CHECK(f.count("verdicts") == 0);
  const auto v = evidence_of(f, "c1")["versions"][0];
  CHECK(v["verdict"]["categories"].empty());
  CHECK(v["verdict"]["matches"].empty());
  CHECK(v["verdict"]["decided_at"] == v["seen_at"]);
}

TEST_CASE("the text's SHA-256 is hashed on export while held, and stored when purged") {
  StoreFixture f;
  const std::string text = "lovely sports day";
  auto in = f.ingest(StoreFixture::comment("c1", "a1", text));
  f.classify(in.version_id, Verdict{});
  CHECK(f.count("comment_versions WHERE text_sha256 IS NOT NULL") == 0);
  CHECK(evidence_of(f, "c1")["versions"][0]["text_sha256"] == store::sha256_hex(text));

  REQUIRE(f.store->purge_expired(kRule, days_after(kT0, 30)).versions == 1);
  CHECK(
      f.count("comment_versions WHERE typeof(text_sha256) = 'blob' AND length(text_sha256) = 32") ==
      1);
  const auto purged = evidence_of(f, "c1")["versions"][0];
  CHECK(purged["text"].is_null());
  CHECK(purged["text_sha256"] == store::sha256_hex(text));
  // The same text polled again is still known by its hash; a changed one is a new version.
  CHECK_FALSE(
      f.ingest(StoreFixture::comment("c1", "a1", text), days_after(kT0, 31)).needs_classification);
  CHECK(f.ingest(StoreFixture::comment("c1", "a1", "edited"), days_after(kT0, 31))
            .needs_classification);
}

TEST_CASE("a purge of many versions keeps every text's hash in its place") {
  StoreFixture f;
  std::vector<Comment> batch;
  for (int i = 0; i < 2500; ++i)
    batch.push_back(
        StoreFixture::comment("c" + std::to_string(i), "a", "text " + std::to_string(i)));
  f.poll(
      batch, [](const Comment&) { return Verdict{}; }, "cursor");
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 30)).versions == 2500);
  CHECK(f.count("comment_versions WHERE text IS NULL AND text_sha256 IS NOT NULL") == 2500);
}

TEST_CASE("migration 11 converts a database from before without losing a verdict") {
  TempDir dir("store-size");
  const auto file = dir.path() / "hallmonitor.db";
  {
    store::Connection c(file, store::Connection::Mode::writer);
    REQUIRE(store::migrate(c, 10) == 10);
    c.exec(R"sql(
INSERT INTO schools (id, name) VALUES ('jh', 'Joseph Hood');
INSERT INTO channels (id, school_id, platform, account_id) VALUES ('jh-fb', 'jh', 'facebook', '1');
INSERT INTO comments (id, channel_id, platform_comment_id, author_id, permalink, created_at,
                      first_seen_at) VALUES
  (1, 'jh-fb', 'c1', 'a1', 'https://www.facebook.com/1/posts/2?comment_id=c1', 1, 1),
  (2, 'jh-fb', 'c2', 'a2', 'https://www.facebook.com/1/posts/2?comment_id=c2', 1, 1);
INSERT INTO comment_versions (id, comment_id, version, text, text_sha256, seen_at) VALUES
  (1, 1, 1, 'lovely', 'aa', 1), (2, 2, 1, 'you idiot', 'bb', 1), (3, 2, 2, NULL, 'cc', 2);
INSERT INTO verdicts (id, version_id, categories, matches, decided_at) VALUES
  (1, 1, '', '[]', 1), (2, 2, 'abuse', '[]', 1);
INSERT INTO actions (comment_id, verdict_id, kind, state, reason, next_attempt_at, created_at,
                     updated_at) VALUES (2, 2, 'hide', 'done', 'abuse', 1, 1, 1);
)sql");
  }
  store::Store s(file);
  auto& c = s.connection();
  CHECK(scalar(c, "SELECT COUNT(*) FROM verdicts") == 1);
  CHECK(scalar(c, "SELECT clean FROM comment_versions WHERE id = 1") == 1);
  CHECK(scalar(c, "SELECT COUNT(*) FROM comment_versions WHERE clean = 1") == 1);
  // Hashes go where the text is held (it is hashed on export), and stay where it is not.
  CHECK(scalar(c, "SELECT COUNT(*) FROM comment_versions WHERE text_sha256 IS NOT NULL") == 1);
  CHECK(scalar(c, "SELECT COUNT(*) FROM comment_versions WHERE " HM_SQL_HASH_HEX(
                      "text_sha256") " = 'cc'") == 1);
  // Links stored whole before read back whole.
  store::EvidenceQuery q;
  q.platform_comment_id = "c1";
  CHECK(store::collect_evidence(c, q, kT0)["comments"][0]["permalink"] ==
        "https://www.facebook.com/1/posts/2?comment_id=c1");
  CHECK(s.verify_audit().ok);
}

TEST_CASE("migration 14 drops links' rests that are ids' tails and keeps purged hashes as bytes") {
  TempDir dir("store-size");
  const auto file = dir.path() / "hallmonitor.db";
  const std::string hash = store::sha256_hex("you idiot");
  {
    store::Connection c(file, store::Connection::Mode::writer);
    REQUIRE(store::migrate(c, 13) == 13);
    c.exec(R"sql(
INSERT INTO schools (id, name) VALUES ('jh', 'Joseph Hood');
INSERT INTO channels (id, school_id, platform, account_id) VALUES ('jh-fb', 'jh', 'facebook', '1');
INSERT INTO link_prefixes (id, prefix) VALUES (1, 'https://www.facebook.com/1/posts/2?comment_id=');
INSERT INTO comments (id, channel_id, platform_comment_id, author_id, link_prefix, permalink,
                      created_at, first_seen_at, platform_key, author_key) VALUES
  (1, 'jh-fb', '2_31', 'a1', 1, '31', 1, 1, hm_lookup_key('2_31'), hm_lookup_key('a1')),
  (2, 'jh-fb', '2_32', 'a2', 1, '99', 1, 1, hm_lookup_key('2_32'), hm_lookup_key('a2'));
-- Purged, then edited: before migration 14 it stayed marked purged with text held again.
INSERT INTO comments (id, channel_id, platform_comment_id, author_id, created_at, first_seen_at,
                      purged_at, platform_key, author_key) VALUES
  (3, 'jh-fb', '2_33', 'a3', 1, 1, 5, hm_lookup_key('2_33'), hm_lookup_key('a3'));
INSERT INTO comment_versions (id, comment_id, version, text, seen_at) VALUES
  (3, 3, 1, NULL, 1), (4, 3, 2, 'edited later', 9);
)sql");
    c.prepare(
         "INSERT INTO comment_versions (id, comment_id, version, text, text_sha256, seen_at) "
         "VALUES (1, 1, 1, 'lovely', NULL, 1), (2, 2, 1, NULL, ?, 1)")
        .bind(1, hash)
        .run();
  }
  store::Store s(file);
  auto& c = s.connection();
  CHECK(scalar(c, "SELECT typeof(permalink) = 'blob' FROM comments WHERE id = 1") == 1);
  CHECK(scalar(c, "SELECT permalink = '99' FROM comments WHERE id = 2") == 1);
  CHECK(scalar(c, "SELECT length(text_sha256) FROM comment_versions WHERE id = 2") == 32);
  // Holding text again, it is no longer purged, so retention looks at it (it reads only
  // unpurged comments; below).
  CHECK(scalar(c, "SELECT purged_at IS NULL FROM comments WHERE id = 3") == 1);
  store::EvidenceQuery q;
  q.platform_comment_id = "2_31";
  CHECK(store::collect_evidence(c, q, kT0)["comments"][0]["permalink"] ==
        "https://www.facebook.com/1/posts/2?comment_id=31");
  q.platform_comment_id = "2_32";
  const auto second = store::collect_evidence(c, q, kT0)["comments"][0];
  CHECK(second["permalink"] == "https://www.facebook.com/1/posts/2?comment_id=99");
  CHECK(second["versions"][0]["text_sha256"] == hash);
  // Still known by its hash when polled again.
  auto again = StoreFixture::comment("2_32", "a2", "you idiot");
  again.channel_id = "jh-fb";
  const std::vector<Comment> batch{again};
  CHECK_FALSE(s.ingest(batch, kT0).front().needs_classification);
  // Retention's place (migration 16) starts before the oldest clean comment not yet purged, so
  // all three are purged when they come of age, the edited one included.
  CHECK(s.purge_expired({.clean_days = 30, .evidence_days = 365}, kT0).clean_comments == 3);
  CHECK(scalar(c, "SELECT COUNT(*) FROM comment_versions WHERE text IS NOT NULL") == 0);
  CHECK(s.verify_audit().ok);
}
