#include "store/audit_log.hpp"

#include <algorithm>

#include "store/sha256.hpp"

namespace hm::store {
namespace {

AuditRow read_row(const Statement& s) {
  AuditRow r;
  r.id = s.int64(0);
  r.at = s.int64(1);
  r.actor = s.text(2);
  r.event = s.text(3);
  r.subject = s.text(4);
  r.detail = s.text(5);
  r.prev_hash = s.text(6);
  r.hash = s.text(7);
  return r;
}

constexpr std::string_view kColumns =
    "id, at, actor, event, subject, detail, " HM_SQL_AUDIT_PREV_HASH_HEX
    ", " HM_SQL_HASH_HEX("hash") " FROM audit_log";

}  // namespace

std::string canonical_content(const AuditRow& row) {
  return nlohmann::json::array({row.id, row.at, row.actor, row.event, row.subject, row.detail})
      .dump();
}

std::string row_hash(const AuditRow& row) {
  return sha256_hex({row.prev_hash, canonical_content(row)});
}

std::int64_t append_audit(Connection& connection, const AuditEntry& entry) {
  AuditRow row;
  row.prev_hash = std::string(kGenesisHash);
  {
    Statement last = connection.prepare(
        "SELECT id, " HM_SQL_HASH_HEX("hash") " FROM audit_log ORDER BY id DESC LIMIT 1");
    if (last.step()) {
      row.id = last.int64(0);
      row.prev_hash = last.text(1);
    }
  }
  ++row.id;
  row.at = entry.at.time_since_epoch().count();
  row.actor = entry.actor;
  row.event = entry.event;
  row.subject = entry.subject;
  row.detail = entry.detail.dump();
  row.hash = row_hash(row);
  connection
      .prepare(
          "INSERT INTO audit_log (id, at, actor, event, subject, detail, prev_hash, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, X'', hm_unhex(?))")
      .bind_all(row.id, row.at, row.actor, row.event, row.subject, row.detail, row.hash)
      .run();
  return row.id;
}

ChainCheck verify_audit_chain(Connection& connection, std::int64_t after_id,
                              std::string_view after_hash) {
  ChainCheck check;
  check.verified_from = after_id;
  check.head_id = after_id;
  check.head_hash = std::string(after_hash);
  std::string expected_prev(after_hash);
  std::int64_t expected_id = after_id + 1;
  Statement s = connection.prepare("SELECT " + std::string(kColumns) + " WHERE id > ? ORDER BY id");
  s.bind(1, after_id);
  while (s.step()) {
    AuditRow row = read_row(s);
    std::string problem;
    if (row.id != expected_id)
      problem = "row " + std::to_string(expected_id) + " is missing (next row is " +
                std::to_string(row.id) + ")";
    else if (row.prev_hash != expected_prev)
      problem = "row " + std::to_string(row.id) +
                " does not link to the row before it (prev_hash differs)";
    else if (row_hash(row) != row.hash)
      // A row that stores no prev_hash of its own also fails here when the row before it was
      // re-hashed after an edit.
      problem = "row " + std::to_string(row.id) +
                " was altered, or the row before it re-hashed (its hash differs)";
    if (!problem.empty()) {
      check.ok = false;
      check.first_broken_id = row.id;
      check.message = problem;
      return check;
    }
    ++check.rows_checked;
    check.head_id = row.id;
    check.head_hash = row.hash;
    expected_prev = row.hash;
    ++expected_id;
  }
  return check;
}

std::vector<AuditRow> audit_rows_for_subjects(Connection& connection,
                                              const std::vector<std::string>& subjects) {
  std::vector<AuditRow> rows;
  for (const auto& subject : subjects) {
    Statement s =
        connection.prepare("SELECT " + std::string(kColumns) + " WHERE subject = ? ORDER BY id");
    s.bind(1, subject);
    while (s.step()) rows.push_back(read_row(s));
  }
  std::sort(rows.begin(), rows.end(),
            [](const AuditRow& a, const AuditRow& b) { return a.id < b.id; });
  return rows;
}

}  // namespace hm::store
