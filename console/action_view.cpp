#include "console/action_view.hpp"

#include "store/audit_log.hpp"
#include "store/evidence.hpp"
#include "store/permalink.hpp"
#include "store/stored_verdict.hpp"

namespace hm::console {
using store::Connection;
using store::Statement;

namespace {

Json time_or_null(const Statement& s, int column) {
  if (s.is_null(column)) return nullptr;
  return store::iso8601(s.int64(column));
}

Json matches_json(const Statement& s, int column) {
  if (s.is_null(column)) return Json::array();
  auto parsed = Json::parse(s.text(column), nullptr, false);
  return parsed.is_array() ? parsed : Json::array();
}

// The columns every action view reads. The comment text shown is the version the action was
// decided on (its match offsets point into it), or the newest for actions without a verdict.
constexpr std::string_view kActionSelect = R"sql(
SELECT a.id, a.kind, a.state, a.manual, a.reason, COALESCE(a.text, ''),
       COALESCE(a.instructions, ''), a.attempts, a.outcome, a.created_at, a.updated_at,
       ch.school_id, c.platform_comment_id, c.id, ch.platform, ch.id,
       COALESCE(vv.text, (SELECT text FROM comment_versions n WHERE n.comment_id = c.id
                          ORDER BY n.version DESC LIMIT 1)),
       c.author_id, c.author_name, c.created_at, )sql" HM_SQL_PERMALINK_OF_C R"sql(,
       vd.categories, vd.matches,
       (SELECT COUNT(*) FROM strikes s WHERE s.channel_id = c.channel_id
                                         AND s.author_id = c.author_id),
       vv.version
FROM actions a
JOIN comments c ON c.id = a.comment_id
JOIN channels ch ON ch.id = c.channel_id
LEFT JOIN verdicts vd ON vd.id = a.verdict_id
LEFT JOIN comment_versions vv ON vv.id = vd.version_id
)sql";

Json read_action_row(const Statement& s) {
  Json comment = {{"id", s.text(12)},
                  {"internal_id", s.int64(13)},
                  {"platform", s.text(14)},
                  {"channel", s.text(15)},
                  {"text", text_or_null(s, 16)},
                  {"author_id", s.text(17)},
                  {"author_name", text_or_null(s, 18)},
                  {"created_at", store::iso8601(s.int64(19))},
                  {"permalink", text_or_null(s, 20)}};
  if (!s.is_null(24)) comment["version"] = s.int64(24);
  return {{"id", s.int64(0)},
          {"kind", s.text(1)},
          {"state", s.text(2)},
          {"manual", s.int64(3) != 0},
          {"reason", s.text(4)},
          {"text", s.text(5)},
          {"instructions", s.text(6)},
          {"attempts", s.int64(7)},
          {"outcome", text_or_null(s, 8)},
          {"created_at", store::iso8601(s.int64(9))},
          {"updated_at", store::iso8601(s.int64(10))},
          {"school", s.text(11)},
          {"categories", Json(store::split_categories(s.text(21)))},
          {"comment", std::move(comment)},
          {"matches", matches_json(s, 22)},
          {"strikes", s.int64(23)}};
}

}  // namespace

Json text_or_null(const Statement& s, int column) {
  if (s.is_null(column)) return nullptr;
  return s.text(column);
}

