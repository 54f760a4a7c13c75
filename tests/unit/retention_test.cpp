#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionState;
namespace event = moderation::event;

namespace {

std::optional<std::string> text_of(StoreFixture& f, std::int64_t version_id) {
  auto s = f.store->connection().prepare("SELECT text FROM comment_versions WHERE id = ?");
  s.bind(1, version_id);
  REQUIRE(s.step());
  return s.optional_text(0);
}

void finish(StoreFixture& f, const store::RecordedVerdict& r, moderation::Time at) {
  for (auto id : r.action_ids) {
    auto a = f.store->action(id);
    if (a->progress.state == ActionState::proposed)
      REQUIRE(f.store->transition(id, event::Reject{}, "user:mod", "no", at));
    else if (a->progress.state == ActionState::approved) {
      REQUIRE(f.store->transition(id, event::Start{at}, "executor", "", at));
      REQUIRE(f.store->transition(id, event::Succeeded{}, "executor", "", at));
    }
  }
}

const store::RetentionRule kRule{.clean_days = 30, .evidence_days = 365};

}  // namespace

TEST_CASE("clean comments' text is purged after clean_days, not before") {
  StoreFixture f;
  auto in = f.ingest(StoreFixture::comment("c1", "a1", "lovely sports day"));
  f.classify(in.version_id, Verdict{});
  auto early = f.store->purge_expired(kRule, days_after(kT0, 29));
  CHECK(early.clean_comments == 0);
  CHECK(text_of(f, in.version_id) == "lovely sports day");
  auto due = f.store->purge_expired(kRule, days_after(kT0, 30));
  CHECK(due.clean_comments == 1);
  CHECK(due.versions == 1);
  CHECK_FALSE(text_of(f, in.version_id));
  // Seen again on the next poll: still one row, nothing to classify.
  auto again =
      f.ingest(StoreFixture::comment("c1", "a1", "lovely sports day"), days_after(kT0, 31));
  CHECK_FALSE(again.needs_classification);
  CHECK(f.count("comment_versions") == 1);
  // The purge is in the audit log and the chain holds.
  auto s = f.store->connection().prepare(
      "SELECT COUNT(*) FROM audit_log WHERE event = 'retention.purge'");
  s.step();
  CHECK(s.int64(0) == 1);
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("flagged comments are kept as evidence until evidence_days after resolution") {
  StoreFixture f;
  auto in = f.ingest(StoreFixture::comment("c1", "a1", "abusive words"));
  auto r = f.classify(in.version_id, verdict_of({Category::abuse}));
  // Unresolved (the delete is still proposed): kept however old.
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 1000)).evidence_comments == 0);
  CHECK(text_of(f, in.version_id) == "abusive words");

  const auto resolved = days_after(kT0, 1001);
  finish(f, r, resolved);
  CHECK(f.store->purge_expired(kRule, days_after(resolved, 364)).evidence_comments == 0);
  CHECK(f.store->purge_expired(kRule, days_after(resolved, 30)).clean_comments == 0);
  auto purged = f.store->purge_expired(kRule, days_after(resolved, 365));
  CHECK(purged.evidence_comments == 1);
  CHECK_FALSE(text_of(f, in.version_id));
  // The actions and the verdict, which hold no comment text, stay for the record.
  CHECK(f.count("actions") == 2);
  CHECK(f.count("verdicts") == 1);
  CHECK(f.store->verify_audit().ok);
}

TEST_CASE("a complaint counts as flagged evidence too") {
  StoreFixture f;
  auto in = f.ingest(StoreFixture::comment("c1", "a1", "I will complain about Mr X"));
  f.classify(in.version_id, verdict_of({Category::complaint}));
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 31)).clean_comments == 0);
  CHECK(text_of(f, in.version_id).has_value());
}

