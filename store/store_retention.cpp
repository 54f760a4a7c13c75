// The Store's retention: purging expired text and erasing an author on request.
#include <set>

#include "store/store.hpp"

#include "store/learning_examples.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

using namespace detail;

namespace {

// The hash of each held text in place of the text (32 bytes): evidence of what was said, and what
// keeps ingest idempotent for a comment still on the platform. `which` selects the versions.
template <class... Values>
int purge_texts(Connection& c, const std::string& which, const Values&... values) {
  c.prepare(
       "UPDATE comment_versions SET text_sha256 = hm_sha256(text), text = NULL "
       "WHERE text IS NOT NULL AND " +
       which)
      .bind_all(values...)
      .run();
  return c.changes();
}

// Marks the selected comments purged (their author's name goes too); ?1 is the time.
template <class... Values>
int mark_purged(Connection& c, const std::string& which, const Values&... values) {
  c.prepare("UPDATE comment_rows SET purged_at = ?1, author_name = NULL WHERE " + which)
      .bind_all(values...)
      .run();
  return c.changes();
}

// A clean comment is purged once none of its versions holds text.
constexpr std::string_view kCleanAndEmpty =
    " AND flagged = 0 AND purged_at IS NULL AND NOT EXISTS (SELECT 1 FROM comment_versions v "
    "WHERE v.comment_id = comment_rows.id AND v.text IS NOT NULL)";

// Clean comments, in the order they were stored (migration 16). Retention keeps its place: every
// comment up to `clean_done_through` was first seen more than clean_days ago and has been looked
// at, so a run reads only the comments that came of age since the last one. (An index of
// unpurged comments by age did the same for 13 bytes a comment.) Comments are stored as they are
// first seen, so their ids and first-seen times rise together; a clock set back between two
// polls only delays a purge by as much.
void purge_clean_in_order(Connection& c, std::int64_t cutoff, std::int64_t now,
                          PurgeReport& report) {
  std::int64_t done_through = 0;
  {
    Statement place = c.prepare("SELECT clean_done_through FROM retention_place");
    if (place.step()) done_through = place.int64(0);
  }
  // Up to the comment before the first still too young, or else the last.
  std::int64_t through = 0;
  {
    Statement end = c.prepare(
        "SELECT COALESCE((SELECT id - 1 FROM comment_rows WHERE id > ? AND first_seen_at > ? "
        "ORDER BY id LIMIT 1), (SELECT MAX(id) FROM comment_rows), 0)");
    end.bind_all(done_through, cutoff);
    end.step();
    through = end.int64(0);
  }
  if (through <= done_through) return;
  // Per version, so that an edit arriving later keeps its own full period (below).
  report.versions += purge_texts(
      c,
      "seen_at <= ?2 AND comment_id IN (SELECT id FROM comment_rows WHERE id > ?1 AND id <= ?3 "
      "AND flagged = 0 AND purged_at IS NULL)",
      done_through, cutoff, through);
  report.clean_comments += mark_purged(c, "id > ?2 AND id <= ?3" + std::string(kCleanAndEmpty), now,
                                       done_through, through);
  c.prepare("UPDATE retention_place SET clean_done_through = ?").bind(1, through).run();
}

// Edits: a version after the first holds its text clean_days from when it was seen, whether its
// comment is behind retention's place or not; an edit to a purged comment made it unpurged
// (ingest). Edits are few, and an index holds only those still holding text.
void purge_clean_edits(Connection& c, std::int64_t cutoff, std::int64_t now, PurgeReport& report) {
  // (No DISTINCT: with it SQLite reads every version in comment order instead of the index.)
  std::set<std::int64_t> edited;
  {
    Statement s = c.prepare(
        "SELECT v.comment_id FROM comment_versions v "
        "WHERE v.version > 1 AND v.text IS NOT NULL AND v.seen_at <= ? AND EXISTS "
        "(SELECT 1 FROM comment_rows r WHERE r.id = v.comment_id AND r.flagged = 0)");
    s.bind(1, cutoff);
    while (s.step()) edited.insert(s.int64(0));
  }
  for (std::int64_t id : edited) {
    report.versions += purge_texts(c, "comment_id = ?1 AND seen_at <= ?2", id, cutoff);
    report.clean_comments += mark_purged(
        c, "id = ?2 AND first_seen_at <= ?3" + std::string(kCleanAndEmpty), now, id, cutoff);
  }
}

}  // namespace