ActionPage list_actions(Connection& db, const ActionFilter& f) {
  std::string sql(kActionSelect);
  std::vector<std::string> args;
  std::vector<std::string> where;
  auto equals = [&](const std::optional<std::string>& value, std::string_view column) {
    if (!value) return;
    where.push_back(std::string(column) + " = ?");
    args.push_back(*value);
  };
  equals(f.state, "a.state");
  equals(f.kind, "a.kind");
  equals(f.school, "ch.school_id");
  equals(f.channel, "ch.id");
  if (f.category) {
    // Categories are stored as "abuse,spam": match one whole name.
    where.push_back("(',' || vd.categories || ',') LIKE ?");
    args.push_back("%," + *f.category + ",%");
  }
  if (f.schools) {
    if (f.schools->empty()) return {};
    std::string in = "ch.school_id IN (";
    for (std::size_t i = 0; i < f.schools->size(); ++i) in += i ? ", ?" : "?";
    where.push_back(in + ")");
    args.insert(args.end(), f.schools->begin(), f.schools->end());
  }
  if (f.before) where.push_back("a.id < " + std::to_string(*f.before));
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : "WHERE ") + where[i];
  // One extra row tells whether there is a next page.
  sql += " ORDER BY a.id DESC LIMIT " + std::to_string(f.limit + 1);

  Statement s = db.prepare(sql);
  for (std::size_t i = 0; i < args.size(); ++i) s.bind(int(i + 1), args[i]);
  ActionPage page;
  while (s.step()) {
    if (int(page.actions.size()) == f.limit) {
      page.next_before = page.actions.back()["id"].get<std::int64_t>();
      break;
    }
    page.actions.push_back(read_action_row(s));
  }
  return page;
}

std::optional<Owned> action_view(Connection& db, std::int64_t action_id) {
  Statement s = db.prepare(std::string(kActionSelect) + "WHERE a.id = ?");
  s.bind(1, action_id);
  if (!s.step()) return std::nullopt;
  Json view = read_action_row(s);
  std::string school = view["school"];
  return Owned{std::move(view), std::move(school)};
}

std::optional<Owned> comment_view(Connection& db, std::int64_t comment_id) {
  Statement c = db.prepare(
      "SELECT c.platform_comment_id, c.id, ch.platform, ch.id, c.author_id, c.author_name, "
      "c.created_at, " HM_SQL_PERMALINK_OF_C
      ", ch.school_id, c.parent_platform_id, c.first_seen_at, "
      "(SELECT COUNT(*) FROM strikes s WHERE s.channel_id = c.channel_id "
      "AND s.author_id = c.author_id) "
      "FROM comments c JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?");
  c.bind(1, comment_id);
  if (!c.step()) return std::nullopt;
  Owned out;
  out.school = c.text(8);
  Json comment = {{"id", c.text(0)},
                  {"internal_id", c.int64(1)},
                  {"platform", c.text(2)},
                  {"channel", c.text(3)},
                  {"author_id", c.text(4)},
                  {"author_name", text_or_null(c, 5)},
                  {"created_at", store::iso8601(c.int64(6))},
                  {"permalink", text_or_null(c, 7)},
                  {"school", out.school},
                  {"parent_id", text_or_null(c, 9)},
                  {"first_seen_at", store::iso8601(c.int64(10))}};
  const std::int64_t strikes = c.int64(11);

  Json versions = Json::array();
  Statement v = db.prepare(
      "SELECT v.version, v.text, v.edited_at, v.seen_at, vd.categories, vd.matches "
      "FROM comment_versions v LEFT JOIN verdicts vd ON vd.version_id = v.id "
      "WHERE v.comment_id = ? ORDER BY v.version");
  v.bind(1, comment_id);
  while (v.step())
    versions.push_back({{"version", v.int64(0)},
                        {"text", text_or_null(v, 1)},
                        {"edited_at", time_or_null(v, 2)},
                        {"seen_at", store::iso8601(v.int64(3))},
                        {"categories", Json(store::split_categories(v.text(4)))},
                        {"matches", matches_json(v, 5)}});
  if (!versions.empty()) comment["text"] = versions.back()["text"];

  Json actions = Json::array();
  Statement a = db.prepare(std::string(kActionSelect) + "WHERE a.comment_id = ? ORDER BY a.id");
  a.bind(1, comment_id);
  while (a.step()) {
    Json action = read_action_row(a);
    action.erase("comment");  // the comment is given once, above
    Json transitions = Json::array();
    Statement t = db.prepare(
        "SELECT from_state, to_state, event, actor, reason, at FROM action_transitions "
        "WHERE action_id = ? ORDER BY id");
    t.bind(1, action["id"].get<std::int64_t>());
    while (t.step())
      transitions.push_back({{"from", text_or_null(t, 0)},
                             {"to", t.text(1)},
                             {"event", t.text(2)},
                             {"actor", t.text(3)},
                             {"reason", t.text(4)},
                             {"at", store::iso8601(t.int64(5))}});
    action["transitions"] = std::move(transitions);
    actions.push_back(std::move(action));
  }
  out.view = {{"comment", std::move(comment)},
              {"versions", std::move(versions)},
              {"actions", std::move(actions)},
              {"strikes", strikes}};
  return out;
}

