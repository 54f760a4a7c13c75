#include "store/evidence.hpp"

#include <ctime>

#include "store/audit_log.hpp"
#include "store/hex.hpp"
#include "store/permalink.hpp"
#include "store/sha256.hpp"
#include "store/stored_verdict.hpp"

namespace hm::store {
namespace {

using json = nlohmann::ordered_json;

json time_json(const Statement& s, int column) {
  if (s.is_null(column)) return nullptr;
  return iso8601(s.int64(column));
}

json text_or_null(const Statement& s, int column) {
  if (s.is_null(column)) return nullptr;
  return s.text(column);
}

json versions_of(Connection& c, std::int64_t comment_id) {
  json out = json::array();
  Statement s = c.prepare("SELECT v.version, v.text, " HM_SQL_HASH_HEX(
      "v.text_sha256") ", v.edited_at, v.seen_at, d.id, d.categories, "
                       "d.matches, d.decided_at, v.clean FROM comment_versions v "
                       "LEFT JOIN verdicts d ON d.version_id = v.id "
                       "WHERE v.comment_id = ? ORDER BY v.version");
  s.bind(1, comment_id);
  while (s.step()) {
    json v{{"version", s.int64(0)},
           {"text", text_or_null(s, 1)},
           // Hashed here while the text is held; stored when the text was purged.
           {"text_sha256", s.is_null(1) ? text_or_null(s, 2) : json(sha256_hex(s.text(1)))},
           {"edited_at", time_json(s, 3)},
           {"seen_at", time_json(s, 4)},
           {"verdict", nullptr}};
    if (!v["text"].is_string())
      v["text_note"] = "text no longer held (retention period ended or erased on request)";
    if (!s.is_null(5)) {
      v["verdict"] = {{"categories", split_categories(s.text(6))},
                      {"matches", json::parse(s.text(7), nullptr, false)},
                      {"decided_at", time_json(s, 8)}};
    } else if (!s.is_null(9)) {
      // Judged clean: no row, and judged as it was stored.
      v["verdict"] = {{"categories", json::array()},
                      {"matches", json::array()},
                      {"decided_at", time_json(s, 4)}};
    }
    out.push_back(std::move(v));
  }
  return out;
}

json actions_of(Connection& c, std::int64_t comment_id, std::vector<std::string>& subjects) {
  json out = json::array();
  Statement s = c.prepare(
      "SELECT id, kind, state, manual, text, instructions, reason, attempts, outcome, "
      "undoes_action_id, created_at, updated_at FROM actions WHERE comment_id = ? ORDER BY id");
  s.bind(1, comment_id);
  while (s.step()) {
    const std::int64_t id = s.int64(0);
    subjects.push_back("action:" + std::to_string(id));
    json a{{"id", id},
           {"kind", s.text(1)},
           {"state", s.text(2)},
           {"manual", s.int64(3) != 0},
           {"text", text_or_null(s, 4)},
           {"instructions", text_or_null(s, 5)},
           {"reason", s.text(6)},
           {"attempts", s.int64(7)},
           {"outcome", text_or_null(s, 8)},
           {"undoes_action", s.is_null(9) ? json(nullptr) : json(s.int64(9))},
           {"created_at", time_json(s, 10)},
           {"updated_at", time_json(s, 11)},
           {"transitions", json::array()}};
    Statement t = c.prepare(
        "SELECT from_state, to_state, event, attempt, actor, reason, at "
        "FROM action_transitions WHERE action_id = ? ORDER BY id");
    t.bind(1, id);
    while (t.step())
      a["transitions"].push_back({{"from", text_or_null(t, 0)},
                                  {"to", t.text(1)},
                                  {"event", t.text(2)},
                                  {"attempt", t.int64(3)},
                                  {"actor", t.text(4)},
                                  {"reason", t.text(5)},
                                  {"at", time_json(t, 6)}});
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::string iso8601(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

json collect_evidence(Connection& c, const EvidenceQuery& query, moderation::Time now) {
  return collect_evidence(c, query, now, [](Connection& db) { return verify_audit_chain(db); });
}

json collect_evidence(Connection& c, const EvidenceQuery& query, moderation::Time now,
                      const std::function<ChainCheck(Connection&)>& walk_chain) {
  ReadTransaction snapshot(c);
  json bundle;
  bundle["format"] = "hallmonitor-evidence/1";
  bundle["generated_at"] = iso8601(now.time_since_epoch().count());
  bundle["database"] = c.file().string();
  json q = json::object();
  if (query.platform_comment_id) q["comment"] = *query.platform_comment_id;
  if (query.author_id) q["author"] = *query.author_id;
  if (query.platform) q["platform"] = moderation::to_string(*query.platform);
  bundle["query"] = q;

  const std::string platform =
      query.platform ? std::string(moderation::to_string(*query.platform)) : std::string();
  // ",jh,oak," (school ids never hold a comma); "" for no limit, "," for none at all.
  std::string schools;
  if (query.schools) {
    schools = ",";
    for (const auto& school : *query.schools) schools += school + ",";
  }
  // Comments are found through their ids' keys (store/lookup_key.hpp), not by reading them all.
  const std::string by_key = query.platform_comment_id ? "c.platform_key = hm_lookup_key(?1)"
                             : query.author_id         ? "c.author_key = hm_lookup_key(?2)"
                                                       : "1";
  Statement s = c.prepare(
      "SELECT c.id, ch.platform, c.channel_id, sc.id, sc.name, c.platform_comment_id, "
      "c.parent_platform_id, c.author_id, c.author_name, " HM_SQL_PERMALINK_OF_C
      ", c.created_at, "
      "c.first_seen_at, c.flagged, c.resolved_at, c.purged_at, c.erased_at "
      "FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "JOIN schools sc ON sc.id = ch.school_id "
      "WHERE " +
      by_key +
      " AND (?1 IS NULL OR c.platform_comment_id = ?1) AND (?2 IS NULL OR c.author_id = ?2) "
      "AND (?3 = '' OR ch.platform = ?3) "
      "AND (?4 = '' OR instr(?4, ',' || ch.school_id || ',') > 0) ORDER BY c.created_at, c.id");
  s.bind_all(query.platform_comment_id, query.author_id, platform, schools);
  std::vector<std::string> subjects;
  json comments = json::array();
  while (s.step()) {
    const std::int64_t id = s.int64(0);
    subjects.push_back("comment:" + std::to_string(id));
    comments.push_back({{"id", id},
                        {"platform", s.text(1)},
                        {"channel", s.text(2)},
                        {"school", {{"id", s.text(3)}, {"name", s.text(4)}}},
                        {"platform_comment_id", s.text(5)},
                        {"parent_platform_id", text_or_null(s, 6)},
                        {"author_id", s.text(7)},
                        {"author_name", text_or_null(s, 8)},
                        {"permalink", text_or_null(s, 9)},
                        {"created_at", time_json(s, 10)},
                        {"first_seen_at", time_json(s, 11)},
                        {"flagged", s.int64(12) != 0},
                        {"resolved_at", time_json(s, 13)},
                        {"purged_at", time_json(s, 14)},
                        {"erased_at", time_json(s, 15)}});
  }
  for (auto& comment : comments) {
    const std::int64_t id = comment["id"].get<std::int64_t>();
    comment["versions"] = versions_of(c, id);
    comment["actions"] = actions_of(c, id, subjects);
  }
  bundle["comments"] = std::move(comments);

  if (query.author_id) {
    json strikes = json::array();
    Statement st = c.prepare(
        "SELECT s.channel_id, s.comment_id, s.at FROM strikes s JOIN channels ch "
        "ON ch.id = s.channel_id WHERE s.author_id = ? AND (?2 = '' OR ch.platform = ?2) "
        "AND (?3 = '' OR instr(?3, ',' || ch.school_id || ',') > 0) ORDER BY s.at");
    st.bind_all(*query.author_id, platform, schools);
    while (st.step())
      strikes.push_back(
          {{"channel", st.text(0)}, {"comment", st.int64(1)}, {"at", time_json(st, 2)}});
    bundle["strikes"] = std::move(strikes);
  }

  json audit = json::array();
  for (const AuditRow& row : audit_rows_for_subjects(c, subjects)) {
    json detail = json::parse(row.detail, nullptr, false);
    audit.push_back({{"id", row.id},
                     {"at", iso8601(row.at)},
                     {"at_unix", row.at},
                     {"actor", row.actor},
                     {"event", row.event},
                     {"subject", row.subject},
                     {"detail", detail},
                     {"canonical", canonical_content(row)},
                     {"prev_hash", row.prev_hash},
                     {"hash", row.hash}});
  }
  bundle["audit"] = std::move(audit);

  const ChainCheck check = walk_chain(c);
  bundle["chain"] = {
      {"algorithm",
       "hash = SHA-256(prev_hash || canonical), hex; canonical is the JSON array "
       "[id, at_unix, actor, event, subject, detail_json_text]"},
      {"genesis", std::string(kGenesisHash)},
      {"verified", check.ok},
      {"rows_checked", check.rows_checked},
      {"first_broken_id", check.first_broken_id ? json(*check.first_broken_id) : json(nullptr)},
      {"verified_from", check.verified_from},
      {"message",
       !check.ok                           ? check.message
       : !check.checkpoint_problem.empty() ? check.message
       : check.verified_from == 0
           ? "every row from the genesis to the head links and hashes correctly"
           : "rows 1 to " + std::to_string(check.verified_from) +
                 " were verified earlier (a signed checkpoint); every row after them links and "
                 "hashes correctly"},
      {"head", {{"id", check.head_id}, {"hash", check.head_hash}}}};
  return bundle;
}

}  // namespace hm::store
