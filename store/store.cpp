#include "store/store.hpp"

#include "store/audit_checkpoint.hpp"
#include "store/lookup_key.hpp"

#include "store/hex.hpp"
#include "store/migrations.hpp"
#include "store/permalink.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
namespace fs = std::filesystem;
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

using namespace detail;

namespace {

// The row of a permalink's shared part, made on first use; NULL (nullopt) for none. Inside the
// caller's write transaction.
std::optional<std::int64_t> link_prefix_id(Connection& c, std::string_view prefix) {
  if (prefix.empty()) return std::nullopt;
  Statement find = c.prepare("SELECT id FROM link_prefixes WHERE prefix = ?");
  find.bind(1, prefix);
  if (find.step()) return find.int64(0);
  c.prepare("INSERT INTO link_prefixes (prefix) VALUES (?)").bind(1, prefix).run();
  return c.last_insert_rowid();
}

// The row of a channel's author (migration 15), made on their first comment. Inside the caller's
// write transaction, which is what keeps it one row per author: there is no unique index (its
// bytes would be the author's id again), so the lookup before the insert is the guard.
std::int64_t author_row(Connection& c, std::string_view channel_id, std::string_view author_id) {
  const std::int64_t key = lookup_key(author_id);
  Statement find =
      c.prepare("SELECT id FROM authors WHERE author_key = ? AND channel_id = ? AND author_id = ?");
  find.bind_all(key, channel_id, author_id);
  if (find.step()) return find.int64(0);
  c.prepare("INSERT INTO authors (channel_id, author_id, author_key) VALUES (?, ?, ?)")
      .bind_all(channel_id, author_id, key)
      .run();
  return c.last_insert_rowid();
}

}  // namespace

std::string quick_check(Connection& connection) {
  std::string result;
  Statement s = connection.prepare("PRAGMA quick_check");
  while (s.step()) {
    if (!result.empty()) result += "; ";
    result += s.text(0);
  }
  return result;
}

Connection open_reader(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw StoreError("no database at " + file.string() +
                     " (has hallmonitord run with this state_dir?)");
  Connection c(file, Connection::Mode::reader);
  const int version = schema_version(c);
  if (version != latest_schema_version())
    throw StoreError("database " + file.string() + " has schema version " +
                     std::to_string(version) + "; this build needs " +
                     std::to_string(latest_schema_version()) +
                     " (start hallmonitord once to migrate it)");
  return c;
}

Store::Store(const fs::path& file, StoreOptions options)
    : conn_(file, Connection::Mode::writer), options_(options) {
  std::string check;
  try {
    check = quick_check(conn_);
  } catch (const CorruptDatabase& e) {
    throw CorruptDatabase("refusing to start: " + std::string(e.what()) +
                          ". Restore it from a backup or move it aside.");
  }
  if (check != "ok")
    throw CorruptDatabase("refusing to start: database " + file.string() +
                          " failed PRAGMA quick_check: " + check +
                          ". Restore it from a backup or move it aside.");
  {
    Statement mode = conn_.prepare("PRAGMA journal_mode=WAL");
    if (!mode.step() || mode.text(0) != "wal")
      throw StoreError("cannot put " + file.string() + " in WAL mode");
  }
  conn_.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!options_.run_checkpoints) conn_.disable_checkpoints();
  migrate(conn_);
}

Store::~Store() = default;

void Store::upsert_school(std::string_view id, std::string_view name) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO schools (id, name) VALUES (?, ?) "
          "ON CONFLICT (id) DO UPDATE SET name = excluded.name")
      .bind_all(id, name)
      .run();
  tx.commit();
}

void Store::upsert_channel(const ChannelInfo& c) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO channels (id, school_id, platform, account_id) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (id) DO UPDATE SET school_id = excluded.school_id, "
          "platform = excluded.platform, account_id = excluded.account_id")
      .bind_all(c.id, c.school_id, moderation::to_string(c.platform), c.account_id)
      .run();
  tx.commit();
}

const std::string& Store::audit_checkpoint_key() {
  if (audit_checkpoint_key_.empty())
    audit_checkpoint_key_ = load_or_create_checkpoint_key(conn_.file());
  return audit_checkpoint_key_;
}

std::optional<std::string> Store::cursor(std::string_view channel_id) {
  Statement s = conn_.prepare("SELECT cursor FROM poll_cursors WHERE channel_id = ?");
  s.bind(1, channel_id);
  if (s.step()) return s.text(0);
  return std::nullopt;
}