PurgeReport Store::purge_expired(const RetentionRule& rule, Time now) {
  PurgeReport report;
  const std::int64_t day = 86400;
  const std::int64_t clean_cutoff = seconds(now) - rule.clean_days * day;
  const std::int64_t evidence_cutoff = seconds(now) - rule.evidence_days * day;
  WriteTransaction tx(conn_);
  purge_clean_in_order(conn_, clean_cutoff, seconds(now), report);
  purge_clean_edits(conn_, clean_cutoff, seconds(now), report);
  // Flagged comments are evidence until evidence_days after their resolution, through an index
  // that holds only those not yet purged.
  report.versions += purge_texts(conn_,
                                 "comment_id IN (SELECT id FROM comment_rows WHERE flagged = 1 "
                                 "AND purged_at IS NULL AND resolved_at <= ?1)",
                                 evidence_cutoff);
  report.evidence_comments =
      mark_purged(conn_, "flagged = 1 AND purged_at IS NULL AND resolved_at <= ?2", seconds(now),
                  evidence_cutoff);
  if (report.versions + report.clean_comments + report.evidence_comments > 0)
    append_audit(conn_, {now,
                         "retention",
                         "retention.purge",
                         "retention",
                         {{"clean_comments", report.clean_comments},
                          {"evidence_comments", report.evidence_comments},
                          {"versions", report.versions},
                          {"clean_days", rule.clean_days},
                          {"evidence_days", rule.evidence_days}}});
  tx.commit();
  return report;
}

ErasureReport Store::erase_author(moderation::Platform platform, std::string_view author_id,
                                  std::string_view actor, Time now) {
  ErasureReport report;
  const std::string platform_name(moderation::to_string(platform));
  WriteTransaction tx(conn_);
  {
    Statement s = conn_.prepare(
        "SELECT c.id FROM comments c JOIN channels ch ON ch.id = c.channel_id "
        "WHERE ch.platform = ?1 AND c.author_key = hm_lookup_key(?2) AND c.author_id = ?2 "
        "ORDER BY c.id");
    s.bind_all(platform_name, author_id);
    while (s.step()) report.comment_ids.push_back(s.int64(0));
  }
  for (std::int64_t id : report.comment_ids) {
    // A proposed block would otherwise target an author the store no longer knows.
    Statement blocks = conn_.prepare(std::string(kActionColumns) +
                                     "WHERE comment_id = ? AND kind = ? AND state = ?");
    blocks.bind_all(id, moderation::to_string(ActionKind::block),
                    moderation::to_string(ActionState::proposed));
    for (const Action& block : read_actions(blocks)) {
      if (apply_transition(block, moderation::event::Reject{}, actor,
                           "the author's data was erased on request", now))
        ++report.blocks_withdrawn;
    }
    conn_.prepare("UPDATE comment_versions SET text = NULL WHERE comment_id = ?").bind(1, id).run();
    // A filter exception made from the comment holds its words too.
    conn_.prepare("DELETE FROM filter_exceptions WHERE comment_id = ?").bind(1, id).run();
    report.exceptions_removed += conn_.changes();
    // So does any training example made from it (its features stand for its words).
    erase_learning_examples(conn_, id);
    conn_
        .prepare(
            "UPDATE comment_rows SET author_name = NULL, permalink = NULL, link_prefix = NULL, "
            "erased_at = ? WHERE id = ?")
        .bind_all(seconds(now), id)
        .run();
  }
  // The author's id, once per channel (migration 15): their comments point at '[erased]' now.
  conn_
      .prepare(
          "UPDATE authors SET author_id = '[erased]', author_key = hm_lookup_key('[erased]') "
          "WHERE author_key = hm_lookup_key(?1) AND author_id = ?1 "
          "AND channel_id IN (SELECT id FROM channels WHERE platform = ?2)")
      .bind_all(author_id, platform_name)
      .run();
  conn_
      .prepare(
          "DELETE FROM strikes WHERE author_id = ? "
          "AND channel_id IN (SELECT id FROM channels WHERE platform = ?)")
      .bind_all(author_id, platform_name)
      .run();
  report.strikes_removed = conn_.changes();
  // Who asked, when, and which rows: never the author's id, name or words.
  append_audit(conn_, {now,
                       std::string(actor),
                       "author.erased",
                       "erasure",
                       {{"platform", platform_name},
                        {"comments", report.comment_ids},
                        {"strikes_removed", report.strikes_removed},
                        {"blocks_withdrawn", report.blocks_withdrawn},
                        {"exceptions_removed", report.exceptions_removed}}});
  tx.commit();
  return report;
}

}  // namespace hm::store
