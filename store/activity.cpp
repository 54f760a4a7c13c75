#include "store/activity.hpp"

#include "filters/learned/model_rules.hpp"
#include "store/store_rows.hpp"
#include "store/stored_verdict.hpp"

namespace hm::store {

using detail::seconds;

std::map<std::string, CategoryCounts> hidden_since(Connection& db, moderation::Time since) {
  // A hide's last transition is to `done` (nothing moves a done action), so updated_at is
  // when the comment was hidden.
  Statement s = db.prepare(
      "SELECT ch.school_id, COALESCE(v.categories, ''), COUNT(*) FROM actions a "
      "JOIN comments c ON c.id = a.comment_id JOIN channels ch ON ch.id = c.channel_id "
      "LEFT JOIN verdicts v ON v.id = a.verdict_id "
      "WHERE a.kind = 'hide' AND a.state = 'done' AND a.updated_at >= ? "
      "GROUP BY ch.school_id, v.categories");
  s.bind(1, seconds(since));
  std::map<std::string, CategoryCounts> out;
  while (s.step()) {
    CategoryCounts& school = out[s.text(0)];
    const auto categories = split_categories(s.text(1));
    if (categories.empty()) school["other"] += s.int64(2);
    for (const auto& c : categories) school[c] += s.int64(2);
  }
  return out;
}

std::map<std::string, ModelAgreement> model_agreement_since(Connection& db,
                                                            moderation::Time since) {
  std::map<std::string, ModelAgreement> out;
  // Per comment: did the model flag any version, did the rules call any version spam or an
  // advert (the model's review band asks a person and counts as neither), and the review's
  // outcome if one was decided since `since`.
  Statement s = db.prepare(
      "WITH per_comment AS ("
      "  SELECT ch.school_id AS school, c.flagged AS flagged, c.first_seen_at AS seen,"
      "    EXISTS (SELECT 1 FROM model_opinions o JOIN comment_versions v ON v.id = o.version_id"
      "            WHERE v.comment_id = c.id AND o.band = 'flag') AS model_flag,"
      "    EXISTS (SELECT 1 FROM verdicts d JOIN comment_versions v ON v.id = d.version_id"
      "            WHERE v.comment_id = c.id AND " +
      std::string(kSqlVerdictSaysSpam) +
      // The model's review band (a verdict of that one match) is neither side's flag.
      " AND d.matches NOT LIKE '%\"" + std::string(filters::learned::kModelReviewRule) +
      "\"%') AS rules_spam,"
      "    (SELECT r.outcome FROM reviews r WHERE r.comment_id = c.id AND r.decided_at >= ?1)"
      "      AS outcome"
      "  FROM comments c JOIN channels ch ON ch.id = c.channel_id"
      "  WHERE c.id IN (SELECT v.comment_id FROM model_opinions o"
      "                 JOIN comment_versions v ON v.id = o.version_id)"
      "     OR c.id IN (SELECT comment_id FROM reviews WHERE decided_at >= ?1))"
      "SELECT school,"
      "  SUM(outcome IS NOT NULL AND (model_flag OR rules_spam)),"
      "  SUM(outcome IS NOT NULL AND ((model_flag AND outcome IN ('kept_hidden', 'deleted'))"
      "      OR (rules_spam AND NOT model_flag AND outcome = 'shown_again'))),"
      "  SUM(model_flag AND flagged = 0 AND seen >= ?1)"
      " FROM per_comment GROUP BY school");
  s.bind(1, seconds(since));
  while (s.step()) out[s.text(0)] = {s.int64(1), s.int64(2), s.int64(3)};
  return out;
}

}  // namespace hm::store