TEST_CASE("erase-author removes text, name, permalink and strikes, and records only the request") {
  StoreFixture f;
  auto abuse = verdict_of({Category::abuse});
  f.post(StoreFixture::comment("c1", "troll-77", "first nasty"), abuse);
  f.post(StoreFixture::comment("c2", "troll-77", "second nasty"), abuse);
  auto third = f.post(StoreFixture::comment("c3", "troll-77", "third nasty"), abuse);
  f.post(StoreFixture::comment("c4", "someone-else", "keep me"), Verdict{});
  // The same user id on another platform is another person: untouched.
  f.post(StoreFixture::comment("i1", "troll-77", "instagram text", Platform::instagram), abuse);
  const auto block_id = third.action_ids.back();
  REQUIRE(f.store->action(block_id)->kind == moderation::ActionKind::block);

  auto report =
      f.store->erase_author(Platform::facebook, "troll-77", "user:dpo", days_after(kT0, 1));
  CHECK(report.comment_ids.size() == 3);
  CHECK(report.strikes_removed == 3);
  CHECK(report.blocks_withdrawn == 1);
  CHECK(f.store->action(block_id)->progress.state == ActionState::rejected);

  auto& c = f.store->connection();
  auto s = c.prepare(
      "SELECT c.author_id, c.author_name, c.permalink, v.text, v.text_sha256 FROM comments c "
      "JOIN comment_versions v ON v.comment_id = c.id JOIN channels ch ON ch.id = c.channel_id "
      "WHERE ch.platform = 'facebook' AND c.platform_comment_id IN ('c1', 'c2', 'c3')");
  int rows = 0;
  while (s.step()) {
    ++rows;
    CHECK(s.text(0) == "[erased]");
    CHECK(s.is_null(1));
    CHECK(s.is_null(2));
    CHECK(s.is_null(3));
    CHECK(s.is_null(4));
  }
  CHECK(rows == 3);
  auto kept = c.prepare(
      "SELECT COUNT(*) FROM comment_versions WHERE text IN ('keep me', 'instagram text')");
  kept.step();
  CHECK(kept.int64(0) == 2);

  auto audit = c.prepare("SELECT actor, detail FROM audit_log WHERE event = 'author.erased'");
  REQUIRE(audit.step());
  CHECK(audit.text(0) == "user:dpo");
  const std::string detail = audit.text(1);
  CHECK(detail.find("troll-77") == std::string::npos);
  CHECK(detail.find("nasty") == std::string::npos);
  CHECK(detail.find("\"comments\"") != std::string::npos);
  CHECK(f.store->verify_audit().ok);

  // The erased comments are not collected again when the platform still shows them.
  auto again = f.ingest(StoreFixture::comment("c1", "troll-77", "first nasty"));
  CHECK_FALSE(again.needs_classification);
}

TEST_CASE("an edit arriving after the original was purged keeps its own retention period") {
  StoreFixture f;
  auto v1 = f.ingest(StoreFixture::comment("c1", "a1", "nice"));
  f.classify(v1.version_id, Verdict{});
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 30)).versions == 1);
  // Forty days later the author edits it into abuse: evidence, kept while unresolved.
  auto edited = StoreFixture::comment("c1", "a1", "now abusive");
  auto v2 = f.ingest(edited, days_after(kT0, 40));
  REQUIRE(v2.needs_classification);
  f.classify(v2.version_id, verdict_of({Category::abuse}), days_after(kT0, 40));
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 500)).versions == 0);
  CHECK(text_of(f, v2.version_id) == "now abusive");
}