void Store::set_cursor(std::string_view channel_id, std::string_view cursor, Time now) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO poll_cursors (channel_id, cursor, updated_at) VALUES (?, ?, ?) "
          "ON CONFLICT (channel_id) DO UPDATE SET cursor = excluded.cursor, "
          "updated_at = excluded.updated_at")
      .bind_all(channel_id, cursor, seconds(now))
      .run();
  tx.commit();
}

std::vector<IngestResult> Store::ingest(std::span<const moderation::Comment> comments, Time now) {
  std::vector<IngestResult> results;
  results.reserve(comments.size());
  WriteTransaction tx(conn_);
  for (const auto& c : comments) {
    IngestResult r;
    std::optional<std::int64_t> edited;
    if (c.edited_at) edited = seconds(*c.edited_at);
    bool erased = false;
    const std::int64_t platform_key = lookup_key(c.platform_comment_id);
    {
      Statement find = conn_.prepare(
          "SELECT id, erased_at IS NOT NULL FROM comments "
          "WHERE platform_key = ? AND channel_id = ? AND platform_comment_id = ?");
      find.bind_all(platform_key, c.channel_id, c.platform_comment_id);
      if (find.step()) {
        r.comment_id = find.int64(0);
        erased = find.int64(1) != 0;
      }
    }
    if (r.comment_id == 0) {
      const SplitPermalink link = split_permalink(c.permalink);
      conn_
          .prepare(
              "INSERT INTO comment_rows (author_ref, platform_comment_id, parent_platform_id, "
              "author_name, link_prefix, permalink, created_at, first_seen_at, platform_key) "
              "VALUES (?, ?, NULLIF(?, ''), ?, ?, CASE ? WHEN 1 THEN X'' ELSE ? END, ?, ?, ?)")
          .bind_all(author_row(conn_, c.channel_id, c.author_id), c.platform_comment_id,
                    c.parent_platform_id, c.author_name, link_prefix_id(conn_, link.prefix),
                    int(link.rest == id_tail(c.platform_comment_id)), link.rest,
                    seconds(c.created_at), seconds(now), platform_key)
          .run();
      r.comment_id = conn_.last_insert_rowid();
    } else {
      Statement latest = conn_.prepare("SELECT id, version, text, " HM_SQL_HASH_HEX(
          "text_sha256") " FROM comment_versions "
                         "WHERE comment_id = ? "
                         "ORDER BY version DESC LIMIT 1");
      latest.bind(1, r.comment_id);
      if (latest.step()) {
        r.version_id = latest.int64(0);
        r.version = int(latest.int64(1));
        // An erased author's comment is not collected again: the request covers it.
        // Unchanged text is no new version; once purged, only the text's hash is left to
        // compare with.
        const bool same =
            latest.is_null(2) ? latest.text(3) == sha256_hex(c.text) : latest.text(2) == c.text;
        if (erased || same) {
          results.push_back(r);
          continue;
        }
      }
    }
    conn_
        .prepare(
            "INSERT INTO comment_versions (comment_id, version, text, edited_at, seen_at) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind_all(r.comment_id, r.version + 1, c.text, edited, seconds(now))
        .run();
    r.version_id = conn_.last_insert_rowid();
    // An edit to a comment whose text retention purged: it holds text again, so it is no
    // longer purged (store_retention.cpp looks only at unpurged comments).
    if (r.version > 0)
      conn_
          .prepare(
              "UPDATE comment_rows SET purged_at = NULL WHERE id = ? AND purged_at IS NOT NULL")
          .bind(1, r.comment_id)
          .run();
    r.version += 1;
    r.needs_classification = true;
    results.push_back(r);
  }
  tx.commit();
  return results;
}

std::int64_t Store::insert_action(std::int64_t comment_id, std::optional<std::int64_t> verdict_id,
                                  std::optional<std::int64_t> undoes,
                                  const moderation::ProposedAction& p, std::string_view actor,
                                  Time now, Time due_at) {
  // Due at the later of the caller's time (a decision's undo window) and the policy's own
  // delay ("delete after N days").
  const Time due = std::max(due_at, p.not_before.count() > 0 ? now + p.not_before : due_at);
  std::optional<std::string> text, instructions;
  if (!p.text.empty()) text = p.text;
  if (!p.instructions.empty()) instructions = p.instructions;
  conn_
      .prepare(
          "INSERT INTO actions (comment_id, verdict_id, undoes_action_id, kind, manual, state, "
          "text, instructions, reason, next_attempt_at, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(comment_id, verdict_id, undoes, moderation::to_string(p.kind), int(p.manual),
                moderation::to_string(p.initial_state), text, instructions, p.reason, seconds(due),
                seconds(now), seconds(now))
      .run();
  const std::int64_t id = conn_.last_insert_rowid();
  conn_
      .prepare(
          "INSERT INTO action_transitions (action_id, from_state, to_state, event, attempt, "
          "actor, reason, at) VALUES (?, NULL, ?, 'create', 0, ?, ?, ?)")
      .bind_all(id, moderation::to_string(p.initial_state), actor, p.reason, seconds(now))
      .run();
  nlohmann::json detail{{"comment", comment_id},
                        {"kind", moderation::to_string(p.kind)},
                        {"state", moderation::to_string(p.initial_state)},
                        {"manual", p.manual},
                        {"reason", p.reason}};
  if (undoes) detail["undoes_action"] = *undoes;
  if (due > now) detail["next_attempt_at"] = seconds(due);
  append_audit(conn_, {now, std::string(actor), "action.created", subject("action", id), detail});
  return id;
}

void Store::update_resolution(std::int64_t comment_id, Time now) {
  Statement open =
      conn_.prepare("SELECT COUNT(*) FROM actions WHERE comment_id = ? AND state NOT IN (" +
                    sql_terminal_states() + ")");
  open.bind(1, comment_id);
  open.step();
  if (open.int64(0) == 0)
    conn_
        .prepare(
            "UPDATE comment_rows SET resolved_at = ? WHERE id = ? AND flagged = 1 "
            "AND resolved_at IS NULL")
        .bind_all(seconds(now), comment_id)
        .run();
  else
    conn_.prepare("UPDATE comment_rows SET resolved_at = NULL WHERE id = ?")
        .bind(1, comment_id)
        .run();
}

VersionOwner Store::version_owner(std::int64_t version_id) {
  Statement s = conn_.prepare(
      "SELECT c.id, v.version, c.channel_id, c.author_id, ch.platform "
      "FROM comment_versions v JOIN comments c ON c.id = v.comment_id "
      "JOIN channels ch ON ch.id = c.channel_id WHERE v.id = ?");
  s.bind(1, version_id);
  if (!s.step()) throw StoreError("no comment version " + std::to_string(version_id));
  return {s.int64(0), int(s.int64(1)), s.text(2), s.text(3), stored_platform(s.text(4))};
}

moderation::AuthorStanding Store::author_standing(std::int64_t comment_id, Time strikes_since) {
  moderation::AuthorStanding standing;
  {
    Statement s = conn_.prepare("SELECT author_id FROM comments WHERE id = ?");
    s.bind(1, comment_id);
    standing.author_unknown = !s.step() || s.text(0).empty();
  }
  {
    Statement s = conn_.prepare(
        "SELECT COUNT(*) FROM strikes s JOIN comments c ON c.channel_id = s.channel_id "
        "AND c.author_id = s.author_id WHERE c.id = ? AND s.at >= ?");
    s.bind_all(comment_id, seconds(strikes_since));
    s.step();
    standing.strikes_in_window = int(s.int64(0));
  }
  {
    Statement s = conn_.prepare("SELECT 1 FROM strikes WHERE comment_id = ?");
    s.bind(1, comment_id);
    standing.comment_has_strike = s.step();
  }
  {
    // From the author's comments to their actions (comment_rows_by_author, actions_by_comment).
    // The unary + keeps SQLite off actions_by_kind_id, which it otherwise picked: a scan of
    // every block ever proposed, per flagged comment, so recording slowed as the store grew
    // (bench/store_bench: 33,000 verdicts/s at 20,000 comments, 9,000/s at 100,000).
    Statement s = conn_.prepare(
        "SELECT 1 FROM comment_rows me "
        "JOIN comment_rows c ON c.author_ref = me.author_ref "
        "JOIN actions a ON a.comment_id = c.id "
        "WHERE me.id = ? AND +a.kind = ? AND a.state NOT IN (" +
        sql_given_up_states() + ") LIMIT 1");
    s.bind_all(comment_id, moderation::to_string(ActionKind::block));
    standing.block_open = s.step();
  }
  return standing;
}

std::set<ActionKind> Store::live_action_kinds(std::int64_t comment_id) {
  std::set<ActionKind> kinds;
  Statement s = conn_.prepare(
      "SELECT DISTINCT a.kind FROM actions a WHERE a.comment_id = ? AND a.state NOT IN (" +
      sql_given_up_states() +
      ") AND NOT EXISTS (SELECT 1 FROM actions u WHERE u.undoes_action_id = a.id "
      "AND u.state = ?)");
  s.bind_all(comment_id, moderation::to_string(ActionState::done));
  while (s.step()) kinds.insert(stored_action_kind(s.text(0)));
  return kinds;
}

RecordedVerdict Store::record(std::int64_t version_id, const moderation::Verdict& verdict,
                              const moderation::ModerationPlan& plan, Time now) {
  WriteTransaction tx(conn_);
  RecordedVerdict out;
  // Most versions are clean: a mark on the version, not a verdict row (a third of the bytes a
  // comment took). The first recording wins, as for a verdict row.
  if (verdict.clean() && !plan.flagged) {
    conn_
        .prepare(
            "UPDATE comment_versions SET clean = 1 WHERE id = ? AND clean IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM verdicts WHERE version_id = ?)")
        .bind_all(version_id, version_id)
        .run();
    out.recorded = conn_.changes() != 0;
    if (!out.recorded) {
      Statement known = conn_.prepare("SELECT 1 FROM comment_versions WHERE id = ?");
      known.bind(1, version_id);
      if (!known.step()) throw StoreError("no comment version " + std::to_string(version_id));
    }
    tx.commit();
    return out;
  }
  const VersionOwner owner = version_owner(version_id);
  conn_
      .prepare(
          "INSERT OR IGNORE INTO verdicts (version_id, categories, matches, urgency, decided_at) "
          "VALUES (?, ?, ?, ?, ?)")
      .bind_all(version_id, categories_text(verdict.categories), matches_json(verdict).dump(),
                filters::to_string(verdict.urgency), seconds(now))
      .run();
  if (conn_.changes() == 0) return out;  // replayed after a crash or by a second caller
  out.verdict_id = conn_.last_insert_rowid();
  out.recorded = true;
  if (!plan.flagged) {
    tx.commit();
    return out;
  }
  const std::int64_t comment_id = owner.comment_id;
  conn_.prepare("UPDATE comment_rows SET flagged = 1 WHERE id = ?").bind(1, comment_id).run();
  // The comment's item: opened when first flagged; an edit flagged again that proposes
  // something new opens it again, since a person has something new to decide.
  conn_
      .prepare(
          "INSERT INTO reviews (comment_id, state, updated_at) VALUES (?, 'open', ?) "
          "ON CONFLICT (comment_id) DO UPDATE SET state = 'open', outcome = NULL, "
          "updated_at = excluded.updated_at WHERE ? AND state = 'closed'")
      .bind_all(comment_id, seconds(now), int(!plan.actions.empty()))
      .run();
  // The alert commits with the verdict or not at all (the outbox pattern).
  if (plan.queue_alert) out.alert_queued = queue_alert(comment_id, owner.channel_id, now);

  nlohmann::json rules = nlohmann::json::array();
  for (const auto& m : verdict.matches) rules.push_back(m.rule);
  append_audit(conn_, {now,
                       "policy",
                       "comment.flagged",
                       subject("comment", comment_id),
                       {{"version", owner.version},
                        {"verdict", out.verdict_id},
                        {"categories", categories_text(verdict.categories)},
                        {"rules", rules}}});
  if (plan.strike.add_strike) {
    conn_.prepare("INSERT INTO strikes (channel_id, author_id, comment_id, at) VALUES (?, ?, ?, ?)")
        .bind_all(owner.channel_id, owner.author_id, comment_id, seconds(now))
        .run();
    out.strike_added = true;
    append_audit(conn_, {now,
                         "policy",
                         "author.strike",
                         subject("comment", comment_id),
                         {{"strikes_in_window", plan.strike.strikes_in_window},
                          {"threshold", plan.strike_rule.threshold},
                          {"window_days", plan.strike_rule.window.count()}}});
  }
  for (const auto& proposed : plan.actions)
    out.action_ids.push_back(
        insert_action(comment_id, out.verdict_id, std::nullopt, proposed, "policy", now));
  update_resolution(comment_id, now);
  tx.commit();
  return out;
}

}  // namespace hm::store