std::optional<std::string> school_of_channel(Connection& db, std::string_view channel) {
  Statement s = db.prepare("SELECT school_id FROM channels WHERE id = ?");
  s.bind(1, channel);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::optional<Owned> author_view(Connection& db, std::string_view channel,
                                 std::string_view author_id) {
  auto school = school_of_channel(db, channel);
  if (!school) return std::nullopt;
  Json comments = Json::array();
  Json author_name = nullptr;
  Statement c = db.prepare(
      "SELECT c.id, c.platform_comment_id, c.created_at, c.author_name, "
      "(SELECT text FROM comment_versions v WHERE v.comment_id = c.id "
      " ORDER BY v.version DESC LIMIT 1), "
      "(SELECT vd.categories FROM comment_versions v JOIN verdicts vd ON vd.version_id = v.id "
      " WHERE v.comment_id = c.id ORDER BY v.version DESC LIMIT 1) "
      "FROM comments c WHERE c.channel_id = ?1 AND c.author_key = hm_lookup_key(?2) "
      "AND c.author_id = ?2 ORDER BY c.created_at DESC, "
      "c.id DESC LIMIT 200");
  c.bind(1, channel);
  c.bind(2, author_id);
  while (c.step()) {
    if (author_name.is_null() && !c.is_null(3)) author_name = c.text(3);
    comments.push_back({{"internal_id", c.int64(0)},
                        {"id", c.text(1)},
                        {"created_at", store::iso8601(c.int64(2))},
                        {"text", text_or_null(c, 4)},
                        {"categories", Json(store::split_categories(c.text(5)))}});
  }
  Json strikes = Json::array();
  Statement s = db.prepare(
      "SELECT at, comment_id FROM strikes WHERE channel_id = ? AND author_id = ? ORDER BY at");
  s.bind(1, channel);
  s.bind(2, author_id);
  while (s.step())
    strikes.push_back({{"at", store::iso8601(s.int64(0))}, {"comment_internal_id", s.int64(1)}});
  if (comments.empty() && strikes.empty()) return std::nullopt;
  Json view = {{"channel", std::string(channel)},
               {"author_id", std::string(author_id)},
               {"author_name", author_name},
               {"strikes", std::move(strikes)},
               {"comments", std::move(comments)}};
  return Owned{std::move(view), *school};
}

Json audit_page(Connection& db, const AuditFilter& f) {
  std::string sql = "SELECT id, at, actor, event, subject, detail FROM audit_log";
  std::vector<std::string> where;
  if (f.before) where.push_back("id < " + std::to_string(*f.before));
  if (f.subject) where.push_back("subject = ?");
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql += " ORDER BY id DESC LIMIT " + std::to_string(f.limit + 1);
  Statement s = db.prepare(sql);
  if (f.subject) s.bind(1, *f.subject);
  Json entries = Json::array();
  Json next = nullptr;
  while (s.step()) {
    if (int(entries.size()) == f.limit) {
      next = entries.back()["id"];
      break;
    }
    auto detail = Json::parse(s.text(5), nullptr, false);
    entries.push_back({{"id", s.int64(0)},
                       {"at", store::iso8601(s.int64(1))},
                       {"actor", s.text(2)},
                       {"event", s.text(3)},
                       {"subject", s.text(4)},
                       {"detail", detail.is_discarded() ? Json(s.text(5)) : detail}});
  }
  return {{"entries", std::move(entries)}, {"next_before", next}};
}

}  // namespace hm::console
