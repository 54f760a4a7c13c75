// The Store's retention: purging expired text and erasing an author on request.
#include "store/store.hpp"

#include "store/learning_examples.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

using namespace detail;

PurgeReport Store::purge_expired(const RetentionRule& rule, Time now) {
  PurgeReport report;
  const std::int64_t day = 86400;
  const std::int64_t clean_cutoff = seconds(now) - rule.clean_days * day;
  const std::int64_t evidence_cutoff = seconds(now) - rule.evidence_days * day;
  WriteTransaction tx(conn_);
  // Only comments not yet purged are looked at: an edit to a purged comment makes it unpurged
  // again (ingest), so the indexes these use (partial, `purged_at IS NULL`) hold about
  // `clean_days` of comments, and an hourly run costs the same after years as after a month.
  //
  // Per version, so that an edit arriving later keeps its own full period. The text's hash
  // takes its place (32 bytes): evidence of what was said, and what keeps ingest idempotent for
  // a comment still on the platform.
  conn_
      .prepare(
          "UPDATE comment_versions SET text_sha256 = hm_sha256(text), text = NULL "
          "WHERE text IS NOT NULL AND seen_at <= ?1 AND comment_id IN (SELECT id FROM comments "
          "WHERE flagged = 0 AND purged_at IS NULL AND first_seen_at <= ?1)")
      .bind(1, clean_cutoff)
      .run();
  report.versions = conn_.changes();
  conn_
      .prepare(
          "UPDATE comment_versions SET text_sha256 = hm_sha256(text), text = NULL "
          "WHERE text IS NOT NULL AND comment_id IN (SELECT id FROM comments "
          "WHERE flagged = 1 AND purged_at IS NULL AND resolved_at <= ?)")
      .bind(1, evidence_cutoff)
      .run();
  report.versions += conn_.changes();
  // A comment is purged (its author's name goes too) once none of its versions holds text.
  conn_
      .prepare(
          "UPDATE comments SET purged_at = ?, author_name = NULL "
          "WHERE flagged = 0 AND purged_at IS NULL AND first_seen_at <= ? AND NOT EXISTS "
          "(SELECT 1 FROM comment_versions v WHERE v.comment_id = comments.id "
          "AND v.text IS NOT NULL)")
      .bind_all(seconds(now), clean_cutoff)
      .run();
  report.clean_comments = conn_.changes();
  conn_
      .prepare(
          "UPDATE comments SET purged_at = ?, author_name = NULL "
          "WHERE flagged = 1 AND purged_at IS NULL AND resolved_at <= ?")
      .bind_all(seconds(now), evidence_cutoff)
      .run();
  report.evidence_comments = conn_.changes();
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
            "UPDATE comments SET author_id = '[erased]', author_key = hm_lookup_key('[erased]'), "
            "author_name = NULL, permalink = NULL, link_prefix = NULL, "
            "erased_at = ? WHERE id = ?")
        .bind_all(seconds(now), id)
        .run();
  }
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
