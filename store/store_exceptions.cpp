// The Store's filter exceptions (store/filter_exception_row.hpp).
#include "store/store.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using namespace detail;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, school_id, text, comment_id, created_by, created_at FROM filter_exceptions ";

FilterExceptionRow read_exception(Statement& s) {
  FilterExceptionRow r;
  r.id = s.int64(0);
  r.school = s.text(1);
  r.text = s.text(2);
  if (!s.is_null(3)) r.comment_id = s.int64(3);
  r.created_by = s.text(4);
  r.created_at = from_seconds(s.int64(5));
  return r;
}

}  // namespace

std::pair<FilterExceptionRow, bool> Store::add_filter_exception(
    std::string_view school, std::string_view text, std::optional<std::int64_t> comment_id,
    std::string_view actor, Time now) {
  auto tx = begin_write();
  Statement existing = conn_.prepare(std::string(kColumns) + "WHERE school_id = ? AND text = ?");
  existing.bind_all(school, text);
  if (existing.step()) return {read_exception(existing), false};
  conn_
      .prepare(
          "INSERT INTO filter_exceptions (school_id, text, comment_id, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
      .bind_all(school, text, comment_id, actor, seconds(now))
      .run();
  const std::int64_t id = conn_.last_insert_rowid();
  nlohmann::json detail{{"school", school}};
  if (comment_id) detail["comment"] = *comment_id;
  append_audit(conn_, {now, std::string(actor), "exception.created", subject("exception", id),
                       std::move(detail)});
  tx.commit();
  return {*filter_exception(id), true};
}

std::vector<FilterExceptionRow> Store::filter_exceptions(std::optional<std::string_view> school) {
  Statement s =
      conn_.prepare(std::string(kColumns) + (school ? "WHERE school_id = ? " : "") + "ORDER BY id");
  if (school) s.bind_all(*school);
  std::vector<FilterExceptionRow> out;
  while (s.step()) out.push_back(read_exception(s));
  return out;
}

std::optional<FilterExceptionRow> Store::filter_exception(std::int64_t id) {
  Statement s = conn_.prepare(std::string(kColumns) + "WHERE id = ?");
  s.bind_all(id);
  if (!s.step()) return std::nullopt;
  return read_exception(s);
}

bool Store::remove_filter_exception(std::int64_t id, std::string_view actor, Time now) {
  auto tx = begin_write();
  auto found = filter_exception(id);
  if (!found) return false;
  conn_.prepare("DELETE FROM filter_exceptions WHERE id = ?").bind_all(id).run();
  append_audit(conn_, {now, std::string(actor), "exception.removed", subject("exception", id),
                       nlohmann::json{{"school", found->school}}});
  tx.commit();
  return true;
}

}  // namespace hm::store