TEST_CASE(
    "a clean edit to a purged comment keeps its own period; then the comment is purged again") {
  StoreFixture f;
  auto v1 = f.ingest(StoreFixture::comment("c1", "a1", "nice"));
  f.classify(v1.version_id, Verdict{});
  auto first = f.store->purge_expired(kRule, days_after(kT0, 30));
  CHECK(first.versions == 1);
  CHECK(first.clean_comments == 1);
  CHECK(f.count("comments WHERE purged_at IS NOT NULL") == 1);
  // Forty days on, the author edits it: text held again, so the comment is not purged.
  auto v2 = f.ingest(StoreFixture::comment("c1", "a1", "nice, edited"), days_after(kT0, 40));
  REQUIRE(v2.needs_classification);
  f.classify(v2.version_id, Verdict{}, days_after(kT0, 40));
  CHECK(f.count("comments WHERE purged_at IS NOT NULL") == 0);
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 69)).versions == 0);
  CHECK(text_of(f, v2.version_id) == "nice, edited");
  auto second = f.store->purge_expired(kRule, days_after(kT0, 70));
  CHECK(second.versions == 1);
  CHECK(second.clean_comments == 1);
  CHECK_FALSE(text_of(f, v2.version_id));
  CHECK(f.count("comments WHERE purged_at IS NOT NULL") == 1);
}

TEST_CASE("retention reads on from its place, and finds edits through an index of only those") {
  StoreFixture f;
  for (int i = 0; i < 20; ++i) {
    auto in = f.ingest(StoreFixture::comment("c" + std::to_string(i), "a1", "nice"));
    f.classify(in.version_id, Verdict{});
  }
  auto& c = f.store->connection();
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 30)).clean_comments == 20);
  const auto last = scalar(c, "SELECT MAX(id) FROM comment_rows");
  CHECK(scalar(c, "SELECT clean_done_through FROM retention_place") == last);
  // Comments stored later are read when they come of age, from the place on.
  auto later = f.ingest(StoreFixture::comment("c20", "a1", "nice"), days_after(kT0, 10));
  f.classify(later.version_id, Verdict{}, days_after(kT0, 10));
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 39)).clean_comments == 0);
  CHECK(scalar(c, "SELECT clean_done_through FROM retention_place") == last);
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 40)).clean_comments == 1);
  CHECK(scalar(c, "SELECT clean_done_through FROM retention_place") == later.comment_id);
  // What a run reads: the comments after the place by id, and the edits still holding text.
  CHECK(query_plan(c,
                   "SELECT id - 1 FROM comment_rows WHERE id > 1 AND first_seen_at > 1 "
                   "ORDER BY id LIMIT 1")
            .find("INTEGER PRIMARY KEY (rowid>?)") != std::string::npos);
  CHECK(query_plan(c,
                   "SELECT v.comment_id FROM comment_versions v "
                   "WHERE v.version > 1 AND v.text IS NOT NULL AND v.seen_at <= 1 AND EXISTS "
                   "(SELECT 1 FROM comment_rows r WHERE r.id = v.comment_id AND r.flagged = 0)")
            .find("comment_versions_edits_holding_text") != std::string::npos);
}

TEST_CASE(
    "a comment edited shortly before it comes of age keeps the edit's period, behind the place") {
  StoreFixture f;
  auto v1 = f.ingest(StoreFixture::comment("c1", "a1", "nice"));
  f.classify(v1.version_id, Verdict{});
  auto v2 = f.ingest(StoreFixture::comment("c1", "a1", "nice, edited"), days_after(kT0, 20));
  f.classify(v2.version_id, Verdict{}, days_after(kT0, 20));
  auto first = f.store->purge_expired(kRule, days_after(kT0, 30));
  CHECK(first.versions == 1);
  CHECK(first.clean_comments == 0);
  CHECK_FALSE(text_of(f, v1.version_id));
  CHECK(text_of(f, v2.version_id) == "nice, edited");
  CHECK(f.count("comments WHERE purged_at IS NOT NULL") == 0);
  // The place has passed it; its edit is found when the edit comes of age.
  auto& c = f.store->connection();
  CHECK(scalar(c, "SELECT clean_done_through FROM retention_place") == v1.comment_id);
  CHECK(f.store->purge_expired(kRule, days_after(kT0, 49)).versions == 0);
  auto second = f.store->purge_expired(kRule, days_after(kT0, 50));
  CHECK(second.versions == 1);
  CHECK(second.clean_comments == 1);
  CHECK_FALSE(text_of(f, v2.version_id));
  CHECK(f.count("comments WHERE purged_at IS NOT NULL") == 1);
}
